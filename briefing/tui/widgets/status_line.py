"""The status line: corpus, article count, results, entity filter and the index's state."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from briefing.safe import clean
from briefing.scope import Scope


class StatusLine(Static):
    def __init__(self, corpus: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.corpus = corpus
        self.articles: int | None = None
        self.results: int | None = None
        self.scope = Scope()
        self.index_state = "opening index…"
        self.extra = ""
        self.feeds = ""
        """A feed fetch's progress or outcome; kept while searches replace `extra`."""

    def set(self, **fields) -> None:
        for name, value in fields.items():
            setattr(self, name, value)
        self.update(self.text())

    def text(self) -> Content:
        parts = [Content(clean(self.corpus)).stylize("bold")]
        if self.articles is not None:
            parts.append(Content(f"{self.articles} article{'s' if self.articles != 1 else ''}"))
        if self.results is not None and not self.scope.whole_corpus:
            parts.append(Content(f"{self.results} result{'s' if self.results != 1 else ''}").stylize("bold"))
        if self.scope.entity:
            parts.append(Content.assemble("entity: ", Content(clean(self.scope.entity)).stylize("bold")))
        state = Content(clean(self.index_state))
        if self.index_state == "up to date":
            state = state.stylize("$success")
        elif "error" in self.index_state:
            state = state.stylize("$error")
        else:
            state = state.stylize("$warning")
        parts.append(Content.assemble("index ", state))
        if self.feeds:
            parts.append(Content(clean(self.feeds)))
        if self.extra:
            parts.append(Content(clean(self.extra)))
        return Content(" · ").join(parts)
