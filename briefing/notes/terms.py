"""Content-word stems of a text, and the bag-of-words vectors the notes compare texts with."""

from __future__ import annotations

import math
import re

# The index's own stemmer (Porter2, with its accent and acronym folding), so that the
# query words a note leans towards are the same terms in both.
from briefing.search.analysis import term
from briefing.text.stopwords import STOPWORDS

_TOKEN = re.compile(r"[^\W_]+(?:[-‑'’][^\W_]+)*")


def terms(text: str) -> list[str]:
    """Content-word stems of a text."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        tok = tok.replace("’", "'").replace("‑", "-")
        if tok.endswith("'s"):
            tok = tok[:-2]
        if tok in STOPWORDS or len(tok) < 2 or tok.isdigit() and len(tok) != 4:
            continue
        out.append(term(tok))
    return out


Vector = dict[str, float]


def normalise(vec: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def bag(text: str) -> dict[str, float]:
    """A text's term counts as a unit vector."""
    counts: dict[str, float] = {}
    for t in terms(text):
        counts[t] = counts.get(t, 0.0) + 1.0
    norm = sum(v * v for v in counts.values()) ** 0.5
    return {t: v / norm for t, v in counts.items()} if norm else {}


def same_text(text: str) -> str:
    """Comparison key for "the same sentence or quote" across sources."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
