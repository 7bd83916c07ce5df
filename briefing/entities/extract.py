"""The builtin engine's scan of one article: runs of capitalised words, found fast and judged by rules.py."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right

from .lexicon import Lexicon, lexicon_fingerprint, load_lexicon
from .model import DATA_VERSION, STRONG, DocExtraction, Summary, summary_from_extraction
from .rules import (DOT_AFTER, HEADING, INITIAL, INITIAL_FLAG, LOWER_TITLE_BEFORE, MISC_AFTER, ORG_AFTER, ORG_BEFORE,
                    ON_BEFORE, PERSON_AFTER, PLACE_AFTER, PLACE_BEFORE, PLACE_PREP, QUOTED_TITLE, SAID_AFTER, THE_BEFORE, Run,
                    scan_run)
from .tokens import name_key
from .tokens import JOIN_HYPHEN, JOIN_SPACE, PIECE, Token, piece_norm, sentence_starts

_PARA = re.compile(r"[^\n]+")
_HEADING_END = frozenset('.!?"”’):;…')
_PREV_WORD = re.compile(r"([A-Za-z\-]+)[\s\u00a0]+$")
_OPENERS = frozenset(" \u00a0“\"‘'(*•–—-[\t")
_ENDERS = frozenset(".!?:;…\n")
# What follows a run, read in one match: its full stop, then ", 27," or ", who", or
# ", Place", or the next one or two lower-case words.
_AFTER = re.compile(r"(\.)?(?:,[ \u00a0](?:(\d{1,3}),|(who)\b|([A-Z][\w.’'\-]*(?: [A-Z][\w.’'\-]*)?))"
                    r"|[ \u00a0]([a-z]+)(?: ([a-z]+))?)?")

# "on Larkspur Hill", "on Harrow Boulevard": "on" before a name says place only for some.
_ON_BEFORE = re.compile(r"\bon(?: the)? $")

# A run that is the whole of a quotation, or opens one and ends at its colon, is a
# title ("``Owls Keep Counting.''", "``The Marrow Trial: Rumours and Records ...''").
_OPEN_QUOTE = re.compile(r"(?:``|[\"“])$")
_CLOSE_QUOTE = re.compile(r"[.,!?]?(?:''|[\"”])|:")

# "Orvano Sarria, the civic arm of the KLV,": an appositive whose head is a body.
# The head must end the phrase ("the party leader" is a person).
_APPOS_ORG = re.compile(
    r",[ \u00a0](?:the|an?)[ \u00a0](?:[a-z][\w\-’']*[ \u00a0]){0,3}?(?:party|group|coalition|movement|"
    r"organi[sz]ation|wing|militia|union|newspaper|daily|weekly|agency|company|firm|corporation|"
    r"network|magazine|broadcaster|bank|airline)(?=[,.;:)]|[ \u00a0](?:of|that|which|linked|in|for|"
    r"based|led|founded|backed|whose|with)\b)")

# What a run yields depends only on its own text and four facts about what comes
# before it, so the decisions are cached by (text, facts): in news most runs
# ("The", "Mr Lee", "United States") recur, and a hit skips all the rules.
_CACHE_LIMIT = 200_000
_caches: dict[str, dict] = {}


class Extractor:
    """The configured engine as a picklable callable: text -> ``Summary``. Send it to
    worker processes; each loads its lexicon (or spaCy model) on first use."""

    def __init__(self, engine: str = "builtin", extra: tuple = ()) -> None:
        self.engine = engine
        self.extra = tuple(extra)
        self._fn = None

    def __getstate__(self) -> dict:
        return {"engine": self.engine, "extra": self.extra}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["engine"], state["extra"])

    @property
    def key(self) -> str:
        """Changes whenever what this engine extracts could change."""
        if self.engine == "builtin":
            return f"builtin/{DATA_VERSION}/{lexicon_fingerprint(self.extra)}"
        return f"{self.engine}/{DATA_VERSION}"

    def check(self) -> None:
        """Raise EntityError now if the engine cannot run (spaCy missing)."""
        if self.engine != "builtin":
            self._load()

    def _load(self):
        if self._fn is None:
            if self.engine == "builtin":
                lex = load_lexicon(self.extra)
                self._fn = lambda text: extract_summary(text, lex)
            else:
                from .spacy_engine import make_extractor  # noqa: PLC0415 - optional engine

                spacy_extract = make_extractor()
                self._fn = lambda text: summary_from_extraction(spacy_extract(text))
        return self._fn

    def __call__(self, text: str) -> Summary:
        return self._load()(text)


def extract_builtin(text: str, lex: Lexicon | None = None) -> DocExtraction:
    """Every PERSON, ORG and PLACE candidate in ``text``, as a DocExtraction."""
    keys, counts, spans, key_sentence, sentences = extract_summary(text, lex)
    flat = array("i")
    raw = array("i")
    raw.frombytes(spans)
    for i in range(0, len(raw), 4):
        flat.extend((raw[i], raw[i + 1], raw[i + 2], raw[i + 3], key_sentence[raw[i + 2]]))
    from .model import Key  # noqa: PLC0415

    return DocExtraction([Key._make(k) for k in keys], flat, dict(enumerate(sentences)))


def extract_summary(text: str, lex: Lexicon | None = None) -> Summary:
    """What the store keeps of one article (see ``model.Summary``); plain data, so a
    worker process can compute it and send it back."""
    lex = lex or load_lexicon()
    cache = _caches.get(lex.fingerprint)
    if cache is None or len(cache) > _CACHE_LIMIT:
        cache = _caches[lex.fingerprint] = {}
    para_starts: list[int] = []
    headings: set[int] = set()
    for i, m in enumerate(_PARA.finditer(text)):
        para_starts.append(m.start())
        if _is_heading(m.group(), lex.function_words):
            headings.add(i)
    if not para_starts:
        para_starts.append(0)
    keys: list[tuple] = []
    index: dict[tuple, int] = {}
    counts: list[int] = []
    firsts: list[int] = []
    spans = array("i")

    def flush(rs: int, re_: int, pieces: list[tuple] | None) -> None:
        rtext = text[rs:re_]
        para = bisect_right(para_starts, rs) - 1
        flags = _context(text, rs) | (HEADING if para in headings else 0)
        if _OPEN_QUOTE.search(text, max(0, rs - 2), rs) and " " in rtext.strip() \
                and _CLOSE_QUOTE.match(text, re_):
            flags |= QUOTED_TITLE
        ck = (rtext, flags)
        found = cache.get(ck)
        if found is None or type(found) is dict:
            # The words around the run matter only to some runs (one starting or ending
            # with an unknown name); a run that did not look at them is cached without them.
            more = _words_before(text, rs, lex) | _after(text, re_, lex)
            got = found.get(more) if found is not None else None
            if got is None:
                if pieces is None:
                    pieces = _pieces(text, rs, re_, lex)[0]
                run = Run(rtext, flags | more)
                got = scan_run(run, _tokens(text, rs, pieces), lex)
                if not run.looked_before:
                    cache[ck] = got
                else:
                    if found is None:
                        found = cache[ck] = {}
                    found[more] = got
            found = got
        for s, e, key in found:
            k = index.get(key)
            if k is None:
                k = index[key] = len(keys)
                keys.append(key)
                counts.append(0)
                firsts.append(rs + s)
            counts[k] += 1
            spans.extend((rs + s, rs + e, k, para))

    adjective = lex.adjective_re
    for m in lex.run_re.finditer(text):
        rs, re_ = m.span()
        r = m.group()
        # Only a possessive before the last piece or "US-led" can cut a candidate.
        quote = max(r.rfind("’", 0, -2), r.rfind("'", 0, -2))
        if quote >= 0 or (("-" in r or "‑" in r) and adjective.search(r)):
            # A possessive or "US-led" can cut the candidate into several runs.
            for pieces in _pieces(text, rs, re_, lex):
                flush(pieces[0][0], pieces[-1][2], pieces)
        else:
            flush(rs, re_, None)
    if keys:
        _pair_acronyms(text, keys, counts, firsts, spans, lex)
    key_sentence, sentences = _first_sentences(text, firsts) if keys else ([], [])
    return keys, counts, spans.tobytes(), key_sentence, sentences


def _first_sentences(text: str, firsts: list[int]) -> tuple[list[int], list[str]]:
    """The sentence of each key's first mention, each sentence kept once: the store
    shows it as the context of a name without reading the article again."""
    key_sentence: list[int] = []
    sentences: list[str] = []
    starts = sentence_starts(text)
    seen: dict[int, int] = {}
    for off in firsts:
        si = bisect_right(starts, off) - 1
        j = seen.get(si)
        if j is None:
            j = seen[si] = len(sentences)
            end = starts[si + 1] if si + 1 < len(starts) else len(text)
            sentences.append(text[starts[si]:end].strip())
        key_sentence.append(j)
    return key_sentence, sentences


_ACRONYM_IN_BRACKETS = re.compile(r"[ \u00a0]\(([A-Z][A-Z&.\-]{1,9}s?)\)")
_ACRONYM_DEFINED = re.compile(
    r"\b([A-Z][A-Z]{1,7})\b[^.;:\n]{0,60}?\b(?:stands? for|acronym (?:for|of)|initials (?:for|of)|"
    r"short for|abbreviation (?:for|of))[ \u00a0]+((?:[A-Z][\w’'\-]*|of|the|and|for|de|la|del)"
    r"(?:[ \u00a0](?:[A-Z][\w’'\-]*|of|the|and|for|de|la|del))*)")
_DEFINING = re.compile(r"stands? for|acronym|initials|short for|abbreviation")
_SMALL = frozenset({"of", "the", "and", "for", "de", "la", "del", "on", "in", "&"})


def _pair_acronyms(text: str, keys: list, counts: list, firsts: list, spans: array, lex: Lexicon) -> None:
    """"National Transportation Safety Board (NTSB)", "ETA, an acronym for Basque
    Homeland and Freedom": the acronym's mention gets a key naming its expansion
    (``Key.canonical``), so the resolver can make the two one entity."""
    pairs: list[tuple[int, str, str]] = []  # (span index of the acronym, expansion, its type)
    starting: dict[int, int] | None = None
    ending: dict[int, int] = {}
    for m in _ACRONYM_IN_BRACKETS.finditer(text):
        if starting is None:
            starting = {spans[j]: j // 4 for j in range(0, len(spans), 4)}
            ending = {spans[j + 1]: j // 4 for j in range(0, len(spans), 4)}
        i, prev = starting.get(m.start(1)), ending.get(m.start())
        if i is None or prev is None:
            continue
        ps, pe, pk = spans[4 * prev], spans[4 * prev + 1], spans[4 * prev + 2]
        expansion, acronym = text[ps:pe], m.group(1).rstrip("s")
        etype = keys[pk][2]
        initials = "".join(w[0] for w in expansion.replace("-", " ").split() if w.lower() not in _SMALL)
        letters = acronym.replace(".", "").replace("&", "").replace("-", "")
        if initials.upper() != letters.upper():
            # A foreign acronym ("Basque Nationalist Party (PNV)") is taken only after
            # a named organisation and when it is nobody else's ("Ala. (AP)").
            if etype != "ORG" or keys[pk][3] < 2 or name_key(acronym) in lex.aliases:
                continue
        pairs.append((i, expansion, etype if etype in ("PLACE", "MISC") else "ORG"))
    if not any(w in text for w in (" for ", " of ")) or not _DEFINING.search(text):
        matches = ()
    else:
        matches = _ACRONYM_DEFINED.finditer(text)
    for m in matches:
        expansion = m.group(2)
        while expansion.rsplit(" ", 1)[-1] in _SMALL:
            expansion = expansion.rsplit(" ", 1)[0]
        if starting is None:
            starting = {spans[j]: j // 4 for j in range(0, len(spans), 4)}
        i = starting.get(m.start(1))
        if i is not None and len(expansion.split()) > 1 and expansion[0].isupper():
            pairs.append((i, " ".join(expansion.split()), "ORG"))
    made: dict[tuple, int] = {}
    for i, expansion, etype in pairs:
        k = spans[4 * i + 2]
        new = (keys[k][0], STRONG, etype, 3, expansion, "")
        if new == keys[k]:
            continue
        if counts[k] == 1:
            # The key was this mention's alone (a repeat of ``new`` is harmless:
            # the store gives equal keys one id).
            keys[k] = new
            made.setdefault(new, k)
            continue
        counts[k] -= 1
        j = made.get(new)
        if j is None:
            j = made[new] = len(keys)
            keys.append(new)
            counts.append(0)
            firsts.append(spans[4 * i])
        counts[j] += 1
        spans[4 * i + 2] = j


def _is_heading(line: str, function_words: frozenset[str]) -> bool:
    """A title or heading, where capitals say nothing: a line in capitals, or one with
    no closing punctuation whose every word but the small ones is capitalised. A line
    of results or a table ("Jan Novak (Czech Republic) beat ... 6-3 6-4") has figures
    in it and is not one, nor is a headline written in sentence case."""
    s = line.strip()
    if not s:
        return False
    if not any(c.islower() for c in s):
        return any(c.isalpha() for c in s)
    if s[-1] in _HEADING_END:
        return False
    digits = 0
    for w in s.split():
        c = w[0]
        if c.isdigit():
            digits += 1
            if digits > 1:
                return False
        elif c.islower() and w.strip(",.;:!?\"'()").lower() not in function_words:
            return False
    return True


def _words_before(text: str, rs: int, lex: Lexicon) -> int:
    """A lower-case title ("leader Lee"), a place preposition ("in Nordvik") or a
    lower-case "the" ("the Kursk") before a run."""
    flags = 0
    if rs and text[rs - 1].isspace():
        m = _PREV_WORD.search(text, max(0, rs - 30), rs)
        if m and m.group(1).lower() in lex.title_words:
            flags |= LOWER_TITLE_BEFORE
        if text[rs - 1] == " " and PLACE_PREP.search(text, max(0, rs - 12), rs):
            flags |= PLACE_BEFORE
        elif text[rs - 1] == " " and _ON_BEFORE.search(text, max(0, rs - 12), rs):
            flags |= ON_BEFORE
        elif m and m.group(1) == "the":
            flags |= THE_BEFORE
        elif m and m.group(1) in lex.org_before:
            flags |= ORG_BEFORE
    return flags


def _after(text: str, re_: int, lex: Lexicon) -> int:
    """What the words after a run say about it (see rules.py's ``*_AFTER`` flags)."""
    m = _AFTER.match(text, re_)
    dot, age, who, place, w1, w2 = m.groups()
    flags = DOT_AFTER if dot else 0
    if age or who:
        return flags | PERSON_AFTER
    if place:
        # ", Iraq", ", Ohio", ", Tenn.": only a place is followed by the place it is in.
        k = name_key(place)
        got = lex.aliases.get(k) or (lex.dotted.get(k) if place.endswith(".") else None)
        return flags | (PLACE_AFTER if got is not None and got[1] == "PLACE" else 0)
    if not w1 and _APPOS_ORG.match(text, re_):
        return flags | ORG_AFTER
    if w1:
        if w1 in lex.misc_after:
            flags |= MISC_AFTER
        elif w1 in lex.org_after or (w2 in lex.org_after and w1 in ("news", "state", "official", "opposition")):
            flags |= ORG_AFTER
        elif w1 in lex.said_after:
            flags |= SAID_AFTER
    return flags


def _context(text: str, rs: int) -> int:
    """Whether a run starts a sentence, a line or a label: capitals there say nothing."""
    i = rs - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return INITIAL_FLAG if i < 0 or text[i] in _ENDERS else 0


def _pieces(text: str, rs: int, re_: int, lex: Lexicon) -> list[list[tuple]]:
    """The runs inside one candidate, as (start, end, full_end, possessive, join) per
    piece: a possessive ends a run ("Lee’s North Korea") unless it is part of a name
    ("People’s Power Party"), and "US‑led" keeps only "US"."""
    out: list[list[tuple]] = []
    current: list[tuple] = []
    prev_end = -10
    prev_pos = False
    for m in PIECE.finditer(text, rs):
        start, full_end = m.span()
        if start >= re_:
            break
        ps = m.start(1)
        end = ps if ps >= 0 else full_end
        cut = False
        piece = text[start:end]
        if "-" in piece or "‑" in piece:
            if piece_norm(piece).rpartition("-")[2] in lex.adjective_suffixes:
                end = max(text.rfind("-", start, full_end), text.rfind("‑", start, full_end))
                ps, cut = -1, True
        possessive = ps >= 0
        join = None
        if current and not prev_pos and start - prev_end <= 9:
            join = lex.gaps.get(text[prev_end:start])
        if join is None and current:
            out.append(current)
            current = []
        current.append((start, end, full_end, possessive, join))
        prev_end = full_end
        prev_pos = cut or (possessive and piece_norm(text[start:end]) not in lex.soft_possessives)
    if current:
        out.append(current)
    return out


def _tokens(text: str, rs: int, pieces: list[tuple]) -> list[Token]:
    """The run as tokens with offsets relative to its start."""
    out: list[Token] = []
    prev_full = 0
    for start, end, full_end, possessive, join in pieces:
        if join is not None and join not in (JOIN_SPACE, JOIN_HYPHEN):
            out.append(Token(prev_full - rs, start - rs, join, True, False, False))
        out.append(Token(start - rs, end - rs, piece_norm(text[start:end]), False, possessive,
                         join == JOIN_HYPHEN))
        prev_full = full_end
    return out


__all__ = ["INITIAL", "Extractor", "extract_builtin", "extract_summary"]
