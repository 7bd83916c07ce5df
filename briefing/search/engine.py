"""The search engine protocol: all that the index store and the searcher ask of an engine.

An engine keeps its own files inside the index folder it is given; the store beside it
keeps everything else (manifest, vocabulary, marker) and decides when to open, create
and rebuild. Queries reach an engine as finished trees (briefing.search.tree): read,
with entity names turned into article ids and wildcards and fuzzy words into words of
the index. Each engine turns its own failures into IndexDamaged (its files cannot be
read) or IndexLocked (another process writes) at its boundary, and a query it cannot
run into a one-line QueryError: nothing else of its own escapes.

An engine is a class made as ``Engine(directory, lock, reopen)``: ``lock`` is the store's,
held while the store opens, creates or swaps the index, and an engine holds it while it
opens readers; ``reopen()`` opens the index again through the store (with its recovery)
when a reader is asked for after a close. Adding an engine is one module with such a
class, ``available()`` and ``MISSING`` (see briefing.search.registry), and the
contract tests in tests/contract/.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Protocol

from briefing.corpus import Article
from briefing.search.tree import Node, Range, Wildcard

#: Fields searched by words; every engine indexes them from briefing's own terms
#: (analysis.terms), so a word, a phrase and a hit mean the same in every engine.
WORD_FIELDS = ("title", "body", "source", "author")
#: What a word without a field searches, and what highlights and "did you mean" look at.
DEFAULT_FIELDS = ("title", "body")
#: A match in the title counts this many times one in the body.
TITLE_BOOST = 2.0
#: A pathological query must not freeze the app: an engine that can stop early stops
#: after this many seconds and returns what it found (Found.timed_out).
TIME_LIMIT = 2.0


@dataclass
class Found:
    """A search's answer, best first."""

    docs: list[tuple[Article, float]]
    """(stored article, score) for each hit listed."""
    total: int
    """Every match, not only those listed."""
    timed_out: bool = False
    """The engine stopped early (a pathological query): ``docs`` is what it had."""


class Writer(Protocol):
    """One batch of changes, seen by searches only once committed."""

    def add(self, article: Article, terms: dict[str, str]) -> None:
        """A new article; ``terms`` holds each word field's space-separated index terms."""

    def update(self, article: Article, terms: dict[str, str]) -> None:
        """An article that replaces the one of the same id."""

    def delete(self, article_id: str) -> None: ...

    def commit(self) -> None: ...

    def cancel(self) -> None:
        """Drop everything since the writer was made."""


class Engine(Protocol):
    name: str
    """Written into the index marker: an index of another engine is rebuilt, not misread."""

    def open(self) -> None:
        """Open existing files; IndexDamaged when they cannot be read, IndexLocked."""

    def create(self) -> None:
        """New, empty files in the (existing, empty) index folder."""

    def close(self) -> None:
        """Release every reader, on every thread."""

    def writer(self, bulk: bool = False) -> Writer:
        """``bulk``: a first build of many articles, which may use more processes."""

    def doc_count(self) -> int: ...

    def article(self, article_id: str) -> Article | None: ...

    def articles(self, ids: list[str]) -> list[Article]:
        """These articles in this order; ids the index does not hold are left out."""

    def all_articles(self) -> Iterator[Article]:
        """Every stored article, one at a time."""

    def newest(self, limit: int | None) -> list[Article]:
        """At least the ``limit`` newest articles (all when None), in any order: every
        article dated on or after the day of the ``limit``-th newest, so that titles
        can settle the order within that day. Undated articles count as oldest."""

    def search(self, query: Node, limit: int | None) -> Found:
        """Ranked articles for a finished tree (BM25, a title match counting
        TITLE_BOOST times); ``total`` counts every match whatever the limit."""

    def has_term(self, field: str, term: str) -> bool:
        """Whether some article holds this index term in this field."""

    def expand(self, node: Wildcard | Range, most: int | None) -> list[str]:
        """Index terms of ``node``'s field that a wildcard or a range over words matches,
        at most ``most`` (the most useful first when the engine can tell)."""
