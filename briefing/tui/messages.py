"""The messages workers post with what they loaded; each result carries the Scope it is for.

Results go to the node whose worker read them and stop there; what the index watcher
learns, and an article loaded, bubble on to the screen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from briefing.corpus import Article
from briefing.scope import Scope
from briefing.search import Results, SyncReport


@dataclass
class IndexReady(Message):
    """The index is open: searching works, even while it is being updated."""


@dataclass
class SyncProgress(Message):
    done: int
    total: int
    message: str

    def can_replace(self, message: Message) -> bool:
        # A build reports every file; only the latest count is worth drawing.
        return isinstance(message, SyncProgress)


@dataclass
class SyncDone(Message):
    report: SyncReport


@dataclass
class SyncFailed(Message):
    message: str
    """The failure in one line, as the user reads it."""


@dataclass
class IndexChanged(Message):
    """Another process synced the index: what the app shows is out of date."""


@dataclass
class SearchDone(Message, bubble=False):
    scope: Scope
    results: Results
    entities: list
    articles: int
    preview: ArticleLoaded | None = None
    """The article the list will land on, read by the search worker so the reader is
    filled in the same update as the list instead of a frame or two later."""
    has_files: bool = True
    """With no articles indexed: whether the corpus folders hold any article file."""


@dataclass
class ArticleLoaded(Message):
    """Handled by the reader (it shows the article), then by the screen (marks it read)."""

    article: Article | None
    hits: list
    entity_spans: list
    opened: bool
    """Opened on purpose (Enter, a click, the palette), not just passed over: only that
    marks it read."""
    query: str = ""
    """The search the hits are for."""


@dataclass
class NoteReady(Message, bubble=False):
    scope: Scope
    markdown: str


@dataclass
class CooccurringReady(Message, bubble=False):
    name: str
    pairs: list


@dataclass
class Exported(Message, bubble=False):
    path: Path
