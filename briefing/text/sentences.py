"""Sentence splitting with character offsets into ``Article.text``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.corpus import Article

#: Words that end in a full stop without ending the sentence. Month abbreviations are
#: here because "Jan. 4" is far more common in news than a sentence ending in "Jan."
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm maj st jr sr inc ltd co
    corp llc plc vs etc e.g i.e no nos fig approx dept est govt univ ave blvd mt ft pres
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u u.s.a p.m a.m""".split()
)

# A sentence boundary: terminal punctuation, optional closing quotes or brackets,
# whitespace, then something that can start a sentence, an opening quote mark included
# (news archives open quotes with two backquotes or two apostrophes).
_BOUNDARY = re.compile(r"[.!?…]+(?:''|[\"”’')\]])*\s+(?=(?:``|''|[\"“‘'`(\[])?[A-Z0-9À-ÖØ-Þ])")
_BULLET = re.compile(r"^(?:[-*•–—]|\d{1,3}[.)])\s+")
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*$")
_WORD = re.compile(r"[^\W_]+(?:[-‑’'][^\W_]+)*")


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``article.text[start:end] == text``."""

    article_id: str
    start: int
    end: int
    text: str
    index: int
    """Position of the sentence in its article, 0 for the first."""
    paragraph: int
    """Index of the paragraph (the title is paragraph 0)."""
    heading: bool
    """A paragraph of one short unpunctuated line: a heading or a link teaser."""
    in_title: bool

    @cached_property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def _is_abbreviation(chunk: str) -> bool:
    """True when the text before a full stop ends in an abbreviation or an initial."""
    m = re.search(r"([A-Za-z](?:[A-Za-z.]*))\.$", chunk)
    if not m:
        return False
    word = m.group(1).lower()
    if word in ABBREVIATIONS:
        return True
    # A lone capital ("J. Smith") is an initial, not the end of a sentence.
    return len(word) == 1 and m.group(1).isupper()


def split_paragraph(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence in one paragraph, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(paragraph):
        end = m.end()
        piece = paragraph[start:end].rstrip()
        punct_end = start + len(piece)
        # Step back over closing quotes to see the word before the full stop.
        core = piece.rstrip("\"”’')]")
        if core.endswith(".") and _is_abbreviation(core):
            continue
        if punct_end > start:
            spans.append((start, punct_end))
        start = end
    tail = paragraph[start:].rstrip()
    if tail.strip():
        spans.append((start, start + len(tail)))
    return [(s + (len(paragraph[s:e]) - len(paragraph[s:e].lstrip())), e) for s, e in spans]


def split_sentences(article: Article) -> list[Sentence]:
    """Every sentence of the article (title included), with offsets into its text."""
    text = article.text
    out: list[Sentence] = []
    body_offset = article.body_offset
    for p_index, (offset, paragraph) in enumerate(article.paragraphs()):
        bullet = _BULLET.match(paragraph)
        skip = bullet.end() if bullet else 0
        pieces = split_paragraph(paragraph[skip:])
        heading = (
            len(pieces) == 1
            and not _TERMINAL.search(paragraph.rstrip())
            and len(_WORD.findall(paragraph)) <= 20
        )
        for s, e in pieces:
            start, end = offset + skip + s, offset + skip + e
            out.append(
                Sentence(
                    article_id=article.id,
                    start=start,
                    end=end,
                    text=text[start:end],
                    index=len(out),
                    paragraph=p_index,
                    heading=heading,
                    in_title=start < body_offset and bool(article.body),
                )
            )
    return out


def words(text: str) -> list[str]:
    """The words of a text, hyphenated and apostrophed words kept whole."""
    return _WORD.findall(text)
