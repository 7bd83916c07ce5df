"""briefing's own query form: a small tree that any search engine can be given, translated to Whoosh here.

The query language is Whoosh's (words, "phrases", AND/OR/NOT, field:value, wild*,
fuzzy~, [ranges], dates), and Whoosh's parser reads it; the parsed query is turned into
this tree at once, so that what reaches an engine is ours. A second backend
(briefing.tantivy_backend, a search server) translates these node types; a query part this form
cannot express travels as ``Opaque`` and a backend without it reports so in one line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol, Union

from whoosh import query as wq

from briefing.search.whoosh_queries import DocSet, term_text


@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0
    #: Where the word sits in the query text, for "did you mean" rewrites.
    span: tuple[int, int] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Phrase:
    field: str
    words: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Wildcard:
    """``pattern`` uses * and ?; a plain prefix is ``word*``."""

    field: str
    pattern: str
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    field: str
    text: str
    maxdist: int = 1
    prefix: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class Range:
    """Inclusive unless the flags say otherwise; None is open. Dates are datetimes: a
    published: comparison arrives as the whole days a reader means (``<2000`` ends at
    the last moment of 1999; see search.ReadDates), so an engine only runs the bounds."""

    field: str
    start: Any
    end: Any
    start_excl: bool = False
    end_excl: bool = False
    boost: float = 1.0


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Not:
    item: "Node"


@dataclass(frozen=True)
class AndNot:
    """Matches ``a`` but not ``b``."""

    a: "Node"
    b: "Node"


@dataclass(frozen=True)
class AndMaybe:
    """Matches ``a``; ``b`` only raises the score."""

    a: "Node"
    b: "Node"


@dataclass(frozen=True)
class Ids:
    """Articles by id: what entity: and type: terms become once the entity table has
    answered them. Every match scores the same."""

    ids: frozenset[str]


@dataclass(frozen=True)
class Every:
    pass


@dataclass(frozen=True)
class Nothing:
    pass


@dataclass(frozen=True)
class Opaque:
    """A part only the Whoosh backend understands (kept whole, never guessed at)."""

    engine_query: Any


Node = Union[Term, Phrase, Wildcard, Fuzzy, Range, And, Or, Not, AndNot, AndMaybe, Ids, Every, Nothing, Opaque]


def from_whoosh(q: wq.Query) -> Node:
    """The tree for a query Whoosh's parser produced."""
    boost = getattr(q, "boost", 1.0)
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return Nothing()
    if isinstance(q, wq.Every):
        return Every()
    if isinstance(q, DocSet):
        return Ids(q.ids)
    if isinstance(q, wq.FuzzyTerm):
        return Fuzzy(q.fieldname, term_text(q.text), q.maxdist, q.prefixlength, boost)
    if isinstance(q, (wq.Wildcard, wq.Prefix)) and getattr(q, "error", None) is None:
        pattern = term_text(q.text) + ("*" if isinstance(q, wq.Prefix) else "")
        return Wildcard(q.fieldname, pattern, boost)
    if type(q) is wq.Term and getattr(q, "error", None) is None:
        start, end = getattr(q, "startchar", None), getattr(q, "endchar", None)
        span = (start, end) if start is not None and end is not None else None
        return Term(q.fieldname, term_text(q.text), boost, span)
    if isinstance(q, wq.Phrase):  # engine_queries.ExactPhrase is one
        return Phrase(q.fieldname, tuple(term_text(w) for w in q.words), q.slop, boost)
    if type(q) is wq.DateRange:  # it keeps its dates beside the numbers it searches by
        return Range(q.fieldname, q.startdate, q.enddate, q.startexcl, q.endexcl, boost)
    if type(q) in (wq.TermRange, wq.NumericRange):
        return Range(q.fieldname, q.start, q.end, q.startexcl, q.endexcl, boost)
    if type(q) is wq.And or (isinstance(q, wq.Or) and not isinstance(q, wq.DisjunctionMax)):
        # isinstance for Or: a capped wildcard expansion (engine_queries._Capped) is one.
        items = tuple(from_whoosh(c) for c in q.subqueries)
        return And(items, boost) if type(q) is wq.And else Or(items, boost)
    if type(q) is wq.Not:
        return Not(from_whoosh(q.query))
    if type(q) is wq.AndNot:
        return AndNot(from_whoosh(q.a), from_whoosh(q.b))
    if type(q) is wq.AndMaybe:
        return AndMaybe(from_whoosh(q.a), from_whoosh(q.b))
    return Opaque(q)


def to_whoosh(node: Node) -> wq.Query:
    """The Whoosh query for a tree (the inverse of from_whoosh)."""
    if isinstance(node, Term):
        q = wq.Term(node.field, node.text, boost=node.boost)
        if node.span is not None:
            q.startchar, q.endchar = node.span
        return q
    if isinstance(node, Phrase):
        return wq.Phrase(node.field, list(node.words), slop=node.slop, boost=node.boost)
    if isinstance(node, Wildcard):
        body = node.pattern[:-1]
        if node.pattern.endswith("*") and "*" not in body and "?" not in body:
            return wq.Prefix(node.field, body, boost=node.boost)
        return wq.Wildcard(node.field, node.pattern, boost=node.boost)
    if isinstance(node, Fuzzy):
        return wq.FuzzyTerm(node.field, node.text, boost=node.boost, maxdist=node.maxdist,
                            prefixlength=node.prefix)
    if isinstance(node, Range):
        if isinstance(node.start, dt.datetime) or isinstance(node.end, dt.datetime):
            return wq.DateRange(node.field, node.start, node.end, node.start_excl, node.end_excl, boost=node.boost)
        if isinstance(node.start, (int, float)) or isinstance(node.end, (int, float)):
            return wq.NumericRange(node.field, node.start, node.end, node.start_excl, node.end_excl,
                                   boost=node.boost)
        return wq.TermRange(node.field, node.start, node.end, node.start_excl, node.end_excl, boost=node.boost)
    if isinstance(node, And):
        return wq.And([to_whoosh(n) for n in node.items], boost=node.boost)
    if isinstance(node, Or):
        return wq.Or([to_whoosh(n) for n in node.items], boost=node.boost)
    if isinstance(node, Not):
        return wq.Not(to_whoosh(node.item))
    if isinstance(node, AndNot):
        return wq.AndNot(to_whoosh(node.a), to_whoosh(node.b))
    if isinstance(node, AndMaybe):
        return wq.AndMaybe(to_whoosh(node.a), to_whoosh(node.b))
    if isinstance(node, Ids):
        return DocSet(node.ids)
    if isinstance(node, Every):
        return wq.Every()
    if isinstance(node, Nothing):
        return wq.NullQuery
    if isinstance(node, Opaque):
        return node.engine_query
    raise TypeError(f"not a query node: {node!r}")


def walk(node: Node):
    """Every node of the tree, parents first."""
    yield node
    if isinstance(node, (And, Or)):
        for n in node.items:
            yield from walk(n)
    elif isinstance(node, Not):
        yield from walk(node.item)
    elif isinstance(node, (AndNot, AndMaybe)):
        yield from walk(node.a)
        yield from walk(node.b)


class Backend(Protocol):
    """What the library needs from a search engine. ``Index`` (sync, stats) with
    ``Searcher`` (search, hit spans) is the Whoosh implementation; a second engine
    takes the same calls and receives queries as ``Node`` trees."""

    def sync(self, progress=None, cancelled=None, extractor=None): ...  # -> index.SyncReport

    def doc_count(self) -> int: ...

    def search(self, text: str, limit: int | None = 20, snippets: int | None = None,
               within: set[str] | None = None): ...  # -> search.Results

    def hit_spans(self, text: str, article) -> list[tuple[int, int]]: ...  # character offsets
