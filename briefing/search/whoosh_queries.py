"""briefing's query tree as Whoosh queries, with two of our own: a set of articles by id, and exact phrases."""

from __future__ import annotations

import datetime as dt
import weakref

from whoosh import query as wq

from briefing.search import tree as t



def to_whoosh(node: t.Node, phrase: type | None = None) -> wq.Query:
    """The Whoosh query for a tree. A phrase becomes ``phrase`` (ExactPhrase, which
    checks word positions faster; wq.Phrase gives Whoosh's own classes throughout)."""
    phrase = phrase or ExactPhrase
    if isinstance(node, t.Term):
        q = wq.Term(node.field, node.text, boost=node.boost)
        if node.span is not None:
            q.startchar, q.endchar = node.span
        return q
    if isinstance(node, t.Phrase):
        return phrase(node.field, list(node.words), slop=node.slop, boost=node.boost)
    if isinstance(node, (t.And, t.Or)):
        return (wq.And if isinstance(node, t.And) else wq.Or)([to_whoosh(n, phrase) for n in node.items],
                                                              boost=node.boost)
    if isinstance(node, t.Not):
        return wq.Not(to_whoosh(node.item, phrase))
    binary = {t.AndNot: wq.AndNot, t.AndMaybe: wq.AndMaybe, t.Require: wq.Require}.get(type(node))
    if binary is not None:
        return binary(to_whoosh(node.a, phrase), to_whoosh(node.b, phrase))
    if isinstance(node, t.Ids):
        return DocSet(node.ids)
    if isinstance(node, t.Every):
        return wq.Every()
    if isinstance(node, t.Nothing):
        return wq.NullQuery
    return leaf_query(node)


def leaf_query(node: t.Node) -> wq.Query:
    if isinstance(node, t.Wildcard):
        return wildcard(node)
    if isinstance(node, t.Fuzzy):
        return wq.FuzzyTerm(node.field, node.text, boost=node.boost, maxdist=node.maxdist, prefixlength=node.prefix)
    if isinstance(node, t.Range):
        args = (node.field, node.start, node.end, node.start_excl, node.end_excl)
        if isinstance(node.start, dt.datetime) or isinstance(node.end, dt.datetime):
            return wq.DateRange(*args, boost=node.boost)
        if isinstance(node.start, (int, float)) or isinstance(node.end, (int, float)):
            return wq.NumericRange(*args, boost=node.boost)
        return wq.TermRange(*args, boost=node.boost)
    raise TypeError(f"not a query node: {node!r}")


def wildcard(node: t.Wildcard) -> wq.Query:
    """``word*`` as Whoosh's Prefix (a range of the term list), anything else as a Wildcard."""
    body = node.pattern[:-1]
    if node.pattern.endswith("*") and "*" not in body and "?" not in body:
        return wq.Prefix(node.field, body, boost=node.boost)
    return wq.Wildcard(node.field, node.pattern, boost=node.boost)


def term_text(value) -> str:
    """Whoosh hands term text back as bytes or str depending on the call."""
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


class DocSet(wq.Query):
    """Articles given by id (what entity: and type: terms become), matched by one list
    of document numbers: an Or of 500 id terms cost about 50 ms at 10,000 articles,
    a term lookup and a matcher per id. Every match scores the same."""

    def __init__(self, ids, boost: float = 1.0):
        self.ids = frozenset(ids)
        self.boost = boost

    def __repr__(self) -> str:
        return f"DocSet({len(self.ids)} articles)"

    def __eq__(self, other) -> bool:
        return isinstance(other, DocSet) and other.ids == self.ids and other.boost == self.boost

    def __hash__(self) -> int:
        return hash((DocSet, self.ids, self.boost))

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader) -> int:
        return len(self.ids)

    def matcher(self, searcher, context=None):
        from whoosh.matching import ListMatcher, NullMatcher

        reader = searcher.reader()
        where = docnums(reader)
        found = sorted(n for n in map(where.get, self.ids) if n is not None and not reader.is_deleted(n))
        return ListMatcher(found, all_weights=self.boost) if found else NullMatcher()


#: segment reader -> {article id: document number}, made once per segment from the
#: sortable id column (about 2 microseconds an article) and dropped with the reader.
_docnums: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def docnums(reader) -> dict[str, int]:
    """Article id -> document number within one segment reader."""
    try:
        return _docnums[reader]
    except (KeyError, TypeError):
        pass
    if reader.has_column("id"):
        out = {term_text(aid): n for n, aid in enumerate(reader.column_reader("id"))}
    else:  # an index from before the id column: one lookup per article
        out = {}
        for aid in reader.lexicon("id"):
            m = reader.postings("id", aid)
            out[term_text(aid)] = m.id()
    try:
        _docnums[reader] = out
    except TypeError:
        pass
    return out


class ExactPhrase(wq.Phrase):
    """A phrase whose words must stand next to each other (slop 1, what the parser
    gives a quoted phrase), checked by intersecting sets of word positions.

    Whoosh checks a phrase in every article holding all its words by building a
    span object per position and comparing them pairwise in Python; "interest rates"
    at 10,000 articles has about 2,200 such articles and took about 45 ms, the slowest
    query kind. The answer and the scores (the intersection's) are the same."""

    def matcher(self, searcher, context=None):
        from whoosh.matching import NullMatcher, WrappingMatcher

        field = searcher.schema[self.fieldname] if self.fieldname in searcher.schema else None
        if self.slop != 1 or len(self.words) < 2 or field is None or not field.format \
                or not field.format.supports("positions"):
            return super().matcher(searcher, context)
        reader = searcher.reader()
        ms = []
        for word in self.words:
            try:
                btext = field.to_bytes(word)
            except ValueError:
                return NullMatcher()
            if (self.fieldname, btext) not in reader:
                return NullMatcher()
            ms.append(wq.Term(self.fieldname, btext).matcher(searcher, context))
        m = _AdjacentMatcher(ms)
        return WrappingMatcher(m, boost=self.boost) if self.boost != 1.0 else m


class _AdjacentMatcher(wq.SpanNear2.SpanNear2Matcher):
    def __init__(self, ms):
        super().__init__(ms, slop=1, ordered=True, mindist=1)

    def copy(self):
        return self.__class__([m.copy() for m in self.ms])

    def _get_spans(self):
        from whoosh.query.spans import Span

        ms = self.ms
        # Where the phrase could start: word k must sit k positions after word 0.
        starts = set(ms[0].value_as("positions"))
        for k in range(1, len(ms)):
            if not starts:
                return []
            starts.intersection_update([p - k for p in ms[k].value_as("positions")])
        last = len(ms) - 1
        return [Span(s, s + last) for s in sorted(starts)]
