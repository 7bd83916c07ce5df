"""The article list: one option per result with title, source, date and hit count."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing.search import Hit
from briefing.tui.keys import bindings

TITLE_CHARS = 110


class ArticleList(OptionList):
    """OptionList renders only the rows on screen, so thousands of results stay cheap."""

    BINDINGS = bindings("list")

    @dataclass
    class Selected(Message):
        """The highlighted article changed (cursor moved or Enter)."""

        article_id: str
        opened: bool = False

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.hits: list[Hit] = []
        self.read: set[str] = set()

    def show(self, hits: list[Hit], keep: str | None = None) -> None:
        self.hits = hits
        self.clear_options()
        self.add_options([Option(self._prompt(h), id=h.id) for h in hits])
        if hits:
            index = next((i for i, h in enumerate(hits) if h.id == keep), 0)
            self.highlighted = index

    def _prompt(self, hit: Hit) -> Content:
        title = hit.title if len(hit.title) <= TITLE_CHARS else hit.title[: TITLE_CHARS - 1].rstrip() + "…"
        unread = hit.id not in self.read
        line = Content(title).stylize("bold" if unread else "", 0)
        meta = [x for x in (hit.source, hit.published.isoformat() if hit.published else "") if x]
        if hit.hits:
            meta.append(f"{hit.hits} hit{'s' if hit.hits != 1 else ''}")
        if meta:
            line = Content.assemble(line, "\n", Content(" · ".join(meta)).stylize("$text-muted"))
        return line

    def mark_read(self, article_id: str) -> None:
        if article_id in self.read:
            return
        self.read.add(article_id)
        for i, h in enumerate(self.hits):
            if h.id == article_id:
                self.replace_option_prompt_at_index(i, self._prompt(h))
                break

    def current_id(self) -> str | None:
        if self.highlighted is None or not self.hits:
            return None
        return self.hits[self.highlighted].id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Selected(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.Selected(event.option.id, opened=True))
