"""The reading view: the article with search hits and entity mentions as styled spans."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from textual import work
from textual.content import Content, Span as StyleSpan
from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

from briefing.corpus import Article
from briefing.library import Library
from briefing.safe import clean, clean_text
from briefing.tui.keys import bindings
from briefing.tui.messages import ArticleLoaded
from briefing.tui.textual_compat import SingleLayoutScroll
from briefing.tui.widgets.reader_text import ReaderText

Span = tuple[int, int]

#: Theme variables (see themes/*.yaml) so every theme can colour them.
HIT_STYLE = "bold $hit-foreground on $hit-background"
CURRENT_HIT_STYLE = "bold underline $hit-current-foreground on $hit-current-background"
ENTITY_STYLES = {
    "PERSON": "$entity-person",
    "ORG": "$entity-org",
    "PLACE": "$entity-place",
    "MISC": "$entity-misc",
}
SELECTED_ENTITY = "underline"


def _relative_file(art: Article) -> str:
    """The file as the corpus knows it (id plus extension): short, and the same on
    every machine, unlike an absolute path."""
    suffix = PurePath(art.path).suffix if art.path else ""
    return art.id + suffix


class Reader(SingleLayoutScroll, can_focus=True):
    BINDINGS = bindings("reader")

    @dataclass
    class HitMoved(Message):
        index: int
        total: int

    def __init__(self, library: Library | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.pending_jumps: list[int] = []
        """n or N pressed while an article was still loading: applied to that article."""
        self.article: Article | None = None
        self.hits: list[Span] = []
        self.entity_spans: list = []
        self.selected_entity: str | None = None
        self.current = -1
        self.placeholder = "Select an article to read it."
        #: (article, its text with control characters shown as symbols), made by the
        #: loading worker: cleaning a 4 MB article on every n/N was most of a keypress.
        self._cleaned: tuple[Article, str] | None = None

    def compose(self):
        self.text_view = ReaderText(Content(self.placeholder).stylize("$text-muted"), id="reader-text")
        yield self.text_view

    @work(thread=True, exclusive=True, exit_on_error=False, group="article")
    def load(self, article_id: str, query: str, opened: bool = False) -> None:
        loaded = read_article(self.library, article_id, query, opened)
        art = loaded.article
        if art is not None and not get_current_worker().is_cancelled:
            # The slow parts of showing a long article, here rather than on the UI
            # thread: its cleaned text and its rows at the reader's width.
            cleaned = clean_text(art.text)
            self._cleaned = (art, cleaned)
            self.text_view.prime(_meta_prefix(art) + cleaned, self.text_view.size.width or 80)
        if not get_current_worker().is_cancelled:
            self.post_message(loaded)

    def cancel_loading(self) -> None:
        """An article still loading would replace the one about to be shown."""
        self.workers.cancel_group(self, "article")

    @property
    def loading_article(self) -> bool:
        return any(w.node is self and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers)

    def on_article_loaded(self, msg: ArticleLoaded) -> None:
        # Not stopped: the screen hears it too, and marks an opened article read.
        self.show_loaded(msg)

    def show_loaded(self, msg: ArticleLoaded) -> None:
        """Show what a load read, with the entity the screen last set as selected."""
        if msg.article and self.article and msg.article.id == self.article.id and msg.hits == self.hits:
            # Enter on the article already previewed: keep the hit n/N is on and the scroll.
            self.restyle(msg.entity_spans, self.selected_entity)
        else:
            self.show(msg.article, msg.hits, msg.entity_spans, selected_entity=self.selected_entity)
        jumps, self.pending_jumps = self.pending_jumps, []
        for step in jumps:
            self.jump(step)

    def jump_soon(self, step: int) -> None:
        """n pressed right after Enter jumps in the article being opened, not the old one."""
        if self.loading_article:
            self.pending_jumps.append(step)
        else:
            self.jump(step)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(clean(" ".join(str(error).split())) or type(error).__name__, title="Something went wrong",
                        severity="error", markup=False, timeout=8)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def show_placeholder(self, text: str) -> None:
        self.placeholder = text
        self.show(None, [])

    def show(self, article: Article | None, hits: list[Span], entity_spans: list | None = None,
             selected_entity: str | None = None, keep_position: bool = False) -> None:
        self.article = article
        self.hits = hits
        self.entity_spans = entity_spans or []
        self.selected_entity = selected_entity
        self.current = -1
        self.border_subtitle = f"{len(hits)} hit{'s' if len(hits) != 1 else ''} · n/N" if hits else ""
        self._refresh_text()
        if not keep_position:
            self.scroll_home(animate=False)

    def restyle(self, entity_spans: list, selected_entity: str | None) -> None:
        self.entity_spans = entity_spans
        self.selected_entity = selected_entity
        self._refresh_text()

    def _refresh_text(self) -> None:
        static = self.text_view
        if self.article is None:
            static.update(Content(self.placeholder).stylize("$text-muted"))
            return
        static.update(self.build_content())

    def build_content(self) -> Content:
        """The meta line and the article, with the title, entity mentions and hits
        styled: spans given at once (restyling span by span copied the whole list
        each time, minutes for an article with thousands of hits)."""
        art = self.article
        assert art is not None
        if self._cleaned is None or self._cleaned[0] is not art:
            self._cleaned = (art, clean_text(art.text))
        # Length-preserving, so the hit and entity offsets still point at their words.
        cleaned = self._cleaned[1]
        prefix = _meta_prefix(art)
        at = len(prefix)
        spans = [StyleSpan(0, len(prefix) - 2, "$text-muted")] if prefix else []
        spans.append(StyleSpan(at, at + len(art.title), "bold"))
        for span in self.entity_spans:
            style = ENTITY_STYLES.get(span.type, "$accent")
            if self.selected_entity and span.name == self.selected_entity:
                style = f"{style} {SELECTED_ENTITY} bold"
            spans.append(StyleSpan(at + span.start, at + span.end, style))
        for i, (a, b) in enumerate(self.hits):
            spans.append(StyleSpan(at + a, at + b, CURRENT_HIT_STYLE if i == self.current else HIT_STYLE))
        return Content(prefix + cleaned, spans=spans)

    def _prefix_len(self) -> int:
        """Characters before the article text in the rendered content (the meta line)."""
        return len(_meta_prefix(self.article)) if self.article else 0

    def jump(self, step: int) -> None:
        if not self.hits:
            self.app.bell()
            return
        if self.current < 0:
            # The first press lands on the first hit, or with N on the last.
            self.current = 0 if step > 0 else len(self.hits) - 1
        else:
            self.current = (self.current + step) % len(self.hits)
        self._refresh_text()
        self.scroll_to_offset(self.hits[self.current][0])
        self.border_subtitle = f"hit {self.current + 1}/{len(self.hits)}"
        self.post_message(self.HitMoved(self.current, len(self.hits)))

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the character at ``offset`` of the article text is a third of the
        way down the view, where the eye lands after a jump."""
        if self.article is None:
            return
        line = self.line_of(offset)
        self.scroll_to(y=max(0, line - self.scrollable_content_region.height // 3), animate=False)

    def line_of(self, offset: int) -> int:
        """The rendered line of a character offset in the article text: the row the
        text view wrapped it into, so the answer is exact however the words break."""
        return self.text_view.row_of(self._prefix_len() + offset)


def _meta_prefix(art: Article) -> str:
    """The meta line and the blank line under it, as shown above the article's text."""
    meta = " · ".join(x for x in (art.source, art.author, art.published.isoformat() if art.published else "",
                                  art.url or _relative_file(art)) if x)
    return f"{clean(meta)}\n\n" if meta else ""


def read_article(library: Library, article_id: str, query: str, opened: bool = False) -> ArticleLoaded:
    """Off the UI thread: the article with its hit and entity spans."""
    article = library.article(article_id)
    hits = library.hit_spans(query, article) if article and query else []
    try:
        spans = library.entity_spans(article_id)
    except Exception:
        spans = []  # highlighting entities is a nicety; the article still reads
    return ArticleLoaded(article, hits, spans, opened, query)
