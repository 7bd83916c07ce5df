"""The reference for briefing's parser (briefing.search.language): the query language as
Whoosh's parser read it before briefing had its own, kept so every query can be checked
to give the same tree. Not used by briefing itself.

Reading the query language into briefing's tree: Whoosh's parser, with dates as people read them.

The language is Whoosh's (words, "phrases", AND/OR/NOT/ANDNOT/ANDMAYBE/REQUIRE, field:value,
wild*, fuzzy~, ^boosts, [ranges], published: dates) and Whoosh's parser reads it, with the
same analysis as the index gives words; what it builds is turned into briefing's tree at
once, and nothing of Whoosh's leaves this module. No index is opened here.
"""

from __future__ import annotations

import datetime as dt
import re
import threading

from whoosh import fields, query as wq
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin, DateRangeNode, DateTimeNode
from whoosh.util.times import adatetime, timespan

from briefing.errors import QueryError
from briefing.search.analysis import analyzer
from briefing.search.engine import DEFAULT_FIELDS
from briefing.search.tree import And, AndMaybe, AndNot, Every, Fuzzy, Node, Not, Nothing, Or, Phrase, Range, Require, \
    Term, Wildcard

_parser: tuple[dt.date, MultifieldParser] | None = None
_parser_lock = threading.Lock()


def read(text: str) -> Node:
    """The tree for a query as typed: words as index terms, dates as whole days; entity
    names, wildcards and fuzzy words still as written (briefing.search.queries rewrites
    them against the index). QueryError, one line, for what cannot be read."""
    text = text.strip()
    if not text:
        return Every()
    if "\x00" in text:
        raise QueryError("the query contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # bytes of another encoding, as the shell passed them on
        raise QueryError("the query holds characters that are not valid text (not UTF-8)") from None
    try:
        q = parser().parse(_compact_dates(text))
    except Exception as exc:  # the parser is lenient; this is for the rare dead end
        raise QueryError(f"could not understand the query: {exc}") from None
    # Whoosh marks the parts it could not parse (a bad date, say) with .error.
    errors = [leaf for leaf in q.leaves() if getattr(leaf, "error", None)]
    if errors:
        raise QueryError(f"could not understand part of the query: {errors[0].error}")
    return from_whoosh(q)


def parser() -> MultifieldParser:
    """One parser per day: building it (plugins, date grammar) costs about 1 ms, which
    was a tenth of a typical search; the day is its base for relative dates."""
    global _parser
    today = dt.date.today()
    made = _parser
    if made is None or made[0] != today:
        with _parser_lock:
            p = MultifieldParser(list(DEFAULT_FIELDS), _schema())
            p.add_plugin(FuzzyTermPlugin())
            p.add_plugin(GtLtPlugin())
            # basedate makes relative dates ("published:yesterday") mean today, not import time.
            p.add_plugin(ReadDates(basedate=dt.datetime.now(), free=False))
            made = _parser = (today, p)
    return made[1]


def _schema() -> fields.Schema:
    """The fields a query may name and how each reads its text: words analysed as the
    index analyses them, ``published`` a date, ``entity`` and ``type`` names. (How an
    engine stores them is its own affair.)"""
    ana = analyzer()
    return fields.Schema(
        id=fields.ID(), path=fields.STORED(), url=fields.STORED(), format=fields.STORED(), hash=fields.STORED(),
        title=fields.TEXT(analyzer=ana), body=fields.TEXT(analyzer=ana), source=fields.TEXT(analyzer=ana),
        author=fields.TEXT(analyzer=ana), published=fields.DATETIME(),
        entity=fields.KEYWORD(lowercase=True, commas=True), type=fields.KEYWORD(lowercase=True, commas=True),
    )


def from_whoosh(q: wq.Query) -> Node:
    """The tree for a query Whoosh's parser built."""
    boost = getattr(q, "boost", 1.0)
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return Nothing()
    if isinstance(q, wq.Every):
        return Every()
    if isinstance(q, wq.FuzzyTerm):
        return Fuzzy(q.fieldname, _text(q.text), q.maxdist, q.prefixlength, boost)
    if isinstance(q, (wq.Wildcard, wq.Prefix)):
        return Wildcard(q.fieldname, _text(q.text) + ("*" if isinstance(q, wq.Prefix) else ""), boost)
    if type(q) is wq.Term:
        start, end = getattr(q, "startchar", None), getattr(q, "endchar", None)
        span = (start, end) if start is not None and end is not None else None
        return Term(q.fieldname, _text(q.text), boost, span)
    if type(q) is wq.Phrase:
        return Phrase(q.fieldname, tuple(_text(w) for w in q.words), q.slop, boost)
    if type(q) is wq.DateRange:  # it keeps its dates beside the numbers it searches by
        return Range(q.fieldname, q.startdate, q.enddate, q.startexcl, q.endexcl, boost)
    if type(q) in (wq.TermRange, wq.NumericRange):
        return Range(q.fieldname, q.start, q.end, q.startexcl, q.endexcl, boost)
    if type(q) in (wq.And, wq.Or):
        items = tuple(from_whoosh(c) for c in q.subqueries)
        return And(items, boost) if type(q) is wq.And else Or(items, boost)
    if type(q) is wq.Not:
        return Not(from_whoosh(q.query))
    binary = {wq.AndNot: AndNot, wq.AndMaybe: AndMaybe, wq.Require: Require}.get(type(q))
    if binary is not None:
        return binary(from_whoosh(q.a), from_whoosh(q.b))
    raise QueryError(f"this kind of query is not supported ({type(q).__name__})")


def _text(t) -> str:
    """Whoosh hands term text back as bytes or str depending on the call."""
    return t.decode("utf-8") if isinstance(t, bytes) else str(t)


class ReadDates(DateParserPlugin):
    """Whoosh's date plugin with comparisons as people read them. Whoosh gives
    ``<2000`` and ``>1999`` the whole named period, inclusive, so ``<2000`` found all
    of 2000; here ``<`` and ``>`` leave the named period out (``<2000`` is before
    2000-01-01, ``>2000-08-15`` from 2000-08-16), ``<=`` and ``>=`` take it in, and so do
    ``[`` and ``]``, while ``{`` and ``}`` leave the period at that end out. Fixed at the
    parse, the one step every engine shares, because only here is the operator still
    known: the parsed query holds just the two bounds.

    Articles are dated to the day, so periods are days, months or years: an exact
    instant (``now``, ``-2d``) stands for its day."""

    def text_to_dt(self, node):
        n = super().text_to_dt(node)
        if isinstance(n, DateTimeNode) and isinstance(n.dt, dt.datetime):
            first, after = _period(n.dt, "day")
            n.dt = timespan(first, _last_moment(after) or dt.datetime.max)
        return n

    def range_to_dt(self, node):
        parser = self.dateparser.get_parser()
        parsed = []
        for text in (node.start, node.end):
            value = parser.date_from(text, self.basedate) if text else None
            if text and value is None:
                return self.errorize(text, node)
            parsed.append(value)
        start, end = parsed
        if start is not None and end is not None:
            # Whoosh's reading of the pair: "[march to may 2000]" takes its year from the end.
            both = timespan(start, end).disambiguated(self.basedate)
            start_period = _period(both.start, _unit(start))
            end_period = _period(both.end, _unit(end))
        else:
            start_period = _own_period(start, self.basedate) if start is not None else None
            end_period = _own_period(end, self.basedate) if end is not None else None
        lo = start_period and start_period[node.startexcl]
        hi = end_period and (_last_moment(end_period[0]) if node.endexcl
                             else _last_moment(end_period[1]) or dt.datetime.max)
        if start_period and lo is None or end_period and hi is None:
            lo, hi = dt.datetime.max, dt.datetime.min  # after the last day or before the first: nothing
        drn = DateRangeNode(node.fieldname, lo, hi, boost=node.boost)
        drn.startchar, drn.endchar = node.startchar, node.endchar
        return drn


def _unit(value) -> str:
    """The period a parsed date names: a year, a month, or (anything finer) a day."""
    if isinstance(value, adatetime) and value.day is None and value.hour is None and value.minute is None:
        if value.month is not None:
            return "month"
        if value.year is not None:
            return "year"
    return "day"


def _own_period(value, basedate: dt.datetime) -> tuple:
    """(first moment, first moment after) of what one date of a comparison names."""
    if isinstance(value, dt.datetime):
        return _period(value, "day")
    got = value.disambiguated(basedate)
    if not isinstance(got, timespan):
        return _period(got, "day")
    if isinstance(value, timespan):  # "2000 to 2001" after < or >: from its first year to its last
        return _period(got.start, _unit(value.start))[0], _period(got.end, _unit(value.end))[1]
    return _period(got.start, _unit(value))


def _period(at: dt.datetime, unit: str) -> tuple:
    """(first moment, first moment after) of the year, month or day ``at`` falls in;
    None where that is past the calendar's ends."""
    y, m = at.year, at.month
    if unit == "year":
        return dt.datetime(y, 1, 1), dt.datetime(y + 1, 1, 1) if y < dt.MAXYEAR else None
    if unit == "month":
        return dt.datetime(y, m, 1), dt.datetime(y + m // 12, m % 12 + 1, 1) if (y, m) < (dt.MAXYEAR, 12) else None
    first = dt.datetime(y, m, at.day)
    return first, first + dt.timedelta(days=1) if first.date() < dt.date.max else None


def _last_moment(after: dt.datetime | None) -> dt.datetime | None:
    """The inclusive end just before ``after``: ranges in the query tree are inclusive
    at both ends, as Whoosh's parser builds them."""
    if after is None or after == dt.datetime.min:
        return None
    return after - dt.timedelta(microseconds=1)


#: A published: value: a bracketed range, or one word (with any < > prefix).
_DATE_FIELD = re.compile(r"\bpublished:(?:\[[^\]]*\]?|\{[^}]*\}?|\S+)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b")


def _compact_dates(text: str) -> str:
    """ISO dates in published: values as Whoosh's date parser reads them: it takes
    2024-05-03 for the year 2024 inside a range and rejects it alone, but reads
    20240503. Padded with spaces to the same length, so the positions of the other
    words (for did-you-mean) do not move."""
    def compact(d: re.Match) -> str:
        out = d[1] + d[2].zfill(2) + (d[3].zfill(2) if d[3] else "")
        return out.ljust(len(d[0]))

    return _DATE_FIELD.sub(lambda m: _ISO_DATE.sub(compact, m[0]), text)
