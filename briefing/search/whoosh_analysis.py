"""Whoosh's analyzer for briefing's terms: the chain analysis.term reproduces, and a fast path for text already analysed."""

from __future__ import annotations

from briefing.search import whoosh_import  # noqa: F401 - before any whoosh module

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter, Token
from whoosh.lang.porter2 import stem

from briefing.search.analysis import WORD, Preanalysed, fold, unaccent

#: Every index's schema holds a pickled BriefingAnalyzer and its filters under the
#: module name they had when they lived in analysis.py, which still gives them out.
PICKLED_AS = "briefing.search.analysis"


class AccentFilter(Filter):
    """Folds accents off (Elián -> elian) as ``unaccent`` does, after lower-casing."""

    def __call__(self, tokens):
        for t in tokens:
            if not t.text.isascii():
                t.text = unaccent(t.text)
            yield t


class AcronymFilter(Filter):
    """Folds dotted acronyms into plain words (U.S. -> us, e.g. -> eg) so that "US" and
    "U.S." find each other."""

    def __call__(self, tokens):
        for t in tokens:
            if "." in t.text:
                t.text = fold(t.text)
            yield t


class BriefingAnalyzer(Analyzer):
    """Porter2 (Snowball English) rather than Whoosh's default Porter, which stems
    "running" to "runn"; accents folded, so "Elián" and "Elian" are one word. No stop
    list: phrases must match exactly as written, and "US", "may" and "will" are words
    news readers search for."""

    def __init__(self):
        self.chain = (RegexTokenizer(WORD) | LowercaseFilter() | AccentFilter() | AcronymFilter()
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


for _cls in (AccentFilter, AcronymFilter, BriefingAnalyzer):
    _cls.__module__ = PICKLED_AS
