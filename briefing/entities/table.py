"""The cross-reference table: entities, their articles and mentions, and what co-occurs with what."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Mapping

from .tokens import name_key


@dataclass(frozen=True, order=True)
class MentionSpan:
    """One mention: offsets into ``Article.text``, the type and the canonical name."""

    start: int
    end: int
    type: str
    name: str


@dataclass
class Entity:
    """One real-world person, organisation or place across the corpus."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: dict[str, int] = field(default_factory=dict)
    mentions: int = 0
    first_sentence: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "articles": sorted(self.articles),
            "mentions": self.mentions,
            "article_mentions": dict(sorted(self.articles.items())),
            "first_sentences": dict(sorted(self.first_sentence.items())),
        }


class EntityTable:
    """Read-only view over one resolution; cheap to build from what the store loads."""

    def __init__(self, records: list[dict] | None = None, maps: Mapping[str, list] | None = None,
                 mentions: Callable[[str], array | None] | None = None,
                 known_aliases: Mapping[str, tuple[str, str]] | None = None) -> None:
        self._list = [Entity(r["name"], r["type"], list(r["aliases"]), dict(r["articles"]),
                             r["mentions"], dict(r["first_sentence"])) for r in records or []]
        self._maps = maps or {}
        self._mentions = mentions or (lambda aid: None)
        self._known = known_aliases or {}
        self._find: dict[str, Entity] | None = None
        self._paras: dict[str, dict[int, set[int]]] = {}
        self._sorted = sorted(self._list, key=lambda e: (-e.mentions, e.name))
        self._position = {id(e): i for i, e in enumerate(self._list)}

    def __len__(self) -> int:
        return len(self._list)

    def entities(self, type: str | None = None) -> list[Entity]:  # noqa: A002 - the API's word
        """Sorted by mentions (most first), then name."""
        if type is None:
            return list(self._sorted)
        t = type.upper()
        return [e for e in self._sorted if e.type == t]

    def find(self, name: str) -> Entity | None:
        """By canonical name or any alias, ignoring case, hyphens, spaces, dots and
        possessives ("president lee", "Lee Jae Myung", "US")."""
        if self._find is None:
            idx: dict[str, Entity] = {}
            for e in self._sorted:
                idx.setdefault(name_key(e.name), e)
            for e in self._sorted:
                for a in e.aliases:
                    idx.setdefault(name_key(a), e)
            self._find = idx
        key = name_key(name)
        hit = self._find.get(key)
        if hit is None and key in self._known:
            hit = self._find.get(name_key(self._known[key][0]))
        return hit

    def _row(self, article_id: str):
        f = self._mentions(article_id)
        row = self._maps.get(article_id)
        if f is None or row is None:
            return
        for i in range(0, len(f), 5):
            m = row[f[i + 2]] if f[i + 2] < len(row) else None
            if m is None:
                continue
            if isinstance(m, int):
                yield f[i], f[i + 1], m, f[i + 3]
            else:
                for rs, re_, idx in m:
                    yield f[i] + rs, f[i] + re_, idx, f[i + 3]

    def spans(self, article_id: str) -> list[MentionSpan]:
        """Every mention in one article, sorted by position."""
        out = []
        for s, e, idx, _ in self._row(article_id):
            ent = self._list[idx]
            out.append(MentionSpan(s, e, ent.type, ent.name))
        out.sort()
        return out

    def for_article(self, article_id: str) -> list[tuple[Entity, int]]:
        counts: Counter = Counter()
        for _, _, idx, _ in self._row(article_id):
            counts[idx] += 1
        return sorted(((self._list[i], n) for i, n in counts.items()), key=lambda p: (-p[1], p[0].name))

    def articles_for(self, name: str) -> set[str]:
        e = self.find(name)
        return set(e.articles) if e else set()

    def _paragraphs(self, article_id: str) -> dict[int, set[int]]:
        got = self._paras.get(article_id)
        if got is None:
            got = {}
            for _, _, idx, para in self._row(article_id):
                got.setdefault(idx, set()).add(para)
            self._paras[article_id] = got
        return got

    def cooccurring(self, name: str, limit: int = 10) -> list[tuple[Entity, int]]:
        """Entities found with ``name``: the count is shared articles plus shared
        paragraphs, so close company outranks merely being in the same article."""
        ent = self.find(name)
        if ent is None:
            return []
        me = self._position[id(ent)]
        score: Counter = Counter()
        for aid in ent.articles:
            paras = self._paragraphs(aid)
            mine = paras.get(me, set())
            for idx, theirs in paras.items():
                if idx != me:
                    score[idx] += 1 + len(mine & theirs)
        ranked = sorted(score.items(), key=lambda p: (-p[1], self._list[p[0]].name))
        return [(self._list[i], n) for i, n in ranked[: max(0, limit)]]
