"""The briefing-notes pane: the note for the current scope, rendered as Markdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from briefing.tui.keys import bindings


class NotesPane(VerticalScroll, can_focus=True):
    BINDINGS = bindings("reader")

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.markdown_text = ""
        self.scope_key: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Markdown("*Press `b` to build a briefing note for the current scope.*", id="notes-md")

    def show(self, text: str, scope_key: tuple) -> None:
        # The note's Markdown escapes article text, so nothing in an article can turn
        # into a link, a heading or a table cell here.
        self.markdown_text = text
        self.scope_key = scope_key
        self.query_one("#notes-md", Markdown).update(text)
        self.scroll_home(animate=False)

    def failed(self, message: str) -> None:
        self.scope_key = None
        self.query_one("#notes-md", Markdown).update(f"*The briefing note could not be built:* {_plain(message)}")

    def waiting(self, label: str) -> None:
        self.query_one("#notes-md", Markdown).update(f"*Building the briefing note for {_plain(label)}…*")


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch in " -_.,'\"") or "this scope"
