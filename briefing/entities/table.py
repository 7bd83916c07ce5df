"""The cross-reference table: entities, their articles and mentions, and what co-occurs with what."""

from __future__ import annotations

import threading
from array import array
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Callable

from .tokens import name_key


@dataclass(frozen=True, order=True)
class MentionSpan:
    """One mention: offsets into ``Article.text``, the type and the canonical name."""

    start: int
    end: int
    type: str
    name: str


#: counts_within packs (entity, count) into one integer: the count in the low bits.
_COUNT_BITS = 24
_COUNT_MASK = (1 << _COUNT_BITS) - 1


class ArticleCounts(Mapping):
    """Article id -> mentions for one entity, kept as two arrays until asked: a large
    corpus has millions of (entity, article) pairs, too many for dicts."""

    __slots__ = ("_aids", "_idx", "_counts", "_dict")

    def __init__(self, aids: list[str], idx: bytes = b"", counts: bytes = b"") -> None:
        self._aids = aids
        self._idx = array("i")
        self._idx.frombytes(idx)
        self._counts = array("i")
        self._counts.frombytes(counts)
        self._dict: dict[str, int] | None = None

    def _d(self) -> dict[str, int]:
        if self._dict is None:
            aids = self._aids
            self._dict = {aids[i]: c for i, c in zip(self._idx, self._counts)}
        return self._dict

    def __getitem__(self, aid: str) -> int:
        return self._d()[aid]

    def __iter__(self):
        aids = self._aids
        return (aids[i] for i in self._idx)

    def __len__(self) -> int:
        return len(self._idx)

    def __contains__(self, aid) -> bool:
        return aid in self._d()

    def __repr__(self) -> str:
        return repr(self._d())


class FirstSentences(Mapping):
    """Article id -> the sentence of the entity's first mention there, read from the
    store only when asked (they are most of the store's bytes)."""

    __slots__ = ("_articles", "_load", "_cache")

    def __init__(self, articles: Mapping[str, int], load: Callable[[str], str]) -> None:
        self._articles = articles
        self._load = load
        self._cache: dict[str, str] = {}

    def __getitem__(self, aid: str) -> str:
        if aid not in self._articles:
            raise KeyError(aid)
        got = self._cache.get(aid)
        if got is None:
            got = self._cache[aid] = self._load(aid)
        return got

    def __iter__(self):
        return iter(self._articles)

    def __len__(self) -> int:
        return len(self._articles)

    def __repr__(self) -> str:
        return f"FirstSentences({len(self)} articles)"


@dataclass
class Entity:
    """One real-world person, organisation or place across the corpus."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: Mapping[str, int] = field(default_factory=dict)
    mentions: int = 0
    first_sentence: Mapping[str, str] = field(default_factory=dict)

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
    """Read-only view over one resolution; cheap to build from what the store loads.

    ``maps(aid)`` gives what each of an article's keys became, ``detail(aid)`` its
    mention spans (start, end, key, paragraph) and first-mention sentences, and
    ``key_paras(aids)`` the distinct (key, paragraph) pairs of many articles; all are
    read on demand."""

    def __init__(self, records: list[dict] | None = None, aids: list[str] | None = None,
                 maps: Callable[[str], list | None] | None = None,
                 detail: Callable[[str], tuple | None] | None = None,
                 key_paras: Callable[[list[str]], dict[str, array]] | None = None,
                 known_aliases: Mapping[str, tuple[str, str]] | Callable[[], Mapping] | None = None) -> None:
        aids = aids or []
        self._list = []
        for i, r in enumerate(records or []):
            arts = ArticleCounts(aids, *r["articles"])
            self._list.append(Entity(r["name"], r["type"], list(r["aliases"]), arts, r["mentions"],
                                     FirstSentences(arts, self._sentence_loader(i))))
        self._maps = maps or (lambda aid: None)
        self._detail = detail or (lambda aid: None)
        self._key_paras = key_paras or (lambda aids: {})
        # The gazetteer's aliases ("ROK"), loaded on the first find() that needs them.
        self._known = known_aliases or {}
        self._find: dict[str, Entity] | None = None
        self._paras: dict[str, dict[int, set[int]]] = {}
        self._sorted = sorted(self._list, key=lambda e: (-e.mentions, e.name))
        self._position = {id(e): i for i, e in enumerate(self._list)}
        self._aids = aids
        self._by_article: tuple[dict[str, int], list] | None = None
        self._by_article_lock = threading.Lock()

    def _sentence_loader(self, idx: int) -> Callable[[str], str]:
        return lambda aid: self._first_sentence(idx, aid)

    def _first_sentence(self, idx: int, aid: str) -> str:
        row = self._maps(aid)
        got = self._detail(aid)
        if row is None or got is None:
            return ""
        _, key_sentence, sentences = got
        # Keys are numbered in order of first mention, so the first key that names
        # the entity holds its first mention.
        for ki, m in enumerate(row):
            if m is None:
                continue
            if (m == idx) if isinstance(m, int) else any(x[2] == idx for x in m):
                return sentences[key_sentence[ki]] if ki < len(key_sentence) else ""
        return ""

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
        if hit is None and callable(self._known):
            self._known = self._known()
        if hit is None and key in self._known:
            hit = self._find.get(name_key(self._known[key][0]))
        return hit

    def _row(self, article_id: str):
        row = self._maps(article_id)
        got = self._detail(article_id) if row is not None else None
        if got is None:
            return
        f = got[0]
        for i in range(0, len(f), 4):
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

    def counts_within(self, article_ids) -> list[tuple[Entity, int]]:
        """Entities with their mention counts within these articles, most mentioned
        first. Through an article -> entities index made on first use: summing over
        every entity's articles cost about 150 ms a keypress at 100,000 articles
        (675,000 entity-article pairs); this reads only the given articles' rows."""
        position, rows = self._article_index()
        acc: dict[int, int] = {}
        get = acc.get
        for aid in article_ids:
            i = position.get(aid)
            row = rows[i] if i is not None else None
            if row:
                for v in row:
                    ei = v >> _COUNT_BITS
                    acc[ei] = get(ei, 0) + (v & _COUNT_MASK)
        out = [(self._list[ei], n) for ei, n in acc.items()]
        out.sort(key=lambda ev: (-ev[1], ev[0].name))
        return out

    def _article_index(self) -> tuple[dict[str, int], list]:
        """Article id -> row position, and per row the packed (entity, count) pairs.
        About 0.4 s and 20 MB at 100,000 articles, once per table (a sync makes a new
        table, so it never goes stale)."""
        with self._by_article_lock:
            if self._by_article is None:
                rows: list = [None] * len(self._aids)
                for ei, ent in enumerate(self._list):
                    arts = ent.articles
                    base = ei << _COUNT_BITS
                    for ai, c in zip(arts._idx, arts._counts):
                        row = rows[ai]
                        if row is None:
                            rows[ai] = row = array("q")
                        row.append(base | min(c, _COUNT_MASK))
                self._by_article = ({aid: i for i, aid in enumerate(self._aids)}, rows)
            return self._by_article

    def articles_for(self, name: str) -> set[str]:
        e = self.find(name)
        return set(e.articles) if e else set()

    def _paragraphs(self, article_id: str) -> dict[int, set[int]]:
        got = self._paras.get(article_id)
        if got is None:
            self._load_paragraphs([article_id])
            got = self._paras.get(article_id, {})
        return got

    def _load_paragraphs(self, aids: list[str]) -> None:
        """Entity -> paragraphs for many articles at once, from (key, paragraph) pairs."""
        wanted = [a for a in aids if a not in self._paras]
        for aid, pairs in self._key_paras(wanted).items():
            row = self._maps(aid)
            got: dict[int, set[int]] = {}
            if row is not None:
                for i in range(0, len(pairs), 2):
                    m = row[pairs[i]] if pairs[i] < len(row) else None
                    if m is None:
                        continue
                    for idx in ((m,) if isinstance(m, int) else {x[2] for x in m}):
                        got.setdefault(idx, set()).add(pairs[i + 1])
            self._paras[aid] = got
        for aid in wanted:
            self._paras.setdefault(aid, {})

    def cooccurring(self, name: str, limit: int = 10) -> list[tuple[Entity, int]]:
        """Entities found with ``name``: the count is shared articles plus shared
        paragraphs, so close company outranks merely being in the same article."""
        ent = self.find(name)
        if ent is None:
            return []
        me = self._position[id(ent)]
        score: Counter = Counter()
        self._load_paragraphs(list(ent.articles))
        for aid in ent.articles:
            paras = self._paragraphs(aid)
            mine = paras.get(me, set())
            for idx, theirs in paras.items():
                if idx != me:
                    score[idx] += 1 + len(mine & theirs)
        ranked = sorted(score.items(), key=lambda p: (-p[1], self._list[p[0]].name))
        return [(self._list[i], n) for i, n in ranked[: max(0, limit)]]
