"""Key points: the sentences that cover most of the scope's shared concepts in the word
budget, turns shared out between stories by their size, one point per thing said."""

from __future__ import annotations

import heapq
from collections import Counter, deque
from typing import Iterable, Sequence

from briefing.corpus import Article
from briefing.notes.concepts import ConceptSpace, Tuning, DEFAULT_TUNING, select, stand_alone
from briefing.notes.stories import article_text, group_similar
from briefing.notes.ranking import COVERAGE, DUPLICATE, Ranked, candidate, rank_sentences
from briefing.notes.records import Evidence, KeyPoint
from briefing.notes.terms import bag, cosine
from briefing.text.sentences import Sentence


def _evidence(number: dict[str, int], items: Iterable[Sentence]) -> list[Evidence]:
    return [Evidence(number[s.article_id], s.article_id, s.start, s.end) for s in items]


#: Words of key points a note holds by default: the length of the memos human
#: summarisers write for a news story (DUC's 250-word summaries).
KEY_POINTS_WORDS = 250


def key_points(used: list[Article], sentences: dict[str, list[Sentence]], query: Sequence[str],
               number: dict[str, int], method: str, budget: int = KEY_POINTS_WORDS,
               tuning: Tuning = DEFAULT_TUNING) -> list[KeyPoint]:
    """The note's key points, at most ``budget`` words of them (one point at least)."""
    if method == COVERAGE:
        ranked = _covering_points(_stories(used), sentences, query, budget, tuning)
    else:
        k = max(5, min(10, 3 + len(used)))
        ranked = _spread_points(_stories(used), sentences, query, k, method)
    out = []
    for r in ranked:
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


def _seat_order(stories: list[list[Article]], n: int) -> list[int]:
    """Which story picks each of the next ``n`` points (D'Hondt: a story of 25 articles
    gets its second turn after every story of 13 or more got its first)."""
    heap = [(-len(members), g) for g, members in enumerate(stories)]
    heapq.heapify(heap)
    seats = [0] * len(stories)
    order = []
    for _ in range(n if stories else 0):
        _, g = heapq.heappop(heap)
        seats[g] += 1
        order.append(g)
        heapq.heappush(heap, (-len(stories[g]) / (seats[g] + 1), g))
    return order


def _covering_points(stories: list[list[Article]], sentences: dict[str, list[Sentence]],
                     query: Sequence[str], budget: int, tuning: Tuning) -> list[Ranked]:
    """Concept coverage (briefing.notes.concepts) over the whole scope, so that a
    concept told by two stories is covered once; the stories take turns by size, so a
    scope of ten stories is not summarised from its biggest one."""
    story = {a.id: g for g, members in enumerate(stories) for a in members}
    source = {a.id: a.source or a.id for members in stories for a in members}
    flat = []
    for members in stories:
        for a in members:
            for s in sentences[a.id]:
                if candidate(s):
                    kept = stand_alone(s)
                    if kept is not None:
                        flat.append(kept)
    space = ConceptSpace(flat, story, source, query, tuning)
    seats = _seat_order(stories, len(space.units)) if len(stories) > 1 else []
    chosen = select(space, max(1, budget), seats)
    # A point that leans on the sentence before it comes right after that sentence.
    order = [i for i in chosen if space.units[i].previous not in chosen or not space.units[i].dangling]
    for i in chosen:
        if i not in order:
            order.insert(order.index(space.units[i].previous) + 1, i)
    return [_with_copies(space, i) for i in order]


def _with_copies(space: ConceptSpace, i: int) -> Ranked:
    """The chosen unit, then one sentence from each other article saying nearly the same
    (its citations)."""
    unit = space.units[i]
    vec = bag(unit.sentence.text)
    members = [unit.sentence]
    seen = {unit.sentence.article_id}
    shared: Counter[int] = Counter()
    for c in unit.concepts:
        shared.update(space.holders[c])
    # Sentences sharing under a third of the point's concepts never reach the cosine.
    need = max(1, len(unit.concepts) // 3)
    for j in sorted(j for j, n in shared.items() if n >= need):
        other = space.units[j]
        aid = other.sentence.article_id
        if aid in seen:
            continue
        if cosine(vec, bag(other.sentence.text)) >= DUPLICATE:
            members.append(other.sentence)
            seen.add(aid)
    return Ranked(members, 0.0)


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
