"""A briefing note for a scope: key points, key actors, timeline, quotes and sources."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from briefing.corpus import Article
from briefing.dates import find_dates
from briefing.quotes import Quotation, find_quotes
from briefing.sentences import Sentence, split_sentences, words
from briefing.summarise import DEFAULT_METHOD, candidate, rank_sentences, terms

SCOPE_KINDS = ("query", "entity", "corpus")
_SINCE = re.compile(r"\b(?:since|ever since)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.I)
#: A scope bigger than this is summarised from its first (best-ranked) articles: the
#: ranking is quadratic in places and a note with a thousand sources helps no one.
MAX_ARTICLES = 200
MAX_ACTORS = 10
MAX_TIMELINE = 15
MAX_QUOTES = 8


@dataclass(frozen=True)
class Scope:
    """What a note is about: search results, an entity's articles, or everything."""

    kind: str
    label: str = ""
    terms: Sequence[str] = ()
    """Query words the key points lean towards; empty for no bias."""

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise ValueError(f"scope kind must be one of {', '.join(SCOPE_KINDS)}, not {self.kind!r}")
        object.__setattr__(self, "terms", tuple(self.terms))


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
    """Articles in the scope; ``len(sources)`` may be fewer (MAX_ARTICLES)."""


def build_note(
    articles: Sequence[Article],
    scope: Scope,
    table: Any = None,
    today: dt.date | None = None,
    *,
    method: str = DEFAULT_METHOD,
    max_articles: int = MAX_ARTICLES,
) -> Note:
    """The note for ``articles`` (in ranking order) seen through ``scope``.

    ``table`` is an entity table (``for_article``, ``spans``, ``find``) or None.
    The same input and ``today`` always give the same note.
    """
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)
    total = len(unique)
    used = list(unique.values())[:max_articles]
    number = {a.id: n for n, a in enumerate(used, 1)}
    sentences = {a.id: split_sentences(a) for a in used}
    generated = today or dt.date.today()
    return Note(
        title=_title(scope),
        scope_line=_scope_line(scope, total, len(used), generated),
        generated=generated,
        scope=scope,
        key_points=_key_points(used, sentences, scope, number, method),
        actors=_actors(used, table, number),
        timeline=_timeline(used, sentences, scope, number),
        quotes=_quotes(used, scope, table, number),
        sources=[
            Source(number[a.id], a.id, a.title, a.source, a.author, a.published, a.path, a.url)
            for a in used
        ],
        article_count=total,
    )


def _title(scope: Scope) -> str:
    return "Briefing: the whole corpus" if scope.kind == "corpus" or not scope.label else f"Briefing: {scope.label}"


def _scope_line(scope: Scope, total: int, used: int, generated: dt.date) -> str:
    what = {
        "query": f"Search results for “{scope.label}”",
        "entity": f"Articles mentioning {scope.label}",
        "corpus": "The whole corpus",
    }[scope.kind]
    count = f"{total} article" + ("" if total == 1 else "s")
    if used < total:
        count += f" (the first {used} used)"
    return f"{what} · {count} · generated {generated.isoformat()}"


def _evidence(number: dict[str, int], items: Iterable[Sentence | Quotation]) -> list[Evidence]:
    return [Evidence(number[s.article_id], s.article_id, s.start, s.end) for s in items]


def _key_points(used: list[Article], sentences: dict[str, list[Sentence]], scope: Scope,
                number: dict[str, int], method: str) -> list[KeyPoint]:
    flat = [s for a in used for s in sentences[a.id]]
    k = max(5, min(10, 3 + len(used)))
    ranked = rank_sentences(flat, scope.terms, k=k, method=method,
                            article_rank={a.id: i for i, a in enumerate(used)})
    out = []
    for r in ranked:
        evidence = _evidence(number, r.members)
        out.append(KeyPoint(r.members[0].text, [e.n for e in evidence], evidence))
    return out


def _actors(used: list[Article], table: Any, number: dict[str, int]) -> list[Actor]:
    if table is None:
        return []
    found: dict[str, dict[str, Any]] = {}
    for article in used:
        try:
            rows = table.for_article(article.id)
        except Exception:  # a table that cannot answer leaves the section empty, no more
            continue
        for entity, count in rows:
            row = found.setdefault(entity.name, {"type": entity.type, "mentions": 0, "cites": set()})
            row["mentions"] += int(count)
            row["cites"].add(number[article.id])
    ranked = sorted(found.items(), key=lambda kv: (-kv[1]["mentions"], -len(kv[1]["cites"]), kv[0]))
    return [Actor(name, row["type"], row["mentions"], sorted(row["cites"]))
            for name, row in ranked[:MAX_ACTORS]]


def _norm(text: str) -> str:
    """Comparison key for "the same sentence or quote" across sources."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _timeline(used: list[Article], sentences: dict[str, list[Sentence]], scope: Scope,
              number: dict[str, int]) -> list[TimelineEntry]:
    query = set(terms(" ".join(scope.terms)))
    merged: dict[str, TimelineEntry] = {}
    priority: dict[str, tuple] = {}
    for article in used:
        for s in sentences[article.id]:
            if not candidate(s):
                continue
            # "the first visit since 2017" dates a reference point, not the statement.
            dates = [d for d in find_dates(s.text, article.published) if not _SINCE.search(s.text, 0, d.start)]
            if not dates:
                continue
            d = dates[0]
            key = _norm(s.text)
            ev = Evidence(number[article.id], article.id, s.start, s.end)
            if key in merged:
                if ev.n not in merged[key].citations:
                    merged[key].citations.append(ev.n)
                    merged[key].evidence.append(ev)
                continue
            merged[key] = TimelineEntry(d.date, d.label, s.text, [ev.n], [ev], d.end_date,
                                        d.precision, d.relative)
            hits = len(query & set(terms(s.text)))
            priority[key] = (-hits, _PRECISION_RANK[d.precision], ev.n, s.start)
    # Too many dated sentences: keep those on the query, then the most precise.
    keep = sorted(merged, key=lambda k: priority[k])[:MAX_TIMELINE]
    entries = [merged[k] for k in keep]
    entries.sort(key=lambda e: (e.date, e.end or e.date, e.citations[0], e.evidence[0].start))
    return entries


def _quotes(used: list[Article], scope: Scope, table: Any, number: dict[str, int]) -> list[Quote]:
    query = set(terms(" ".join(scope.terms)))
    merged: dict[str, tuple[Quote, tuple]] = {}
    for article in used:
        for q in find_quotes(article, table):
            key = _norm(q.text)
            ev = Evidence(number[article.id], article.id, q.start, q.end)
            if key in merged:
                quote = merged[key][0]
                if ev.n not in quote.citations:
                    quote.citations.append(ev.n)
                    quote.evidence.append(ev)
                if quote.speaker is None and q.speaker:
                    quote.speaker = q.speaker
                continue
            n_words = len(words(q.text))
            # Attributed, on-topic, sentence-length quotes make the best reading.
            rank = (
                0 if q.speaker else 1,
                -len(query & set(terms(q.text))),
                abs(min(n_words, 60) - 25),
                ev.n,
                q.start,
            )
            merged[key] = (Quote(q.text, q.speaker, [ev.n], [ev]), rank)
    best = sorted(merged.values(), key=lambda qr: qr[1])[:MAX_QUOTES]
    best.sort(key=lambda qr: (qr[0].citations[0], qr[0].evidence[0].start))
    return [q for q, _ in best]
