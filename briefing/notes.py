"""A briefing note for a scope: key points, key actors, timeline, quotes and sources."""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence, TypeVar

from briefing.corpus import Article
from briefing.dates import find_dates
from briefing.quotes import Quotation, find_quotes
from briefing.scope import Scope
from briefing.sentences import Sentence, split_sentences, words
from briefing.summarise import (DEFAULT_METHOD, DUPLICATE, Ranked, candidate, cosine, group_similar, rank_sentences,
                                terms)

_SINCE = re.compile(r"\b(?:since|ever since)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.I)
#: Most articles a note is built from; a bigger scope is represented by this many,
#: chosen by choose_articles, and the note's header says so. A note takes 2-3 ms an
#: article of 470 words: the whole-corpus note of 1,217 real wire articles (500 used,
#: choosing them included) took 1.35 s, 2.2 s on a busy machine; in the app, shown in
#: its pane, 2.3 s from the key press.
MAX_ARTICLES = 500
#: Words of an article's opening that, with its title, say which story it belongs to.
LEAD_WORDS = 60
SPREAD = "chosen to cover every story and source"
MAX_ACTORS = 10
MAX_TIMELINE = 15
MAX_QUOTES = 8


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
    """Articles in the scope; ``len(sources)`` is fewer when the scope was too big for
    one note (MAX_ARTICLES), and the scope line then says so."""


def build_note(
    articles: Sequence[Article],
    scope: Scope = Scope(),
    table: Any = None,
    today: dt.date | None = None,
    *,
    query_terms: Sequence[str] = (),
    total: int | None = None,
    method: str = DEFAULT_METHOD,
    max_articles: int = MAX_ARTICLES,
) -> Note:
    """The note for ``articles`` (in the scope's order) seen through ``scope``.

    Every article is used up to ``max_articles``; past that, choose_articles picks
    that many spread over the stories, sources and dates. ``total``: how many
    articles the scope has when the caller already chose ``articles`` from it.
    ``query_terms``: query words the key points lean towards. ``table`` is an entity table
    (``for_article``, ``spans``, ``find``) or None. The same input and ``today``
    always give the same note.
    """
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)
    used = list(unique.values())
    if len(used) > max_articles:
        used = choose_articles(used, max_articles, article_text)
    total = max(total or 0, len(unique))
    number = {a.id: n for n, a in enumerate(used, 1)}
    sentences = {a.id: split_sentences(a) for a in used}
    generated = today or dt.date.today()
    lean = tuple(query_terms)
    return Note(
        title=scope.title(),
        scope_line=_scope_line(scope, total, len(used), generated),
        generated=generated,
        scope=scope,
        key_points=_key_points(used, sentences, lean, number, method),
        actors=_actors(used, table, number),
        timeline=_timeline(used, sentences, lean, number),
        quotes=_quotes(used, lean, table, number),
        sources=[
            Source(number[a.id], a.id, a.title, a.source, a.author, a.published, a.path, a.url)
            for a in used
        ],
        article_count=total,
    )


def _scope_line(scope: Scope, total: int, used: int, generated: dt.date) -> str:
    if used < total:
        count = f"built from {used} of {total} articles, {SPREAD}"
    else:
        count = f"{total} article" + ("" if total == 1 else "s")
    return f"{scope.description()} · {count} · generated {generated.isoformat()}"


def article_text(article: Article) -> str:
    """What tells an article's story: its title and opening words."""
    return f"{article.title}\n{' '.join(article.body.split()[:LEAD_WORDS])}"


T = TypeVar("T")


def choose_articles(items: Sequence[T], limit: int, text: Callable[[T], str]) -> list[T]:
    """``limit`` of ``items`` (anything with ``source`` and ``published``), spread
    over the scope instead of its first ones, returned in the items' own order.

    Items are grouped by story (group_similar over ``text``); turns go round the
    groups, biggest first, so every story is in before any has a second article.
    Each turn takes the story's article furthest in date from those already taken
    (its oldest, its newest, then the middles), unless the story has a source not
    yet in the choice: then that source's first such article.
    """
    if len(items) <= limit:
        return list(items)
    labels = group_similar([text(x) for x in items])
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(label, []).append(i)
    stories = []
    turn: dict[int, int] = {}  # an item's place in its story's date order
    for group in sorted(members.values(), key=lambda g: (-len(g), g[0])):
        by_date = sorted(group, key=lambda i: (_ordinal(items[i]), i))
        order = deque(by_date[k] for k in _spread_order(len(by_date)))
        by_source: dict[str, deque[int]] = {}
        for i in order:
            by_source.setdefault(_source(items[i]), deque()).append(i)
            turn[i] = len(turn)
        stories.append((order, by_source))
    chosen: set[int] = set()
    covered: set[str] = set()
    while len(chosen) < limit:
        for order, by_source in stories:
            if len(chosen) >= limit:
                break
            for queue in by_source.values():
                while queue and queue[0] in chosen:
                    queue.popleft()
            new = [q[0] for s, q in by_source.items() if q and s not in covered]
            if new:
                pick = min(new, key=turn.__getitem__)
            else:
                while order and order[0] in chosen:
                    order.popleft()
                if not order:
                    continue
                pick = order[0]
            chosen.add(pick)
            covered.add(_source(items[pick]))
    return [items[i] for i in sorted(chosen)]


def _source(item: Any) -> str:
    return getattr(item, "source", "") or ""


def _ordinal(item: Any) -> int:
    published = getattr(item, "published", None)
    return published.toordinal() if published else 0


def _spread_order(n: int) -> list[int]:
    """0..n-1 ordered so that every prefix is spread evenly: both ends, then the
    middle, then the middles of the halves, and so on."""
    if n <= 2:
        return list(range(n))
    out, seen = [0, n - 1], {0, n - 1}
    halves = deque([(0, n - 1)])
    while halves:
        lo, hi = halves.popleft()
        mid = (lo + hi) // 2
        if mid not in seen:
            seen.add(mid)
            out.append(mid)
        if mid - lo > 1:
            halves.append((lo, mid))
        if hi - mid > 1:
            halves.append((mid, hi))
    return out


def _evidence(number: dict[str, int], items: Iterable[Sentence | Quotation]) -> list[Evidence]:
    return [Evidence(number[s.article_id], s.article_id, s.start, s.end) for s in items]


def _key_points(used: list[Article], sentences: dict[str, list[Sentence]], query: Sequence[str],
                number: dict[str, int], method: str) -> list[KeyPoint]:
    k = max(5, min(10, 3 + len(used)))
    out = []
    for r in _spread_points(_stories(used), sentences, query, k, method):
        evidence = _evidence(number, r.members)
        out.append(KeyPoint(r.members[0].text, [e.n for e in evidence], evidence))
    return out


def _stories(used: list[Article]) -> list[list[Article]]:
    """The articles grouped by story, each group in the scope's order, groups in
    the order of their first article."""
    groups: dict[int, list[Article]] = {}
    for article, label in zip(used, group_similar([article_text(a) for a in used])):
        groups.setdefault(label, []).append(article)
    return list(groups.values())


def _spread_points(stories: list[list[Article]], sentences: dict[str, list[Sentence]], query: Sequence[str],
                   k: int, method: str) -> list[Ranked]:
    """``k`` key points shared out between the stories by their size (D'Hondt: a
    story of 25 articles gets its second point after every story of 13 or more got
    its first), each story's points ranked among its own sentences. Ranked over the
    whole scope at once, the centroid is the biggest or newest story's and every
    point came from one or two stories of ten."""
    ranked: dict[int, deque[Ranked]] = {}

    def next_point(g: int) -> Ranked | None:
        if g not in ranked:
            flat = [s for a in stories[g] for s in sentences[a.id]]
            # A story's points beyond its seats stand in for points that repeat
            # another story's; a few spare are enough.
            ranked[g] = deque(rank_sentences(flat, query, k=min(k, seats[g] + 2), method=method,
                                             article_rank={a.id: i for i, a in enumerate(stories[g])}))
        return ranked[g].popleft() if ranked[g] else None

    seats = [0] * len(stories)
    heap = [(-len(members), g) for g, members in enumerate(stories)]
    heapq.heapify(heap)
    order = []
    for _ in range(k if stories else 0):
        _, g = heapq.heappop(heap)
        seats[g] += 1
        order.append(g)
        heapq.heappush(heap, (-len(stories[g]) / (seats[g] + 1), g))
    chosen: list[Ranked] = []
    vectors: list[dict[str, float]] = []
    pending = deque(order)
    while pending and len(chosen) < k:
        g = pending.popleft()
        point = next_point(g)
        if point is None:
            continue  # the story has nothing quotable left: its seat is lost
        vec = _bag(point.members[0].text)
        same = next((i for i, v in enumerate(vectors) if cosine(vec, v) >= DUPLICATE), None)
        if same is None:
            chosen.append(point)
            vectors.append(vec)
            continue
        # Two stories said the same thing: one point, citing both, and the seat
        # goes to the story's next point.
        known = {m.article_id for m in chosen[same].members}
        chosen[same].members.extend(m for m in point.members if m.article_id not in known)
        pending.appendleft(g)
    return chosen


def _bag(text: str) -> dict[str, float]:
    counts: dict[str, float] = {}
    for t in terms(text):
        counts[t] = counts.get(t, 0.0) + 1.0
    norm = sum(v * v for v in counts.values()) ** 0.5
    return {t: v / norm for t, v in counts.items()} if norm else {}


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


def _timeline(used: list[Article], sentences: dict[str, list[Sentence]], query_terms: Sequence[str],
              number: dict[str, int]) -> list[TimelineEntry]:
    query = set(terms(" ".join(query_terms)))
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


def _quotes(used: list[Article], query_terms: Sequence[str], table: Any, number: dict[str, int]) -> list[Quote]:
    query = set(terms(" ".join(query_terms)))
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
