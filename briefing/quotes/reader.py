"""An article read for speakers: its entity spans, the subjects read so far, what a pronoun means."""

from __future__ import annotations

import bisect
import re
from typing import Any

from briefing.quotes.events import _sentence_events
from briefing.quotes.patterns import _LOWER_WORD, _PERSON_NOUNS, split_paragraph
from briefing.quotes.phrases import _NounPhrases
from briefing.quotes.speakers import _Event, _expand_name, _Head, _not_a_speaker


#: Paragraphs before a quotation read for the people its pronouns may mean.
_LOOK_BACK = 4


_ASCII_LOWER = re.compile(r"[a-z]+")
_WORD_JOINERS = "_'’-"


class _LowerWords:
    """Whether a word is written in lower case somewhere in the text, looked up per word
    asked: a set of every word of the article cost more than the few questions asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        got = self._known.get(word)
        if got is None:
            got = self._known[word] = bool(_ASCII_LOWER.fullmatch(word)) and self._written(word)
        return got

    def _written(self, word: str) -> bool:
        text, n = self.text, len(word)
        at = text.find(word)
        while at >= 0:
            before = text[at - 1] if at else " "
            after = text[at + n] if at + n < len(text) else " "
            if not (before.isalnum() or before in _WORD_JOINERS or after.isalnum() or after in _WORD_JOINERS):
                return True
            at = text.find(word, at + 1)
        return False


class _Reader(_NounPhrases):
    """Speakers from the words of an article: subjects of speech verbs, pronouns, and
    the entity table's mention spans when there is one."""

    def __init__(self, text: str, article_id: str, table: Any) -> None:
        self.text = text
        self.has_table = table is not None
        spans = []
        if table is not None:
            try:
                spans = [s for s in table.spans(article_id) if s.end > s.start]
            except Exception:  # an entity table that cannot answer must not sink the note
                spans = []
        self.spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self._starts = [s.start for s in self.spans]
        self._longest = max((s.end - s.start for s in self.spans), default=0)
        # Subjects are read sentence by sentence backwards from where a pronoun or a
        # quotation without attribution needs them, and kept.
        self._paragraphs: list[tuple[int, str]] = []
        self._par_starts: list[int] = []
        self._par_sents: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}
        self._sent_events: dict[tuple[int, int], list[_Event]] = {}
        self._quoted: list[tuple[int, int]] = []
        self._pronouns: dict[int, str | None] = {}
        self.bounds: list[tuple[int, int]] = []
        self._memo: dict[tuple, _Head | None] = {}
        self._expanded: dict[str, str] = {}
        self._nobody: dict[str, bool] = {}
        self._lower_words: _LowerWords | None = None
        self.title_end = 0

    def may_name_someone(self, a: int, b: int) -> bool:
        """Whether the sentence at ``a`` can open with a person: most sentences open with
        no name, no "he" and no "the official", and are not read further."""
        head = self.text[a:min(b, a + 90)]
        if self.has_table:
            i = bisect.bisect_left(self._starts, a)
            if i < len(self._starts) and self._starts[i] < a + 90:
                return True
        elif re.search(r"[A-Z]\w+\s+[A-Z]", head):
            return True
        low = head.lower()
        return bool(re.match(r"\W*(?:he|she|but he|but she|and he|and she)\b", low)) or \
            any(w in _PERSON_NOUNS for w in _LOWER_WORD.findall(low[:60]))

    def start_scan(self, paragraphs: list[tuple[int, str]], quoted: list[tuple[int, int]]) -> None:
        self._quoted = quoted
        self._paragraphs = paragraphs
        self._par_starts = [offset for offset, _ in paragraphs]

    def paragraph_sentences(self, p: int) -> tuple[list[tuple[int, int]], list[int]]:
        """(start, end) of each sentence of paragraph ``p`` in the article, and their
        starts; split on first need: most paragraphs of an article are never read."""
        got = self._par_sents.get(p)
        if got is None:
            offset, paragraph = self._paragraphs[p]
            sents = [(offset + a, offset + b) for a, b in split_paragraph(paragraph)]
            got = self._par_sents[p] = (sents, [a for a, _ in sents])
        return got

    def events_before(self, pos: int, paragraphs_back: int = 0):
        """Subjects before ``pos``, nearest first, in its paragraph and as many before it:
        who "he" is lies in the last few paragraphs."""
        p = bisect.bisect_right(self._par_starts, pos) - 1
        j = -1
        while p >= 0:
            j = bisect.bisect_right(self.paragraph_sentences(p)[1], pos) - 1
            if j >= 0:
                break
            p -= 1
        if p < 0:
            return
        for q in range(p, max(-1, p - paragraphs_back - 1), -1):
            sents = self.paragraph_sentences(q)[0]
            for i in range(j if q == p else len(sents) - 1, -1, -1):
                key = (q, i)
                if key not in self._sent_events:
                    self._sent_events[key] = []  # a pronoun inside this sentence looks before it
                    self._sent_events[key] = _sentence_events(self, *sents[i], q, self._quoted)
                for ev in reversed(self._sent_events[key]):
                    if ev.pos < pos:
                        yield ev

    def name_of(self, ev: _Event) -> str | None:
        if ev.kind != "pronoun":
            return ev.name
        # "he said" after "he said": each one is who the one before it was.
        if ev.pos not in self._pronouns:
            self._pronouns[ev.pos] = None  # a pronoun never means itself
            self._pronouns[ev.pos] = self.pronoun(ev.pos, ev.word)
        return self._pronouns[ev.pos]

    def expand(self, name: str) -> str:
        if name not in self._expanded:
            self._expanded[name] = _expand_name(name, self.text)
        return self._expanded[name]

    def not_a_speaker(self, surface: str) -> bool:
        if surface not in self._nobody:
            if self._lower_words is None:
                self._lower_words = _LowerWords(self.text)
            self._nobody[surface] = _not_a_speaker(surface, self._lower_words)
        return self._nobody[surface]

    def span_at(self, pos: int) -> Any | None:
        found = None
        i = bisect.bisect_right(self._starts, pos)
        lo = bisect.bisect_left(self._starts, pos - self._longest)
        for span in self.spans[lo:i]:
            if span.start <= pos < span.end:
                found = span
        return found

    def resolve(self, h: _Head | None, pos: int) -> str | None:
        if h is None or h.kind == "nameless":
            return None
        if h.kind == "pronoun":
            return self.pronoun(pos, h.name or "he")
        return h.name

    def pronoun(self, pos: int, word: str) -> str | None:
        """"he" or "she" at ``pos``: the last person who was a subject before it; "it"
        the organisation that spoke last ("the daily said ... it warned")."""
        if word == "it":
            for ev in self.events_before(pos, _LOOK_BACK):
                if ev.speech:
                    if ev.kind == "pronoun" and ev.word == "it":
                        return self.pronoun(ev.pos, "it")
                    return ev.name if ev.kind == "org" else None
            return None
        want = "f" if word == "she" else "m"
        for ev in self.events_before(pos, _LOOK_BACK):
            if ev.kind == "org" or (ev.kind == "pronoun" and ev.word == "it"):
                continue
            if ev.kind == "nameless":
                return None
            if ev.gender and ev.gender != want:
                continue  # someone else, or "she" for someone else
            if ev.kind == "pronoun":
                return self.name_of(ev)  # the same person, named further back
            return ev.name
        return None
