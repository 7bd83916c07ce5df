"""The article list's order: by relevance or date, copies folded, optionally grouped by story.

Kept apart from the widget so the order is plain data a test can check without an app.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefing.search import Hit

#: The sort key cycles through these; "relevance" is the engine's own order (newest
#: first when there is no query to rank by).
SORTS = ("relevance", "newest", "oldest")


@dataclass
class StoryMap:
    """What the list needs of the stories: which story each article is in, and the
    copies folded into each article."""

    story_of: dict[str, str] = field(default_factory=dict)
    """Article id (copies too) -> story id."""
    labels: dict[str, str] = field(default_factory=dict)
    copy_of: dict[str, str] = field(default_factory=dict)
    """A copy's id -> the article it copies."""
    copies: dict[str, list[str]] = field(default_factory=dict)
    copy_sources: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, stories: list) -> "StoryMap":
        out = cls()
        for story in stories:
            out.labels[story.id] = story.label
            for art in story.articles:
                out.story_of[art.id] = story.id
                if art.copies:
                    out.copies[art.id] = list(art.copies)
                    out.copy_sources[art.id] = list(art.copy_sources)
                for copy in art.copies:
                    out.story_of[copy] = story.id
                    out.copy_of[copy] = art.id
        return out


@dataclass
class Row:
    hit: Hit
    copies: list[str] = field(default_factory=list)
    """Copies of this article in the list, folded into its row."""
    copy_sources: list[str] = field(default_factory=list)
    header: str = ""
    """The story this row opens, in a list grouped by story ("" for no header)."""


def ranked(hits: list[Hit]) -> bool:
    """Whether the engine's order says anything: a listing (the corpus, a story, an
    entity) scores every article alike, or not at all."""
    return len({h.score for h in hits}) > 1


def next_sort(sort: str, ranked: bool) -> str:
    """The sort after ``sort``; without a query the engine's order is already newest
    first, so the cycle is newest <-> oldest."""
    order = SORTS if ranked else ("relevance", "oldest")
    i = order.index(sort) if sort in order else 0
    return order[(i + 1) % len(order)]


def sort_name(sort: str, ranked: bool) -> str:
    if sort == "relevance":
        return "best match" if ranked else "newest"
    return sort


def arrange(hits: list[Hit], sort: str = "relevance", stories: StoryMap | None = None,
            grouped: bool = False) -> list[Row]:
    """The rows in the order shown: copies folded into the first of them in the list,
    then sorted, then (grouped) each story's rows together, the stories in the order
    their first row comes."""
    stories = stories or StoryMap()
    rows: list[Row] = []
    family: dict[str, Row] = {}
    for h in hits:
        head = stories.copy_of.get(h.id, h.id)
        row = family.get(head)
        if row is not None:
            row.copies.append(h.id)
            if h.source and h.source not in row.copy_sources and h.source != row.hit.source:
                row.copy_sources.append(h.source)
            continue
        row = Row(h)
        family[head] = row
        rows.append(row)
    if sort == "relevance" and not ranked(hits):
        # A listing (a story, an entity, the corpus) has no relevance to keep.
        sort = "newest"
    if sort in ("newest", "oldest"):
        rows = _by_date(rows, newest=sort == "newest")
    if grouped:
        rows = _grouped(rows, stories)
    return rows


def _by_date(rows: list[Row], newest: bool) -> list[Row]:
    dated = [r for r in rows if r.hit.published]
    # Stable: rows of one day keep the engine's order; undated rows go last either way.
    dated.sort(key=lambda r: r.hit.published or dt.date.min, reverse=newest)
    return dated + [r for r in rows if not r.hit.published]


def _grouped(rows: list[Row], stories: StoryMap) -> list[Row]:
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(stories.story_of.get(r.hit.id, ""), []).append(r)
    out: list[Row] = []
    for sid, members in groups.items():
        # Articles the stories have not placed yet (a sync is running) go last.
        if not sid:
            continue
        label = stories.labels.get(sid) or sid
        members[0].header = f"{label} ({sum(1 + len(r.copies) for r in members)})"
        out += members
    if "" in groups:
        groups[""][0].header = "Not in a story yet"
        out += groups[""]
    return out


def landing(hits: list[Hit], keep: str | None, articles) -> str:
    """The result ArticleList.show puts the cursor on: ``keep`` when it is listed, else
    the top row in the list's order (``articles`` is the ArticleList; read by the search
    worker too, which only reads its order settings)."""
    return next((h.id for h in hits if h.id == keep), None) or articles.first_id(hits)
