"""Key points: each story's best sentences, seats shared out by story size, one point per thing said."""

from __future__ import annotations

import heapq
from collections import deque
from typing import Iterable, Sequence

from briefing.corpus import Article
from briefing.notes.stories import article_text, group_similar
from briefing.notes.ranking import DUPLICATE, Ranked, rank_sentences
from briefing.notes.records import Evidence, KeyPoint
from briefing.notes.terms import bag, cosine
from briefing.text.sentences import Sentence


def _evidence(number: dict[str, int], items: Iterable[Sentence]) -> list[Evidence]:
    return [Evidence(number[s.article_id], s.article_id, s.start, s.end) for s in items]


def key_points(used: list[Article], sentences: dict[str, list[Sentence]], query: Sequence[str],
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
        vec = bag(point.members[0].text)
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
