"""Direct quotations in an article and who said them.

News writes quotations in many ways: “curly”, "straight", ``backquoted'' (AP and the
New York Times in their archives), ''doubled apostrophes'', ‘single’ marks, and
quotations that run over several paragraphs, each opening again. Archives also drop
opening marks, leaving only the closing one. A speaker is the subject of the speech
verb that attributes the quotation ("X said", "said X, the chief of Y", "according to
X"); a pronoun is the last person who was the subject of a sentence; when the text
leaves it unclear, or names a place, the speaker is None rather than a guess.

The flow: ``marks`` pairs the quote marks of each paragraph into quotations; for those
long enough, ``attribution`` finds the attribution and asks a ``reader`` (noun phrases
in ``phrases``, the subjects of sentences in ``events``, names in ``speakers``) who it
names; ``patterns`` holds the words all of them read by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from briefing.quotes.attribution import _attribute, _context_speaker, _Found, _share_along_chains
from briefing.quotes.marks import _raw_quotes
from briefing.quotes.patterns import MIN_WORDS, PRONOUNS, SPEECH_VERBS, TITLES
from briefing.quotes.reader import _Reader
from briefing.text.sentences import words

__all__ = ["MIN_WORDS", "PRONOUNS", "SPEECH_VERBS", "TITLES", "Quotation", "Quote", "find_quotes"]


@dataclass(frozen=True)
class Quotation:
    """A quotation: ``article.text[start:end] == text`` (inside the quote marks)."""

    article_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    attributed: bool
    """True when the speaker comes from an attribution, not a guess from context."""

    def to_json(self) -> dict:
        return {"article": self.article_id, "text": self.text, "speaker": self.speaker,
                "start": self.start, "end": self.end}


#: The name the issue and the commands use for one found quotation.
Quote = Quotation


def find_quotes(article: Any, table: Any = None) -> list[Quotation]:
    """Quotations of at least MIN_WORDS words, with speakers where the text allows."""
    text = article.text
    paragraphs = article.paragraphs()
    found: list[_Found] = []
    for p_index, (offset, paragraph) in enumerate(paragraphs):
        for raw in _raw_quotes(paragraph):
            f = _Found(raw, offset, p_index)
            f.words = len(words(text[offset + raw.inner_start:offset + raw.inner_end]))
            found.append(f)
    if not any(f.words >= MIN_WORDS for f in found):
        return []
    reader = _Reader(text, article.id, table)
    # The headline is no sentence: "Mayor Regrets Library Hours Cut" is nobody "he" means.
    reader.title_end = max(0, getattr(article, "body_offset", 0) - 2) if getattr(article, "body", "") else 0
    # Words inside quotation marks are nobody's attribution, with the marks themselves.
    quoted = sorted((f.start, f.end) for f in found)
    # A clause is bounded by quotations, not by a scare-quoted word inside it ("takes
    # China's ``fundamental interests''" still belongs to "Lee confirmed that").
    reader.bounds = [(f.start, f.end) for f in found if f.words >= MIN_WORDS]
    reader.start_scan(paragraphs, quoted)
    # A paragraph whose quotation runs on: the next paragraph's opening quotation is
    # the same speaker going on.
    for prev, cur in zip(found, found[1:]):
        if prev.raw.open_end and cur.paragraph == prev.paragraph + 1 and cur.raw.mark_start == 0:
            cur.chained_to = prev
    long_ = [f for f in found if f.words >= MIN_WORDS]
    for i, f in enumerate(long_):
        if _title(text[f.offset + f.raw.inner_start:f.offset + f.raw.inner_end]):
            # "Gross Indecency: The Three Trials of Oscar Wilde" names a work; nobody
            # says it.
            f.attributed = True
            continue
        f.speaker, f.attributed = _attribute(reader, f, found, paragraphs, quoted)
    _share_along_chains(long_)
    for i, f in enumerate(long_):
        if f.attributed or f.speaker is not None:
            continue
        speaker = _context_speaker(reader, f, long_[:i], paragraphs)
        if speaker is not None:
            f.speaker = speaker
    _share_along_chains(long_)
    out: list[Quotation] = []
    for f in long_:
        s, e = f.offset + f.raw.inner_start, f.offset + f.raw.inner_end
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        tail = chunk.rstrip()
        tail = tail.rstrip(",;:") if tail.endswith((",", ";", ":")) else tail
        s, e = s + lead, s + len(tail)
        if e <= s:
            continue
        out.append(Quotation(article.id, s, e, text[s:e], f.speaker, f.attributed))
    return out


def _title(inner: str) -> bool:
    """Words in title case, not a sentence: the name of a book, a film, a show."""
    ws = words(inner)
    if len(ws) < 3 or re.search(r"[.!?,;]\s", inner):
        return False
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by", "with", "or"}
    caps = sum(1 for w in ws if w[0].isupper())
    return ws[0][0].isupper() and all(w[0].isupper() or w.lower() in small for w in ws) and caps >= 3
