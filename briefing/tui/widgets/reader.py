"""The reading view: the article with search hits and entity mentions as styled spans."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from briefing.corpus import Article
from briefing.tui.keys import bindings

Span = tuple[int, int]

#: Theme variables (see themes/*.yaml) so every theme can colour them.
HIT_STYLE = "bold $hit-foreground on $hit-background"
CURRENT_HIT_STYLE = "bold reverse $hit-background"
ENTITY_STYLES = {
    "PERSON": "$entity-person",
    "ORG": "$entity-org",
    "PLACE": "$entity-place",
}
SELECTED_ENTITY = "underline"


def _relative_file(art: Article) -> str:
    """The file as the corpus knows it (id plus extension): short, and the same on
    every machine, unlike an absolute path."""
    suffix = PurePath(art.path).suffix if art.path else ""
    return art.id + suffix


class Reader(VerticalScroll, can_focus=True):
    BINDINGS = bindings("reader")

    @dataclass
    class HitMoved(Message):
        index: int
        total: int

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.hits: list[Span] = []
        self.entity_spans: list = []
        self.selected_entity: str | None = None
        self.current = -1

    def compose(self):
        yield Static(Content("Select an article to read it."), id="reader-text")

    def show(self, article: Article | None, hits: list[Span], entity_spans: list | None = None,
             selected_entity: str | None = None, keep_position: bool = False) -> None:
        self.article = article
        self.hits = hits
        self.entity_spans = entity_spans or []
        self.selected_entity = selected_entity
        self.current = -1
        self._refresh_text()
        if not keep_position:
            self.scroll_home(animate=False)

    def _refresh_text(self) -> None:
        static = self.query_one("#reader-text", Static)
        if self.article is None:
            static.update(Content("No article selected."))
            return
        static.update(self.build_content())

    def build_content(self) -> Content:
        art = self.article
        assert art is not None
        text = Content(art.text)
        text = text.stylize("bold", 0, len(art.title))
        for span in self.entity_spans:
            style = ENTITY_STYLES.get(span.type, "$accent")
            if self.selected_entity and span.name == self.selected_entity:
                style = f"{style} {SELECTED_ENTITY} bold"
            text = text.stylize(style, span.start, span.end)
        for i, (a, b) in enumerate(self.hits):
            text = text.stylize(CURRENT_HIT_STYLE if i == self.current else HIT_STYLE, a, b)
        meta = " · ".join(x for x in (art.source, art.author, art.published.isoformat() if art.published else "",
                                      art.url or _relative_file(art)) if x)
        return Content.assemble(Content(meta).stylize("$text-muted"), "\n\n", text) if meta else text

    def header_lines(self) -> int:
        art = self.article
        if art is None:
            return 0
        meta = any((art.source, art.author, art.published, art.url, art.path))
        return 2 if meta else 0

    def jump(self, step: int) -> None:
        if not self.hits:
            self.app.bell()
            return
        self.current = (self.current + step) % len(self.hits)
        self._refresh_text()
        self.scroll_to_offset(self.hits[self.current][0])
        self.post_message(self.HitMoved(self.current, len(self.hits)))

    def action_next_hit(self) -> None:
        self.jump(1)

    def action_prev_hit(self) -> None:
        self.jump(-1)

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so the character at ``offset`` of the article text is in view."""
        if self.article is None:
            return
        line = self.line_of(offset)
        self.scroll_to(y=max(0, line - self.size.height // 3), animate=False)

    def line_of(self, offset: int) -> int:
        """The screen line of a character offset, from wrapping each paragraph at the
        reader's width (what Static does when it renders)."""
        assert self.article is not None
        width = max(10, self.scrollable_content_region.width)
        meta_lines = 0
        if self.header_lines():
            meta = self.build_content().plain.split("\n\n", 1)[0]
            meta_lines = len(Content(meta).wrap(width)) + 1
        line = meta_lines
        pos = 0
        for para in self.article.text.split("\n"):
            end = pos + len(para)
            if offset <= end:
                wrapped = Content(para).wrap(width) if para else [Content("")]
                seen = 0
                for i, row in enumerate(wrapped):
                    seen += len(row.plain)
                    # Wrapping drops the space at each break; count it back.
                    if offset - pos < seen + i:
                        return line + i
                return line + len(wrapped) - 1
            line += len(Content(para).wrap(width)) if para else 1
            pos = end + 1
        return line
