"""The Whoosh engine (pure Python, always there): its schema, files, writers and searches.

Every failure of Whoosh's is sorted here, at the engine's boundary: files it cannot read
become IndexDamaged (the store rebuilds), a lock IndexLocked, and a valid query that
trips over a fault in Whoosh's own query code a one-line QueryError.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import pickle
import struct
import threading
import traceback
import weakref
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from briefing.search import whoosh_import  # noqa: F401, I001 - before any whoosh module: halves its import

from whoosh import fields, index as windex
from whoosh.collectors import TimeLimit, TimeLimitCollector, TopCollector
from whoosh.reading import ReaderClosed

from briefing.corpus import Article
from briefing.errors import BriefingError, IndexDamaged, IndexLocked, QueryError
from briefing.search.engine import TIME_LIMIT, TITLE_BOOST, Found
from briefing.search.tree import Node, Range, Wildcard
from briefing.search.whoosh_analysis import analyzer
from briefing.search.whoosh_queries import docnums, leaf_query, term_text, to_whoosh, wildcard

LOCK_TIMEOUT = 10.0
#: A first build writes through Whoosh's multi-process writer, one segment per process:
#: on 2 cores it cut a 1,000-article build from 10.0 s to 7.3 s (benchmarks/run.py).
WRITER_PROCS = min(os.cpu_count() or 1, 2)
#: What Whoosh raises when its files are garbled, whatever it was doing.
DAMAGE = (zlib.error, struct.error, EOFError, OSError, pickle.UnpicklingError, UnicodeDecodeError)
WHOOSH = f"{os.sep}whoosh{os.sep}"
#: Parts of Whoosh that only run queries: an error raised inside them by a valid query
#: is a fault of Whoosh's, not of the files (say, IndexError from AndNot past the end).
QUERY_CODE = (f"{WHOOSH}matching{os.sep}", f"{WHOOSH}query{os.sep}", f"{WHOOSH}collectors.py")
LOCKED = "another briefing process is updating the index; try again when it finishes"
MISSING = ""


def available() -> bool:
    return True  # a dependency of briefing itself


def make_schema() -> fields.Schema:
    ana = analyzer()
    # No spelling=True: it doubles every posting with an unstemmed copy and tripled
    # ingest time; did-you-mean and fuzzy terms use our own vocabulary instead.
    return fields.Schema(
        # sortable: the id column maps ids to document numbers in one read, for entity
        # queries (whoosh_queries.DocSet) instead of a term lookup per article.
        id=fields.ID(unique=True, stored=True, sortable=True),
        path=fields.STORED(),
        title=fields.TEXT(analyzer=ana, stored=True, field_boost=TITLE_BOOST),
        body=fields.TEXT(analyzer=ana, stored=True),
        source=fields.TEXT(analyzer=ana, stored=True),
        author=fields.TEXT(analyzer=ana, stored=True),
        published=fields.DATETIME(stored=True, sortable=True),
        url=fields.STORED(),
        format=fields.STORED(),
        hash=fields.STORED(),
        # Never filled: the query layer rewrites entity: and type: terms into article
        # ids from the entity table, so they always agree with the sidebar.
        entity=fields.KEYWORD(lowercase=True, commas=True),
        type=fields.KEYWORD(lowercase=True, commas=True),
    )


def _cause(exc: BaseException) -> str:
    """A short name for what went wrong, for the one-line message."""
    name = type(exc).__name__
    return name if name != "error" else f"{type(exc).__module__}.error"


def _failure(exc: Exception, searching: bool = False) -> Exception:
    """What a failure inside this engine is to briefing: damage when Whoosh could not
    read its files; a QueryError when Whoosh's own query code failed on a query it had
    accepted; the error itself (a bug of briefing's) when Whoosh had no part in it."""
    if isinstance(exc, DAMAGE):
        return IndexDamaged(_cause(exc))
    inner = next((f.filename for f in reversed(traceback.extract_tb(exc.__traceback__)) if WHOOSH in f.filename),
                 None)
    if inner is None:
        return exc
    if searching or any(part in inner for part in QUERY_CODE):
        return QueryError(f"the whoosh engine failed on this query ({type(exc).__name__}: "
                          f"{' '.join(str(exc).split())[:80]}); try wording it another way")
    # Not a failure to read the files (those are DAMAGE above): a fault of Whoosh's
    # own code, which a rebuild would not cure and would cost the user their index.
    return exc


@contextmanager
def _boundary(searching: bool = False, writing: bool = False):
    """Whoosh's failures inside the block, as briefing's (see _failure). A writer's disk
    error stays itself: a full disk is not damage."""
    try:
        yield
    except BriefingError:
        raise
    except Exception as exc:
        err = exc if writing and isinstance(exc, OSError) else _failure(exc, searching)
        if err is exc:
            raise
        raise err from exc


def _reading(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with _boundary():
            try:
                return fn(*args, **kwargs)
            except ReaderClosed:
                # A rebuild swapped the index in under the reader this thread held;
                # the second call opens the new one.
                return fn(*args, **kwargs)

    return wrapper


class WhooshEngine:
    """A Whoosh index in the index folder itself. Each thread gets its own searcher,
    refreshed when the index changed (here or in another process)."""

    name = "whoosh"

    def __init__(self, directory: Path, lock: threading.RLock, reopen) -> None:
        self.directory = Path(directory)
        self._lock = lock
        self._reopen = reopen
        self._ix = None
        self._local = threading.local()
        # Every thread's searcher, so close() can close them all: replacing _local
        # alone left other threads' searchers open on files a rebuild then deleted.
        self._searchers: weakref.WeakSet = weakref.WeakSet()
        self._generation = 0

    # ------------------------------------------------------------------ files

    def open(self) -> None:
        try:
            ix = windex.open_dir(str(self.directory))
            with ix.searcher() as s:
                s.doc_count()
        except windex.LockError:
            raise IndexLocked(f"{self.directory}: the index is locked by another process") from None
        except Exception as exc:  # Whoosh raises many kinds on a damaged index
            raise IndexDamaged(_cause(exc)) from exc
        self._ix = ix
        self._generation += 1

    def create(self) -> None:
        self._ix = windex.create_in(str(self.directory), make_schema())
        self._generation += 1

    def close(self) -> None:
        with self._lock:
            self._local = threading.local()
            for s in list(self._searchers):
                s.close()
            self._searchers = weakref.WeakSet()
            if self._ix is not None:
                self._ix.close()
                self._ix = None

    @property
    def ix(self):
        ix = self._ix
        if ix is None:
            with self._lock:
                if self._ix is None:
                    self._reopen()  # closed under us: the store opens it, with its recovery
                ix = self._ix
        return ix

    def searcher(self):
        """This thread's searcher, refreshed when the index changed."""
        loc = self._local
        s = getattr(loc, "searcher", None)
        if s is None or getattr(loc, "generation", -1) != self._generation:
            if s is not None:
                s.close()
            # Under the lock: a rebuild must not delete the files while they are opened.
            with self._lock:
                s = self.ix.searcher()
                self._searchers.add(s)
                loc.searcher, loc.generation = s, self._generation
        elif not s.up_to_date():
            with self._lock:
                if s.doc_count() == 0:
                    # Whoosh cannot refresh a searcher of an empty index (its reader has
                    # no segments, and refresh() raises TypeError): open a new one instead.
                    s.close()
                    loc.searcher = s = self.ix.searcher()
                else:
                    loc.searcher = s = s.refresh()
                self._searchers.add(s)
        return s

    def writer(self, bulk: bool = False) -> _Writer:
        # compound=False: Whoosh opens a compound segment by copying each of its parts
        # into a BytesIO, so a searcher held the whole index in memory (about 150 MB
        # at 10,000 articles, the bulk of the search peak); separate files are read in place.
        try:
            # The multi-process writer starts its sub-writers with the default start
            # method, fork on Linux: forking while another thread may hold a lock (the
            # app syncs from a worker thread) can deadlock the child. The same test as
            # briefing.search.ingest: only a single-threaded process forks.
            if bulk and WRITER_PROCS > 1 and threading.active_count() == 1:
                from briefing.search.whoosh_bulk import BulkWriter  # multiprocessing: only to write

                w = BulkWriter(self.ix, timeout=LOCK_TIMEOUT, procs=WRITER_PROCS, multisegment=True,
                              subargs={"compound": False}, compound=False)
            else:
                w = self.ix.writer(timeout=LOCK_TIMEOUT, compound=False)
        except windex.LockError:
            raise IndexLocked(f"{self.directory}: {LOCKED}") from None
        return _Writer(self, w)

    # ------------------------------------------------------------------ reading

    @_reading
    def doc_count(self) -> int:
        return self.searcher().doc_count()

    @_reading
    def article(self, article_id: str) -> Article | None:
        s = self.searcher()
        docnum = s.document_number(id=article_id)
        return None if docnum is None else _article(s.stored_fields(docnum))

    @_reading
    def articles(self, ids: list[str]) -> list[Article]:
        s = self.searcher()
        leaves = [(sub.reader(), offset) for sub, offset in s.leaf_searchers()]
        out = []
        for aid in ids:
            for reader, offset in leaves:
                n = docnums(reader).get(aid)
                if n is not None and not reader.is_deleted(n):
                    out.append(_article(s.stored_fields(offset + n)))
                    break
        return out

    def all_articles(self) -> Iterator[Article]:
        with _boundary():
            for doc in self.searcher().all_stored_fields():
                yield _article(doc)

    @_reading
    def newest(self, limit: int | None) -> list[Article]:
        """Dates come from the sortable column, so only the listed articles' stored
        fields are read (all of them took seconds at 100,000)."""
        s = self.searcher()
        dates: list[tuple[int, int]] = []
        for sub, offset in s.leaf_searchers():
            reader = sub.reader()
            col = reader.column_reader("published") if reader.has_column("published") else None
            for docnum in reader.all_doc_ids():
                dates.append((-_ordinal(col, docnum), offset + docnum))
        dates.sort()
        if limit and len(dates) > limit:
            edge = dates[limit - 1][0]
            dates = [d for d in dates if d[0] <= edge]
        return [_article(s.stored_fields(docnum)) for _, docnum in dates]

    def search(self, query: Node, limit: int | None) -> Found:
        with _boundary(searching=True):
            return self._search(to_whoosh(query), limit)

    def _search(self, q, limit: int | None) -> Found:
        s = self.searcher()
        # Whoosh's default BM25F, with the title boost from the schema (field_boost).
        # Every match is visited and counted in this one pass: no block skipping and no
        # matcher replacement. Whoosh's replacement drops parts that cannot beat the
        # current top N and then reports a count of what it saw ("x NOT y" said 16 of
        # 27 with limit 1), and recounting in a second pass cost as much again. Measured
        # over the benchmark mix at 10,000 articles: median 6.3 -> 7.0 ms, p95 38 -> 23 ms.
        collector = (s.collector(limit=None) if limit is None
                     else TopCollector(limit=limit, usequality=False, replace=0))
        timed = TimeLimitCollector(collector, timelimit=TIME_LIMIT, use_alarm=False)
        timed_out = False
        try:
            s.search_with_collector(q, timed)
        except TimeLimit:
            timed_out = True
        found = timed.results()
        total = found.scored_length() if timed_out or limit is None else collector.total
        return Found([(_article(r.fields()), r.score) for r in found], total, timed_out)

    @_reading
    def has_term(self, field: str, term: str) -> bool:
        try:
            return (field, term) in self.searcher().reader()
        except UnicodeEncodeError:
            return False  # text no index can hold

    def expand(self, node: Wildcard | Range, most: int | None) -> list[str]:
        reader = self.searcher().reader()
        out: list[str] = []
        try:
            if isinstance(node, Wildcard):
                found = (term_text(t) for t in wildcard(node)._btexts(reader))
            else:
                found = (term_text(t) for f, t in leaf_query(node).existing_terms(reader, expand=True) if f == node.field)
            for text in found:
                out.append(text)
                if most is not None and len(out) >= most:
                    break
        except DAMAGE as exc:
            raise IndexDamaged(_cause(exc)) from exc
        except Exception:  # an odd pattern the reader cannot expand matches nothing
            return []
        return out


class _Writer:
    """A Whoosh writer as briefing's Writer."""

    def __init__(self, engine: WhooshEngine, writer) -> None:
        self.engine = engine
        self.w = writer

    def add(self, article: Article, terms: dict[str, str]) -> None:
        _writing(self.w.add_document, **_doc(article, terms))

    def update(self, article: Article, terms: dict[str, str]) -> None:
        _writing(self.w.update_document, **_doc(article, terms))

    def delete(self, article_id: str) -> None:
        _writing(self.w.delete_by_term, "id", article_id)

    def commit(self) -> None:
        _writing(self.w.commit, optimize=False)
        self.engine._generation += 1  # every thread's searcher is renewed on next use

    def cancel(self) -> None:
        self.w.cancel()


def _writing(call, *args, **kwargs):
    with _boundary(writing=True):
        return call(*args, **kwargs)


def _doc(a: Article, terms: dict[str, str]) -> dict:
    doc = {"id": a.id, "path": a.path, "url": a.url, "format": a.format, "hash": a.hash}
    for name, analysed in terms.items():
        # Indexed from the worker's terms, stored as written.
        doc[name], doc[f"_stored_{name}"] = analysed, getattr(a, name)
    if a.published:
        doc["published"] = dt.datetime.combine(a.published, dt.time())
    return doc


def _article(doc: dict) -> Article:
    """The stored fields (exactly the Article's: the schema stores no others) as an
    Article; built in one call, as every hit of a search is."""
    fields = dict(doc)
    published = fields.get("published")
    fields["published"] = published.date() if published else None
    return Article(**fields)


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


ENGINE = WhooshEngine
