"""The article list: one option per result with title, source, date and hit count."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import events, work
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from briefing.safe import clean
from briefing.search import Hit
from briefing.tui.keys import bindings
from briefing.tui.textual_compat import option_at_line
from briefing.tui.widgets.list_order import Row, StoryMap, arrange, next_sort, ranked, sort_name
from briefing.tui.widgets.options import Options, Rows

#: Lines of title shown per row; the rest is cut with an ellipsis (CSS text-overflow).
TITLE_LINES = 2
SUGGESTION_ID = "\x00suggestion"
#: Rows built at a time (see ArticleList._load).
PAGE = 60


class ArticleList(Options):
    """OptionList renders only the rows on screen, so thousands of results stay cheap."""

    BINDINGS = bindings("list") + bindings("articles")

    @dataclass
    class Selected(Message):
        """The highlighted article changed (cursor moved or Enter)."""

        article_id: str
        opened: bool = False

    @dataclass
    class SuggestionChosen(Message):
        """Enter on the "did you mean" row."""

        query: str

    @dataclass
    class ReadToggled(Message):
        article_id: str
        read: bool

    @dataclass
    class SnippetsFilled(Message):
        """(hit shown, a copy with its snippet and hit count) for rows that came into view."""

        filled: list

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[Hit] = []
        self._loaded = 0
        self.read: set[str] = set()
        self.message: str = ""
        self.suggestion: str | None = None
        self._width = 0
        self.given: list[Hit] = []
        """The results as the search returned them; ``hits`` is what the rows show, in
        their order (sorted, copies folded, grouped by story)."""
        self.rows: dict[str, Row] = {}
        self.sort = "relevance"
        self.grouped = False
        self.stories = StoryMap()
        self.query = ""
        """The search the hits are for: rows the search left without a snippet get one
        for it when they come into view."""
        self._unfilled: set[str] = set()

    def show(self, hits: list[Hit], keep: str | None = None) -> None:
        self.workers.cancel_group(self, "snippets")
        self._unfilled = {h.id for h in hits if not h.snippet and not h.hits}
        self.given = hits
        self.message = ""
        self.suggestion = None
        self._arrange()
        self._render_options(keep)

    def _arrange(self) -> None:
        rows = arrange(self.given, self.sort, self.stories, self.grouped)
        self.rows = {r.hit.id: r for r in rows}
        self.hits = [r.hit for r in rows]
        self.border_subtitle = self.order_name()

    @property
    def ranked(self) -> bool:
        """Whether the results have a relevance order (a search) or are a listing."""
        return ranked(self.given)

    def order_name(self) -> str:
        name = sort_name(self.sort, self.ranked)
        return f"{name} · by story" if self.grouped else name

    def set_order(self, sort: str | None = None, grouped: bool | None = None,
                  stories: StoryMap | None = None) -> None:
        """Show the same results in another order, the cursor staying on its article."""
        keep = self.current_id()
        self.sort = sort if sort is not None else self.sort
        self.grouped = grouped if grouped is not None else self.grouped
        self.stories = stories if stories is not None else self.stories
        if self.message:
            return
        self._arrange()
        if self.hits:
            # Moving the cursor to where the article now is is not choosing another one.
            with self.prevent(OptionList.OptionHighlighted):
                self._render_options(keep)

    def first_id(self, hits: list[Hit]) -> str:
        """The article ``show(hits)`` puts first (read by the search worker too: plain data)."""
        return arrange(hits, self.sort, self.stories, self.grouped)[0].hit.id

    def action_sort(self) -> None:
        self.set_order(sort=next_sort(self.sort, self.ranked))

    def action_group(self) -> None:
        self.set_order(grouped=not self.grouped)

    def show_message(self, text: str, suggestion: str | None = None) -> None:
        """An empty or error state in place of the rows (text is untrusted: no markup)."""
        self.hits, self.given, self.rows = [], [], {}
        self.message = text
        self.suggestion = suggestion
        self._render_options(None)

    def _render_options(self, keep: str | None) -> None:
        self._width = self._text_width()
        self._loaded = 0
        if self.message:
            # Rows are cut at one line (CSS), so the message is wrapped here instead.
            wrapped = Content("\n").join(Content(self.message).wrap(self._width))
            items = [Option(wrapped.stylize("$text-muted"), disabled=True)]
            if self.suggestion:
                items.append(Option(Content.assemble(Content("Did you mean: "), Content(self.suggestion)
                                                     .stylize("bold $accent"), Content("  (Enter)")),
                                    id=SUGGESTION_ID))
            self.set_options(items)
            self.highlighted = 1 if self.suggestion else None
            return
        if not self.hits:
            self.clear_options()
            return
        target = next((i for i, h in enumerate(self.hits) if h.id == keep), 0)
        upto = min(max(PAGE, target + PAGE // 2), len(self.hits))
        # In one step rather than clear_options then add_options: the list emptied
        # for a moment changes its scrollable size twice, and each change costs the
        # screen another layout.
        self.set_options(self._rows(0, upto))
        self._loaded = upto
        self.highlighted = target

    def _load(self, upto: int) -> None:
        """Build rows up to ``upto``: a search lists up to hundreds of results, and
        building every row's wrapped title was most of a keypress. The rest are built
        as the cursor nears the end of what is loaded."""
        upto = min(upto, len(self.hits))
        if upto <= self._loaded:
            return
        self.add_options(self._rows(self._loaded, upto))
        self._loaded = upto

    def _rows(self, start: int, end: int) -> list[Option | None]:
        items: list[Option | None] = []
        for h in self.hits[start:end]:
            if start or items:
                items.append(None)  # a rule between rows, so two-line titles never run together
            items.append(Option(self._prompt(h), id=h.id))
        return items

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and highlighted >= self._loaded - PAGE // 4:
            self._load(self._loaded + PAGE)
        if highlighted is not None:
            self._fill_near(highlighted)

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", lambda: self._fill_near(None), init=False)

    def rows_in_view(self) -> int:
        """Rows a screenful shows (three lines or more each) and a few to spare: the
        search makes these rows' snippets, the others get theirs as they come into view."""
        return max(10, self.size.height // 2)

    def _fill_near(self, index: int | None) -> None:
        """Snippets for the rows around ``index`` (around the scroll position when None)
        that the search left without one: a search makes only the first screenfuls'."""
        if not self._unfilled or not self.hits:
            return
        if index is None:
            # The row in the middle of the screen (only the rows built so far scroll).
            index = option_at_line(self, int(self.scroll_y + self.size.height / 2)) or 0
        reach = max(4, self.size.height // 3)
        todo = [h for h in self.hits[max(0, index - reach): index + reach] if h.id in self._unfilled]
        if todo:
            self._unfilled.difference_update(h.id for h in todo)
            self._fill(todo, self.query)

    @work(thread=True, exit_on_error=False, group="snippets")
    def _fill(self, hits: list[Hit], query: str) -> None:
        library, filled = self.app.library, []
        for hit in hits:
            if get_current_worker().is_cancelled:
                return
            filled.append((hit, library.fill(replace(hit), query)))
        self.post_message(self.SnippetsFilled(filled))

    def on_article_list_snippets_filled(self, msg: SnippetsFilled) -> None:
        msg.stop()
        where = {h.id: i for i, h in enumerate(self.hits[: self._loaded])}
        for hit, done in msg.filled:
            row = self.rows.get(hit.id)
            if row is None or row.hit is not hit:
                continue  # results replaced meanwhile
            hit.snippet, hit.snippet_spans, hit.hits = done.snippet, done.snippet_spans, done.hits
            if hit.id in where:
                self.replace_option_prompt_at_index(where[hit.id], self._prompt(hit))

    def action_last(self) -> None:
        self._load(len(self.hits))
        super().action_last()

    def _text_width(self) -> int:
        # As if the scrollbar always showed: it comes and goes with the rows' height, and
        # no resize is sent then, so rows wrapped without it were cut once it appeared.
        region = self.scrollable_content_region.width + self.scrollbar_size_vertical
        return max(12, region - self.styles.scrollbar_size_vertical - 2)

    def _prompt(self, hit: Hit) -> Content:
        read = hit.id in self.read
        # Unread rows start with a dot, read ones with a space, so titles stay aligned.
        mark = Content("  ") if read else Content("● ").stylize("bold $accent")
        lines = Content(clean(hit.title or hit.id)).wrap(max(8, (self._width or 40) - 2))
        if len(lines) > TITLE_LINES:
            lines = lines[: TITLE_LINES - 1] + [Content(" ").join(lines[TITLE_LINES - 1:])]
        title = Content("\n  ").join(lines).stylize("$text-muted" if read else "bold")
        parts = [mark, title]
        row = self.rows.get(hit.id)
        if row is not None and row.header:
            parts[:0] = [Content(clean(f"▍{row.header}")).stylize("bold $accent"), "\n"]
        # Date first: a narrow list cuts the end of the line, and a long outlet name
        # would take the date with it.
        meta = [x for x in (hit.published.isoformat() if hit.published else "", hit.source) if x]
        if row is not None and row.copies:
            n = len(row.copies)
            outlets = f" ({', '.join(row.copy_sources)})" if row.copy_sources else ""
            meta.append(f"+{n} cop{'ies' if n != 1 else 'y'}{outlets}")
        if hit.hits:
            meta.append(f"{hit.hits} hit{'s' if hit.hits != 1 else ''}")
        if meta:
            parts += ["\n  ", Content(clean(" · ".join(meta))).stylize("$text-muted")]
        if hit.snippet:
            parts += ["\n  ", Content(clean(" ".join(hit.snippet.split()))).stylize("italic $text-muted")]
        return Rows.assemble(*parts)

    def on_resize(self, _: events.Resize) -> None:
        if self.hits and self._text_width() != self._width:
            self._render_options(self.current_id())

    def set_read(self, article_id: str, read: bool = True) -> None:
        if (article_id in self.read) == read:
            return
        if read:
            self.read.add(article_id)
        else:
            self.read.discard(article_id)
        for i, h in enumerate(self.hits[: self._loaded]):
            if h.id == article_id:
                self.replace_option_prompt_at_index(i, self._prompt(h))
                break

    def action_toggle_read(self) -> None:
        current = self.current_id()
        if current:
            read = current not in self.read
            self.set_read(current, read)
            self.post_message(self.ReadToggled(current, read))

    def highlight_id(self, article_id: str) -> None:
        """Move the cursor without announcing it: the caller is already opening it."""
        for i, h in enumerate(self.hits):
            if h.id == article_id:
                self._load(i + PAGE // 2)
                with self.prevent(OptionList.OptionHighlighted):
                    self.highlighted = i
                return

    def current_id(self) -> str | None:
        if self.highlighted is None or not self.hits:
            return None
        return self.hits[self.highlighted].id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id and event.option.id != SUGGESTION_ID:
            self.post_message(self.Selected(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == SUGGESTION_ID and self.suggestion:
            self.post_message(self.SuggestionChosen(self.suggestion))
        elif event.option.id:
            self.post_message(self.Selected(event.option.id, opened=True))
