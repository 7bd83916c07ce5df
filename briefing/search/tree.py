"""briefing's own query tree: what a query means, once read, for every engine to translate.

The query language (words, "phrases", AND/OR/NOT, field:value, wild*, fuzzy~, [ranges],
dates) is read into this tree once (briefing.search.language); rewrites, highlighting and
"did you mean" work on it (briefing.search.queries), and each engine only translates
the finished tree into its own query.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union


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
    the last moment of 1999; see query_dates.bounds), so an engine only runs the bounds."""

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
class Capped(Or):
    """A wildcard expanded to as many words as briefing allows and cut there: an Or to
    an engine, and a sign to the searcher that the results are incomplete."""


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
class Require:
    """Matches what both ``a`` and ``b`` match; only ``a`` counts in the score."""

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


Node = Union[Term, Phrase, Wildcard, Fuzzy, Range, And, Or, Not, AndNot, AndMaybe, Require, Ids, Every, Nothing]


def walk(node: Node):
    """Every node of the tree, parents first."""
    yield node
    if isinstance(node, (And, Or)):
        for n in node.items:
            yield from walk(n)
    elif isinstance(node, Not):
        yield from walk(node.item)
    elif isinstance(node, (AndNot, AndMaybe, Require)):
        yield from walk(node.a)
        yield from walk(node.b)
