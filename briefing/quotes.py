"""Direct quotations in an article and who said them.

News writes quotations in many ways: “curly”, "straight", ``backquoted'' (AP and the
New York Times in their archives), ''doubled apostrophes'', ‘single’ marks, and
quotations that run over several paragraphs, each opening again. Archives also drop
opening marks, leaving only the closing one. A speaker is the subject of the speech
verb that attributes the quotation ("X said", "said X, the chief of Y", "according to
X"); a pronoun is the last person who was the subject of a sentence; when the text
leaves it unclear, or names a place, the speaker is None rather than a guess.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from briefing.sentences import split_paragraph as _split_paragraph, words

# Paragraphs are split again for every quotation in them; the split is kept.
split_paragraph = lru_cache(maxsize=4096)(_split_paragraph)

#: Verbs that introduce or close a quotation.
SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|stated|states|noted|notes|argued|argues|warned|warns|"
    "insisted|insists|explained|explains|declared|declares|wrote|writes|asked|asks|replied|"
    "replies|urged|urges|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|announced|announces|"
    "promised|promises|pledged|pledges|remarked|recalled|recounted|continued|concluded|acknowledged|"
    "admitted|confirmed|confirms|claimed|claims|called|calling|calls|describing|described|saying|"
    "vowed|vows|tweeted|posted|answered|responded|suggested|suggests|predicted|cautioned|conceded|"
    "testified|agreed|complained|observed|commented|quipped|joked|shouted|cried|cited|cites|"
    "wondered|adding|noting|stressing|warning|asking|explaining|insisting|arguing|declaring|"
    "telling|quoted|quoting"
)
PRONOUNS = {"he", "she", "they"}
TITLES = (
    "President|Prime Minister|Premier|Chancellor|Secretary(?: of State)?|Minister|Foreign Minister|"
    "Ambassador|Senator|Sen\\.|Rep\\.|Gov\\.|Governor|Mayor|General|Gen\\.|Chairman|Chairwoman|"
    "Chair|Leader|Spokesman|Spokeswoman|Spokesperson|Mr\\.?|Mrs\\.?|Ms\\.?|Dr\\.?|Prof\\.?|"
    "Professor|King|Queen|Pope|Judge|Justice|Director|Commissioner|former president|"
    "former President|Chief Executive|CEO"
)
_CAP = r"[A-Z][\w\-‑’'.]*"
_SP = r"[ \u00a0]+"
MIN_WORDS = 5

_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b")
# The same verbs as a set: looking each lower-case word up is faster than the
# alternation, and every sentence of a quoting article is read for them.
_VERB_WORDS = frozenset(
    w for v in SPEECH_VERBS.split("|")
    for w in ([v.replace("[sz]", "s"), v.replace("[sz]", "z")] if "[sz]" in v else [v])
)
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
# Verbs that may come before their subject: "…,'' said Lee" (not "told": its object follows).
_VERB_FIRST = re.compile(
    r"[\s,;:]*(?:(?:also|later|then)\s+)?(?P<v>said|says|added|adds|asked|asks|explained|recalled|"
    r"recounted|wrote|writes|continued|insisted|noted|notes|agreed|warned|declared|replied|"
    r"answered|stressed|argued|observed|commented|conceded|cautioned|concluded|announced)\b")
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
# "… Lee said, " or "… wrote in an opinion piece, " opening a quote whose mark was lost.
_INTRODUCER = re.compile(rf"\b(?:{SPEECH_VERBS})\b(?:[ \t]+[^\s,.;:!?]+){{0,8}}?[ \t]*[,:][ \t]+(?=\S)")
_QUOTED_AS = re.compile(r"\bquoted\s+(?P<np>[^,.;]{2,80}?),?\s+as\s+saying\b")

_NOT_NAMES = frozenset(
    """a an the this that these those it its in on at by for from with without despite
    however but and or so yet while although though when whenever if since after before
    during perhaps meanwhile still also even just only then there here as because many
    most some several both all each every such other another one two three no not what
    who why how where which for to of i we you they he she his her their our my""".split()
)
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    tomorrow morning afternoon evening night january february march april may june july
    august september october november december week month year""".split()
)
_AUX = frozenset(
    """also later then again has had have would will is was were are further repeatedly
    previously recently earlier once often ultimately finally now still even only just
    reportedly here there today yesterday tonight flatly simply quickly quietly later
    herself himself themselves itself""".split()
)
_CONJ = frozenset("and but so yet while though although whereas because for as that or nor".split())
# Words that open an adverbial phrase before a sentence's subject: "After Budd gave his
# name, the employee asked ...".
_INTRO = frozenset(
    """after when if as although though while despite in on at during since before
    concerning asked speaking with until once for earlier later under unlike like given
    following without because from by of to over regarding apart besides amid among
    throughout upon whether once having""".split()
)
_LEADING = frozenset("but and so yet still however meanwhile also now then instead thus".split())
_PREPOSITIONS = frozenset(
    """of in at from for with on to by who whom which that whose under near after before
    during while about against into onto over than via where when""".split()
)
_INDEFINITE = frozenset("a an one another some several two three four many".split())
# "the prime minister", "the paper": words that refer back to a name they were used with.
_COREF_NOUNS = frozenset(
    """minister president premier chancellor secretary governor mayor senator ambassador
    spokesman spokeswoman chairman chairwoman director commissioner prosecutor judge king
    queen leader general paper newspaper daily agency ministry company firm""".split()
)
_DETERMINERS = frozenset("the a an one another this that".split())
_PP = frozenset("of in at from for with on to by under near about".split())
# Words that describe a speaker before the name: "defense attorney Wyatt Skaggs".
_DESCRIPTORS = frozenset(
    """former chief senior deputy top defense defence police assistant acting foreign prime
    vice general state federal county city district local national party opposition
    presidential military security health finance interior justice foreign-affairs
    government union defence""".split()
)
# Nouns that name a person without naming them: "the official said" has a speaker the
# text does not name.
_PERSON_NOUNS = frozenset(
    """official spokesman spokeswoman spokesperson employee diplomat analyst source pilot
    man woman mother father son daughter wife husband resident witness expert leader
    minister officer agent prosecutor lawyer attorney manager director chief head president
    chairman chairwoman secretary aide adviser advisor student professor scientist doctor
    physician guard soldier commander worker member friend neighbor neighbour survivor
    victim owner organizer organiser activist critic judge juror senator governor mayor
    ambassador envoy negotiator representative engineer economist executive clerk deputy
    sheriff investigator researcher teacher author writer reporter correspondent journalist
    editor fan user farmer villager premier chancellor king queen general colonel captain
    lieutenant sergeant detective inspector coach player singer actor actress director
    producer founder publicist partner colleague relative uncle aunt brother sister cousin
    boy girl child person chief-of-staff geologist seismologist psychiatrist balloonist
    instructor bartender official's""".split()
)
# Organisations the text calls by a common noun: "the paper said", "the ministry said".
_ORG_NOUNS = frozenset(
    """paper newspaper daily agency ministry company council government committee
    commission court embassy party group organization organisation union firm bank
    office department board network station magazine weekly""".split()
)
_DATELINE = re.compile(r"^[A-Z][A-Za-z.'’ \-]{1,40}(?:,[A-Za-z.'’ \-]{1,30})?(?:,\s*\w+\.?\s*\d{1,2})?"
                       r"(?:\s*\((?:AP|Xinhua|Reuters|AFP|UPI)\))?\s*(?:--|_|—)\s+")


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


# ---------------------------------------------------------------- quote marks

_MARK = re.compile(r"``|''|“|”|\"|‘|’|`|'")
# Apostrophes that open a word ("'em", "'90s") are not quote marks.
_ELISION = re.compile(r"(?:em|n|til|cause|tis|twas|round|\d0s|\d\ds?)\b", re.I)
_OPEN_AFTER = set("([{—–-/")
_CLOSE_BEFORE = set(",.;:!?)]}—–-")


@dataclass
class _Raw:
    """One quotation in a paragraph, as offsets into the paragraph."""

    mark_start: int
    inner_start: int
    inner_end: int
    mark_end: int
    orphan: bool = False
    """The opening mark was lost; where the quotation starts is inferred."""
    open_end: bool = False
    """No closing mark before the paragraph ends: the next paragraph may go on with it."""
    single: bool = False


def _marks(paragraph: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every quote mark: o/c for opening/closing, 1/2 for single
    or double; undecided marks are decided from the characters around them."""
    out: list[tuple[int, int, str]] = []
    size = len(paragraph)
    depth2 = 0
    for m in _MARK.finditer(paragraph):
        tok = m.group()
        s, e = m.span()
        p = paragraph[s - 1] if s else " "
        n = paragraph[e] if e < size else " "
        if tok in ("``", "“"):
            kind = "o2"
        elif tok == "”":
            kind = "c2"
        elif tok in ("‘", "`"):
            kind = "o1"
        elif tok in ("’", "'"):
            if p.isalnum() and n.isalnum():
                continue  # don't, Matthew's
            if not p.isalnum() and _ELISION.match(paragraph, e):
                continue
            left = p.isspace() or p in _OPEN_AFTER or s == 0
            right = n.isspace() or n in _CLOSE_BEFORE or e == size or n in "'\"”’"
            if left and not right:
                kind = "o1"
            elif right and not left:
                kind = "c1"
            else:
                continue
        else:  # '' or ": opening or closing by the characters around it
            left = s == 0 or p.isspace() or p in _OPEN_AFTER or p in "`‘“"
            right = e == size or n.isspace() or n in _CLOSE_BEFORE or n in "'’”"
            if left and not right:
                kind = "o2"
            elif right and not left:
                kind = "c2"
            elif depth2 > 0:
                kind = "c2"
            else:
                before = paragraph[:s].rstrip()
                kind = "c2" if before and before[-1] in ",.?!'’;:" else "o2"
        if kind == "o2":
            depth2 += 1
        elif kind == "c2":
            depth2 = max(0, depth2 - 1)
        out.append((s, e, kind))
    return out


def _raw_quotes(paragraph: str) -> list[_Raw]:
    out: list[_Raw] = []
    stack: list[tuple[str, int, int]] = []  # ("1" or "2", mark start, mark end)
    boundary, after = 0, "start"  # where a lost-opening quote may begin, and what is there
    for s, e, kind in _marks(paragraph):
        doubles = [i for i, item in enumerate(stack) if item[0] == "2"]
        if kind == "o2":
            if doubles:
                # A second opening mark: the first quotation's closing mark was lost.
                _, os_, oe = stack[doubles[0]]
                del stack[doubles[0]:]
                out.append(_Raw(os_, oe, s, s))
                boundary, after = s, "quote"
            stack.append(("2", s, e))
        elif kind == "c2":
            if doubles:
                _, os_, oe = stack[doubles[-1]]
                del stack[doubles[-1]:]
                out.append(_Raw(os_, oe, s, e))
                boundary, after = e, "quote"
            elif stack:
                # 'Single opening, doubled closing'' as some archives write it.
                _, os_, oe = stack.pop()
                out.append(_Raw(os_, oe, s, e))
                boundary, after = e, "quote"
            else:
                # `Well, ...,' '': a single-quoted phrase that ends a quotation whose
                # opening mark was lost belongs inside it.
                if out and out[-1].single and not paragraph[out[-1].mark_end:s].strip():
                    inner = out.pop()
                    boundary = _previous_boundary(out)
                    after = "quote" if out else "start"
                    del inner
                start = _orphan_start(paragraph, boundary, s, after)
                if start is not None:
                    out.append(_Raw(start, start, s, e, orphan=True))
                    after = "quote"
                else:
                    after = "other"
                boundary = e
        elif kind == "o1":
            stack.append(("1", s, e))
        elif kind == "c1":
            if stack and stack[-1][0] == "1":
                _, os_, oe = stack.pop()
                if not any(item[0] == "2" for item in stack):
                    out.append(_Raw(os_, oe, s, e, single=True))
                    boundary, after = e, "other"
    doubles = [item for item in stack if item[0] == "2"]
    if doubles:
        _, os_, oe = doubles[0]
        out.append(_Raw(os_, oe, len(paragraph), len(paragraph), open_end=True))
    out.sort(key=lambda r: r.inner_start)
    return out


def _previous_boundary(out: list[_Raw]) -> int:
    return out[-1].mark_end if out else 0


def _orphan_start(paragraph: str, boundary: int, close: int, after: str) -> int | None:
    """Where a quotation whose opening mark was lost begins, or None when the text does
    not say (a closing mark after a lone word is a scare quote, not a quotation)."""
    region = paragraph[boundary:close]
    body = region.rstrip()
    if not body or body[-1] not in ",.?!;:'’_-—":
        return None
    starts = [boundary + s for s, _ in split_paragraph(region)]
    if not starts:
        return None
    if after == "start":
        # A paragraph that is the quotation, or ends with it after a few sentences.
        candidate: int | None = starts[0] if len(starts) <= 3 else starts[-1]
    elif after == "quote":
        # ``A,'' X said. B.'': B starts after the attribution's sentence.
        candidate = starts[1] if len(starts) > 1 else None
    else:
        candidate = starts[-1] if len(starts) > 1 else None
    intro = None
    for m in _INTRODUCER.finditer(region):
        intro = m
    if intro is not None and (candidate is None or boundary + intro.end() > candidate):
        candidate = boundary + intro.end()
    return candidate


# ---------------------------------------------------------------- names

@lru_cache(maxsize=1)
def _lexicon() -> tuple[Any, Any] | None:
    """The entity gazetteer, to know a place or a demonym when the table does not."""
    try:
        from briefing.entities.lexicon import load_lexicon
        from briefing.entities.tokens import piece_norm

        return load_lexicon(), piece_norm
    except Exception:  # quotes still work, only without the gazetteer's help
        return None


@lru_cache(maxsize=4096)
def _lexicon_type(name: str) -> str | None:
    found = _lexicon()
    if found is None:
        return None
    lex, norm = found
    node = lex.trie
    for piece in name.split():
        node = node.get(norm(piece)) if isinstance(node, dict) else None
        if node is None:
            return None
    hit = node.get(None)
    return hit[1] if hit else None


def _not_a_speaker(surface: str, lower_words: set[str] | frozenset[str]) -> bool:
    """A place, a demonym ("Chechen") or an everyday word capitalised only because it
    starts a sentence ("Pilots said", with "pilots" elsewhere) is nobody's name."""
    kind = _lexicon_type(surface)
    if kind in ("PLACE", "DEMONYM", "TITLE"):
        return True
    word = surface.strip()
    if " " not in word:
        found = _lexicon()
        if found is not None and word.lower() in lower_words and found[0].is_common(found[1](word)):
            return True
    return False


_MRS = re.compile(r"\b(?:Mrs|Ms|Miss)\.?\s*$")
_MR = re.compile(r"\bMr\.?\s*$")
_TITLE_PREFIX = re.compile(rf"^(?:(?:{TITLES})\s+)+")
_TITLE_ANY = re.compile(rf"\b(?:{TITLES})\b")
_CAPS_BEFORE = re.compile(rf"(?:[A-Z][\w\-‑’']*{_SP}){{1,2}}$")
_CAPS_AFTER = re.compile(rf"(?:{_SP}[A-Z][\w\-‑’']*){{1,2}}\b")
_POSSESSIVE_END = re.compile(r"[’']s?$")
_TITLE_WORD = re.compile(rf"\b(?:{TITLES})(?=\s)")
_TITLE_PARTS = frozenset("State Foreign Prime Deputy Vice Former Acting Chief General Senior".split())


def _gender(name: str, context: str) -> str | None:
    if _MRS.search(context):
        return "f"
    if _MR.search(context):
        return "m"
    found = _lexicon()
    if found is None or not name.split():
        return None
    lex = found[0]
    given = name.split()[0].strip(".,").lower()
    if given in lex.male_names and given not in lex.female_names:
        return "m"
    if given in lex.female_names and given not in lex.male_names:
        return "f"
    return None


def _plain(name: str) -> str:
    """A name as written, with typographic hyphens and spaces made ordinary, so that
    "Lee Jae‑myung" (non-breaking hyphen) and "Lee Jae-myung" are one speaker."""
    return name.translate({0x2010: "-", 0x2011: "-", 0xA0: " ", 0x202F: " "})


def _strip_title(name: str) -> str:
    return _TITLE_PREFIX.sub("", name).strip(" ,.;:")


def _expand_name(name: str, text: str) -> str:
    """Without an entity table, "Lee" becomes the longest full name in the article
    that starts or ends with it, so a surname still names one person."""
    if " " in name:
        return name
    best = name
    # Each mention of the name, with the capitalised words right after it or right
    # before it, taken apart: one combined pattern would let "Korean President Lee"
    # swallow the "Lee" of "Lee Jae-myung".
    found: list[str] = []
    for m in re.finditer(rf"\b{re.escape(name)}\b", text):
        after = _CAPS_AFTER.match(text, m.end(), m.end() + 60)
        if after:
            found.append(text[m.start():after.end()])
        nxt = text[m.end():m.end() + 1]
        if not (nxt.isalnum() or nxt in "-‑"):
            before = _CAPS_BEFORE.search(text, max(0, m.start() - 60), m.start())
            if before and (before.start() == 0 or not text[before.start() - 1].isalnum()):
                found.append(text[before.start():m.end()])
    counts: dict[str, int] = {}
    for raw in found:
        full = _POSSESSIVE_END.sub("", _strip_title(raw))
        if full == name or _TITLE_ANY.search(full):
            continue
        if any(w.lower() in _NOT_NAMES or w.lower() in _TIME_WORDS for w in full.split()):
            continue
        counts[full] = counts.get(full, 0) + 1
    if counts:
        best = max(sorted(counts), key=lambda k: (counts[k], len(k)))
    return best


@dataclass(frozen=True)
class _Head:
    kind: str
    """"named", "pronoun" or "nameless" (a person or body the text does not name)."""
    name: str | None = None
    type: str | None = None
    gender: str | None = None
    person: bool = True
    """For a nameless head: a person or body ("the official") rather than a thing ("the
    transcript tells"), so that "he" after it is nobody the text names."""


_NAMELESS = _Head("nameless")
_THING = _Head("nameless", person=False)
_TOKEN = re.compile(r"[^\W_][\w.'’\-‑]*")
_TRAILING_CAPS = re.compile(rf"((?:{_CAP}{_SP})*{_CAP})$")


@dataclass
class _Event:
    """Someone who is the subject of a clause at ``pos``: what "he" or "she" may mean."""

    pos: int
    kind: str  # "person", "nameless", "org", "pronoun"
    name: str | None
    gender: str | None
    speech: bool
    verb: str = ""
    paragraph: int = 0
    word: str = ""
    """For a pronoun: "he", "she" or "it"."""


class _Reader:
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
        self._sents: list[tuple[int, int, int]] = []
        self._sent_starts: list[int] = []
        self._sent_events: dict[int, list[_Event]] = {}
        self._quoted: list[tuple[int, int]] = []
        self._pronouns: dict[int, str | None] = {}
        self.bounds: list[tuple[int, int]] = []
        self._memo: dict[tuple, _Head | None] = {}
        self._expanded: dict[str, str] = {}
        self._nobody: dict[str, bool] = {}
        self._lower_words: set[str] | None = None

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
        self._sents = [(offset + s, offset + e, p) for p, (offset, paragraph) in enumerate(paragraphs)
                       for s, e in split_paragraph(paragraph)]
        self._sent_starts = [a for a, _, _ in self._sents]

    def events_before(self, pos: int, paragraphs_back: int = 0):
        """Subjects before ``pos``, nearest first, in its paragraph and as many before it:
        who "he" is lies in the last few paragraphs."""
        k = bisect.bisect_right(self._sent_starts, pos) - 1
        if k < 0:
            return
        oldest = self._sents[k][2] - paragraphs_back
        for i in range(k, -1, -1):
            if self._sents[i][2] < oldest:
                return
            if i not in self._sent_events:
                self._sent_events[i] = []  # a pronoun inside this sentence looks before it
                self._sent_events[i] = _sentence_events(self, *self._sents[i], self._quoted)
            for ev in reversed(self._sent_events[i]):
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
                self._lower_words = set(_LOWER_WORD.findall(self.text))
            self._nobody[surface] = _not_a_speaker(surface, self._lower_words)
        return self._nobody[surface]

    # -------------------------------------------------------------- spans

    def span_at(self, pos: int) -> Any | None:
        found = None
        i = bisect.bisect_right(self._starts, pos)
        lo = bisect.bisect_left(self._starts, pos - self._longest)
        for span in self.spans[lo:i]:
            if span.start <= pos < span.end:
                found = span
        return found

    # -------------------------------------------------------------- noun phrases

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
        if first in ("they", "it", "we", "i", "you", "this", "these", "those", "who"):
            return _NAMELESS
        ls, le, lw = toks[-1]
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
        while len(parts) > 1 and (parts[0] in _TITLE_PARTS or _lexicon_type(parts[0]) in ("PLACE", "DEMONYM")):
            parts = parts[1:]  # "State Antony Blinken", "Korean Lee"
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
        # The word as a title right before the name, or in an appositive right after it
        # that closes before any verb: "Kent Wiedemann, the top American diplomat,".
        title = re.compile(rf"\b(?:{nouns})\s+(?:[A-Z][\w.'’\-]*\s+)*$", re.I)
        appos = re.compile(rf",\s+(?:the|a|an)\s+[^,.;]{{0,50}}?\b(?:{nouns})\b[^,.;]{{0,40}}(?:[,.;]|$)", re.I)
        best = None
        for span in self.spans:
            if span.end > pos:
                break
            if getattr(span, "type", "") not in ("PERSON", "ORG") or pos - span.start > 4000:
                continue
            before = self.text[max(0, span.start - 45):span.start]
            after = self.text[span.end:span.end + 100]
            m = appos.match(after)
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
            if w in _INTRO:
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

    # -------------------------------------------------------------- people

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


# ---------------------------------------------------------------- attribution

@dataclass
class _Found:
    raw: _Raw
    offset: int
    paragraph: int
    speaker: str | None = None
    attributed: bool = False
    chained_to: "_Found | None" = None
    words: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.offset + self.raw.mark_start

    @property
    def end(self) -> int:
        return self.offset + self.raw.mark_end


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
    if not _inside(a, quoted) and reader.may_name_someone(a, b):
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


_SAY_TELL = frozenset("said says say told tells added adds".split())
#: Paragraphs before a quotation read for the people its pronouns may mean.
_LOOK_BACK = 4
# Verbs that quote words more often than they report someone speaking: "called in
# more officers", "cited figures".
_NOT_EVENTS = frozenset("called calls calling describing described cited cites quoting".split())
_PASSIVE = re.compile(r"\b(?:when|if|as|after|before|while|once|unless|was|were|been|being|is|are|be|get|got)\s+$",
                      re.I)


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


def _share_along_chains(found: list[_Found]) -> None:
    """Every paragraph of a quotation that runs over paragraphs has one speaker: the
    one its attribution names, wherever in the run that is."""
    groups: list[list[_Found]] = []
    index: dict[int, list[_Found]] = {}
    for f in found:
        prev = f.chained_to
        if prev is not None and id(prev) in index:
            group = index[id(prev)]
        else:
            group = []
            groups.append(group)
        group.append(f)
        index[id(f)] = group
    for group in groups:
        if len(group) < 2:
            continue
        named = next((f for f in group if f.attributed and f.speaker), None) or \
            next((f for f in group if f.speaker), None)
        if named is None:
            continue
        for f in group:
            if f.speaker is None and not (f.attributed and f is not named and f.extra.get("nameless")):
                f.speaker = named.speaker


def _attribute(reader: _Reader, f: _Found, found: list[_Found], paragraphs: list[tuple[int, str]],
               quoted: list[tuple[int, int]]) -> tuple[str | None, bool]:
    text = reader.text
    offset, paragraph = paragraphs[f.paragraph]
    par_end = offset + len(paragraph)
    open_s = f.offset + f.raw.mark_start
    close_e = f.offset + f.raw.mark_end
    later = [g for g in found if g.paragraph == f.paragraph and g.raw.mark_start >= f.raw.mark_end]
    stop = later[0].offset + later[0].raw.mark_start if later else par_end
    # "…,'' David Pasqualotto, a special agent, said Friday." / "…,'' said Lee."
    if not f.raw.open_end:
        end = _sentence_end(text, close_e, stop)
        clause = text[close_e:end]
        inner = text[f.offset + f.raw.inner_start:f.offset + f.raw.inner_end].rstrip(" '’\"”")
        if clause.strip(" ,;:'\"`”’") and not _new_sentence(inner, clause):
            head, hit = _after_attribution(reader, close_e, end)
            if hit:
                if head is not None and head.kind == "nameless":
                    f.extra["nameless"] = True
                return reader.resolve(head, open_s), True
    # ``A,'' X said, ``B.'': the attribution between two quotations covers both.
    earlier = [g for g in found if g.paragraph == f.paragraph and g.raw.mark_end <= f.raw.mark_start]
    if earlier:
        g = earlier[-1]
        gap = text[g.offset + g.raw.mark_end:open_s]
        if g.words >= MIN_WORDS and g.attributed and not re.search(r"[.!?]\s", gap):
            if g.extra.get("nameless"):
                f.extra["nameless"] = True
            return g.speaker, True
    # "Lee said: ``…", "Rerucha told the panel that Shepard was ``…".
    sentence_start = offset
    for s, _ in split_paragraph(paragraph):
        if offset + s > open_s:
            break
        sentence_start = offset + s
    start = _clause_start(open_s, sentence_start, reader.bounds)
    before = text[start:open_s]
    if before.strip(" ,;:'\"`"):
        m = None
        for m in _ACCORDING.finditer(text, start, open_s):
            pass
        if m is not None:
            h = reader._np_head(m.end(), _sentence_clause_end(text, m.end(), open_s))
            return reader.resolve(h, open_s), True
        verbs = list(_verbs(text, start, open_s))
        if verbs:
            v = verbs[-1]
            previous = None
            if v.group().endswith("ing"):
                previous = next((ev for ev in reader.events_before(v.start())
                                 if ev.pos >= start and ev.speech), None)
            h = _verb_subject(reader, v, sentence_start, quoted, previous)
            if h is not None and h.kind == "nameless":
                f.extra["nameless"] = True
            return reader.resolve(h, open_s), True
        # "Barak blasted Netanyahu's policies for ``leading us…''": the sentence's
        # subject speaks its quoted words.
        if start == sentence_start:
            h = reader.sentence_subject(sentence_start, open_s)
            if h is not None:
                return reader.resolve(h, open_s), True
    return None, False


def _new_sentence(inner: str, clause: str) -> bool:
    """"…in real time.'' With the added impetus, he said, ``…'': after a quotation that
    ends a sentence, a new sentence attributes the next quotation, not this one; only
    "Name said" right after it still belongs to it."""
    if not inner or inner[-1] not in ".!?":
        return False
    first = clause.lstrip(" '’\"”")
    if first.startswith(("(", "[")):
        return True  # an aside in brackets is the writer's
    if not first or not first[0].isupper():
        return False
    v = next(_verbs(clause, 0, len(clause)), None)
    return v is None or "," in clause[:v.start()] or len(clause[:v.start()].split()) > 4


def _sentence_clause_end(text: str, a: int, b: int) -> int:
    comma = text.find(",", a, b)
    return comma if comma >= 0 else b


def _after_attribution(reader: _Reader, a: int, b: int) -> tuple[_Head | None, bool]:
    """The attribution after a closing mark, text[a:b]; (head, True) when there is one."""
    text = reader.text
    m = _VERB_FIRST.match(text, a, b)
    if m:
        return reader.after_verb_np(m.end("v"), b), True
    acc = _ACCORDING.match(text, a + len(text[a:b]) - len(text[a:b].lstrip(" ,;:")), b)
    if acc:
        return reader._np_head(acc.end(), _sentence_clause_end(text, acc.end(), b)), True
    v = next(_verbs(text, a, b), None)
    if v is None:
        return None, False
    region = text[a:v.start()]
    if len(region.split()) > 16:
        return None, False
    if v.group().endswith("ing") and not region.strip(" ,"):
        return None, False
    if v.group() in _NOT_EVENTS:
        return None, False
    # A speech verb right after the quotation attributes it even when its subject is
    # nobody the text names ("one woman in the zone told a television interviewer").
    return reader.subject_np(a, v.start()) or _NAMELESS, True


def _context_speaker(reader: _Reader, f: _Found, before: list[_Found],
                     paragraphs: list[tuple[int, str]]) -> str | None:
    """A quotation with no attribution of its own: the speaker of the quotation just
    before it in the paragraph, or the last one to speak (said, told, added) in this
    paragraph or the one before, as news writes a speaker's second paragraph."""
    same = [g for g in before if g.paragraph == f.paragraph]
    if same:
        g = same[-1]
        gap = reader.text[g.end:f.start]
        # ``A,'' X said. ``B.'' goes on; a stretch of the writer's own words does not.
        one = len(split_paragraph(gap.strip())) <= 1
        return g.speaker if one and (len(gap.split()) <= 10 or next(_verbs(gap, 0, len(gap)), None)) else None
    open_s = f.offset + f.raw.mark_start
    for ev in reader.events_before(open_s, 1):
        if not ev.speech:
            continue
        if ev.verb not in _SAY_TELL:
            return None
        return reader.name_of(ev) if ev.kind in ("person", "org", "pronoun") else None
    prev = [g for g in before if g.paragraph == f.paragraph - 1]
    if prev and f.raw.mark_start == 0:
        return prev[-1].speaker
    return None
