"""The subjects of a sentence and of its speech verbs, read one sentence at a time."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefing.quotes.patterns import _LOWER_WORD, _QUOTED_AS, _VERB_FIRST, _VERB_WORDS
from briefing.quotes.speakers import _Event, _Head, _NAMELESS
from briefing.text.sentences import split_paragraph as _split_paragraph

if TYPE_CHECKING:
    from briefing.quotes.reader import _Reader


def _event(pos: int, h: _Head | None, speech: bool, verb: str, paragraph: int) -> _Event | None:
    """Who is the subject at ``pos``, as pronouns will look for them."""
    if h is None:
        return None
    if h.kind == "pronoun":
        gender = {"he": "m", "she": "f"}.get(h.name or "")
        return _Event(pos, "pronoun", None, gender, speech, verb, paragraph, h.name or "")
    if h.kind == "nameless":
        if not speech or not h.person:
            return None
        return _Event(pos, "nameless", None, None, speech, verb, paragraph)
    if h.type == "ORG":
        return _Event(pos, "org", h.name, None, speech, verb, paragraph)
    return _Event(pos, "person", h.name, h.gender, speech, verb, paragraph)


def _inside(pos: int, quoted: list[tuple[int, int]]) -> bool:
    for s, e in quoted:
        if s <= pos < e:
            return True
        if s > pos:
            break
    return False


def _sentence_events(reader: _Reader, a: int, b: int, p_index: int,
                     quoted: list[tuple[int, int]]) -> list[_Event]:
    """The subjects of the sentence text[a:b] and of its speech verbs outside quotations."""
    text = reader.text
    out: list[_Event] = []
    if not _inside(a, quoted) and a >= reader.title_end and reader.may_name_someone(a, b):
        ev = _event(a, reader.sentence_subject(a, b), False, "", p_index)
        if ev is not None:
            out.append(ev)
    last_in_sentence: _Event | None = None
    for m in _verbs(text, a, b):
        if _inside(m.start(), quoted) or m.group() in _NOT_EVENTS or _not_speaking(text, m.start()):
            continue
        ev = _event(m.start(), _verb_subject(reader, m, a, quoted, last_in_sentence), True, m.group(), p_index)
        if ev is not None:
            out.append(ev)
            last_in_sentence = ev
    return out


def _clause_start(pos: int, a: int, quoted: list[tuple[int, int]]) -> int:
    start = a
    for s, e in quoted:
        if e <= pos and e > start:
            start = e
        if s >= pos:
            break
    return start


def _verb_subject(reader: _Reader, m: re.Match[str], a: int, quoted: list[tuple[int, int]],
                  previous: _Event | None) -> _Head | None:
    """Who is speaking through the speech verb ``m`` in the sentence starting at ``a``."""
    text = reader.text
    verb = m.group()
    if verb == "quoted":
        q = _QUOTED_AS.match(text, m.start())
        if q:
            return reader._np_head(q.start("np"), q.end("np"))
        return None
    start = _clause_start(m.start(), a, quoted)
    before = text[start:m.start()]
    if verb.endswith("ing") and (before.rstrip().endswith(",") or before.rstrip().endswith(" by")
                                 or not before.strip()):
        # "..., saying only that", "by saying": the subject of the sentence speaks.
        if previous is not None:
            name = reader.name_of(previous)
            return _Head("named", name, None, previous.gender) if name else _NAMELESS
        return reader.sentence_subject(a, m.start())
    if not before.strip(" ,;:'\"`"):
        end = _sentence_end(text, m.end(), len(text))
        return reader.after_verb_np(m.end(), end)
    if _AND_BEFORE.search(before) and start > a:
        # "Marrow stressed the ``lasting value'' of the archive and said that": the
        # second verb of one subject; the clause before it is no speaker.
        return reader.sentence_subject(a, m.start())
    if before.rstrip().endswith(",") and _VERB_FIRST.match(text, m.start()):
        # "The plant survived the quake, said engineering manager Mehmet Turkel."
        end = _sentence_end(text, m.end(), len(text))
        h = reader.after_verb_np(m.end(), end)
        if h is not None and h.kind != "nameless":
            return h
    h = reader.subject_np(start, m.start())
    if h is None and before.strip():
        return reader.sentence_subject(a, m.start())
    return h


def _sentence_end(text: str, a: int, b: int) -> int:
    newline = text.find("\n", a, b)
    if newline >= 0:
        b = newline
    # Not the kept split: these stretches are one-offs and would only fill the cache.
    spans = _split_paragraph(text[a:b])
    return a + spans[0][1] if spans else b


# Verbs that quote words more often than they report someone speaking: "called in
# more officers", "cited figures".
_NOT_EVENTS = frozenset("called calls calling describing described cited cites quoting".split())
_PASSIVE = re.compile(r"\b(?:when|if|as|after|before|while|once|unless|was|were|been|being|is|are|be|get|got)\s+$",
                      re.I)


_AND_BEFORE = re.compile(r"\b(?:and|but)\s+(?:then\s+|also\s+|later\s+)?$")
_NOT_A_VERB = re.compile(r"\b(?:the|a|an|his|her|its|their|this|that|our|my|your|no|any|early|advance)\s+$", re.I)


def _verbs(text: str, a: int, b: int):
    """Speech verbs in text[a:b] that are verbs: not "the added impetus", not "a
    warning"; a participle only where it goes on a clause (", saying", "by saying")."""
    for m in _LOWER_WORD.finditer(text, a, b):
        if m.group() not in _VERB_WORDS:
            continue
        before = text[max(0, m.start() - 10):m.start()]
        if _NOT_A_VERB.search(before):
            continue
        if m.group().endswith("ing") and not re.search(r"(?:,|\bby|\bwhile|\bbefore|\bafter)\s+$", before):
            continue
        yield m


def _not_speaking(text: str, pos: int) -> bool:
    """"when asked", "was told": the verb's subject is not the one speaking."""
    return bool(_PASSIVE.search(text, max(0, pos - 12), pos))
