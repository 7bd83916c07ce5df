"""Queries: parsing the Whoosh query language, ranked search, hit spans, snippets, "did you mean"."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Callable

from whoosh import query as wq
from whoosh.collectors import TimeLimit, TimeLimitCollector, TopCollector
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin, DateRangeNode, DateTimeNode
from whoosh.util.times import adatetime, timespan

from briefing.search.analysis import term as _term
from briefing.corpus import Article
from briefing.errors import QueryError
from briefing.search.whoosh_queries import DocSet, ExactPhrase, _Capped, docnums, term_text  # noqa: F401 - DocSet, docnums re-exported
from briefing.search.highlight import SNIPPET_CHARS, Highlighter, Span, make_snippet, merge_spans  # noqa: F401 - re-exported
from briefing.search.store import Index, IndexDamaged, damage_kind, is_damage, make_schema
from briefing.search.tree import from_whoosh, to_whoosh
from briefing.search.spelling import edit_distance  # noqa: F401 - re-exported for callers and tests

TEXT_FIELDS = ("title", "body")
#: A pathological wildcard must not freeze the app: past this, return what we have.
TIME_LIMIT = 2.0
#: Most index terms a wildcard, prefix or fuzzy term may expand to: "*a*" over a large
#: vocabulary would otherwise build a query of every term and take seconds.
MAX_EXPANSION = 512

#: (field, value) -> article ids; resolves entity: and type: terms through the entity table.
EntityResolver = Callable[[str, str], set[str]]


@dataclass
class Hit:
    id: str
    title: str
    score: float
    source: str = ""
    published: dt.date | None = None
    path: str = ""
    snippet: str = ""
    snippet_spans: list[Span] = field(default_factory=list)
    hits: int = 0

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "hits": self.hits,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "path": self.path,
        }


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    suggestion: str | None = None
    timed_out: bool = False
    #: Something the user should hear about, such as a damaged index rebuilt to answer.
    notice: str = ""


class Searcher:
    def __init__(self, index: Index, resolve_entity: EntityResolver | None = None):
        self.index = index
        self.resolve_entity = resolve_entity
        self._parser: tuple | None = None

    # ------------------------------------------------------------------ parsing

    def parser(self) -> MultifieldParser:
        """One parser per day: building it (plugins, date grammar) costs about 1 ms,
        which was a tenth of a typical search."""
        key = dt.date.today()
        if self._parser is None or self._parser[0] != key:
            self._parser = (key, self._make_parser())
        return self._parser[1]

    def _make_parser(self) -> MultifieldParser:
        # The schema tells the parser which fields are dates and how text is analysed;
        # every engine indexes the same fields with the same analysis.
        p = MultifieldParser(list(TEXT_FIELDS), _schema())
        p.add_plugin(FuzzyTermPlugin())
        p.add_plugin(GtLtPlugin())
        # basedate makes relative dates ("published:yesterday") mean today, not import time.
        p.add_plugin(ReadDates(basedate=dt.datetime.now(), free=False))
        return p

    def parse(self, text: str) -> wq.Query:
        text = text.strip()
        if not text:
            return wq.Every()
        if "\x00" in text:
            raise QueryError("the query contains a NUL character")
        # Outside the try: building the parser opens the index, and an index problem
        # is not the query's fault.
        parser = self.parser()
        try:
            q = parser.parse(_compact_dates(text))
        except Exception as exc:  # the parser is lenient; this is for the rare dead end
            raise QueryError(f"could not understand the query: {exc}") from None
        # Whoosh marks the parts it could not parse (a bad date, say) with .error.
        errors = [leaf for leaf in _leaves(q) if getattr(leaf, "error", None)]
        if errors:
            raise QueryError(f"could not understand part of the query: {errors[0].error}")
        # Through our own form (briefing.query), which is what a second engine takes.
        return self._rewrite(to_whoosh(from_whoosh(q)))

    def _rewrite(self, q: wq.Query) -> wq.Query:
        fieldname = getattr(q, "fieldname", None)
        if fieldname in ("entity", "type") and q.is_leaf():
            value = getattr(q, "text", None)
            if value is None:
                value = " ".join(getattr(q, "words", []) or [])
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            value = str(value)
            if isinstance(q, (wq.Prefix, wq.Wildcard)):
                value = value.rstrip("*?")
            ids = self.resolve_entity(fieldname, value) if self.resolve_entity else set()
            if not ids:
                return wq.NullQuery
            return DocSet(ids)
        if type(q) is wq.Phrase:
            return ExactPhrase(q.fieldname, q.words, slop=q.slop, boost=q.boost, char_ranges=q.char_ranges)
        if isinstance(q, wq.FuzzyTerm):
            return self._expand_fuzzy(q)
        if isinstance(q, (wq.Wildcard, wq.Prefix, wq.Regex)):
            return self._expand(q)
        if q.is_leaf():
            return q
        return q.apply(self._rewrite)

    def _expand(self, q: wq.Query) -> wq.Query:
        """A wildcard or prefix as an Or of at most MAX_EXPANSION existing terms."""
        reader = self.index.searcher().reader()
        found: list[wq.Query] = []
        try:
            for text in q._btexts(reader):
                if len(found) >= MAX_EXPANSION:
                    return _Capped(found)
                found.append(wq.Term(q.fieldname, term_text(text), boost=q.boost))
        except Exception:  # an odd pattern the reader cannot expand matches nothing
            return wq.NullQuery
        return wq.Or(found) if found else wq.NullQuery

    def _expand_fuzzy(self, q: wq.FuzzyTerm) -> wq.Query:
        """``word~`` through the corpus vocabulary (words as written, bucketed by length
        and letter) instead of Whoosh's scan of every index term."""
        word = term_text(q.text)
        stems = {_term(word)}
        for _, cand in self.index.vocabulary().near(word, q.maxdist, q.prefixlength)[:MAX_EXPANSION]:
            stems.add(_term(cand))
        terms = [wq.Term(q.fieldname, t, boost=q.boost) for t in sorted(stems) if self._has_term(q.fieldname, t)]
        if not terms:
            return wq.NullQuery
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    # ------------------------------------------------------------------ searching

    def search(self, text: str, limit: int | None = 20, snippets: int | None = None,
               within: set[str] | None = None) -> Results:
        """Ranked results. Snippets and hit counts are computed for the first
        ``snippets`` results only (all when None): they need the article text.
        ``within``: only these article ids."""
        q = self._within(self.parse(text), within)
        s = self.index.searcher()
        timed_out = False
        if isinstance(q, wq.Every):
            hits = self._all(s, limit, snippets)
            return Results(text, hits, s.doc_count())
        # Whoosh's default BM25F, with the title boost from the schema (field_boost=2.0).
        # Every match is visited and counted in this one pass: no block skipping and no
        # matcher replacement. Whoosh's replacement drops parts that cannot beat the
        # current top N and then reports a count of what it saw ("x NOT y" said 16 of
        # 27 with limit 1), and recounting in a second pass cost as much again. Measured
        # over the benchmark mix at 10,000 articles: median 6.3 -> 7.0 ms, p95 38 -> 23 ms.
        collector = (s.collector(limit=None) if limit is None
                     else TopCollector(limit=limit, usequality=False, replace=0))
        timed = TimeLimitCollector(collector, timelimit=TIME_LIMIT, use_alarm=False)
        try:
            s.search_with_collector(q, timed)
        except TimeLimit:
            timed_out = True
        except Exception as exc:
            # The query parsed, so a failure here is the engine's: a damaged segment
            # (zlib, struct) is named as such so the Library can rebuild and retry.
            if is_damage(exc):
                raise IndexDamaged(damage_kind(exc)) from exc
            raise
        found = timed.results()
        timed_out = timed_out or any(isinstance(node, _Capped) for node in _nodes(q))
        if timed_out or limit is None:
            total = found.scored_length()
        else:
            total = collector.total
        return self._results(text, q, [(r.fields(), r.score) for r in found], total, timed_out, snippets)

    @staticmethod
    def _within(q: wq.Query, within: set[str] | None) -> wq.Query:
        """``q`` narrowed to these article ids (what an entity filter gives)."""
        if within is None:
            return q
        return DocSet(within) if isinstance(q, wq.Every) else wq.And([q, DocSet(within)])

    def _results(self, text: str, q: wq.Query, docs: list[tuple[dict, float]], total: int, timed_out: bool,
                 snippets: int | None) -> Results:
        """Hits from (stored fields, score) pairs, best first, with snippets for the
        first ``snippets`` and a did-you-mean when words were not found."""
        hl = self.highlighter(q) if snippets != 0 else Highlighter()
        out: list[Hit] = []
        for n, (doc, score) in enumerate(docs):
            hit = _hit(doc, score)
            if snippets is None or n < snippets:
                fill_snippet(hit, doc, hl)
            out.append(hit)
        suggestion = None
        if not docs or self._has_unknown_terms(q):
            suggestion = self.suggest(text, q)
        return Results(text, out, total, suggestion, timed_out)

    def _all(self, s, limit: int | None, snippets: int | None = None) -> list[Hit]:
        """Newest first, then by title. Dates come from the sortable column, so only
        the listed articles' stored fields are read (all of them took seconds at 100k)."""
        dates: list[tuple[float, int]] = []
        for sub, offset in s.leaf_searchers():
            reader = sub.reader()
            col = reader.column_reader("published") if reader.has_column("published") else None
            for docnum in reader.all_doc_ids():
                dates.append((-_ordinal(col, docnum), offset + docnum))
        dates.sort()
        if limit and len(dates) > limit:
            # Ties at the cut are settled by title among all articles of that date.
            edge = dates[limit - 1][0]
            dates = [d for d in dates if d[0] < edge] + [d for d in dates if d[0] == edge]
        docs = [(key, s.stored_fields(docnum)) for key, docnum in dates]
        docs.sort(key=lambda kd: (kd[0], kd[1].get("title", "").lower()))
        out = []
        for n, (_, doc) in enumerate(docs[:limit] if limit else docs):
            hit = _hit(doc, 0.0)
            if snippets is None or n < snippets:
                fill_snippet(hit, doc, Highlighter())
            out.append(hit)
        return out

    def hits_for(self, ids: list[str]) -> list[Hit]:
        """Unscored hits for these article ids, in this order (missing ids left out)."""
        s = self.index.searcher()
        leaves = [(sub.reader(), offset) for sub, offset in s.leaf_searchers()]
        out = []
        for aid in ids:
            for reader, offset in leaves:
                n = docnums(reader).get(aid)
                if n is not None and not reader.is_deleted(n):
                    out.append(_hit(s.stored_fields(offset + n), 0.0))
                    break
        return out

    def fill(self, hit: Hit, text: str) -> Hit:
        """Compute snippet and hit count for a hit left without them."""
        s = self.index.searcher()
        docnum = s.document_number(id=hit.id)
        if docnum is not None:
            fill_snippet(hit, s.stored_fields(docnum), self.highlighter(self.parse(text)))
        return hit

    # ------------------------------------------------------------------ highlighting

    def highlighter(self, q: wq.Query | str) -> Highlighter:
        if isinstance(q, str):
            q = self.parse(q)
        terms: set[str] = set()
        phrases: list[tuple[str, ...]] = []
        for leaf in _positive_leaves(q):
            if getattr(leaf, "fieldname", None) not in TEXT_FIELDS:
                continue
            if isinstance(leaf, wq.Phrase):
                words = tuple(term_text(w) for w in leaf.words)
                if len(words) == 1:
                    terms.add(words[0])
                elif words:
                    phrases.append(words)
                continue
            if isinstance(leaf, wq.Term) and not isinstance(leaf, wq.MultiTerm):
                terms.add(term_text(leaf.text))
                continue
            terms.update(self._leaf_terms(leaf))
        return Highlighter(frozenset(terms), tuple(phrases))

    def _leaf_terms(self, leaf: wq.Query) -> set[str]:
        """The index terms a query part other than a word or phrase matches."""
        try:
            return {term_text(t) for fname, t in leaf.existing_terms(self.index.searcher().reader(), expand=True)
                    if fname in TEXT_FIELDS}
        except Exception:
            # A query kind we cannot expand still searched; it just is not marked.
            return set()

    def hit_spans(self, text: str, article: Article) -> list[Span]:
        """Offsets into ``article.text`` of every match of query ``text``."""
        return self.highlighter(text).spans(article.text)

    # ------------------------------------------------------------------ spelling

    def _has_term(self, fieldname: str, text: str) -> bool:
        return (fieldname, text) in self.index.searcher().reader()

    def _known(self, text: str) -> bool:
        return any(self._has_term(f, text) for f in TEXT_FIELDS)

    def _has_unknown_terms(self, q: wq.Query) -> bool:
        for leaf in _positive_leaves(q):
            if type(leaf) is wq.Term and leaf.fieldname in TEXT_FIELDS:
                if not self._known(leaf.text):
                    return True
        return False

    def suggest(self, text: str, q: wq.Query) -> str | None:
        """A corrected query string, or None. Whoosh ranks candidates by frequency
        alone; we rank by edit distance first, so "nroth" suggests "north"."""
        replacements: list[tuple[int, int, str]] = []
        seen: set[tuple[int, int]] = set()
        for leaf in _positive_leaves(q):
            if type(leaf) is not wq.Term or leaf.fieldname not in TEXT_FIELDS:
                continue
            start, end = getattr(leaf, "startchar", None), getattr(leaf, "endchar", None)
            if start is None or end is None or (start, end) in seen:
                continue
            seen.add((start, end))
            if self._known(leaf.text):
                continue
            word = text[start:end]
            best = self._best_correction(word)
            if best:
                replacements.append((start, end, best))
        if not replacements:
            return None
        out = text
        for start, end, word in sorted(replacements, reverse=True):
            out = out[:start] + word + out[end:]
        return out if out != text else None

    def _best_correction(self, word: str) -> str | None:
        """The closest word of the corpus vocabulary that the index still holds, most
        frequent first among equals."""
        vocabulary = self.index.vocabulary()
        # Most typos are one edit, and one-edit neighbours are found by lookup in well
        # under a millisecond; the two-edit scan (tens of ms) runs only when they fail.
        for maxdist in (1, 2):
            for _, cand in vocabulary.near(word.lower(), maxdist=maxdist):
                if len(cand) < 3:
                    continue
                if self._known(_term(cand)):
                    return cand[:1].upper() + cand[1:] if word[:1].isupper() else cand
        return None


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


@functools.lru_cache(maxsize=1)
def _schema():
    return make_schema()


def _ordinal(col, docnum: int) -> int:
    """The published day as an ordinal, 0 when there is none. An article without a
    date holds the column's default, which a segment from the multi-process writer
    stores as a number no datetime can hold (OverflowError)."""
    if col is None:
        return 0
    try:
        value = col[docnum]
    except (OverflowError, ValueError):
        return 0
    return value.toordinal() if value else 0


def _nodes(q: wq.Query):
    yield q
    if not q.is_leaf():
        for child in q.children():
            yield from _nodes(child)


def _leaves(q: wq.Query):
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _leaves(child)


def _positive_leaves(q: wq.Query):
    """Leaves that a match must or may contain: not under NOT, not the excluded side
    of AND NOT."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_leaves(q.a)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _positive_leaves(child)


def _hit(doc: dict, score: float) -> Hit:
    published = doc.get("published")
    return Hit(
        id=doc["id"],
        title=doc.get("title", ""),
        score=float(score),
        source=doc.get("source", ""),
        published=published.date() if published else None,
        path=doc.get("path", ""),
    )


def fill_snippet(hit: Hit, doc: dict, hl: Highlighter) -> None:
    title, body = doc.get("title", ""), doc.get("body", "")
    text = f"{title}\n\n{body}" if body else title
    spans = hl.spans(text) if hl else []
    hit.hits = len(spans)
    offset = len(title) + 2 if body else 0
    body_spans = [(a - offset, b - offset) for a, b in spans if a >= offset]
    hit.snippet, hit.snippet_spans = make_snippet(body or title, body_spans if body else spans)
