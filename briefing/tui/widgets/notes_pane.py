"""The briefing-notes pane: the note for the current scope, rendered as Markdown."""

from __future__ import annotations

import datetime as dt
import re

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown
from textual.worker import Worker, WorkerState, get_current_worker

from briefing.library import Library
from briefing.safe import clean_text
from briefing.scope import Scope
from briefing.tui.keys import bindings
from briefing.tui.messages import NoteReady

SOURCES = "\n## Sources\n\n"


class NotesPane(VerticalScroll, can_focus=True):
    BINDINGS = bindings("reader")

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def __init__(self, library: Library | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.markdown_text = ""
        self.note_scope: Scope | None = None
        """The scope the note shown (or being built) is for; None: none yet, or stale."""

    def compose(self) -> ComposeResult:
        self.view = Markdown("*Press `b` to build a briefing note for the current scope.*", id="notes-md")
        yield self.view

    def build(self, scope: Scope, label: str, today: dt.date | None = None) -> None:
        """Build the note for ``scope`` unless it is the one shown or being built."""
        if self.note_scope == scope:
            return
        self.waiting(label)
        self.note_scope = scope
        self.make_note(scope, today)

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes")
    def make_note(self, scope: Scope, today: dt.date | None) -> None:
        markdown = self.library.note_markdown(scope, today=today)
        if not get_current_worker().is_cancelled:
            self.post_message(NoteReady(scope, markdown))

    def on_note_ready(self, msg: NoteReady) -> None:
        if msg.scope == self.note_scope:
            self.show(msg.markdown, msg.scope)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.failed(" ".join(str(error).split()) or type(error).__name__)

    def show(self, text: str, scope: Scope) -> None:
        # The note's Markdown escapes article text, so nothing in an article can turn
        # into a link, a heading or a table cell here.
        self.markdown_text = text
        self.note_scope = scope
        self.view.update(clean_text(_compact_sources(text)))
        self.scroll_home(animate=False)

    def failed(self, message: str) -> None:
        self.note_scope = None
        self.view.update(f"*The briefing note could not be built:* {_plain(message)}")

    def waiting(self, label: str) -> None:
        self.view.update(f"*Building the briefing note for {_plain(label)}…*")


def _compact_sources(text: str) -> str:
    """The note with its numbered sources as one paragraph of lines. Textual makes a
    widget of every list item: 500 sources took 4.6 s to show, on the UI thread; as
    lines of one paragraph they take 0.3 s and read the same."""
    head, found, sources = text.partition(SOURCES)
    if not found:
        return text
    lines = [re.sub(r"^(\d+)\. ", r"\1\\. ", line) for line in sources.strip("\n").split("\n")]
    return head + found + "\\\n".join(lines) + "\n"


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch in " -_.,'\"") or "this scope"
