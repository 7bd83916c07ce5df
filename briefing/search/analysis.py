"""Text analysis shared by indexing, querying and highlighting: one tokenizer, fold and stemmer, two speeds."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right

from whoosh.lang.porter2 import stem

#: Combining accents (the blocks Latin, Greek and Cyrillic writing use). A word written
#: decomposed ("e" + U+0301) keeps them inside the word, so it is one token, as its
#: composed form is, and folds to the same term.
MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\ufe20-\ufe2f"
#: Whoosh's default token pattern with the accents above allowed after a word character.
#: The Whoosh chain is given this same pattern, and the fast paths below must split
#: text exactly as it does.
WORD = re.compile(rf"[\w\*][\w\*{MARKS}]*(\.?[\w\*][\w\*{MARKS}]*)*")
#: The stem cache is shared by every fast-path caller in a process. News vocabulary
#: grows without end, so it is cleared rather than allowed to take all memory.
CACHE_LIMIT = 300_000
_stems: dict[str, str] = {}


def fold(word: str) -> str:
    if "." in word:
        parts = word.split(".")
        if all(len(p) <= 1 for p in parts):
            return "".join(parts)
    return word


#: Letters that decompose into no plain letter and an accent, written out as
#: readers type them without their keyboard's extra keys.
_LETTERS = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "ŀ": "l", "đ": "d", "ð": "d", "þ": "th",
            "ı": "i", "ħ": "h", "ŧ": "t", "ƒ": "f", "ĸ": "k"}
_MARK = re.compile(f"[{MARKS}]")


def _fold_char(ch: str) -> str:
    """One character of a word as the index holds it: lower case and, for a letter or
    digit that is a plain Latin one with accents or in another form (é, ﬁ, ², Ａ), that
    plain one. Greek, Cyrillic and every other script are kept as written (their marks
    are letters of their own), and a mark left over in a word is dropped. Only ever
    word characters out, so tokens split the same before and after folding."""
    if not (ch.isalnum() or _MARK.match(ch)):
        return ch  # punctuation and symbols stay: "™" is no word, "tm" would be
    out = []
    for c in ch.lower():  # "İ" lowers to "i" and a dot above
        if c in _LETTERS:
            out.append(_LETTERS[c])
        elif _MARK.match(c):
            continue
        elif c.isascii():
            out.append(c)
        else:
            plain = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
            out.append(plain.lower() if plain.isascii() and plain.isalnum() else c)
    folded = "".join(out)
    return folded if folded or _MARK.match(ch) else ch


class _FoldTable(dict):
    """Code point -> folded text, worked out on first sight (str.translate asks it)."""

    def __missing__(self, code: int) -> str:
        got = self[code] = _fold_char(chr(code))
        return got


_FOLD = _FoldTable()
_unaccented: dict[str, str] = {}


def unaccent(word: str) -> str:
    """A lower-case word with accents folded off (Elián -> elian, Straße -> strasse),
    one character at a time. Composed first (NFC), so a word typed with separate
    accents folds as its composed form does."""
    if word.isascii():
        return word
    got = _unaccented.get(word)
    if got is None:
        if len(_unaccented) >= CACHE_LIMIT:
            _unaccented.clear()
        got = _unaccented[word] = unicodedata.normalize("NFC", word).translate(_FOLD) or word
    return got


def term(word: str) -> str:
    """The index term for one token as written: lower case, accents folded, acronyms
    folded, Porter2 stem."""
    got = _stems.get(word)
    if got is None:
        if len(_stems) >= CACHE_LIMIT:
            _stems.clear()
        got = _stems[word] = stem(fold(unaccent(word.lower())))
    return got


#: Runs of characters outside ASCII, and one such character: the regex engine scans
#: for the single one more than twice as fast.
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NON_ASCII_CHAR = re.compile(r"[^\x00-\x7f]")


def folded_text(text: str):
    """``text`` with its word characters folded as ``unaccent`` folds them, to scan for
    candidates() in one C pass, and a function taking an offset in it back to
    ``text`` (None when every character folded to one: offsets are the same). Only
    word characters change, each to word characters, so the words sit where they did.
    None when ``text`` has separate accents: NFC composes those inside a word first,
    which one character at a time cannot, and the token-by-token path handles them."""
    if text.isascii():
        return text, None
    # Most English news is ASCII but for quotes and dashes: its few other characters,
    # gathered in one C scan, tell whether anything folds.
    odd = "".join(_NON_ASCII_CHAR.findall(text))
    if _MARK.search(odd):
        return None
    if odd.translate(_FOLD) == odd:
        return text, None
    fold = _FOLD
    pieces: list[str] = []
    ends: list[int] = []  # folded offsets where a longer folding ends...
    shifts: list[int] = []  # ...and how far folded offsets run ahead of text's from there
    last = shift = 0
    for m in _NON_ASCII.finditer(text):
        run = m.group()
        out = run.translate(fold)
        if out == run:
            continue
        pieces.append(text[last:m.start()])
        pieces.append(out)
        last = m.end()
        if len(out) != len(run):  # no accents here, so every character gave one or more
            i = m.start()
            for ch in run:
                i += 1
                n = len(fold[ord(ch)])
                if n != 1:
                    shift += n - 1
                    ends.append(i + shift)
                    shifts.append(shift)
    pieces.append(text[last:])
    out_text = "".join(pieces)
    if not ends:
        return out_text, None

    def back(offset: int) -> int:
        k = bisect_right(ends, offset)
        return offset - shifts[k - 1] if k else offset

    return out_text, back


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(term, start, end) for every token of ``text``: what the Whoosh chain below
    produces, without building a Token object per word (several times faster)."""
    return [(term(m.group()), m.start(), m.end()) for m in WORD.finditer(text)]


def marked_tokens(text: str, wanted) -> list[tuple[str | None, int, int]]:
    """``tokens(text)`` with the term worked out only where it could be one of
    ``wanted`` (None elsewhere). Stemming is most of the cost of marking hits in an
    article the first time its words are seen (about 0.1 ms a word, seconds for a
    page of snippets); a Porter2 stem minus its last two letters is always a prefix of
    the folded lower-case word (checked over a 100,000-word news vocabulary; the
    irregular forms such as dying -> die keep it too), so other words are skipped."""
    prefixes = tuple({t[:max(1, len(t) - 2)] for t in wanted})
    if not prefixes:
        return [(None, m.start(), m.end()) for m in WORD.finditer(text)]
    out = []
    for m in WORD.finditer(text):
        word = m.group()
        low = word.lower()
        if not low.isascii():
            low = unaccent(low)
        if "." in low:
            low = fold(low)
        out.append((term(word) if low.startswith(prefixes) else None, m.start(), m.end()))
    return out


def candidates(wanted) -> "re.Pattern | None":
    """A pattern matching exactly the tokens of WORD that could stem to one of
    ``wanted`` (see marked_tokens), so a page of text is scanned in C rather than
    token by token; it is run over ``folded_text``, where accents are already off.
    None when a term is not plain ASCII: case folding outside ASCII can change a
    word's length, and the token-by-token path handles that."""
    prefixes = sorted({t[:max(1, len(t) - 2)] for t in wanted}, key=len, reverse=True)
    if not prefixes or not all(p.isascii() for p in prefixes):
        return None
    # A dotted acronym (U.S.A.F.) folds to "usaf": its dots may sit between the letters.
    alts = "|".join(r"\.?".join(map(re.escape, p)) for p in prefixes)
    # A token starts where no word character precedes it, nor a dot after one
    # ("e.g" is one token, so its "g" starts nothing).
    return re.compile(rf"(?<![\w\*])(?<![\w\*]\.)(?:{alts})[\w\*]*(?:\.?[\w\*]+)*", re.IGNORECASE)


def terms(text: str) -> str:
    """``text`` analysed for the index, as space-separated terms (see Preanalysed)."""
    return Preanalysed(" ".join(term(m.group()) for m in WORD.finditer(text)))


class Preanalysed(str):
    """Text already turned into space-separated terms (in a worker process, say): the
    index analyzer only splits it, so the writer's process does not analyse twice."""


#: Whoosh's analyzer classes live in whoosh_analysis, imported on first use: the
#: tokenizer and stemmer above serve tantivy, the ingest workers and the notes, none
#: of which needs Whoosh's analysis package (or the asyncio and urllib it drags in).
_WHOOSH_NAMES = ("AccentFilter", "AcronymFilter", "BriefingAnalyzer", "analyzer")


def __getattr__(name: str):
    if name in _WHOOSH_NAMES:
        from briefing.search import whoosh_analysis

        return getattr(whoosh_analysis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
