"""Reading the query language into briefing's tree: briefing's own parser, no engine's.

The language (README, "Search"): words (AND between them by default), "phrases" (``~N``
for slop), AND / OR / NOT / ANDNOT / ANDMAYBE / REQUIRE in capitals, ( ) groups,
field:value (and field:( group )), wild* and wi?d, fuzzy~ / fuzzy~2 (``/N``: letters
that must match first), ^boost, [a TO b] / {a TO b} ranges, < > <= >= comparisons, and
published: dates (briefing.search.query_dates). Words are analysed as the index analyses
them (briefing.search.analysis). No index is opened here.

Operators bind, tightest first: NOT, AND, OR, ANDNOT, ANDMAYBE, REQUIRE, and words side
by side (an implicit AND) last, so ``a OR b c`` is ``(a OR b) AND c``.
"""

from __future__ import annotations

import datetime as dt
import re

from briefing.errors import QueryError
from briefing.search.analysis import term as index_term, tokens
from briefing.search.engine import DEFAULT_FIELDS
from briefing.search.query_dates import bounds
from briefing.search import tree
from briefing.search.tree import And, AndMaybe, AndNot, Every, Fuzzy, Node, Not, Nothing, Or, Phrase, Range, Require, \
    Term, Wildcard

#: The fields a query may name and how each reads its value: "text" analysed as the
#: index analyses words, "name" lower-cased and split at commas (entity names, entity
#: types), "id" as written, "date" a published: date. A new field is one line here
#: (and the engines' schemas, where it is stored).
FIELDS = {
    "title": "text", "body": "text", "source": "text", "author": "text",
    "published": "date", "entity": "name", "type": "name", "id": "id",
}
#: Fields an article has but a query cannot search (kept, not indexed).
UNSEARCHABLE = ("path", "url", "format", "hash")

#: Bounds on what one query may ask (README, "Search"): a pasted page is not a query,
#: and every word costs lookups, spelling and highlighting.
MAX_QUERY_CHARS = 1000
MAX_TERMS = 64
#: Deepest nesting of ( ) groups and NOTs: every level is a level of the tree that each
#: step after the parse walks by recursion.
MAX_DEPTH = 32
#: The most edits a fuzzy word may allow: ``~3`` reaches most short words of a corpus.
MAX_EDITS = 2

class Bound(QueryError):
    """A query past one of the bounds above: said as it is, in one line."""


_OPS = {"AND": 5, "OR": 4, "ANDNOT": 3, "ANDMAYBE": 2, "REQUIRE": 1}
_BINARY = {"ANDNOT": AndNot, "ANDMAYBE": AndMaybe, "REQUIRE": Require}
_FIELD = re.compile(r"(\w+):(?=[^\s)])")
_PHRASE = re.compile(r'"([^"]*)"(?:~(\d+))?')
_RANGE = re.compile(r"([\[{])([^\]}]*)([\]}])")
_TO = re.compile(r"(?:^|\s)to(?:\s|$)", re.IGNORECASE)
_CHUNK = re.compile(r"[^\s()]+")
_BOOST = re.compile(r"\^(\d*(?:\.\d+)?)$")
_AFTER = re.compile(r"\^(\d*(?:\.\d+)?)(?=[\s)]|$)")
_FUZZY = re.compile(r"(?<=\S)~(\d)?(?:/(\d)?)?$")
_REL = re.compile(r"(<=|>=|=<|=>|<|>)")


def read(text: str, today: dt.date | None = None) -> Node:
    """The tree for a query as typed: words as index terms, dates as whole days; entity
    names, wildcards and fuzzy words still as written (briefing.search.queries rewrites
    them against the index). QueryError, one line, for what cannot be read."""
    if len(text) > MAX_QUERY_CHARS:
        raise Bound(f"the query is too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})")
    if "\x00" in text:
        raise QueryError("the query contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates: bytes of another encoding, as the shell passed them on
        raise QueryError(f"the query holds characters that are not valid text (not UTF-8) at character "
                         f"{exc.start + 1}") from None
    if not text.strip():
        return Every()
    parser = _Parser(text, today or dt.date.today())
    try:
        node = parser.sequence(None, top=True)
    except Bound:
        raise
    except QueryError as exc:
        raise QueryError(f"could not understand the query: {exc}") from None
    # Wrapped once more, so a boost on a group reaches each of its items.
    return Nothing() if node is None else normalize(And((node,)))


class _Parser:
    """Recursive descent over the query text; ``at`` is the reading position."""

    def __init__(self, text: str, today: dt.date):
        self.text, self.today, self.at, self.terms, self.depth = text, today, 0, 0, 0

    def skip_space(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def sequence(self, field: str | None, top: bool = False) -> Node | None:
        """Expressions side by side up to a closing parenthesis (or the end): an AND."""
        items: list[Node] = []
        while True:
            self.skip_space()
            if self.at >= len(self.text):
                break
            if self.text[self.at] == ")":
                if not top:
                    break
                self.at += 1  # a stray closing parenthesis closes nothing
                continue
            node = self.expression(field, 1)
            if node is not None:
                items.append(node)
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def operator(self) -> str | None:
        """The binary operator at the reading position, if one stands there: capitals,
        space on both sides."""
        t, i = self.text, self.at
        m = _CHUNK.match(t, i)
        if not m or m[0] not in _OPS or i == 0 or not t[i - 1].isspace():
            return None
        end = m.end()
        return m[0] if end < len(t) and t[end].isspace() else None

    def expression(self, field: str | None, least: int) -> Node | None:
        """Units joined by operators binding at least as tight as ``least``."""
        left = self.unary(field)
        while True:
            save = self.at
            self.skip_space()
            op = self.operator()
            if op is None or _OPS[op] < least:
                self.at = save
                return left
            self.at += len(op)
            self.skip_space()
            if self.at >= len(self.text) or self.text[self.at] == ")":
                return left  # nothing after the operator: it joins nothing
            right = self.expression(field, _OPS[op] + 1)
            if left is None or right is None:
                left = left if right is None else right
            elif op in ("AND", "OR"):
                left = (And if op == "AND" else Or)((left, right))
            else:
                left = _BINARY[op](left, right)

    def unary(self, field: str | None) -> Node | None:
        t = self.text
        m = _CHUNK.match(t, self.at)
        if m and m[0] == "NOT" and (self.at == 0 or t[self.at - 1].isspace() or t[self.at - 1] in "()") \
                and m.end() < len(t) and t[m.end()].isspace():
            self.at = m.end()
            self.skip_space()
            if self.at >= len(t) or t[self.at] == ")":
                return None
            self.deeper()
            item = self.unary(field)
            self.depth -= 1
            return None if item is None else Not(item)
        return self.unit(field)

    def boost(self) -> float:
        m = _AFTER.match(self.text, self.at)
        if not m:
            return 1.0
        self.at = m.end()
        return float(m[1]) if m[1] else 1.0

    def unit(self, field: str | None) -> Node | None:
        t, at = self.text, self.at
        m = _FIELD.match(t, at)
        if m and m[1] in UNSEARCHABLE:
            raise QueryError(f"{m[1]}: cannot be searched (at character {at + 1}); fields are "
                             + ", ".join(f"{f}:" for f in FIELDS))
        if m and m[1] in FIELDS:
            self.at = m.end()
            return self.unit(m[1])
        if t[at] == "(":
            self.at += 1
            self.deeper()
            inner = self.sequence(field)
            self.depth -= 1
            if self.at < len(t) and t[self.at] == ")":
                self.at += 1
            return _boosted(inner, self.boost())
        if t[at] == '"':
            m = _PHRASE.match(t, at)
            if m:
                self.at = m.end()
                return self.count(_boosted(self.phrase(field, m[1], m.start(1), int(m[2] or 1)), self.boost()))
        if t[at] in "[{":
            m = _RANGE.match(t, at)
            if m and _TO.search(m[2]):
                self.at = m.end()
                lo, hi = (s.strip() or None for s in _TO.split(m[2], maxsplit=1))
                node = self.fields(field, lambda f: self.range(f, lo, hi, m[1] == "{", m[3] == "}", at))
                return self.count(_boosted(node, self.boost()))
        m = _CHUNK.match(t, at)
        self.at = m.end()
        return self.count(self.word(field, m[0], at))

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Bound(f"the query nests groups or NOTs too deep (more than {MAX_DEPTH} levels, "
                        f"at character {self.at + 1})")

    def count(self, node: Node | None) -> Node | None:
        self.terms += node is not None
        if self.terms > MAX_TERMS:
            raise Bound(f"the query has too many terms (more than {MAX_TERMS})")
        return node

    def fields(self, field: str | None, build) -> Node | None:
        """``build`` for the field named, or an OR of it over the default fields."""
        if field is not None:
            return build(field)
        items = tuple(n for n in map(build, DEFAULT_FIELDS) if n is not None)
        return Or(items) if items else None

    def word(self, field: str | None, chunk: str, at: int) -> Node | None:
        m = _BOOST.search(chunk)
        boost = 1.0
        if m:
            chunk, boost = chunk[:m.start()], float(m[1]) if m[1] else 1.0
            if not chunk:
                return None
        rel = _REL.match(chunk)
        if rel and len(chunk) > rel.end():
            value, op = chunk[rel.end():], rel[1].replace("=<", "<=").replace("=>", ">=")
            lo, hi = (None, value) if op[0] == "<" else (value, None)
            excl = len(op) == 1
            return _boosted(self.fields(field, lambda f: self.range(f, lo, hi, excl and op == ">",
                                                                        excl and op == "<", at)), boost)
        fuzzy = _FUZZY.search(chunk)
        if fuzzy:
            edits = int(fuzzy[1]) if fuzzy[1] else 1
            if edits > MAX_EDITS:
                raise Bound(f"{chunk!r} asks for {edits} edits (at character {at + 1}); "
                                 f"fuzzy words allow at most {MAX_EDITS} (~{MAX_EDITS})")
            word, prefix = chunk[:fuzzy.start()], int(fuzzy[2]) if fuzzy[2] else 0
            return _boosted(self.fields(field, lambda f: self.fuzzy(f, word, edits, prefix, at)), boost)
        if "*" in chunk or "?" in chunk:
            return _boosted(self.fields(field, lambda f: self.wildcard(f, chunk, at)), boost)
        span = (at, at + len(chunk))
        return _boosted(self.fields(field, lambda f: self.term(f, chunk, span, at)), boost)

    def term(self, field: str, text: str, span: tuple[int, int] | None, at: int) -> Node | None:
        kind = FIELDS[field]
        if kind == "date":
            if text[:1] in "[{":
                raise QueryError(f"a range opened at character {at + 1} is not closed (or has no TO)")
            return self.range(field, text, text, False, False, at)
        if kind == "id":
            return Term(field, text, span=span)
        words = _names(text) if kind == "name" else [w for w, _, _ in tokens(text)]
        if not words:
            return None
        if len(words) == 1:
            return Term(field, words[0], span=span)
        return And(tuple(Term(field, w) for w in words))

    def phrase(self, field: str | None, text: str, start: int, slop: int) -> Node | None:
        def build(f: str) -> Node | None:
            kind = FIELDS[f]
            if kind != "text":
                return self.term(f, text, (start, start + len(text)), start) if text.strip() else None
            words = [w for w, _, _ in tokens(text)]
            if len(words) == 1:
                only = tokens(text)[0]
                return Term(f, words[0], span=(start + only[1], start + only[2]))
            return Phrase(f, tuple(words), slop) if words else None

        return self.fields(field, build)

    def wildcard(self, field: str, pattern: str, at: int) -> Node | None:
        kind = FIELDS[field]
        if kind == "date":
            raise QueryError(f"published: takes a date, not a pattern ({pattern!r} at character {at + 1})")
        if pattern == "*":
            return Every()
        if not pattern.strip("*?"):
            raise Bound(f"the wildcard {pattern!r} (at character {at + 1}) holds no letter and would match every "
                        "word; give at least one letter, or * alone for every article")
        if kind == "id":
            return Wildcard(field, pattern)
        if kind == "name":
            return Wildcard(field, pattern.lower())
        body = pattern[:-1]
        if pattern.endswith("*") and "*" not in body and "?" not in body:
            return Wildcard(field, index_term(body) + "*")
        return Wildcard(field, index_term(pattern))

    def fuzzy(self, field: str, word: str, edits: int, prefix: int, at: int) -> Node | None:
        kind = FIELDS[field]
        if kind == "date":
            raise QueryError(f"published: takes a date, not a fuzzy word ({word!r} at character {at + 1})")
        text = word if kind == "id" else word.lower() if kind == "name" else index_term(word)
        return Fuzzy(field, text, edits, prefix) if text else None

    def range(self, field: str, lo: str | None, hi: str | None, lo_excl: bool, hi_excl: bool, at: int) -> Node:
        kind = FIELDS[field]
        if kind == "date":
            try:
                start, end = bounds(lo, hi, lo_excl, hi_excl, self.today)
            except QueryError as exc:
                raise QueryError(f"{exc} (at character {at + 1})") from None
            return Range(field, start, end)
        fix = (lambda s: s) if kind == "id" else str.lower if kind == "name" else index_term
        return Range(field, lo and fix(lo), hi and fix(hi), lo_excl, hi_excl)


def _names(text: str) -> list[str]:
    return [n for n in (p.strip().lower() for p in text.split(",")) if n]


def _boosted(node: Node | None, boost: float) -> Node | None:
    if node is None or boost == 1.0:
        return node
    if isinstance(node, (Not, AndNot, AndMaybe, Require, Every, Nothing)):
        return node  # these carry no score of their own to raise
    return _with_boost(node, node.boost * boost)


def _with_boost(node: Node, boost: float) -> Node:
    if isinstance(node, (Not, AndNot, AndMaybe, Require, Every, Nothing)) or node.boost == boost:
        return node
    return tree.replace(node, boost=boost)


def normalize(node: Node) -> Node:
    """The tree with nested ANDs (ORs) flattened into their parent, the same leaf kept
    once, and what matches nothing taken out (a word of no letters, an empty phrase)."""
    if isinstance(node, (And, Or)):
        cls = type(node)
        flat: list[Node] = []
        for item in map(normalize, node.items):
            if type(item) is cls:
                flat.extend(_with_boost(s, s.boost * item.boost) if item.boost != 1.0 else s for s in item.items)
            else:
                flat.append(item)
        kept: list[Node] = []
        for item in flat:
            if not isinstance(item, Nothing) and item not in kept:
                kept.append(item)
        if not kept:
            return Nothing()
        if len(kept) == 1:
            return _boosted(kept[0], node.boost) or kept[0]
        return cls(tuple(kept), node.boost)
    if isinstance(node, Not):
        item = normalize(node.item)
        return Nothing() if isinstance(item, Nothing) else Not(item)
    if isinstance(node, (AndNot, AndMaybe, Require)):
        a, b = normalize(node.a), normalize(node.b)
        if isinstance(a, Nothing):
            return Nothing()
        return a if isinstance(b, Nothing) else type(node)(a, b)
    return node
