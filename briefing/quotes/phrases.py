"""Noun phrases around speech verbs: what the subject of a clause or of a sentence names."""

from __future__ import annotations

import re

from briefing.quotes.patterns import (
    _AUX, _CONJ, _COREF_NOUNS, _DATELINE, _DESCRIPTORS, _DETERMINERS, _INDEFINITE, _INTRO, _LEADING,
    _NOT_NAMES, _ORG_NOUNS, _PERSON_NOUNS, _PP, _PREPOSITIONS, _TIME_WORDS, _VERB,
)
from briefing.quotes.speakers import (
    _gender, _Head, _lexicon_type, _NAMELESS, _plain, _strip_title, _THING, _TITLE_PARTS, _TITLE_WORD,
    _TOKEN, _TRAILING_CAPS,
)


#: A party and state after a legislator's name ("D-Vt.", "R-Texas"), or a lone letter.
_PARTY_TAG = re.compile(r"[A-Z](?:-[A-Z][\w.]*)?\.?")


_DAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split())
_OPENING_PARTICIPLE = re.compile(r"[a-z]{3,}ing|pressed|questioned|told|faced|compared|reached|contacted")


class _NounPhrases:
    """The noun-phrase half of the article reader (``reader._Reader``), kept apart for
    size: it reads the reader's ``text``, ``spans``, ``has_table`` and ``_memo`` and asks
    its ``span_at``, ``not_a_speaker`` and ``expand``."""

    def head(self, a: int, b: int) -> _Head | None:
        """What the noun phrase text[a:b] names."""
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.text, a, b)]
        if not toks:
            return None
        first = toks[0][2].lower()
        if len(toks) == 1 and first in ("he", "she"):
            return _Head("pronoun", first)
        if len(toks) == 1 and first == "it":
            return _Head("pronoun", "it")
        if len(toks) == 1 and first == "who":
            # "Tomas Vireo, who says ..., was pleased": the person just named.
            j = a - 1
            while j >= 0 and self.text[j].isspace():
                j -= 1
            if j > 0 and self.text[j] == ",":
                span = self.span_at(j - 1)
                if span is not None and getattr(span, "type", "") == "PERSON":
                    return _Head("named", span.name, span.type,
                                 _gender(span.name, self.text[max(0, span.start - 6):span.start]))
        if first in ("they", "it", "we", "i", "you", "this", "these", "those", "who"):
            return _NAMELESS
        ls, le, lw = toks[-1]
        if _PARTY_TAG.fullmatch(lw):
            return None  # "Leahy, D-Vt., said": a party and a state, not a name
        lw = re.sub(r"[’']s?$", "", lw)
        span = self.span_at(ls)
        if span is not None:
            surface = self.text[span.start:span.end]
            if getattr(span, "type", "") not in ("PERSON", "ORG"):
                return _THING  # a place or a thing is nobody's voice
            if first in _INDEFINITE:
                return _NAMELESS
            if self.not_a_speaker(surface) and span.name == surface:
                return _THING
            return _Head("named", span.name, span.type, _gender(span.name, self.text[max(0, span.start - 6):span.start]))
        if not lw or not lw[0].isupper():
            if first in ("the", "this", "that") and (lw in _PERSON_NOUNS or lw in _ORG_NOUNS):
                named = self.noun_coref(lw, a)
                if named is not None:
                    return named
            return _NAMELESS if lw in _PERSON_NOUNS or lw in _ORG_NOUNS else _THING
        if first in _INDEFINITE:
            return _NAMELESS
        m = _TRAILING_CAPS.search(self.text[a:ls + len(lw)])
        if not m:
            return None
        raw = m.group(1)
        # "South Korean President Lee Jae-myung": the name follows the last title.
        titled = list(_TITLE_WORD.finditer(raw))
        if titled and titled[-1].end() < len(raw):
            raw = raw[titled[-1].end():]
        name = re.sub(r"^(?:The|A|An)\s+", "", _strip_title(raw))
        parts = name.split()
        while len(parts) > 1 and (parts[0] in _TITLE_PARTS or _lexicon_type(parts[0]) in ("PLACE", "DEMONYM")
                                  or re.search(r"[’']s$", parts[0])):
            parts = parts[1:]  # "State Antony Blinken", "Korean Lee", "USC's Hunt"
        while len(parts) > 1 and parts[-1].lower() in _DAY_WORDS:
            parts = parts[:-1]  # "said spokesman Ivo Castel Thursday" ("Clara June" stays)
        name = " ".join(parts)
        if not parts or all(p.lower() in _NOT_NAMES or p.lower().strip(".") in _TIME_WORDS for p in parts):
            return None
        if self.not_a_speaker(name):
            return _THING
        if self.has_table and len(parts) == 1:
            # The table found every name it could in this article; a lone capitalised
            # word it did not take is a sentence's first word or a common noun.
            full = self.expand(name)
            if full == name:
                return _THING
            name = full
        start = a + m.start(1)
        return _Head("named", _plain(self.expand(name)), None,
                     _gender(name, self.text[max(0, start - 6):start]))

    def noun_coref(self, noun: str, pos: int) -> _Head | None:
        """"the prime minister said": the last person or body introduced with that word
        ("Prime Minister Nawaz Sharif", "the newspaper Jomhuri Eslami")."""
        if noun not in _COREF_NOUNS:
            return None
        nouns = "paper|newspaper|daily" if noun in ("paper", "newspaper", "daily") else re.escape(noun)
        want = "ORG" if noun in _ORG_NOUNS else "PERSON"
        # The word as a title right before the name, or in an appositive right after it
        # that closes before any verb: "Kent Wiedemann, the top American diplomat,".
        title = re.compile(rf"\b(?:{nouns})\s+(?:[A-Z][\w.'’\-]*\s+)*$", re.I)
        appos = re.compile(rf",\s+(?:the|a|an)\s+[^,.;]{{0,50}}?\b(?:{nouns})\b[^,.;]{{0,80}}(?:[,.;]|$)", re.I)
        best = None
        for span in self.spans:
            if span.end > pos:
                break
            if getattr(span, "type", "") != want or pos - span.start > 4000:
                continue  # a spokesman is a person, a paper an organisation
            before = self.text[max(0, span.start - 45):span.start]
            after = self.text[span.end:span.end + 100]
            m = appos.match(after)
            if m and span.end <= pos <= span.end + m.end():
                m = None  # "with Okafor, the Falcons' coach ...": the phrase asked about
            if title.search(before) or (m and not _VERB.search(m.group())):
                best = span
        if best is None:
            return None
        return _Head("named", best.name, best.type, _gender(best.name, self.text[max(0, best.start - 6):best.start]))

    def _trim(self, a: int, b: int) -> tuple[int, int]:
        while a < b and (self.text[a].isspace() or self.text[a] in ",;:_-—'\"`"):
            a += 1
        while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ",;:_-—'\"`"):
            b -= 1
        return a, b

    def _np_end(self, a: int, b: int) -> int:
        """Where the noun phrase starting at ``a`` ends: before a relative clause or a
        prepositional phrase that follows its first word ("Bill Janovitz of Buffalo Tom",
        "the official at presidential office who spoke")."""
        for i, m in enumerate(_TOKEN.finditer(self.text, a, b)):
            if i and m.group().lower() in _PREPOSITIONS:
                return m.start()
        return b

    def subject_np(self, a: int, v: int) -> _Head | None:
        """The subject of the verb at ``v`` in the clause text[a:v]: "David Pasqualotto, a
        special agent with the Bureau, [said]", "If the monitors were there, Toksoz [said]"."""
        # Reading subjects and attributing quotations ask about the same clauses.
        key = ("np", a, v)
        if key not in self._memo:
            self._memo[key] = self._subject_np(a, v)
        return self._memo[key]

    def _subject_np(self, a: int, v: int) -> _Head | None:
        seg = self.text[a:v]
        for cut in (" _ ", " -- ", "; ", ": ", " although ", " but ", " while ", " whereas ", " because ",
                    ", and ", ", but "):
            i = seg.rfind(cut)
            if i >= 0:
                seg, a = seg[i + len(cut):], a + i + len(cut)
        # Drop adverbs and auxiliaries between the subject and the verb ("Kaufman has
        # said", "Toksoz also said"), unless a comma closes an appositive there.
        tail = max(0, len(seg) - 160)
        words_ = list(_TOKEN.finditer(seg, tail)) if not seg.rstrip().endswith(",") else []
        end = len(seg)
        for m in reversed(words_):
            w = m.group().lower()
            if w in _AUX or w in _TIME_WORDS or (w.endswith("ly") and len(w) > 4 and m.group()[0].islower()
                                                  and w not in _ORG_NOUNS and w not in _PERSON_NOUNS):
                end = m.start()
                continue
            break
        seg = seg[:end]
        body = seg.rstrip()
        if not body.strip(" ,"):
            return None
        if body.endswith(","):
            chunks = _chunks(body.rstrip(","))
            # "one N.J.-based pilot, Larry Lorenzo, [said]": a name set off after a
            # description is the subject.
            if len(chunks) >= 2:
                cs, ce = chunks[-1]
                ps, pe = chunks[-2]
                prev_words = body[ps:pe].split()
                if prev_words and prev_words[-1][:1].islower():
                    h = self.head(*self._trim(a + cs, a + ce))
                    if h is not None and h.kind == "named":
                        return h
            for i in range(len(chunks) - 1):
                if _appositive(body[chunks[i + 1][0]:chunks[i + 1][1]]):
                    s, e = chunks[i]
                    return self._np_head(a + s, a + e)
            s, e = chunks[-1]
            return self._np_head(a + s, a + e)
        if body.split()[-1].lower() in ("and", "but", "or", "then"):
            # "Blinken congratulated Lee and [stated]": the clause's subject speaks.
            return self.sentence_subject(a, a + len(body))
        return self._suffix_np(a, a + len(body))

    def _suffix_np(self, a: int, b: int) -> _Head | None:
        """The noun phrase that ends at ``b``, read backwards: names, titles and
        descriptions ("Government spokesman Sukru Sina Gurel"), skipping a
        prepositional phrase ("Bill Janovitz [of Buffalo Tom]")."""
        # The phrase is short: only the end of a long clause is read.
        lo = max(a, b - 160)
        if lo > a:
            space = self.text.find(" ", lo, b)
            lo = space + 1 if space >= 0 else lo
        toks = list(_TOKEN.finditer(self.text, lo, b))
        if toks and toks[-1].group().lower() in ("he", "she", "it", "they", "we", "i", "who"):
            return self.head(toks[-1].start(), toks[-1].end())
        i = len(toks) - 1
        np_start = np_end = None
        crossed = False
        while i >= 0:
            m = toks[i]
            w = m.group()
            lw = w.lower()
            if np_end is not None and self.text[m.end():toks[i + 1].start()].strip():
                break  # a comma or a dash ends the phrase
            if lw in _DETERMINERS:
                if np_end is not None:
                    np_start = m.start()
                if i and toks[i - 1].group().lower() in _PP and np_end is not None:
                    np_start = np_end = None
                    crossed = True
                    i -= 2
                    continue
                break
            if w[0].isupper() or lw in _PERSON_NOUNS or lw in _ORG_NOUNS or lw in _DESCRIPTORS \
                    or re.fullmatch(r"[A-Z]\.(?:[A-Z]\.)*", w):
                if np_end is None:
                    np_end = m.end()
                np_start = m.start()
                i -= 1
                continue
            if lw in _PP and np_end is not None:
                np_start = np_end = None
                crossed = True
                i -= 1
                continue
            if lw in ("and", "&") and np_end is not None:
                return _NAMELESS  # "Piccard and Jones said": more than one speaker
            break
        if np_end is None:
            return _NAMELESS if crossed else None
        return self.head(np_start, np_end)

    def _np_head(self, a: int, b: int) -> _Head | None:
        a, b = self._trim(a, b)
        # Leading conjunctions and subordinators: "for as Bill Janovitz says".
        while True:
            m = _TOKEN.match(self.text, a)
            if m and m.end() <= b and m.group().lower() in _CONJ | _LEADING:
                a, b = self._trim(m.end(), b)
                continue
            break
        if a >= b:
            return None
        return self.head(a, self._np_end(a, b))

    def after_verb_np(self, ve: int, b: int) -> _Head | None:
        """The subject after a verb that comes first: "said engineering manager Mehmet
        Turkel", "said a diplomat in the capital", "adds J.C. Chasez of the band"."""
        a, b = self._trim(ve, b)
        for m in _TOKEN.finditer(self.text, a, b):
            if m.group().lower() in _TIME_WORDS or m.group().lower() in ("on", "late", "early", "also", "here"):
                a = m.end()
                continue
            break
        a, b = self._trim(a, b)
        stop = re.search(r"[,;(]|\s(?:--|_)\s", self.text[a:b])
        if stop:
            b = a + stop.start()
        b = self._np_end(a, b)
        a, b = self._trim(a, b)
        if a >= b:
            return None
        return self.head(a, b)

    def sentence_subject(self, a: int, b: int) -> _Head | None:
        """The subject of the sentence text[a:b], skipping a dateline, a leading
        conjunction and an opening adverbial phrase."""
        key = ("sentence", a, b)
        if key not in self._memo:
            self._memo[key] = self._sentence_subject(a, b)
        return self._memo[key]

    def _sentence_subject(self, a: int, b: int) -> _Head | None:
        a0 = a
        seg = self.text[a:b]
        m = _DATELINE.match(seg)
        if m:
            a += m.end()
        lost = False
        while True:
            a, _ = self._trim(a, b)
            m = _TOKEN.match(self.text, a)
            if not m or m.end() > b:
                lost = True
                break
            w = m.group().lower()
            if w in _LEADING:
                a = m.end()
                continue
            if w in _INTRO or (a == a0 or a0 < a and not self.text[a0:a].strip(" ,")) and \
                    _OPENING_PARTICIPLE.fullmatch(w) and self.span_at(a) is None:
                # "Pointing to the map, Ardent said", "Speaking for the board, Halvorsen":
                # an opening participle's clause is not the subject.
                comma = self.text.find(",", m.end(), min(b, m.end() + 160))
                if comma < 0:
                    lost = True
                    break
                a = comma + 1
                continue
            break
        # The phrase: capitalised words, titles, person nouns and determiners in front.
        end = a
        seen_cap = False
        toks = list(_TOKEN.finditer(self.text, a, a if lost else b))
        for i, m in enumerate(toks):
            gap = self.text[end:m.start()]
            if end > a and gap.strip():
                break
            w = m.group()
            lw = w.lower()
            if w[0].isupper():
                seen_cap = True
            elif seen_cap and lw in ("of", "for", "de", "van", "von", "al", "bin") and i + 1 < len(toks) \
                    and toks[i + 1].group()[0].isupper():
                pass  # "Secretary of State Antony Blinken", "Bank of England"
            elif lw in ("the", "a", "an", "one") and not seen_cap and end == a:
                pass
            elif lw in _PERSON_NOUNS or lw in _ORG_NOUNS:
                pass
            elif not seen_cap and lw in ("former", "chief", "senior", "deputy", "top", "defense", "defence",
                                         "police", "assistant", "acting", "foreign", "prime", "vice"):
                pass
            else:
                break
            end = m.end()
        h = self.head(a, end) if a < end and not lost else None
        if h is None or (h.kind == "nameless" and self.text[a:end].strip().lower() in ("i", "we")):
            # "At that point Budd gave up": the first person the sentence names.
            for span in self.spans:
                if span.start >= b:
                    break
                # Only a name a verb follows: "On Monica Lewinsky and President Clinton:"
                # names the topic, not the speaker.
                nxt = _TOKEN.match(self.text, self._trim(span.end, b)[0])
                if span.start >= a0 and getattr(span, "type", "") == "PERSON" \
                        and nxt is not None and nxt.group()[0].islower() \
                        and nxt.group().lower() not in _PREPOSITIONS | _CONJ \
                        and not self.not_a_speaker(self.text[span.start:span.end]):
                    return _Head("named", span.name, span.type,
                                 _gender(span.name, self.text[max(0, span.start - 6):span.start]))
        return h


def _chunks(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in re.finditer(r",", text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _appositive(chunk: str) -> bool:
    """ ", a special agent with ...", ", 41", ", who heads ...": a description of the
    name before it, not a new subject."""
    w = chunk.strip()
    if not w:
        return False
    first = w.split()[0].lower()
    return w[0].isdigit() or w[0].islower() or first in ("a", "an", "the", "who", "which", "whose", "one")
