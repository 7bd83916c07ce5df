"""What searching and syncing hand back: hits, results, and the report of a sync."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from briefing.search.highlight import Span

if TYPE_CHECKING:
    from briefing.corpus import Skipped
    from briefing.search.ingest import SummarySpool


@dataclass
class Hit:
    """One article in a list of results."""

    id: str
    title: str
    score: float
    """The engine's relevance (0 in listings that are not ranked)."""
    source: str = ""
    published: dt.date | None = None
    path: str = ""
    snippet: str = ""
    """One line of the body around the densest hits ("" until filled)."""
    snippet_spans: list[Span] = field(default_factory=list)
    """Where the query's words sit in ``snippet``."""
    hits: int = 0
    """How many times the query's words occur in the article."""

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "hits": self.hits,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "path": self.path,
        }


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    """Every match, not only the hits listed."""
    suggestion: str | None = None
    """A corrected query ("did you mean") when words were not found."""
    timed_out: bool = False
    """The list is incomplete: the search ran out of time, or a wildcard matched too many words."""
    notice: str = ""
    """Something the user should hear about, such as a damaged index rebuilt to answer."""


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)
    """Files indexed with a fallback (legacy encoding, truncated, bad front matter)."""
    rebuilt_reason: str = ""
    notices: list[str] = field(default_factory=list)
    """What the user should know about how the sync ran (worker processes that failed)."""
    seconds: float = 0.0
    summaries: SummarySpool | None = field(default=None, repr=False, compare=False)
    """Entity summaries made by the sync's workers, by article id (when asked for)."""

    @property
    def changed(self) -> list[str]:
        return self.added + self.updated

    @property
    def nothing_changed(self) -> bool:
        return not (self.added or self.updated or self.removed)

    def summary(self) -> str:
        if self.nothing_changed:
            head = f"Up to date: {self.unchanged} articles, nothing changed"
        else:
            head = (f"Indexed {len(self.added)} new, {len(self.updated)} updated, "
                    f"{len(self.removed)} removed, {self.unchanged} unchanged")
        if self.warnings:
            head += f"; {len(self.warnings)} with warnings"
        if self.skipped:
            head += f"; skipped {len(self.skipped)}"
        head += f" ({self.seconds:.2f} s)"
        return "; ".join([head, *self.notices])


#: progress(done, total, message)
Progress = Callable[[int, int, str], None]
