"""Key actors: the entities the scope's articles mention most, from the entity table."""

from __future__ import annotations

from typing import Any

from briefing.corpus import Article
from briefing.notes.records import Actor

MAX_ACTORS = 10


def actors(used: list[Article], table: Any, number: dict[str, int]) -> list[Actor]:
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
