"""The entity sidebar: people, organisations and places with counts, grouped by type."""

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

from briefing.library import Library
from briefing.tui.keys import bindings
from briefing.tui.messages import CooccurringReady
from briefing.tui.widgets.options import Options, Rows

#: Rows per type: a large corpus has thousands of entities, and drawing them all made
#: every search slow to answer; the rest are a command-palette search away.
GROUP_ROWS = 50

GROUPS = (("PERSON", "People", "$entity-person"), ("ORG", "Organisations", "$entity-org"),
          ("PLACE", "Places", "$entity-place"),
          ("MISC", "Other names", "$entity-misc"))


@dataclass
class EntityRow:
    name: str
    type: str
    count: int
    """Mentions within the current scope (search results or the whole corpus)."""
    articles: int
    aliases: list[str]


class EntityOptions(Options):
    BINDINGS = bindings("list")


class EntitySidebar(Vertical):
    """Shows the entities of the current results (or the whole corpus, `a` toggles);
    Enter on one filters the article list to the articles that mention it."""

    BINDINGS = bindings("sidebar")

    @dataclass
    class Selected(Message):
        name: str | None

    @dataclass
    class ScopeToggled(Message):
        whole_corpus: bool

    def __init__(self, library: Library | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library = library
        """Where co-occurring entities are read; without one the detail leaves them out."""
        self.rows: list[EntityRow] = []
        self.whole_corpus = False
        self.selected: str | None = None
        """The entity filter on screen: the screen's Scope owns it and sets it here. A
        choice made here is shown at once, before the screen's scope follows (Selected),
        so keys pressed in one burst (Esc Esc, Enter Enter) see what they did."""
        self.cooccurring: dict[str, list[tuple[str, int]]] = {}

    def compose(self) -> ComposeResult:
        self.scope_line = Static(id="entity-scope")
        self.options = EntityOptions(id="entity-options")
        self.detail = Static(id="entity-detail")
        yield self.scope_line
        yield self.options
        yield self.detail

    def on_mount(self) -> None:
        self._show_scope()

    def _show_scope(self) -> None:
        label, other = ("Whole corpus", "results") if self.whole_corpus else ("These results", "all")
        key = self.app.get_key_display(self._scope_binding())
        self.scope_line.update(
            Content.assemble(Content(label).stylize("bold $accent"), Content(f" · {key}: {other}").stylize("$text-muted")))

    def _scope_binding(self):
        from textual.binding import Binding

        from briefing.tui.keys import keys_for

        return Binding(keys_for(getattr(self.app, "keymap", {}), "sidebar_scope")[0], "")

    def show(self, rows: list[EntityRow]) -> None:
        self.rows = rows
        options = self.options
        keep = self.highlighted_name()
        items: list[Option | None] = []
        # One width for every group, so the counts line up down the whole list.
        width = max((len(str(r.count)) for r in rows), default=1)
        for etype, label, colour in GROUPS:
            group = [r for r in rows if r.type == etype]
            if not group:
                continue
            items.append(Option(Content.assemble(Content(label).stylize(f"bold {colour}"),
                                                 Content(f" {len(group)}").stylize("$text-muted")), disabled=True))
            shown = group[:GROUP_ROWS]
            if self.selected and all(r.name != self.selected for r in shown):
                shown += [r for r in group if r.name == self.selected]
            for r in shown:
                # Counts first, right-aligned, so they line up whatever the name's length.
                mark = "●" if r.name == self.selected else " "
                items.append(Option(Rows.assemble(Content(f"{r.count:>{width}} ").stylize("$text-muted"),
                                                     Content(mark).stylize(f"bold {colour}"),
                                                     Content(r.name).stylize(colour)),
                                    id=f"entity:{r.name}"))
            if len(group) > len(shown):
                more = len(group) - len(shown)
                items.append(Option(Content(f"  … {more} more (ctrl+p finds any entity)").stylize("$text-muted"),
                                    disabled=True))
        if not items:
            items.append(Option(Content("No people, places or organisations found.").stylize("$text-muted"),
                                disabled=True))
        # One step, not clear_options then add_options: see ArticleList._render_options.
        options.set_options(items)
        if keep:
            self.highlight(keep)
        self._show_detail(keep or self.selected)

    def highlight(self, name: str) -> None:
        options = self.options
        try:
            options.highlighted = options.get_option_index(f"entity:{name}")
        except Exception:
            pass

    def highlighted_name(self) -> str | None:
        options = self.options
        if options.highlighted is None:
            return None
        opt = options.get_option_at_index(options.highlighted)
        return opt.id.split(":", 1)[1] if opt.id else None

    def row(self, name: str | None) -> EntityRow | None:
        return next((r for r in self.rows if r.name == name), None)

    def _show_detail(self, name: str | None) -> None:
        detail = self.detail
        r = self.row(name)
        if r is None:
            detail.update(Content("Enter: only the articles that mention it. Esc: all.").stylize("$text-muted"))
            return
        noun = {"PERSON": "person", "ORG": "organisation", "PLACE": "place", "MISC": "other name"}.get(r.type, r.type.lower())
        parts = [Content(r.name).stylize("bold"),
                 Content(f"\n{noun} · {r.count} mention{'s' if r.count != 1 else ''} · "
                         f"{r.articles} article{'s' if r.articles != 1 else ''}").stylize("$text-muted")]
        if r.aliases:
            parts += [Content("\nalso: ").stylize("$text-muted"), Content(", ".join(r.aliases[:8]))]
        pairs = self.cooccurring.get(r.name)
        if pairs is None:
            if self.library is not None:
                self.load_cooccurring(r.name)
        elif pairs:
            parts += [Content("\nwith: ").stylize("$text-muted"),
                      Content(", ".join(f"{n} ({c})" for n, c in pairs[:6]))]
        detail.update(Content.assemble(*parts))

    @work(thread=True, exclusive=True, exit_on_error=False, group="entity-detail")
    def load_cooccurring(self, name: str) -> None:
        """Read from the store, too slow to do for every row: only for the one shown."""
        pairs = [(e.name, n) for e, n in self.library.cooccurring(name)]
        if not get_current_worker().is_cancelled:
            self.post_message(CooccurringReady(name, pairs))

    def on_cooccurring_ready(self, msg: CooccurringReady) -> None:
        self.set_cooccurring(msg.name, msg.pairs)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(" ".join(str(error).split()) or type(error).__name__, title="Something went wrong",
                        severity="error", markup=False, timeout=8)

    def set_cooccurring(self, name: str, pairs: list[tuple[str, int]]) -> None:
        self.cooccurring[name] = pairs
        if self.highlighted_name() == name or (self.highlighted_name() is None and self.selected == name):
            self._show_detail(name)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self._show_detail(event.option.id.split(":", 1)[1])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not event.option.id:
            return
        name = event.option.id.split(":", 1)[1]
        self.selected = None if name == self.selected else name
        self.post_message(self.Selected(self.selected))

    def select(self, name: str) -> None:
        """Filter by ``name`` as if chosen here (the command palette's entity jump)."""
        self.selected = name
        self.highlight(name)
        self.post_message(self.Selected(name))

    def clear_selection(self) -> bool:
        if self.selected is None:
            return False
        self.selected = None
        self.post_message(self.Selected(None))
        return True

    def action_toggle_scope(self) -> None:
        self.whole_corpus = not self.whole_corpus
        self._show_scope()
        self.post_message(self.ScopeToggled(self.whole_corpus))

    def focus(self, scroll_visible: bool = True):
        options = self.options
        if options.highlighted is None:
            # `e` then Enter should filter by the top entity, not do nothing.
            options.action_first()
        options.focus(scroll_visible)
        return self
