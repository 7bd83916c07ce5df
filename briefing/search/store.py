"""The index in one folder, whatever its engine: marker, manifest and vocabulary beside the
engine's files; opening with recovery, incremental sync, and rebuilds made beside it."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

from briefing.atomic import replace_file, stamp
from briefing.corpus import Article, Entry, Skipped, discover
from briefing.errors import IndexDamaged, IndexProblem
from briefing.search import registry
from briefing.search.engine import Engine
from briefing.search.ingest import PARALLEL_MIN, Prepared, SummarySpool, prepare_all
from briefing.search.records import Progress, SyncReport
from briefing.search.spelling import Vocabulary

#: Bump when the schema or the analysis changes: an index of another version is rebuilt.
SCHEMA_VERSION = 7  # 5: segments as separate files, not compound (memory); 6: id column; 7: accents folded
MARKER = "briefing-index.json"
MANIFEST = "manifest.json"
#: id -> [path, mtime_ns, size, ctime_ns, reason] of files the last sync could not index,
#: so an unchanged bad file is reported again without being read again.
SKIPPED = "skipped.json"
#: Siblings of the index folder during a rebuild: the new index is built in the first
#: and the old one parked in the second while they swap.
BUILDING = ".rebuilding"
REPLACED = ".replaced"


class Index:
    """A briefing index in one directory, holding one search engine. Safe to use from
    several threads: the engine opens each thread's readers as it needs them.

    What is the same for every engine lives here: the marker (which version and engine
    made the folder), the manifest (what each file was when indexed), incremental sync,
    the vocabulary, recovery from damage and from a swap cut short."""

    def __init__(self, directory: Path, roots: list[Path], engine: type | None = None):
        self.directory = Path(directory)
        self.roots = [Path(r) for r in roots]
        self._engine_class = engine or registry.engine_class(registry.DEFAULT)
        # Held while the index is opened, created, closed or swapped, and by the engine
        # while it opens a reader: without it a search worker finding the index closed
        # mid-rebuild opened or created one itself in the folder being rebuilt.
        self._lock = threading.RLock()
        self._engine: Engine = self._engine_class(self.directory, self._lock, self.open)
        self._opened = False
        self._manifest: dict[str, list] | None = None
        self._vocabulary: Vocabulary | None = None
        self._manifest_stamp: tuple | None = None
        self.recovered = ""

    @property
    def engine(self) -> Engine:
        """The open engine; the index is opened (or made) on first use."""
        if not self._opened:  # no lock once open: every search asks
            with self._lock:
                self.open()
        return self._engine

    # ------------------------------------------------------------------ opening

    def _marker(self) -> dict:
        return {"briefing_index": SCHEMA_VERSION, "engine": self._engine.name, "roots": [str(r) for r in self.roots]}

    def open(self) -> None:
        """Open, creating or rebuilding as needed. Sets ``recovered`` to a message when
        an existing index could not be used and was started afresh. Opening an open
        index does nothing (opening again would leak the first)."""
        with self._lock:
            if not self._opened:
                self._open()

    def _open(self) -> None:
        d = self.directory
        parked = _sibling(d, REPLACED)
        if not d.exists() and (parked / MARKER).exists():
            # A process died between the two renames of a swap: the old index is whole.
            os.rename(parked, d)
        if d.exists() and any(d.iterdir()) and not (d / MARKER).exists():
            raise IndexProblem(f"{d} is not a briefing index; refusing to use it (choose an empty folder for index_dir)")
        reason = self._unusable()
        if not reason and (d / MARKER).exists():
            try:
                self._engine.open()
                self._opened = True
                return
            except IndexDamaged as exc:
                reason = f"the index was damaged ({exc.cause})"
        self._create(reason)

    def recovery_needed(self) -> str:
        """Why this index must be built again ("" when it opens as it is), found without touching its files."""
        with self._lock:
            if self._opened or not (self.directory / MARKER).exists():
                return ""
            try:
                reason = self._unusable() or self._engine.open() or ""
                self._opened = not reason
            except IndexDamaged as exc:
                reason = f"the index was damaged ({exc.cause})"
            return reason

    def _unusable(self) -> str:
        """Why the marker says this index cannot be used as it is ("" when it can)."""
        marker = self.directory / MARKER
        if not marker.exists():
            return ""
        try:
            info = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return "the index marker was unreadable"
        if not isinstance(info, dict) or info.get("briefing_index") != SCHEMA_VERSION:
            return "the index was made by another version of briefing"
        if info.get("engine", registry.DEFAULT) != self._engine.name:
            return f"the index was made for the {info.get('engine')} engine, not {self._engine.name}"
        return ""

    def _create(self, reason: str = "") -> None:
        with self._lock:
            d = self.directory
            self._engine.close()
            self._opened = False
            if d.exists():
                # Only ever delete what we made: the marker says this folder is ours,
                # and even then a user's file put beside the index stays.
                if (d / MARKER).exists() or not any(d.iterdir()):
                    _clear(d)
                else:
                    raise IndexProblem(f"{d} is not a briefing index; refusing to use it")
            d.mkdir(parents=True, exist_ok=True)
            self._engine.create()
            _write_json(d / MARKER, self._marker())
            self._manifest = {}
            self._vocabulary = Vocabulary()
            _write_json(d / MANIFEST, {})
            self._opened = True
            self.recovered = f"{reason}; rebuilding it from the corpus" if reason else ""

    def rebuild(self) -> None:
        """Start the index over in place. Other threads asking for the index wait until
        the new, empty one exists; a sync then fills it. (Library.sync rebuilds beside
        the old index instead, with ``beside`` and ``replace_with``.)"""
        with self._lock:
            self.close()
            self._create()

    def beside(self) -> Index:
        """A new, empty index of the same engine in a sibling folder: a rebuild fills it
        while this one stays searchable, and ``replace_with`` swaps it in when whole."""
        fresh_dir = _sibling(self.directory, BUILDING)
        # Our own name for a rebuild that a killed process left unfinished.
        shutil.rmtree(fresh_dir, ignore_errors=True)
        fresh = type(self)(fresh_dir, self.roots, self._engine_class)
        fresh.open()
        return fresh

    def replace_with(self, fresh: Index) -> None:
        """Swap the complete index ``fresh`` (from ``beside``) in for this one's files.
        Readers still on the old files keep them until they finish (POSIX keeps
        unlinked files open); the next search opens the new ones."""
        with self._lock:
            fresh.close()
            self.close()
            parked = _sibling(self.directory, REPLACED)
            shutil.rmtree(parked, ignore_errors=True)
            if self.directory.exists():
                # The user's own files in the folder move into the new index's folder
                # first, so the old one parked and deleted below holds only ours.
                for entry in _foreign(self.directory):
                    os.rename(entry, fresh.directory / entry.name)
                os.rename(self.directory, parked)
            os.rename(fresh.directory, self.directory)
            self._manifest = self._vocabulary = self._manifest_stamp = None
            self.recovered = ""
            shutil.rmtree(parked, ignore_errors=True)
            self.open()

    def reopen(self) -> None:
        """Let go of what was read from the files another process replaced whole (a rebuild's swap):
        readers open anew; refreshing the old ones mixed two indexes and lost stored articles."""
        with self._lock:
            self.close()
            self._manifest = self._vocabulary = self._manifest_stamp = None

    def discard(self) -> None:
        """Close and delete an index made by ``beside`` that will not be used."""
        with self._lock:
            self.close()
            shutil.rmtree(self.directory, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            self._opened = False
            self._engine.close()

    def vocabulary(self) -> Vocabulary:
        """The words of the corpus as written, for did-you-mean and fuzzy terms."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary.load(self.directory)
        return self._vocabulary

    # ------------------------------------------------------------------ manifest

    def manifest(self) -> dict[str, list]:
        """id -> [path, mtime_ns, size, hash] of what the index holds."""
        if self._manifest is None:
            self._manifest_stamp = stamp(self.directory / MANIFEST)
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
             extractor: Callable[[str], object] | None = None,
             extractor_for: Callable[[], Callable[[str], object]] | None = None) -> SyncReport:
        """Bring the index up to date with the corpus folders: only new, changed and
        removed files are touched. A cheap stat check skips unchanged files; a changed
        stat with the same content hash only refreshes the manifest. With ``extractor``
        (EntityStore.extractor), the workers that read the files also extract entities,
        and ``report.summaries`` holds the results for the entity store. ``extractor_for``
        gives the extractor only once there is something to write, so a sync that finds
        nothing changed never opens the entity store."""
        started = time.perf_counter()
        report = SyncReport(rebuilt_reason=self.recovered)
        self.recovered = ""
        entries, report.skipped = discover(self.roots)
        if stamp(self.directory / MANIFEST) != self._manifest_stamp:
            # Another process synced since we read them: a stale manifest would add
            # its new articles a second time.
            self._manifest = self._vocabulary = None
        manifest = self.manifest()
        todo, removed = _changes(entries, manifest, report, self._skipped())
        if todo or removed:
            if extractor is None and extractor_for is not None:
                extractor = extractor_for()
            self._write(todo, removed, manifest, report, progress, cancelled, extractor)
        report.seconds = time.perf_counter() - started
        return report

    def _write(self, todo: list[Entry], removed: list[str], manifest: dict[str, list], report: SyncReport,
               progress: Progress | None, cancelled: Callable[[], bool] | None, extractor) -> None:
        """Index ``todo`` and drop ``removed``, in one commit; then the vocabulary and
        the manifest, which a reader compares with the engine's count."""
        new_manifest = dict(manifest)
        # Searches on other threads iterate the live vocabulary (did-you-mean, word~):
        # the sync adds to a copy and swaps it in after the commit.
        vocabulary = self.vocabulary().copy()
        prepared = prepare_all(todo, extractor, notice=report.notices.append)
        spool = report.summaries = SummarySpool() if extractor is not None else None
        writer = None
        try:
            for n, p in enumerate(prepared, 1):
                if cancelled and cancelled():
                    break
                if progress and (n == 1 or n % 25 == 0 or n == len(todo)):
                    progress(n, len(todo), p.entry.id)
                if writer is None and _needs_writing(p, manifest):
                    writer = self._writer(bulk=len(todo) >= PARALLEL_MIN and not manifest)
                _take(p, writer, manifest, new_manifest, vocabulary, spool, report, removed)
            if removed:
                writer = writer or self._writer()
                for aid in removed:
                    writer.delete(aid)
                    new_manifest.pop(aid, None)
                report.removed = sorted(set(removed))
            if writer is not None:
                writer.commit()
                writer = None
        finally:
            prepared.close()
            if writer is not None:
                writer.cancel()
        # In memory first: after a failed write (full disk) no sync here adds these articles twice.
        self._manifest = new_manifest
        if vocabulary.dirty:
            self._vocabulary = vocabulary
            vocabulary.save(self.directory)
        # The manifest is written after the commit: if we die in between, the next sync
        # sees stale stats, re-reads those files and finds the hashes already indexed.
        _write_json(self.directory / MANIFEST, new_manifest)
        self._manifest_stamp = stamp(self.directory / MANIFEST)
        self._remember_skipped(todo, report)

    def _skipped(self) -> dict[str, list]:
        try:
            data = json.loads((self.directory / SKIPPED).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _remember_skipped(self, todo: list[Entry], report: SyncReport) -> None:
        """Keep what this sync could not index (and what it still could not, from before),
        keyed by the stat that proves the file unchanged."""
        entries = {e.path: e for e in todo}
        known = self._skipped()
        kept = {}
        for s in report.skipped:
            e = entries.get(s.path)
            if e is not None:
                kept[e.id] = [e.path, e.mtime_ns, e.size, e.ctime_ns, s.reason]
            else:
                kept.update((aid, rec) for aid, rec in known.items() if rec[0] == s.path)
        if kept != known:
            _write_json(self.directory / SKIPPED, kept)

    def _writer(self, bulk: bool = False):
        return self.engine.writer(bulk=bulk)

    # ------------------------------------------------------------------ reading

    def doc_count(self) -> int:
        return self.engine.doc_count()

    def ids(self) -> list[str]:
        return sorted(self.manifest())

    def article(self, article_id: str) -> Article | None:
        return self.engine.article(article_id)

    def articles(self, ids: Iterable[str]) -> Iterator[Article]:
        for aid in ids:
            art = self.article(aid)
            if art is not None:
                yield art

    def all_articles(self) -> Iterator[Article]:
        return self.engine.all_articles()


def _changes(entries: list[Entry], manifest: dict[str, list], report: SyncReport,
             skipped: dict[str, list]) -> tuple[list[Entry], list[str]]:
    """The files whose stat changed (or that are new), and the ids whose files are gone;
    the others are counted unchanged, and bad files skipped last time whose stat has not
    moved are reported skipped again without a read. (The change time is in their proof:
    a chmod that makes a file readable moves it.)"""
    current = {e.id for e in entries}
    todo: list[Entry] = []
    for e in entries:
        old = manifest.get(e.id)
        bad = skipped.get(e.id)
        if old and old[0] == e.path and old[1] == e.mtime_ns and old[2] == e.size:
            report.unchanged += 1
        elif not old and bad and bad[:4] == [e.path, e.mtime_ns, e.size, e.ctime_ns]:
            report.skipped.append(Skipped(e.path, bad[4]))
        else:
            todo.append(e)
    return todo, [aid for aid in manifest if aid not in current]


def _needs_writing(p: Prepared, manifest: dict[str, list]) -> bool:
    old = manifest.get(p.entry.id)
    return p.article is not None and not (old and old[3] == p.article.hash)


def _take(p: Prepared, writer, manifest: dict[str, list], new_manifest: dict[str, list], vocabulary: Vocabulary,
          spool: SummarySpool | None, report: SyncReport, removed: list[str]) -> None:
    """One prepared file into the writer, the manifest and the report."""
    e, art = p.entry, p.article
    old = manifest.get(e.id)
    if art is None:
        report.skipped.append(Skipped(e.path, p.skip))
        if old:
            removed.append(e.id)
        return
    if old and old[3] == art.hash:
        new_manifest[e.id] = [e.path, e.mtime_ns, e.size, art.hash]
        report.unchanged += 1
        return
    # A new id cannot be in the index (the manifest is written after every commit), so
    # it skips the update's delete.
    (writer.update if old else writer.add)(art, p.terms)
    vocabulary.add(p.words)
    if spool is not None and p.summary is not None:
        spool.add(e.id, p.summary)
    new_manifest[e.id] = [e.path, e.mtime_ns, e.size, art.hash]
    (report.updated if old else report.added).append(e.id)
    if art.warnings:
        report.warnings.append(Skipped(e.path, "; ".join(art.warnings)))


#: What briefing puts in an index folder: the store's files, the entity store and the
#: engines' own (Whoosh's are named MAIN_*, tantivy's live in a subfolder). Anything
#: else there is the user's, and no rebuild, engine switch or recovery deletes it.
OURS = {MARKER, MANIFEST, SKIPPED, Vocabulary.FILE, "vocabulary.json", "entities", "tantivy"}
OURS_PREFIXES = ("MAIN_", "_MAIN_")


def _ours(name: str) -> bool:
    if name.startswith(".") and name.endswith(".tmp"):  # replace_file's temporary files
        inner = name[1:]
        return inner.startswith(OURS_PREFIXES) or any(inner.startswith(n + ".") for n in OURS)
    return name in OURS or name.startswith(OURS_PREFIXES)


def _foreign(directory: Path) -> list[Path]:
    try:
        return [e for e in directory.iterdir() if not _ours(e.name)]
    except OSError:
        return []


def _clear(directory: Path) -> None:
    """Delete briefing's files in ``directory``, leaving everything else."""
    for entry in directory.iterdir():
        if not _ours(entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink(missing_ok=True)


def _sibling(directory: Path, suffix: str) -> Path:
    return directory.with_name(directory.name + suffix)


def _write_json(path: Path, data) -> None:
    replace_file(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
