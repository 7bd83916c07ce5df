"""Which articles a note on a big scope is built from: spread over its stories, sources and dates."""

from __future__ import annotations

from collections import deque
from typing import Any, Callable, Sequence, TypeVar

from briefing.notes.stories import group_similar

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
