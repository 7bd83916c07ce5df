"""The Stories pane: every story with its article count, sources and dates, Enter scopes
the screen to one; below it, the source facet of the list on screen."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from briefing.safe import clean
from briefing.scope import Scope
from briefing.tui.keys import bindings
from briefing.tui.widgets.list_order import StoryMap
from briefing.tui.widgets.options import Options, Rows
from briefing.tui.widgets.source_facet import SourceFacet

ALL = "story:"


class StoryOptions(Options):
    BINDINGS = bindings("list")


def dates(story) -> str:
    first, last = story.first, story.last
    if not first:
        return "undated"
    return first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


class StoriesPane(Vertical):
    """The stories found at the last sync, largest first. The screen's Scope owns the
    story on screen and tells this pane (follow); a choice here goes to the screen."""

    @dataclass
    class Chosen(Message):
        story: str | None

    @dataclass
    class Loaded(Message):
        """The stories were read: the article list folds copies and groups with them."""

        map: StoryMap

    @dataclass
    class Read(Message, bubble=False):
        stories: list

    def __init__(self, library=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.stories: list = []
        self.selected: str | None = None
        self.scope = Scope()

    def compose(self) -> ComposeResult:
        self.scope_line = Static(id="stories-scope")
        self.options = StoryOptions(id="story-options")
        self.facet_title = Static("Sources", id="source-title")
        self.facet = SourceFacet(self.library, id="source-options")
        yield self.scope_line
        yield self.options
        yield self.facet_title
        yield self.facet

    def on_mount(self) -> None:
        self.border_title = "Stories"
        self.show_scope()
        self.reload()

    # ------------------------------------------------------------- loading

    def reload(self) -> None:
        """Read the stories again (after a sync); cheap: one small summary file."""
        if self.library is not None:
            self.read_stories()
        if self.display:
            self.facet.load(self.scope)

    @work(thread=True, exclusive=True, exit_on_error=False, group="stories")
    def read_stories(self) -> None:
        stories = list(self.library.stories()) if self.library.article_count() else []
        if not get_current_worker().is_cancelled:
            self.post_message(self.Read(stories))

    def on_stories_pane_read(self, msg: Read) -> None:
        self.show(msg.stories)
        self.post_message(self.Loaded(StoryMap.of(msg.stories)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(" ".join(str(error).split()) or type(error).__name__, title="Stories",
                        severity="error", markup=False, timeout=8)

    # ------------------------------------------------------------- showing

    def show(self, stories: list) -> None:
        self.stories = stories
        keep = self.highlighted_id()
        total = sum(s.size for s in stories)
        items: list[Option | None] = [Option(Rows.assemble(
            Content("●" if self.selected is None else " ").stylize("bold $accent"),
            Content(f" All {len(stories)} stor{'ies' if len(stories) != 1 else 'y'}").stylize("bold"),
            Content(f"\n   {total} article{'s' if total != 1 else ''}").stylize("$text-muted")), id=ALL)]
        width = max((len(str(s.size)) for s in stories), default=1)
        for s in stories:
            items.append(None)
            items.append(Option(self.prompt(s, width), id=ALL + s.id))
        if not stories:
            items.append(Option(Content("No stories yet: they are found as the corpus is indexed.")
                                .stylize("$text-muted"), disabled=True))
        self.options.set_options(items)
        self.highlight(keep or (ALL + self.selected if self.selected else ALL))
        self.show_scope()

    def prompt(self, story, width: int) -> Content:
        mark = "●" if story.id == self.selected else " "
        sources = story.sources
        pad = " " * (width + 3)
        # The label is the story's name: two lines of it rather than one cut short.
        room = max(8, self.options.scrollable_content_region.width - 2 - len(pad))
        lines = Content(clean(story.label) or story.id).wrap(room)
        if len(lines) > 2:
            lines = [lines[0], Content(" ").join(lines[1:])]
        label = Content("\n" + pad).join(lines).stylize("bold")
        return Rows.assemble(Content(mark).stylize("bold $accent"),
                             Content(f" {story.size:>{width}} ").stylize("$text-muted"),
                             label,
                             Content(f"\n{pad}{dates(story)}").stylize("$text-muted"),
                             Content(f"\n{pad}{clean(', '.join(sources)) or '(no source given)'}")
                             .stylize("$text-muted"))

    def on_resize(self, _) -> None:
        if self.stories:
            self.show(self.stories)

    def show_scope(self) -> None:
        story = self.story(self.selected)
        if self.selected is None:
            text = Content("Enter: one story's articles").stylize("$text-muted")
        else:
            label = story.label if story else self.selected
            text = Content.assemble(Content("Esc: every story · ").stylize("$text-muted"),
                                    Content(clean(label)).stylize("bold $accent"))
        self.scope_line.update(text)

    def story(self, story_id: str | None):
        return next((s for s in self.stories if s.id == story_id), None)

    def highlighted_id(self) -> str | None:
        options = self.options
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def highlight(self, option_id: str) -> None:
        try:
            self.options.highlighted = self.options.get_option_index(option_id)
        except Exception:
            self.options.highlighted = 0 if self.options.option_count else None

    # ------------------------------------------------------------- choosing

    def follow(self, scope: Scope) -> None:
        """The screen's scope changed: mark its story, count its sources."""
        self.scope = scope
        if scope.story != self.selected:
            self.selected = scope.story
            self.show(self.stories)
        if self.display:
            self.facet.load(scope)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self.options:
            return
        event.stop()
        chosen = (event.option.id or ALL)[len(ALL):] or None
        self.selected = chosen
        self.show(self.stories)
        self.post_message(self.Chosen(chosen))

    def clear_selection(self) -> bool:
        if self.scope.story is None:
            return False
        self.selected = None
        self.show(self.stories)
        self.post_message(self.Chosen(None))
        return True

    def focus(self, scroll_visible: bool = True):
        if self.options.highlighted is None and self.options.option_count:
            self.options.highlighted = 0
        self.options.focus(scroll_visible)
        return self
