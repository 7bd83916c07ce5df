"""Where sources differ: one fact given with different figures by different outlets.

Two sentences from independent reports (different outlets, not copies of one text)
state the same fact when the same word follows a figure in both ("12 people", "15
people") and their other content words mostly agree; when the figures differ, both
sides are listed, each cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from briefing.corpus import Article
from briefing.notes.sections.corroboration import _SENTENCE, _words, copy_groups, outlet
from briefing.text.stopwords import STOPWORDS

#: Content words two sentences must share (Jaccard) to be about the same fact.
ALIKE = 0.3
#: Figures listed at most.
LIMIT = 8
# The figure ends in a digit, so "34, and" (an age, then a list) is no figure of "and";
# and the word it counts must be a content word, not "and" or "the".
_FIGURE = re.compile(r"(?<![\w.])(\$?\d(?:[\d,]*\d)?(?:\.\d+)?)(?:\s+(million|billion|thousand|percent|%))?\s+([a-z]{3,})")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "dozen": 12}


@dataclass
class Side:
    figure: str
    outlet: str
    text: str
    citation: int


@dataclass
class Difference:
    about: str
    """The word the figures count ("people", "dead", "million")."""
    sides: list[Side] = field(default_factory=list)


def _value(figure: str, scale: str | None) -> float | None:
    try:
        v = float(figure.lstrip("$").replace(",", ""))
    except ValueError:
        return None
    return v * {"thousand": 1e3, "million": 1e6, "billion": 1e9}.get(scale or "", 1)


def differences(articles: Sequence[Article], number: dict[str, int]) -> list[Difference]:
    head = copy_groups(articles)
    facts = []  # (noun, value, figure text, words, article, sentence)
    for art in articles:
        if art.id not in number:
            continue
        for sentence in _SENTENCE.split(art.body or ""):
            for m in _FIGURE.finditer(sentence):
                fig, scale, noun = m.groups()
                if len(fig) == 4 and fig.isdigit() and 1800 <= int(fig) <= 2100:
                    continue  # a year
                value = _value(fig, scale)
                if value is None or noun in STOPWORDS:
                    continue
                shown = " ".join(x for x in (fig, scale, noun) if x)
                facts.append((noun, value, shown, _words(sentence), art, sentence.strip()))
    out: list[Difference] = []
    used: set[tuple[str, int]] = set()
    for i, (noun, value, shown, words, art, sentence) in enumerate(facts):
        for noun2, value2, shown2, words2, art2, sentence2 in facts[i + 1:]:
            if noun2 != noun or value2 == value or head[art.id] == head[art2.id]:
                continue
            if outlet(art, number[art.id]) == outlet(art2, number[art2.id]):
                continue
            union = words | words2
            if not union or len(words & words2) / len(union) < ALIKE:
                continue
            key = (art.id, sentence), (art2.id, sentence2)
            if key[0] in used or key[1] in used:
                continue
            used.update(key)
            out.append(Difference(noun, [
                Side(shown, outlet(art, number[art.id]), sentence, number[art.id]),
                Side(shown2, outlet(art2, number[art2.id]), sentence2, number[art2.id])]))
            break
        if len(out) >= LIMIT:
            break
    return out
