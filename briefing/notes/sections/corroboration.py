"""Which outlets report each key point, with wire copies counted once.

A story carried word for word by five outlets is one report, not five that agree:
cited articles that are copies of each other (briefing.stories.copies) form one
independent report, named by its earliest article's outlet.
"""

from __future__ import annotations

import re
from typing import Sequence

from briefing.corpus import Article
from briefing.stories.copies import CopyIndex, sketch


def copy_groups(articles: Sequence[Article]) -> dict[str, str]:
    """Each article's id to the id of the article it copies (itself when none)."""
    index = CopyIndex()
    head: dict[str, str] = {}
    for art in sorted(articles, key=lambda a: (a.published is None, a.published or 0, a.id)):
        sk = sketch(art.body or art.title)
        match = index.best_match(sk)
        if match is None:
            index.add(art.id, sk)
            head[art.id] = art.id
        else:
            head[art.id] = head[match[0]]
    return head


#: Share of a key point's content words one sentence of another article must hold
#: for that article to report the point too.
SAME = 0.6
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[^\W\d_]{4,}")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _words(text: str) -> set[str]:
    """Content words, and the figures as "#12": a sentence that gives another figure
    does not report the point (it differs from it; see sections.differences)."""
    return {w.lower() for w in _WORD.findall(text)} | {"#" + n for n in _NUMBER.findall(text)}


def _says(wanted: set[str], sentences: list[set[str]]) -> bool:
    if len(wanted) < 3:
        return False
    need = SAME * len(wanted)
    figures = {w for w in wanted if w.startswith("#")}
    return any(len(wanted & s) >= need and figures <= s for s in sentences)


def outlet(art: Article, n: int) -> str:
    """The outlet's name; articles without one are told apart by their number."""
    return (art.source or "").strip() or f"article {n}"


def attach(points: list, articles: Sequence[Article], number: dict[str, int]) -> None:
    """Set each key point's ``reported_by``: one name per independent report."""
    by_n = {number[a.id]: a for a in articles if a.id in number}
    head = copy_groups(articles)
    by_id = {a.id: a for a in articles}
    sentence_words = {a.id: [_words(s) for s in _SENTENCE.split(a.text)] for a in articles}
    for point in points:
        names: dict[str, None] = {}
        seen_heads: set[str] = set()
        wanted = _words(point.text)
        # The cited articles, then every other one with a sentence that says the same.
        also = [number[a.id] for a in articles if number.get(a.id) not in point.citations
                and a.id in number and _says(wanted, sentence_words[a.id])]
        carried: dict[str, list[str]] = {}
        for n in [*point.citations, *sorted(also)]:
            art = by_n.get(n)
            if art is None:
                continue
            h = head.get(art.id, art.id)
            # A copy is named by the outlet of the text it copies, the earliest.
            name = outlet(by_id[h], number[h])
            names.setdefault(name, None)
            other = outlet(art, n)
            if other != name and other not in carried.setdefault(name, []):
                carried[name].append(other)
            seen_heads.add(h)
        point.reported_by = [f"{k} (carried by {', '.join(carried[k])})" if carried.get(k) else k for k in names]


def phrase(names: list[str], total_outlets: int) -> str:
    """"reported by A, B and C" or "only A"."""
    if not names:
        return ""
    if len(names) == 1:
        return f"only {names[0]}" if total_outlets > 1 else f"reported by {names[0]}"
    return f"reported by {', '.join(names[:-1])} and {names[-1]}"
