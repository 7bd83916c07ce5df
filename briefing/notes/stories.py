"""Which story an article tells: its title and opening words, grouped with the articles most like them."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Sequence

from briefing.corpus import Article
from briefing.notes.terms import normalise, terms

#: Words of an article's opening that, with its title, say which story it belongs to.
LEAD_WORDS = 60


def article_text(article: Article) -> str:
    """What tells an article's story: its title and opening words."""
    return f"{article.title}\n{' '.join(article.body.split()[:LEAD_WORDS])}"


#: Cosine to a group's centroid at which an article joins the group in group_similar.
#: On 1,116 real wire articles in 45 stories (title and first 60 words) 0.12 gave 141
#: groups, 91% of each group's articles from one story; 0.2 gave twice as many groups.
SIMILAR = 0.12


def group_similar(texts: Sequence[str], threshold: float = SIMILAR, size: int = 24) -> list[int]:
    """A group number for each text: texts about the same story share one.

    One pass, in order: each text joins the group whose centroid it is closest to, or
    starts a group. Texts are TF-IDF vectors of their ``size`` heaviest terms; terms
    in a single text or in more than 30% of them tell no story apart and are left out.
    Linear in the texts times the groups sharing a term; 5,000 texts take about 0.6 s.
    """
    bags = [Counter(terms(t)) for t in texts]
    n = len(bags)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    common = max(2, 0.3 * n)
    sums: list[dict[str, float]] = []
    squares: list[float] = []
    norms: list[float] = []
    postings: dict[str, list[int]] = defaultdict(list)
    labels: list[int] = []
    for bag in bags:
        weighted = {t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df[t])) + 1)
                    for t, c in bag.items() if 1 < df[t] <= common}
        vec = normalise(dict(sorted(weighted.items(), key=lambda kv: (-kv[1], kv[0]))[:size]))
        dots: dict[int, float] = defaultdict(float)
        for t, w in vec.items():
            for g in postings[t]:
                dots[g] += w * sums[g][t]
        best, score = -1, 0.0
        for g, d in dots.items():
            if d / norms[g] > score:
                best, score = g, d / norms[g]
        if best < 0 or score < threshold:
            best = len(sums)
            sums.append({})
            squares.append(0.0)
            norms.append(1.0)
        total = sums[best]
        for t, w in vec.items():
            if t not in total:
                postings[t].append(best)
            total[t] = total.get(t, 0.0) + w
        # |sum + v|² = |sum|² + 2 sum·v + |v|², without walking the whole centroid.
        squares[best] += 2 * dots.get(best, 0.0) + sum(w * w for w in vec.values())
        norms[best] = math.sqrt(squares[best]) or 1.0
        labels.append(best)
    return labels
