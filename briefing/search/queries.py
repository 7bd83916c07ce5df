"""Work on briefing's query tree, the same for every engine: rewriting a query against the
index and the entity table, what it marks in an article, and "did you mean"."""

from __future__ import annotations

from typing import Callable

from briefing.search.analysis import term as index_term
from briefing.search.engine import DEFAULT_FIELDS, Engine
from briefing.search.highlight import Highlighter
from briefing.search.spelling import Vocabulary
from briefing.search.tree import And, AndMaybe, AndNot, Capped, Fuzzy, Ids, Node, Not, Nothing, Or, Phrase, Range, \
    Require, Term, Wildcard

#: Most index terms a wildcard, prefix or fuzzy word may expand to: "*a*" over a large
#: vocabulary would otherwise build a query of every term and take seconds.
MAX_EXPANSION = 512

#: Most words of one query "did you mean" corrects: each costs up to a scan of the
#: vocabulary (tens of milliseconds at 10,000 articles); the rest are left as typed.
MAX_CORRECTIONS = 8

#: (field, value) -> article ids; resolves entity: and type: terms through the entity table.
EntityResolver = Callable[[str, str], set[str]]


class Rewriter:
    """Turns a tree as read into one an engine runs: entity: and type: terms become the
    ids of the articles that mention them (so a search always agrees with the sidebar),
    fuzzy words and wildcards the words of the index they match."""

    def __init__(self, engine: Engine, vocabulary: Callable[[], Vocabulary],
                 resolve_entity: EntityResolver | None = None):
        self.engine = engine
        self.vocabulary = vocabulary
        self.resolve_entity = resolve_entity

    def rewrite(self, node: Node) -> Node:
        field = getattr(node, "field", None)
        if field in ("entity", "type"):
            return self._entity(node)
        if isinstance(node, Fuzzy):
            return self._fuzzy(node)
        if isinstance(node, Wildcard):
            return self._wildcard(node)
        if isinstance(node, (And, Or)):
            return type(node)(tuple(self.rewrite(n) for n in node.items), node.boost)
        if isinstance(node, Not):
            return Not(self.rewrite(node.item))
        if isinstance(node, (AndNot, AndMaybe, Require)):
            return type(node)(self.rewrite(node.a), self.rewrite(node.b))
        return node

    def _entity(self, node: Node) -> Node:
        if isinstance(node, Phrase):
            value = " ".join(node.words)
        elif isinstance(node, Wildcard):
            value = node.pattern.rstrip("*?")
        else:
            value = getattr(node, "text", "")  # a range names no one: it finds nothing
        ids = self.resolve_entity(node.field, value) if self.resolve_entity else set()
        return Ids(frozenset(ids)) if ids else Nothing()

    def _fuzzy(self, node: Fuzzy) -> Node:
        """``word~`` through the corpus vocabulary (words as written, bucketed by length
        and letter) instead of an engine's scan of every index term."""
        stems = {index_term(node.text)}
        for _, cand in self.vocabulary().near(node.text, node.maxdist, node.prefix)[:MAX_EXPANSION]:
            stems.add(index_term(cand))
        terms = tuple(Term(node.field, t, node.boost) for t in sorted(stems) if self.engine.has_term(node.field, t))
        if not terms:
            return Nothing()
        return terms[0] if len(terms) == 1 else Or(terms)

    def _wildcard(self, node: Wildcard) -> Node:
        """An Or of at most MAX_EXPANSION words of the index, Capped when there were more."""
        found = self.engine.expand(node, MAX_EXPANSION + 1)
        terms = tuple(Term(node.field, t, node.boost) for t in found[:MAX_EXPANSION])
        if not terms:
            return Nothing()
        return Capped(terms) if len(found) > MAX_EXPANSION else Or(terms)


def positive_leaves(node: Node):
    """Leaves that a match must or may contain: not under NOT, not the excluded side of
    AND NOT."""
    if isinstance(node, Not):
        return
    if isinstance(node, AndNot):
        yield from positive_leaves(node.a)
    elif isinstance(node, (And, Or)):
        for n in node.items:
            yield from positive_leaves(n)
    elif isinstance(node, (AndMaybe, Require)):
        yield from positive_leaves(node.a)
        yield from positive_leaves(node.b)
    else:
        yield node


def highlighter(node: Node, engine: Engine) -> Highlighter:
    """What a rewritten query marks in an article's title and body: its words and its
    phrases; a range over words marks the words of the index inside it."""
    terms: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for leaf in positive_leaves(node):
        if getattr(leaf, "field", None) not in DEFAULT_FIELDS:
            continue
        if isinstance(leaf, Phrase):
            if len(leaf.words) == 1:
                terms.add(leaf.words[0])
            elif leaf.words:
                phrases.append(leaf.words)
        elif isinstance(leaf, Term):
            terms.add(leaf.text)
        elif isinstance(leaf, (Wildcard, Range)):
            terms.update(engine.expand(leaf, None))
    return Highlighter(frozenset(terms), tuple(phrases))


class Speller:
    """ "Did you mean": words of the query the index does not hold, replaced by the
    nearest words of the corpus that it does."""

    def __init__(self, engine: Engine, vocabulary: Callable[[], Vocabulary]):
        self.engine = engine
        self.vocabulary = vocabulary

    def known(self, term: str) -> bool:
        return any(self.engine.has_term(f, term) for f in DEFAULT_FIELDS)

    def has_unknown_terms(self, node: Node) -> bool:
        return any(type(leaf) is Term and leaf.field in DEFAULT_FIELDS and not self.known(leaf.text)
                   for leaf in positive_leaves(node))

    def suggest(self, text: str, node: Node) -> str | None:
        """A corrected query string, or None. Candidates are ranked by edit distance
        first, then frequency, so "nroth" suggests "north"."""
        replacements: list[tuple[int, int, str]] = []
        seen: set[tuple[int, int]] = set()
        tried = 0
        for leaf in positive_leaves(node):
            if type(leaf) is not Term or leaf.field not in DEFAULT_FIELDS or leaf.span is None:
                continue
            if leaf.span in seen:
                continue
            seen.add(leaf.span)
            if self.known(leaf.text):
                continue
            tried += 1
            if tried > MAX_CORRECTIONS:
                break
            start, end = leaf.span
            best = self.best_correction(text[start:end])
            if best:
                replacements.append((start, end, best))
        if not replacements:
            return None
        out = text
        for start, end, word in sorted(replacements, reverse=True):
            out = out[:start] + word + out[end:]
        return out if out != text else None

    def best_correction(self, word: str) -> str | None:
        """The closest word of the corpus vocabulary that the index still holds, most
        frequent first among equals."""
        vocabulary = self.vocabulary()
        # Most typos are one edit, and one-edit neighbours are found by lookup in well
        # under a millisecond; the two-edit scan (tens of ms) runs only when they fail.
        for maxdist in (1, 2):
            for _, cand in vocabulary.near(word.lower(), maxdist=maxdist):
                if len(cand) < 3:
                    continue
                if self.known(index_term(cand)):
                    return cand[:1].upper() + cand[1:] if word[:1].isupper() else cand
        return None
