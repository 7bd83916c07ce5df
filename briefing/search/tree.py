"""briefing's own query tree: what a query means, once read, for every engine to translate.

The query language (words, "phrases", AND/OR/NOT, field:value, wild*, fuzzy~, [ranges],
dates) is read into this tree once (briefing.search.language); rewrites, highlighting and
"did you mean" work on it (briefing.search.queries), and each engine only translates
the finished tree into its own query.
"""

from __future__ import annotations

from typing import Any, Union

#: Assigns a field of a node (nodes are frozen: their own __setattr__ refuses).
_set = object.__setattr__


class _Node:
    """What a frozen dataclass gave the nodes (equality and hash by field, a repr,
    no assignment, copy and pickle), written once: creating fifteen frozen
    dataclasses was a fifth of a one-shot search's own import time."""

    __slots__ = ()
    #: Every field, in the order __init__ takes them.
    _fields: tuple[str, ...] = ()
    #: The fields equality and the hash look at.
    _compare: tuple[str, ...] = ()

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._compare)

    def __hash__(self):
        return hash(tuple(getattr(self, f) for f in self._compare))

    def __repr__(self):
        return f"{type(self).__qualname__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self._fields)})"

    def __setattr__(self, name, value):
        raise AttributeError(f"cannot assign to field {name!r}: query nodes are frozen")

    def __delattr__(self, name):
        raise AttributeError(f"cannot delete field {name!r}: query nodes are frozen")

    def __reduce__(self):
        return self.__class__, tuple(getattr(self, f) for f in self._fields)


def replace(node: "Node", **changes) -> "Node":
    """A copy of ``node`` with ``changes`` to its fields (``dataclasses.replace``)."""
    values = {f: getattr(node, f) for f in node._fields}
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(node).__name__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(node)(**values)


class Term(_Node):
    __slots__ = _fields = ("field", "text", "boost", "span")
    _compare = ("field", "text", "boost")

    def __init__(self, field: str, text: str, boost: float = 1.0, span: tuple[int, int] | None = None):
        _set(self, "field", field)
        _set(self, "text", text)
        _set(self, "boost", boost)
        #: Where the word sits in the query text, for "did you mean" rewrites.
        _set(self, "span", span)


class Phrase(_Node):
    __slots__ = _fields = _compare = ("field", "words", "slop", "boost")

    def __init__(self, field: str, words: tuple[str, ...], slop: int = 1, boost: float = 1.0):
        _set(self, "field", field)
        _set(self, "words", words)
        _set(self, "slop", slop)
        _set(self, "boost", boost)


class Wildcard(_Node):
    """``pattern`` uses * and ?; a plain prefix is ``word*``."""

    __slots__ = _fields = _compare = ("field", "pattern", "boost")

    def __init__(self, field: str, pattern: str, boost: float = 1.0):
        _set(self, "field", field)
        _set(self, "pattern", pattern)
        _set(self, "boost", boost)


class Fuzzy(_Node):
    __slots__ = _fields = _compare = ("field", "text", "maxdist", "prefix", "boost")

    def __init__(self, field: str, text: str, maxdist: int = 1, prefix: int = 1, boost: float = 1.0):
        _set(self, "field", field)
        _set(self, "text", text)
        _set(self, "maxdist", maxdist)
        _set(self, "prefix", prefix)
        _set(self, "boost", boost)


class Range(_Node):
    """Inclusive unless the flags say otherwise; None is open. Dates are datetimes: a
    published: comparison arrives as the whole days a reader means (``<2000`` ends at
    the last moment of 1999; see query_dates.bounds), so an engine only runs the bounds."""

    __slots__ = _fields = _compare = ("field", "start", "end", "start_excl", "end_excl", "boost")

    def __init__(self, field: str, start: Any, end: Any, start_excl: bool = False, end_excl: bool = False,
                 boost: float = 1.0):
        _set(self, "field", field)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "start_excl", start_excl)
        _set(self, "end_excl", end_excl)
        _set(self, "boost", boost)


class And(_Node):
    __slots__ = _fields = _compare = ("items", "boost")

    def __init__(self, items: tuple["Node", ...], boost: float = 1.0):
        _set(self, "items", items)
        _set(self, "boost", boost)


class Or(_Node):
    __slots__ = _fields = _compare = ("items", "boost")

    def __init__(self, items: tuple["Node", ...], boost: float = 1.0):
        _set(self, "items", items)
        _set(self, "boost", boost)


class Capped(Or):
    """A wildcard expanded to as many words as briefing allows and cut there: an Or to
    an engine, and a sign to the searcher that the results are incomplete."""

    __slots__ = ()


class Not(_Node):
    __slots__ = _fields = _compare = ("item",)

    def __init__(self, item: "Node"):
        _set(self, "item", item)


class _Pair(_Node):
    __slots__ = _fields = _compare = ("a", "b")

    def __init__(self, a: "Node", b: "Node"):
        _set(self, "a", a)
        _set(self, "b", b)


class AndNot(_Pair):
    """Matches ``a`` but not ``b``."""

    __slots__ = ()


class AndMaybe(_Pair):
    """Matches ``a``; ``b`` only raises the score."""

    __slots__ = ()


class Require(_Pair):
    """Matches what both ``a`` and ``b`` match; only ``a`` counts in the score."""

    __slots__ = ()


class Ids(_Node):
    """Articles by id: what entity: and type: terms become once the entity table has
    answered them. Every match scores the same."""

    __slots__ = _fields = _compare = ("ids",)

    def __init__(self, ids: frozenset[str]):
        _set(self, "ids", ids)


class Every(_Node):
    __slots__ = ()


class Nothing(_Node):
    __slots__ = ()


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
