"""The Whoosh index: schema, opening and recovery, incremental sync, stored articles."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import shutil
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from whoosh import fields, index as windex
from whoosh.multiproc import MpWriter, SubWriterTask

from briefing.search.analysis import AcronymFilter, analyzer  # noqa: F401 - AcronymFilter re-exported
from briefing.atomic import replace_file
from briefing.errors import IndexDamaged, IndexLocked, IndexProblem as IndexError_
from briefing.corpus import Article, Entry, Skipped, discover
from briefing.orphans import die_with_parent
from briefing.search.ingest import PARALLEL_MIN, SummarySpool, prepare_all  # noqa: F401 - PARALLEL_MIN re-exported
from briefing.search.spelling import Vocabulary

#: Bump when the schema or the analysis changes: an index of another version is rebuilt.
SCHEMA_VERSION = 7  # 5: segments as separate files, not compound (memory); 6: id column; 7: accents folded
MARKER = "briefing-index.json"
MANIFEST = "manifest.json"
#: Siblings of the index folder during a rebuild: the new index is built in the first
#: and the old one parked in the second while they swap.
BUILDING = ".rebuilding"
REPLACED = ".replaced"
LOCK_TIMEOUT = 10.0
#: A first build writes through Whoosh's multi-process writer, one segment per process:
#: on 2 cores it cut a 1,000-article build from 10.0 s to 7.3 s (benchmarks/run.py).
WRITER_PROCS = min(os.cpu_count() or 1, 2)


def is_damage(exc: BaseException) -> bool:
    """True when ``exc`` came out of Whoosh reading its files (zlib, struct, EOF...)."""
    import struct
    import traceback
    import zlib

    if isinstance(exc, IndexDamaged):
        return True
    if isinstance(exc, IndexError_):
        return False  # ours, already worded for the user (a lock, a foreign folder)
    if isinstance(exc, (zlib.error, struct.error, EOFError)):
        return True
    marker = f"{os.sep}whoosh{os.sep}"
    return any(marker in frame.filename for frame in traceback.extract_tb(exc.__traceback__))


def damage_kind(exc: BaseException) -> str:
    """A short name for what went wrong, for the one-line message."""
    if isinstance(exc, IndexDamaged) and exc.__cause__ is not None:
        exc = exc.__cause__
    name = type(exc).__name__
    return name if name != "error" else f"{type(exc).__module__}.error"


def make_schema() -> fields.Schema:
    ana = analyzer()
    # No spelling=True: it doubles every posting with an unstemmed copy and tripled
    # ingest time; did-you-mean and fuzzy terms use our own vocabulary instead.
    return fields.Schema(
        # sortable: the id column maps ids to document numbers in one read, for entity
        # queries (briefing.search.DocSet) instead of a term lookup per article.
        id=fields.ID(unique=True, stored=True, sortable=True),
        path=fields.STORED(),
        title=fields.TEXT(analyzer=ana, stored=True, field_boost=2.0),
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


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    #: Files indexed with a fallback (legacy encoding, truncated, bad front matter).
    warnings: list[Skipped] = field(default_factory=list)
    rebuilt_reason: str = ""
    #: What the user should know about how the sync ran (worker processes that failed).
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: Entity summaries made by the sync's workers, by article id (when asked for).
    summaries: SummarySpool | None = field(default=None, repr=False, compare=False)

    @property
    def changed(self) -> list[str]:
        return self.added + self.updated

    @property
    def nothing_changed(self) -> bool:
        return not (self.added or self.updated or self.removed)

    def summary(self) -> str:
        if self.nothing_changed:
            head = f"Up to date: {self.unchanged} articles, nothing changed"
        else:
            head = (f"Indexed {len(self.added)} new, {len(self.updated)} updated, "
                    f"{len(self.removed)} removed, {self.unchanged} unchanged")
        if self.warnings:
            head += f"; {len(self.warnings)} with warnings"
        if self.skipped:
            head += f"; skipped {len(self.skipped)}"
        head += f" ({self.seconds:.2f} s)"
        return "; ".join([head, *self.notices])


#: progress(done, total, message)
Progress = Callable[[int, int, str], None]


class Index:
    """A briefing index in one directory. Safe to use from several threads: each
    thread gets its own Whoosh searcher.

    The engine is Whoosh; what touches it is kept to the ``_open_engine``,
    ``_create_engine``, ``close``, ``searcher``, ``_writer``, ``_document`` and
    reading methods, so a second engine (briefing.tantivy_backend) overrides those and
    shares everything else: the manifest, incremental sync, the vocabulary, recovery.
    """

    #: Written into the marker: an index made by another engine is rebuilt, not misread.
    ENGINE = "whoosh"

    def __init__(self, directory: Path, roots: list[Path]):
        self.directory = Path(directory)
        self.roots = [Path(r) for r in roots]
        self._ix = None
        # Held while the index is opened, created, closed or rebuilt, and while a
        # searcher is opened: without it a search worker finding _ix unset mid-rebuild
        # opened or created the index itself in the folder being rebuilt.
        self._lock = threading.RLock()
        self._local = threading.local()
        # Every thread's searcher, so close() can close them all: replacing _local
        # alone left other threads' searchers open on files a rebuild then deleted.
        self._searchers: weakref.WeakSet = weakref.WeakSet()
        self._generation = 0
        self._manifest: dict[str, list] | None = None
        self._vocabulary: Vocabulary | None = None
        self._manifest_stamp: tuple | None = None
        self.recovered = ""

    # ------------------------------------------------------------------ opening

    def _marker(self) -> dict:
        return {"briefing_index": SCHEMA_VERSION, "engine": self.ENGINE, "roots": [str(r) for r in self.roots]}

    def open(self) -> None:
        """Open, creating or rebuilding as needed. Sets ``recovered`` to a message when
        an existing index could not be used and was started afresh. Opening an open
        index does nothing (opening again would leak the first)."""
        with self._lock:
            if self._ix is None:
                self._open()

    def _open(self) -> None:
        d = self.directory
        marker = d / MARKER
        parked = _sibling(d, REPLACED)
        if not d.exists() and (parked / MARKER).exists():
            # A process died between the two renames of a swap: the old index is whole.
            os.rename(parked, d)
        if d.exists() and any(d.iterdir()) and not marker.exists():
            raise IndexError_(f"{d} is not a briefing index; refusing to use it (choose an empty folder for index_dir)")
        reason = ""
        if marker.exists():
            try:
                info = json.loads(marker.read_text(encoding="utf-8"))
                if info.get("briefing_index") != SCHEMA_VERSION:
                    reason = "the index was made by another version of briefing"
                elif info.get("engine", "whoosh") != self.ENGINE:
                    reason = f"the index was made for the {info.get('engine')} engine, not {self.ENGINE}"
            except (OSError, ValueError):
                reason = "the index marker was unreadable"
        if not reason and marker.exists():
            try:
                self._open_engine()
                return
            except IndexLocked:
                raise
            except Exception as exc:  # engines raise many kinds on a damaged index
                reason = f"the index was damaged ({type(exc).__name__})"
        self._create(reason)

    def _open_engine(self) -> None:
        try:
            self._ix = windex.open_dir(str(self.directory))
            with self._ix.searcher() as s:
                s.doc_count()
        except windex.LockError:
            raise IndexLocked(f"{self.directory}: the index is locked by another process") from None

    def _create_engine(self) -> None:
        self._ix = windex.create_in(str(self.directory), make_schema())

    def _create(self, reason: str = "") -> None:
        with self._lock:
            self._create_unlocked(reason)

    def _create_unlocked(self, reason: str) -> None:
        d = self.directory
        if d.exists():
            # Only ever delete what we made: the marker says this folder is ours.
            if (d / MARKER).exists() or not any(d.iterdir()):
                shutil.rmtree(d)
            else:
                raise IndexError_(f"{d} is not a briefing index; refusing to use it")
        d.mkdir(parents=True, exist_ok=True)
        self._create_engine()
        _write_json(d / MARKER, self._marker())
        self._manifest = {}
        self._vocabulary = Vocabulary()
        _write_json(d / MANIFEST, {})
        self._generation += 1
        self.recovered = f"{reason}; rebuilding it from the corpus" if reason else ""

    def rebuild(self) -> None:
        """Start the index over in place. Other threads asking for the index wait until
        the new, empty one exists; a sync then fills it. (Library.sync rebuilds beside
        the old index instead, with ``beside`` and ``replace_with``.)"""
        with self._lock:
            self.close()
            self._create()

    def beside(self) -> "Index":
        """A new, empty index of the same engine in a sibling folder: a rebuild fills it
        while this one stays searchable, and ``replace_with`` swaps it in when whole."""
        fresh_dir = _sibling(self.directory, BUILDING)
        # Our own name for a rebuild that a killed process left unfinished.
        shutil.rmtree(fresh_dir, ignore_errors=True)
        fresh = type(self)(fresh_dir, self.roots)
        fresh.open()
        return fresh

    def replace_with(self, fresh: "Index") -> None:
        """Swap the complete index ``fresh`` (from ``beside``) in for this one's files.
        Searchers still reading the old files keep them until they finish (POSIX keeps
        unlinked files open); the next search opens the new ones."""
        with self._lock:
            fresh.close()
            self.close()
            parked = _sibling(self.directory, REPLACED)
            shutil.rmtree(parked, ignore_errors=True)
            if self.directory.exists():
                os.rename(self.directory, parked)
            os.rename(fresh.directory, self.directory)
            self._manifest = self._vocabulary = self._manifest_stamp = None
            self._generation += 1
            self.recovered = ""
            shutil.rmtree(parked, ignore_errors=True)
            self.open()

    def discard(self) -> None:
        """Close and delete an index made by ``beside`` that will not be used."""
        with self._lock:
            self.close()
            shutil.rmtree(self.directory, ignore_errors=True)

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
        ix = self._ix  # no lock once open: every search asks for it
        if ix is None:
            with self._lock:
                self.open()
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

    def vocabulary(self) -> Vocabulary:
        """The words of the corpus as written, for did-you-mean and fuzzy terms."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary.load(self.directory)
        return self._vocabulary

    # ------------------------------------------------------------------ manifest

    def manifest(self) -> dict[str, list]:
        """id -> [path, mtime_ns, size, hash] of what the index holds."""
        if self._manifest is None:
            self._manifest_stamp = _stamp(self.directory / MANIFEST)
            try:
                data = json.loads((self.directory / MANIFEST).read_text(encoding="utf-8"))
                if not isinstance(data, dict):
                    raise ValueError
                # The manifest is written after each commit; a process killed between
                # the two leaves one that misses what the commit added, and trusting it
                # would add those articles a second time.
                if len(data) != self.doc_count():
                    raise ValueError
                self._manifest = data
            except (OSError, ValueError):
                self._manifest = self._manifest_from_index()
        return self._manifest

    def _manifest_from_index(self) -> dict[str, list]:
        """The manifest rebuilt from stored fields: every file is re-read once (no
        stats), and an id stored twice gets no hash, so its next sync replaces every
        copy with one."""
        out: dict[str, list] = {}
        twice: set[str] = set()
        for art in self.all_articles():
            if art.id in out:
                twice.add(art.id)
            out[art.id] = [art.path, 0, -1, art.hash]
        for aid in twice:
            out[aid][3] = ""
        return out

    # ------------------------------------------------------------------ sync

    def sync(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
             extractor: Callable[[str], object] | None = None) -> SyncReport:
        """Bring the index up to date with the corpus folders: only new, changed and
        removed files are touched. A cheap stat check skips unchanged files; a changed
        stat with the same content hash only refreshes the manifest. With ``extractor``
        (EntityStore.extractor), the workers that read the files also extract entities,
        and ``report.summaries`` holds the results for the entity store."""
        started = time.perf_counter()
        report = SyncReport(rebuilt_reason=self.recovered)
        self.recovered = ""
        entries, report.skipped = discover(self.roots)
        if _stamp(self.directory / MANIFEST) != self._manifest_stamp:
            # Another process synced since we read them: a stale manifest would add
            # its new articles a second time.
            self._manifest = self._vocabulary = None
        manifest = self.manifest()
        current = {e.id: e for e in entries}
        todo: list[Entry] = []
        for e in entries:
            old = manifest.get(e.id)
            if old and old[0] == e.path and old[1] == e.mtime_ns and old[2] == e.size:
                report.unchanged += 1
            else:
                todo.append(e)
        removed = [aid for aid in manifest if aid not in current]
        if not todo and not removed:
            report.seconds = time.perf_counter() - started
            return report
        new_manifest = dict(manifest)
        # Searches on other threads iterate the live vocabulary (did-you-mean, word~):
        # the sync adds to a copy and swaps it in after the commit.
        vocabulary = self.vocabulary().copy()
        writer = None
        total = len(todo)
        prepared = prepare_all(todo, extractor, notice=report.notices.append)
        spool = report.summaries = SummarySpool() if extractor is not None else None
        try:
            for n, (e, art, analysed, words, summary) in enumerate(prepared, 1):
                if cancelled and cancelled():
                    break
                if progress and (n == 1 or n % 25 == 0 or n == total):
                    progress(n, total, e.id)
                old = manifest.get(e.id)
                if isinstance(art, str):
                    report.skipped.append(Skipped(e.path, art))
                    if old:
                        removed.append(e.id)
                    continue
                if old and old[3] == art.hash:
                    new_manifest[e.id] = [e.path, e.mtime_ns, e.size, art.hash]
                    report.unchanged += 1
                    continue
                if writer is None:
                    writer = self._writer(bulk=total >= PARALLEL_MIN and not manifest)
                # A new id cannot be in the index (the manifest is written after every
                # commit), so it skips update_document's delete lookup.
                (writer.update_document if old else writer.add_document)(**self._document(art, analysed))
                vocabulary.add(words)
                if spool is not None and summary is not None:
                    spool.add(e.id, summary)
                new_manifest[e.id] = [e.path, e.mtime_ns, e.size, art.hash]
                (report.updated if old else report.added).append(e.id)
                if art.warnings:
                    report.warnings.append(Skipped(e.path, "; ".join(art.warnings)))
            if removed:
                if writer is None:
                    writer = self._writer()
                for aid in removed:
                    writer.delete_by_term("id", aid)
                    new_manifest.pop(aid, None)
                report.removed = sorted(set(removed))
            if writer is not None:
                writer.commit(optimize=False)
                writer = None
                self._generation += 1
        finally:
            prepared.close()
            if writer is not None:
                writer.cancel()
        if vocabulary.dirty:
            vocabulary.save(self.directory)
            self._vocabulary = vocabulary
        # The manifest is written after the commit: if we die in between, the next sync
        # sees stale stats, re-reads those files and finds the hashes already indexed.
        self._manifest = new_manifest
        _write_json(self.directory / MANIFEST, new_manifest)
        self._manifest_stamp = _stamp(self.directory / MANIFEST)
        report.seconds = time.perf_counter() - started
        return report

    def _document(self, art: Article, analysed: dict[str, str]) -> dict:
        """The writer's keyword arguments for one article."""
        return _doc(art, analysed)

    def _writer(self, bulk: bool = False):
        # compound=False: Whoosh opens a compound segment by copying each of its parts
        # into a BytesIO, so a searcher held the whole index in memory (about 150 MB
        # at 10,000 articles, the bulk of the search peak); separate files are read in place.
        try:
            # The multi-process writer starts its sub-writers with the default start
            # method, fork on Linux: forking while another thread may hold a lock (the
            # app syncs from a worker thread) can deadlock the child. The same test as
            # briefing.ingest: only a single-threaded process forks.
            if bulk and WRITER_PROCS > 1 and threading.active_count() == 1:
                return _MpWriter(self.ix, timeout=LOCK_TIMEOUT, procs=WRITER_PROCS, multisegment=True,
                                  subargs={"compound": False}, compound=False)
            return self.ix.writer(timeout=LOCK_TIMEOUT, compound=False)
        except windex.LockError:
            raise IndexLocked(
                f"{self.directory}: another briefing process is updating the index; try again when it finishes"
            ) from None

    # ------------------------------------------------------------------ reading

    def doc_count(self) -> int:
        return self.searcher().doc_count()

    def ids(self) -> list[str]:
        return sorted(self.manifest())

    def article(self, article_id: str) -> Article | None:
        s = self.searcher()
        docnum = s.document_number(id=article_id)
        if docnum is None:
            return None
        return _article(s.stored_fields(docnum))

    def articles(self, ids: Iterable[str]) -> Iterator[Article]:
        for aid in ids:
            art = self.article(aid)
            if art is not None:
                yield art

    def all_articles(self) -> Iterator[Article]:
        s = self.searcher()
        for doc in s.all_stored_fields():
            yield _article(doc)


class _SubWriter(SubWriterTask):
    """A sub-writer that cannot outlive the main writer.

    Forked sub-writers inherit the open write-lock file, and an flock lasts while any
    process holds it: after a SIGKILL of the main process they would sit blocked on
    their job queue forever and keep the index locked for every later command. So each
    one drops its copy of the lock file (closing, not unlocking, which would free the
    parent's lock) and exits when its parent does.
    """

    parent_pid = 0
    lock_fd: int | None = None

    def run(self):
        die_with_parent(self.parent_pid)
        if self.lock_fd is not None:
            try:
                os.close(self.lock_fd)
            except OSError:
                pass
        super().run()


class _MpWriter(MpWriter):
    def _new_task(self):
        task = _SubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                          self.multisegment)
        task.parent_pid = os.getpid()
        task.lock_fd = _inherited_fd(getattr(self.writelock, "fd", None))
        self.tasks.append(task)
        task.start()
        return task


def _inherited_fd(fd: int | None) -> int | None:
    """``fd`` when a child process would inherit it, else None: only a forked child
    shares our descriptors, and under spawn or forkserver the same number may be some
    other file of the child's, which closing would break."""
    return fd if multiprocessing.get_start_method() == "fork" else None


def _doc(a: Article, analysed: dict[str, str]) -> dict:
    doc = {
        "id": a.id,
        "path": a.path,
        "url": a.url,
        "format": a.format,
        "hash": a.hash,
    }
    for name, terms_ in analysed.items():
        # Indexed from the worker's terms, stored as written.
        doc[name], doc[f"_stored_{name}"] = terms_, getattr(a, name)
    if a.published:
        doc["published"] = dt.datetime.combine(a.published, dt.time())
    return doc


def _article(doc: dict) -> Article:
    published = doc.get("published")
    return Article(
        id=doc["id"],
        path=doc.get("path", ""),
        title=doc.get("title", ""),
        body=doc.get("body", ""),
        source=doc.get("source", ""),
        author=doc.get("author", ""),
        published=published.date() if published else None,
        url=doc.get("url", ""),
        format=doc.get("format", ""),
        hash=doc.get("hash", ""),
    )


def _sibling(directory: Path, suffix: str) -> Path:
    return directory.with_name(directory.name + suffix)


def _stamp(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def _write_json(path: Path, data) -> None:
    replace_file(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
