"""Multi-document extractive ranking: TF-IDF sentence vectors, centroid and TextRank
scores, query bias, near-duplicate merging and MMR selection."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from briefing.notes.terms import Vector, cosine, normalise, terms
from briefing.text.sentences import Sentence

# Boilerplate a news page carries that is never a key point.
_BOILERPLATE = re.compile(
    r"\b(?:inbox|subscribe|newsletter|sign up|click here|read more|learn more|all rights reserved|"
    r"cookies?|image credit|photo credit|follow us|share this|advertisement|is the author of|"
    r"copyright)\b",
    re.I,
)
# Openings that lean on an earlier sentence; alone in a summary they dangle.
_DANGLING = re.compile(r"^(?:This|That|These|Those|It|They|He|She|But|And|However|Also|Such)\b")


@dataclass(frozen=True)
class Weights:
    """How much each signal counts in a sentence's score."""

    centroid: float
    textrank: float
    position: float
    query: float = 0.6


#: Named rankers; ``benchmarks/notes_quality.py`` scores each against references.
METHODS = {
    "centroid": Weights(centroid=1.0, textrank=0.0, position=0.0),
    "textrank": Weights(centroid=0.0, textrank=1.0, position=0.0),
    "centroid+position": Weights(centroid=1.0, textrank=0.0, position=0.35),
    "hybrid": Weights(centroid=1.0, textrank=0.5, position=0.35),
}
#: Concept coverage under a word budget (briefing.notes.concepts), not a sentence score.
COVERAGE = "coverage"
METHODS[COVERAGE] = None  # type: ignore[assignment]
DEFAULT_METHOD = COVERAGE

MIN_WORDS, MAX_WORDS = 6, 70
DUPLICATE = 0.6       # cosine above which sentences from two articles say the same thing
MMR_LAMBDA = 0.7      # relevance against novelty in the greedy selection
POOL = 60             # only the best candidates enter the quadratic steps
TEXTRANK_POOL = 150


@dataclass
class Ranked:
    """A selected point: the sentence to show first, then near-duplicates elsewhere."""

    members: list[Sentence]
    score: float


def candidate(s: Sentence) -> bool:
    """Whether a sentence can be a key point at all."""
    return (
        not s.heading
        and MIN_WORDS <= s.words <= MAX_WORDS
        and not _BOILERPLATE.search(s.text)
        and not s.text.rstrip().endswith("?")
    )


class SentenceSpace:
    """TF-IDF vectors for every sentence of a scope (IDF over sentences)."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self.sentences = list(sentences)
        bags = [Counter(terms(s.text)) for s in self.sentences]
        df: Counter[str] = Counter()
        for bag in bags:
            df.update(bag.keys())
        n = len(bags)
        self.idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}
        self.vectors: list[Vector] = [
            normalise({t: (1 + math.log(c)) * self.idf[t] for t, c in bag.items()}) for bag in bags
        ]

    def query_vector(self, words: Sequence[str]) -> Vector:
        vec: Vector = {}
        for w in words:
            for t in terms(w):
                if t in self.idf:
                    vec[t] = vec.get(t, 0.0) + self.idf[t]
        return normalise(vec)

    def centroid(self, indices: Sequence[int], size: int = 100) -> Vector:
        """The mean of each article's mean vector, so a long article does not outvote
        the others, cut to its heaviest terms (Radev et al.'s centroid)."""
        per_article: dict[str, Counter[str]] = defaultdict(Counter)
        for i in indices:
            for t, v in self.vectors[i].items():
                per_article[self.sentences[i].article_id][t] += v
        total: Counter[str] = Counter()
        for vec in per_article.values():
            for t, v in normalise(dict(vec)).items():
                total[t] += v
        return normalise(dict(total.most_common(size)))


def _similarities(vectors: Sequence[Vector], floor: float = 0.05) -> list[list[tuple[int, float]]]:
    """Cosine-similarity edges above ``floor``, via an inverted index so that only
    sentences sharing a term are ever compared."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for t, w in vec.items():
            postings[t].append((i, w))
    edges: list[list[tuple[int, float]]] = [[] for _ in vectors]
    for i, vec in enumerate(vectors):
        dots: dict[int, float] = defaultdict(float)
        for t, w in vec.items():
            for j, wj in postings[t]:
                if j > i:
                    dots[j] += w * wj
        for j, d in dots.items():
            if d > floor:
                edges[i].append((j, d))
                edges[j].append((i, d))
    return edges


def _textrank(vectors: Sequence[Vector], personal: Sequence[float], iterations: int = 30) -> list[float]:
    """PageRank over the cosine-similarity graph, teleporting by ``personal``."""
    n = len(vectors)
    if n == 0:
        return []
    edges = _similarities(vectors)
    out_weight = [sum(w for _, w in e) or 1.0 for e in edges]
    total = sum(personal) or 1.0
    teleport = [p / total for p in personal]
    rank = [1.0 / n] * n
    for _ in range(iterations):
        new = [0.15 * teleport[i] for i in range(n)]
        for i in range(n):
            share = 0.85 * rank[i] / out_weight[i]
            for j, w in edges[i]:
                new[j] += share * w
        converged = sum(abs(a - b) for a, b in zip(new, rank)) < 1e-6
        rank = new
        if converged:
            break
    return rank


def _scaled(values: Sequence[float]) -> list[float]:
    top = max(values, default=0.0)
    return [v / top if top > 0 else 0.0 for v in values]


def rank_sentences(
    sentences: Sequence[Sentence],
    query: Sequence[str] = (),
    k: int = 8,
    method: str = DEFAULT_METHOD,
    article_rank: dict[str, int] | None = None,
) -> list[Ranked]:
    """The ``k`` best sentences across articles, near-duplicates merged, repeats avoided.

    ``sentences`` is every sentence of the scope (non-candidates still shape the IDF).
    """
    weights = METHODS[method]
    space = SentenceSpace(sentences)
    cands = [i for i, s in enumerate(sentences) if candidate(s) and space.vectors[i]]
    if not cands:
        return []
    centroid = space.centroid(cands)
    qvec = space.query_vector(query)
    # Position among an article's own candidates: news puts its substance first.
    seen: Counter[str] = Counter()
    position: dict[int, float] = {}
    for i in cands:
        aid = sentences[i].article_id
        position[i] = 1.0 / math.sqrt(1 + seen[aid])
        seen[aid] += 1
    cen = _scaled([cosine(space.vectors[i], centroid) for i in cands])
    qsim = _scaled([cosine(space.vectors[i], qvec) for i in cands]) if qvec else [0.0] * len(cands)
    base = {
        i: weights.centroid * cen[n] + weights.position * position[i] + weights.query * qsim[n]
        for n, i in enumerate(cands)
    }
    if weights.textrank:
        # TextRank is quadratic: run it on the best candidates by the cheap signals.
        slot = {i: n for n, i in enumerate(cands)}
        pool = sorted(cands, key=lambda i: (-(cen[slot[i]] + qsim[slot[i]]), i))[:TEXTRANK_POOL]
        personal = [0.1 + qsim[slot[i]] + position[i] for i in pool]
        tr = _scaled(_textrank([space.vectors[i] for i in pool], personal))
        for n, i in enumerate(pool):
            base[i] += weights.textrank * tr[n]
    for i in cands:
        s = sentences[i]
        # Short sentences match the centroid cheaply; dangling ones read badly alone.
        base[i] *= min(1.0, s.words / 15.0)
        if _DANGLING.match(s.text):
            base[i] *= 0.85
        if article_rank is not None:
            base[i] *= 1.0 / (1.0 + 0.02 * article_rank.get(s.article_id, 0))
    ordered = sorted(cands, key=lambda i: (-base[i], i))[: max(POOL, 3 * k)]
    groups = _merge_duplicates(ordered, space, sentences)
    return _mmr(groups, base, space, k)


def _merge_duplicates(ordered: Sequence[int], space: SentenceSpace,
                      sentences: Sequence[Sentence]) -> list[list[int]]:
    """Group sentences that say the same thing; a group's head is its best sentence."""
    groups: list[list[int]] = []
    for i in ordered:
        for group in groups:
            if cosine(space.vectors[i], space.vectors[group[0]]) >= DUPLICATE:
                # A second copy from an article already in the group adds nothing.
                if all(sentences[j].article_id != sentences[i].article_id for j in group):
                    group.append(i)
                break
        else:
            groups.append([i])
    return groups


def _mmr(groups: list[list[int]], base: dict[int, float], space: SentenceSpace, k: int) -> list[Ranked]:
    chosen: list[list[int]] = []
    remaining = list(groups)
    while remaining and len(chosen) < k:
        def gain(g: list[int]) -> float:
            redundancy = max((cosine(space.vectors[g[0]], space.vectors[c[0]]) for c in chosen), default=0.0)
            # Corroboration by other sources is a mild bonus, not a licence to repeat.
            support = 1.0 + 0.1 * (len(g) - 1)
            return MMR_LAMBDA * base[g[0]] * support - (1 - MMR_LAMBDA) * redundancy
        best = max(remaining, key=lambda g: (gain(g), -g[0]))
        chosen.append(best)
        remaining.remove(best)
    return [Ranked([space.sentences[i] for i in g], base[g[0]]) for g in chosen]
