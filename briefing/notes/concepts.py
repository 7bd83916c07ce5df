"""Key points as concept coverage: the scope's content-word bigrams, weighted by how
many articles and sources share them, covered by the fewest words (Gillick & Favre
2009's concept model, solved by Lin & Bilmes 2010's budgeted greedy).

A concept counts once however many chosen sentences hold it, so a second sentence
saying what a first one said gains nothing: redundancy is handled by coverage, not by
a similarity cut-off. The objective is monotone submodular, so the cost-scaled greedy
with the best-single-sentence check is within (1 - 1/sqrt(e)) of the best selection
under the budget (Lin & Bilmes 2010, theorem 1 with r = 1).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from briefing.text.stopwords import STOPWORDS
from briefing.search.analysis import term
from briefing.text.sentences import Sentence

# A wire dateline: "MOSCOW, August 17 (Xinhua) --", "MOBILE, Ala. (AP) --",
# "WASHINGTON _", "NEW YORK —". Capitals, then optional place and date parts, then a dash.
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’&-]*(?:\s+[A-Z][A-Z.'’&-]*)*)"      # the place, in capitals
    r"(?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)*)*"    # ", Ala." / ", N.Y."
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"  # ", August 17"
    r"(?:\s*\([^()]{1,40}\))?"                           # " (Xinhua)"
    r"\s*(?:--|_|—|–|-)\s+"
)
# Openings that lean on the sentence before; such a sentence is a point only right
# after that sentence.
DANGLING = re.compile(
    r"^(?:[\"“‘'`]+)?(?:This|That|These|Those|It|Its|They|Their|Them|He|His|She|Her|But|And|"
    r"However|Also|Such|Still|Yet|Meanwhile|Instead|Despite (?:this|that|it))\b"
)
_WORD = re.compile(r"[^\W_]+(?:[-‑'’][^\W_]+)*")
_SENTENCE_START = re.compile(r"^(?:[\"“‘'`(\[]+)?[A-Z0-9]")
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$")


def stand_alone(s: Sentence) -> Sentence | None:
    """The sentence without a leading dateline, when what remains is a sentence; the
    sentence itself when it has none. The result is still ``article.text[start:end]``."""
    m = _DATELINE.match(s.text)
    if not balanced_quotes(s.text):
        return None
    if not m:
        return s
    rest = s.text[m.end():]
    if not _SENTENCE_START.match(rest) or not _TERMINAL.search(rest) or len(_WORD.findall(rest)) < 4:
        return None
    return replace(s, start=s.start + m.end(), text=rest)


def balanced_quotes(text: str) -> bool:
    """Whether every quotation the text opens it also closes: a sentence that opens a
    quotation continued in the next one is half a thought alone."""
    opens = text.count("“") + text.count("``")
    closes = text.count("”") + text.count("''")
    return opens == closes and text.count('"') % 2 == 0


def starts_with_dateline(text: str) -> bool:
    return bool(_DATELINE.match(text))


def concept_terms(text: str, _words: dict[str, tuple[str, bool]] | None = None) -> list[str]:
    """A sentence's concepts: stems of neighbouring words, as bigrams "a b", skipping
    pairs of two stop words (they say nothing of the story). ``_words``: a cache of
    word -> (stem, stop word) to share between calls."""
    words = {} if _words is None else _words
    toks = []
    for w in _WORD.findall(text.lower()):
        got = words.get(w)
        if got is None:
            k = w.replace("’", "'").replace("‑", "-")
            if k.endswith("'s"):
                k = k[:-2]
            got = words[w] = (term(k), k in STOPWORDS)
        toks.append(got)
    return [f"{a} {b}" for (a, sa), (b, sb) in zip(toks, toks[1:]) if not (sa and sb)]


@dataclass(frozen=True)
class Tuning:
    """The knobs of the concept weights, chosen on part of a real evaluation set
    (benchmarks/notes_duc.py says which)."""

    min_articles: int = 2
    """A concept counts only when this many articles hold it (scopes of 3 articles or more)."""
    source_bonus: float = 1.0
    """Extra weight for each further source (outlet) that shares a concept."""
    query_bonus: float = 1.0
    """Extra weight, in multiples, for a concept holding a word of the search query."""
    position: float = 0.5
    """Share of a sentence's gain added for being early in its article (halved for
    the second sentence, a third for the third...): news says its main fact first."""
    cost_power: float = 0.75
    """Gain is divided by words ** cost_power (Lin & Bilmes's r). Their guarantee is
    proved for r = 1; on the tuning clusters 0.75 covered more of the human summaries
    (ROUGE-2 0.141 against 0.130), since gain per word alone favours short sentences."""
    diversity: float = 0.5
    """Weight of Lin & Bilmes 2011's diversity reward: the square root of each article's
    chosen coverage, summed, so that a second point from one article gains less than a
    first from another (still monotone submodular). Without it the demo note's five
    articles gave six points to one and none to another; with it every article speaks,
    at some cost on the tuning clusters (ROUGE-2 0.128 against 0.141)."""


DEFAULT_TUNING = Tuning()


@dataclass
class Unit:
    """A candidate point: its verbatim span and the concepts it holds."""

    sentence: Sentence
    concepts: tuple[int, ...]
    cost: int
    story: int
    previous: int | None
    """Index of the unit for the sentence right before it, in the same article."""
    dangling: bool


class ConceptSpace:
    """Concepts of a scope's candidate sentences, with their weights."""

    def __init__(self, sentences: Sequence[Sentence], story: dict[str, int], source: dict[str, str],
                 query: Sequence[str] = (), tuning: Tuning = DEFAULT_TUNING) -> None:
        self.tuning = tuning
        ids: dict[str, int] = {}
        raw: list[list[int]] = []
        articles: dict[int, set[str]] = defaultdict(set)
        words: dict[str, tuple[str, bool]] = {}
        for s in sentences:
            cs = {ids.setdefault(c, len(ids)) for c in concept_terms(s.text, words)}
            aid = s.article_id
            for i in cs:
                articles[i].add(aid)
            raw.append(cs)
        n_articles = len({s.article_id for s in sentences})
        floor = tuning.min_articles if n_articles >= 3 else 1
        # Query words may come already stemmed (the index's terms): both forms count.
        wanted = {t for w in query for x in _WORD.findall(w.lower()) for t in (x, term(x))}
        self.weight: dict[int, float] = {}
        weight = self.weight
        for c, i in ids.items():
            held = articles[i]
            if len(held) < floor:
                continue
            w = len(held) + tuning.source_bonus * (len({source.get(a, "") for a in held}) - 1)
            if wanted and any(part in wanted for part in c.split()):
                w *= 1.0 + tuning.query_bonus
            self.weight[i] = w
        self.units: list[Unit] = []
        last: dict[str, tuple[int, int]] = {}
        for s, cs in zip(sentences, raw):
            kept = tuple(sorted(c for c in cs if c in weight))
            prev = last.get(s.article_id)
            self.units.append(Unit(s, kept, max(1, len(s.text.split())), story.get(s.article_id, 0),
                                   prev[1] if prev and prev[0] == s.index - 1 else None,
                                   bool(DANGLING.match(s.text))))
            last[s.article_id] = (s.index, len(self.units) - 1)
        #: The units holding each concept.
        self.holders: dict[int, list[int]] = defaultdict(list)
        for n, u in enumerate(self.units):
            for c in u.concepts:
                self.holders[c].append(n)


def select(space: ConceptSpace, budget: int, seats: Iterable[int] = ()) -> list[int]:
    """Indices of the units chosen, in order: the cost-scaled lazy greedy under ``budget``
    words, then the best single unit if that alone covers more. ``seats``: the story that
    picks each next point, in turn (stories share a scope by size); empty means one heap.
    A dangling unit is eligible once the unit before it is chosen; units that no longer
    fit are skipped, not the end of the search."""
    units, weight, t = space.units, space.weight, space.tuning
    seats = list(seats)
    by_story = bool(seats)
    chosen: list[int] = []
    covered, chosen_set = set(), set()  # the concepts covered; chosen, as a set
    used = 0
    first_index = _first_sentences(units)
    alone = [sum(weight[c] for c in u.concepts) for u in units]
    scale = max(alone, default=0.0) or 1.0
    reward: dict[str, float] = defaultdict(float)

    def gain(i: int) -> float:
        u = units[i]
        g = sum(weight[c] for c in u.concepts if c not in covered)
        if t.position and g:
            g *= 1.0 + t.position / (1 + u.sentence.index - first_index[u.sentence.article_id])
        if t.diversity and g:
            had = reward[u.sentence.article_id]
            # Capped by the sentence's own coverage gain, so that an article's first
            # sentence of next to nothing new does not win on novelty of source alone.
            g += min(g, t.diversity * scale * (math.sqrt(had + alone[i] / scale) - math.sqrt(had)))
        return g

    def ratio(i: int) -> float:
        return gain(i) / units[i].cost ** t.cost_power

    # One lazy heap per story; a gain only ever shrinks as more is covered, so a
    # stale key is an upper bound and the top is re-scored until it stays on top.
    heaps = _heaps(units, ratio, by_story)

    def pick(story: int) -> int | None:
        h = heaps.get(story)
        deferred = []
        found = None
        while h:
            key, i = heapq.heappop(h)
            u = units[i]
            if used + u.cost > budget and chosen:
                continue  # never fits again: costs only grow
            if u.dangling and u.previous not in chosen_set:
                deferred.append((key, i))  # may become eligible later
                continue
            fresh = -ratio(i)
            if h and fresh > h[0][0] + 1e-12:
                heapq.heappush(h, (fresh, i))
                continue
            if fresh >= 0:
                break  # nothing left gains anything
            found = i
            break
        for item in deferred:
            heapq.heappush(h, item)
        return found

    dead: set[int] = set()
    for story in (seats if seats else iter(int, 1)):  # iter(int, 1): story 0 for ever
        if used >= budget or len(dead) == len(heaps):
            break
        story = story if seats else 0
        if story in dead:
            continue
        i = pick(story)
        if i is None:
            dead.add(story)
            continue
        chosen.append(i)
        chosen_set.add(i)
        used += units[i].cost
        covered.update(units[i].concepts)
        reward[units[i].sentence.article_id] += alone[i] / scale
    best = _best_single(units, weight, budget)
    if best is not None and sum(weight[c] for c in units[best].concepts) > sum(weight[c] for c in covered):
        return [best]  # the guarantee's other half: one unit alone, if it covers more
    return chosen


def _first_sentences(units) -> dict[str, int]:
    """Article id -> the index of its first sentence among the units."""
    first: dict[str, int] = {}
    for u in units:
        first.setdefault(u.sentence.article_id, u.sentence.index)
    return first


def _heaps(units, ratio, by_story: bool) -> dict[int, list[tuple[float, int]]]:
    """One heap of (-ratio, unit) per story (or one for all), for the lazy greedy."""
    heaps: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, u in enumerate(units):
        if u.concepts:
            heaps[u.story if by_story else 0].append((-ratio(i), i))
    for h in heaps.values():
        heapq.heapify(h)
    return heaps


def _best_single(units, weight, budget: int) -> int | None:
    """The unit that fits the budget and covers the most on its own."""
    return max((i for i, u in enumerate(units) if u.cost <= budget and not u.dangling),
               key=lambda i: (sum(weight[c] for c in units[i].concepts), -i), default=None)
