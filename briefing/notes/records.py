"""The note's records: what each section holds, and where in which article its evidence sits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefing.scope import Scope


@dataclass(frozen=True)
class Evidence:
    """Where a cited text sits: ``article.text[start:end]`` of the article numbered ``n``."""

    n: int
    article_id: str
    start: int
    end: int


@dataclass
class KeyPoint:
    text: str
    """Verbatim from the first cited article; later citations said nearly the same."""
    citations: list[int]
    evidence: list[Evidence] = field(default_factory=list)
    reported_by: list[str] = field(default_factory=list)
    """The outlets that report it, wire copies counted once (sections.corroboration)."""


@dataclass
class Actor:
    name: str
    type: str
    mentions: int
    """Mentions inside this note's scope."""
    citations: list[int]


@dataclass
class TimelineEntry:
    date: dt.date
    """The first day the expression refers to; what the timeline is sorted by."""
    label: str
    """The date expression as the article writes it, e.g. "4 and 7 January"."""
    text: str
    citations: list[int]
    evidence: list[Evidence] = field(default_factory=list)
    end: dt.date | None = None
    precision: str = "day"
    relative: bool = False


@dataclass
class Quote:
    text: str
    speaker: str | None
    citations: list[int]
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Source:
    n: int
    article_id: str
    title: str
    source: str
    author: str
    published: dt.date | None
    path: str
    url: str


@dataclass
class Note:
    title: str
    scope_line: str
    generated: dt.date
    scope: Scope
    key_points: list[KeyPoint]
    actors: list[Actor]
    timeline: list[TimelineEntry]
    quotes: list[Quote]
    sources: list[Source]
    article_count: int
    """Articles in the scope; ``len(sources)`` is fewer when the scope was too big for
    one note (MAX_ARTICLES), and the scope line then says so."""
    outlets: int = 0
    """Distinct outlets among the note's articles: "only X" means something when there are several."""
    differences: list = field(default_factory=list)
    """The same fact given with different figures by different outlets (sections.differences)."""
