"""The search box: `/` focuses it, Enter runs the query, up/down walk recent searches."""

from __future__ import annotations

from textual.widgets import Input

from briefing.tui.keys import bindings

PLACEHOLDER = "/ to search: words, \"phrases\", AND OR NOT, title:…, entity:\"…\", wild*, fuzzy~"


class SearchBar(Input):
    BINDINGS = bindings("search")

    def __init__(self, history: list[str] | None = None, **kwargs) -> None:
        super().__init__(placeholder=PLACEHOLDER, compact=True, **kwargs)
        self.history: list[str] = list(history or [])
        self._cursor: int | None = None

    def remember(self, query: str) -> None:
        query = query.strip()
        if not query:
            return
        if query in self.history:
            self.history.remove(query)
        self.history.append(query)
        del self.history[:-50]
        self._cursor = None

    def action_older(self) -> None:
        if not self.history:
            return
        self._cursor = len(self.history) - 1 if self._cursor is None else max(0, self._cursor - 1)
        self.value = self.history[self._cursor]
        self.cursor_position = len(self.value)

    def action_newer(self) -> None:
        if self._cursor is None:
            return
        self._cursor += 1
        if self._cursor >= len(self.history):
            self._cursor = None
            self.value = ""
        else:
            self.value = self.history[self._cursor]
        self.cursor_position = len(self.value)
