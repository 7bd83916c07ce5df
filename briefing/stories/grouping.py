"""Articles grouped into stories by single-pass clustering against story centroids.

Each article is a TF-IDF vector of its content words (the title counted three times,
since a headline names the event); it joins the story whose centroid it is most like,
when that story's dates come within the time window of its own, or starts a new one.
Incremental: a sync only places its new articles; the stories already found stay.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from briefing.text.stopwords import STOPWORDS

#: Cosine similarity to a story's centroid at or above which an article joins it.
#: Tuned on a mixed corpus of 45 stories (benchmarks/stories_duc2007.py).
JOIN = 0.12
#: Centroid similarity at which two stories found in one batch are one story.
MERGE = 0.35
#: Stories this small look for a larger one they are at least STRAY alike to.
SMALL = 2
STRAY = 0.07
#: Days between an article and a story's nearest date beyond which it starts a new
#: story however alike they are: an ongoing topic is followed across months, a
#: similar event years later is another story.
WINDOW = 400
#: Terms kept per article vector and per centroid.
ARTICLE_TERMS = 60
CENTROID_TERMS = 150
TITLE_WEIGHT = 3
#: IDF as if the corpus held at least this many articles: in a corpus of five, every
#: word the five share had the lowest weight, and one story read as five.
MIN_DOCS = 20

_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’-][^\W_]+)*")
_EXTRA_STOP = frozenset("""told according people year years time percent week last first since
    made make many much including former three four five six seven eight nine ten
    monday tuesday wednesday thursday friday saturday sunday today yesterday
    mr mrs ms dr get got like well back going still even another around among
    january february march april june july august september october november december
    ap reuters nyt xinhua afp upi""".split())


def term_counts(title: str, body: str) -> dict[str, list]:
    """Content words with their count and most common written form: {word: [n, form]}."""
    raw = Counter(_WORD.findall(body))
    for tok in _WORD.findall(title):
        raw[tok] += TITLE_WEIGHT
    counts: dict[str, list] = {}
    for tok, n in raw.items():
        low = tok.lower().replace("’", "'")
        if low.endswith("'s"):
            low, tok = low[:-2], tok[:-2]
        if len(low) < 3 or low in STOPWORDS or low in _EXTRA_STOP:
            continue
        entry = counts.get(low)
        if entry is None:
            counts[low] = [n, tok, n]
        else:
            entry[0] += n
            if n > entry[2]:
                entry[1], entry[2] = tok, n
    top = heapq.nsmallest(ARTICLE_TERMS * 2, counts.items(), key=lambda kv: (-kv[1][0], kv[0]))
    return {t: [e[0], e[1]] for t, e in top}


def vector(counts: dict[str, list], df: dict[str, int], docs: int) -> dict[str, float]:
    """Unit-length TF-IDF vector over the ARTICLE_TERMS heaviest terms."""
    weights = {}
    for t, (n, _form) in counts.items():
        idf = math.log((max(docs, MIN_DOCS) + 1) / (df.get(t, 0) + 1)) + 1.0
        weights[t] = (1.0 + math.log(n)) * idf
    top = sorted(weights.items(), key=lambda kv: -kv[1])[:ARTICLE_TERMS]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: w / norm for t, w in top}


@dataclass
class Cluster:
    id: str
    members: list[str] = field(default_factory=list)
    sums: dict[str, float] = field(default_factory=dict)
    first: dt.date | None = None
    last: dt.date | None = None
    _top: list[str] | None = field(default=None, repr=False, compare=False)
    """The centroid's terms when it was last computed; None after a change other than add."""
    _touched: set[str] = field(default_factory=set, repr=False, compare=False)
    _seq: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    """Each term's place in ``sums``, the order ties are broken in."""

    def centroid(self) -> dict[str, float]:
        sums = self.sums
        if self._top is None:
            top = sorted(sums.items(), key=lambda kv: -kv[1])[:CENTROID_TERMS]
        else:
            # Sums only grow, and only for the terms added since: a term outside the last
            # top that was not added to still ranks below all of it. So the new top is
            # among the old top and the added terms, and sorting those few gives exactly
            # what sorting every term would (a story of thousands of articles has tens of
            # thousands of terms, and sorting them for every article placed was most of
            # the grouping's time).
            seq = self._seq
            cand = sorted(set(self._top) | self._touched, key=lambda t: (-sums[t], seq[t]))[:CENTROID_TERMS]
            top = [(t, sums[t]) for t in cand]
        self._top = [t for t, _ in top]
        self._touched = set()
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top}

    def add(self, aid: str, vec: dict[str, float], date: dt.date | None) -> None:
        self.members.append(aid)
        sums, seq = self.sums, self._seq
        for t, w in vec.items():
            if t not in sums:
                seq[t] = len(seq)
            sums[t] = sums.get(t, 0.0) + w
        self._touched.update(vec)
        if date:
            self.first = date if self.first is None or date < self.first else self.first
            self.last = date if self.last is None or date > self.last else self.last

    def within(self, date: dt.date | None) -> bool:
        if date is None or self.first is None:
            return True
        return (self.first - dt.timedelta(days=WINDOW)) <= date <= (self.last + dt.timedelta(days=WINDOW))


class Grouper:
    """Clusters and an inverted index of their centroids, for sparse dot products."""

    def __init__(self):
        self.clusters: dict[str, Cluster] = {}
        self._postings: dict[str, dict[str, float]] = {}
        self._centroids: dict[str, dict[str, float]] = {}

    def _index(self, cluster: Cluster) -> None:
        for t in self._centroids.get(cluster.id, ()):
            self._postings.get(t, {}).pop(cluster.id, None)
        cen = cluster.centroid()
        self._centroids[cluster.id] = cen
        for t, w in cen.items():
            self._postings.setdefault(t, {})[cluster.id] = w

    def drop(self, cid: str) -> None:
        for t in self._centroids.pop(cid, ()):
            self._postings.get(t, {}).pop(cid, None)
        self.clusters.pop(cid, None)

    def best(self, vec: dict[str, float], date: dt.date | None, floor: float | None = None,
             skip: str = "") -> tuple[str, float] | None:
        floor = JOIN if floor is None else floor
        scores: dict[str, float] = {}
        for t, w in vec.items():
            for cid, cw in self._postings.get(t, {}).items():
                scores[cid] = scores.get(cid, 0.0) + w * cw
        scores.pop(skip, None)
        for cid, s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
            if s < floor:
                return None
            if self.clusters[cid].within(date):
                return cid, s
        return None

    def place(self, aid: str, vec: dict[str, float], date: dt.date | None, new_id) -> str:
        found = self.best(vec, date)
        if found is None:
            cluster = Cluster(new_id(aid))
            self.clusters[cluster.id] = cluster
        else:
            cluster = self.clusters[found[0]]
        cluster.add(aid, vec, date)
        self._index(cluster)
        return cluster.id

    def merge_alike(self, threshold: float) -> dict[str, str]:
        """Greedily join clusters whose centroids are at least ``threshold`` alike and
        whose dates overlap within the window; returns {old id: surviving id}."""
        pairs = []
        for cid, cen in self._centroids.items():
            scores: dict[str, float] = {}
            for t, w in cen.items():
                for other, ow in self._postings.get(t, {}).items():
                    if other > cid:
                        scores[other] = scores.get(other, 0.0) + w * ow
            pairs.extend((s, cid, o) for o, s in scores.items() if s >= threshold)
        pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
        parent: dict[str, str] = {}

        def root(c: str) -> str:
            while c in parent:
                c = parent[c]
            return c

        for _s, a, b in pairs:
            ra, rb = root(a), root(b)
            if ra == rb:
                continue
            ca, cb = self.clusters[ra], self.clusters[rb]
            if cb.first and not (ca.within(cb.first) or ca.within(cb.last)):
                continue
            keep, gone = (ra, rb) if len(ca.members) >= len(cb.members) else (rb, ra)
            parent[gone] = keep
            k, g = self.clusters[keep], self.clusters[gone]
            for t, w in g.sums.items():
                if t not in k.sums:
                    k._seq[t] = len(k._seq)
                k.sums[t] = k.sums.get(t, 0.0) + w
            k._top = None
            k.members.extend(g.members)
            for d in (g.first, g.last):
                if d:
                    k.first = d if k.first is None or d < k.first else k.first
                    k.last = d if k.last is None or d > k.last else k.last
        return {c: root(c) for c in parent}

    def put(self, cluster: Cluster) -> None:
        """A cluster loaded from disk or rebuilt after a removal."""
        self.clusters[cluster.id] = cluster
        self._index(cluster)
