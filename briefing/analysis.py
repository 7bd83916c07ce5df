"""Text analysis shared by indexing, querying and highlighting: one tokenizer, one stemmer, two speeds."""

from __future__ import annotations

import re

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter, Token
from whoosh.lang.porter2 import stem

#: Whoosh's default token pattern; the fast path below must split text exactly as it does.
WORD = re.compile(r"[\w\*]+(\.?[\w\*]+)*")
#: The stem cache is shared by every fast-path caller in a process. News vocabulary
#: grows without end, so it is cleared rather than allowed to take all memory.
CACHE_LIMIT = 300_000
_stems: dict[str, str] = {}


class AcronymFilter(Filter):
    """Folds dotted acronyms into plain words (U.S. -> us, e.g. -> eg) so that "US" and
    "U.S." find each other."""

    def __call__(self, tokens):
        for t in tokens:
            if "." in t.text:
                t.text = fold(t.text)
            yield t


def fold(word: str) -> str:
    if "." in word:
        parts = word.split(".")
        if all(len(p) <= 1 for p in parts):
            return "".join(parts)
    return word


def term(word: str) -> str:
    """The index term for one token as written: lower case, acronyms folded, Porter2 stem."""
    got = _stems.get(word)
    if got is None:
        if len(_stems) >= CACHE_LIMIT:
            _stems.clear()
        got = _stems[word] = stem(fold(word.lower()))
    return got


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
        if "." in low:
            low = fold(low)
        out.append((term(word) if low.startswith(prefixes) else None, m.start(), m.end()))
    return out


def candidates(wanted) -> "re.Pattern | None":
    """A pattern matching exactly the tokens of WORD that could stem to one of
    ``wanted`` (see marked_tokens), so a page of text is scanned in C rather than
    token by token. None when a term is not plain ASCII: case folding outside ASCII
    can change a word's length, and the token-by-token path handles that."""
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


class BriefingAnalyzer(Analyzer):
    """Porter2 (Snowball English) rather than Whoosh's default Porter, which stems
    "running" to "runn". No stop list: phrases must match exactly as written, and
    "US", "may" and "will" are words news readers search for."""

    def __init__(self):
        self.chain = (RegexTokenizer() | LowercaseFilter() | AcronymFilter()
                      | StemFilter(stemfn=stem, cachesize=50000))

    def __eq__(self, other):
        return isinstance(other, BriefingAnalyzer)

    def __call__(self, value, positions=False, chars=False, start_pos=0, mode="", **kwargs):
        if not isinstance(value, Preanalysed):
            return self.chain(value, positions=positions, chars=chars, start_pos=start_pos, mode=mode, **kwargs)
        return self._split(value, positions, start_pos, mode, kwargs)

    @staticmethod
    def _split(value, positions, start_pos, mode, kwargs):
        t = Token(positions, False, mode=mode, **kwargs)
        for pos, word in enumerate(value.split()):
            t.text, t.boost, t.stopped = word, 1.0, False
            if positions:
                t.pos = start_pos + pos
            yield t


def analyzer() -> BriefingAnalyzer:
    return BriefingAnalyzer()
