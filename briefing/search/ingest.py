"""Reading, analysing and entity-extracting corpus files, in worker processes for large syncs."""

from __future__ import annotations

import itertools
import os
import pickle
import sys
import threading
import zlib
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from briefing.corpus import Article, Entry, SkipFile, read_article
from briefing.search.analysis import WORD, terms
from briefing.search.engine import WORD_FIELDS

#: Below this many files to read, worker processes cost more to start than they save.
PARALLEL_MIN = 200
#: Files per task sent to a worker: large enough to amortise the round trip, small
#: enough that the writer is never starved at the start.
CHUNK = 32

#: text -> entity summary (EntityStore.extractor); picklable, so workers get a copy.
Extractor = Callable[[str], object]
_worker_extractor: Extractor | None = None


@dataclass
class Prepared:
    """One corpus file as a worker read it (sent back from the worker process): what
    the sync indexes, or why it cannot."""

    entry: Entry
    article: Article | None = None
    """The article; None when the file is skipped."""
    skip: str = ""
    """Why the file is not indexed ("" when it is read)."""
    terms: dict[str, str] = field(default_factory=dict)
    """Each word field's text as space-separated index terms (analysis.terms)."""
    words: set[str] = field(default_factory=set)
    """The article's words as written, lower-cased, for the vocabulary."""
    summary: bytes | None = None
    """The entity summary, pickled and compressed; None when not asked for or not made."""


def prepare(entry: Entry, extractor: Extractor | None = None) -> Prepared:
    """Read, parse and analyse one file. Nothing about one file raises: what goes wrong
    becomes its skip reason or one of its warnings."""
    try:
        art = read_article(entry.path, entry.id, entry.date_order)
        analysed = {name: terms(getattr(art, name)) for name in WORD_FIELDS}
        words = {m.group().lower() for m in WORD.finditer(art.text)}
    except SkipFile as exc:
        return Prepared(entry, skip=str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug met by one file must not stop the corpus
        from briefing.corpus import describe_error

        return Prepared(entry, skip=f"could not be read: {describe_error(exc)}")
    summary = None
    if extractor is not None:
        try:
            # Compressed here, in the worker: summaries wait on disk until the index is
            # committed, and at 100,000 articles they would not fit in memory raw.
            summary = zlib.compress(pickle.dumps(extractor(art.text), protocol=pickle.HIGHEST_PROTOCOL), 1)
        except Exception as exc:  # noqa: BLE001
            from dataclasses import replace

            from briefing.corpus import describe_error
            from briefing.entities import EntityError

            if isinstance(exc, EntityError):
                # The engine cannot run at all (spaCy missing): not this file's doing.
                # The store extracts again and reports it once, for the whole sync.
                return Prepared(entry, art, terms=analysed, words=words)
            # This article gets no entities (an empty summary, so the store does not
            # try again), the others theirs; the user hears which one and why.
            empty = ([], [], b"", [], [])
            summary = zlib.compress(pickle.dumps(empty, protocol=pickle.HIGHEST_PROTOCOL), 1)
            art = replace(art, warnings=(
                *art.warnings, f"entities could not be extracted ({describe_error(exc)}); indexed without them"))
    return Prepared(entry, art, terms=analysed, words=words, summary=summary)


def _init_worker(extractor: Extractor | None, quiet: bool = False) -> None:
    # Sent once per worker rather than with every chunk: the extractor builds its
    # lexicon on first use and keeps it for the worker's life.
    global _worker_extractor
    _worker_extractor = extractor
    if quiet:
        _silence_stdio()
    # Imported here, in the worker: a sync that reads no file never needs it (signal).
    from briefing.orphans import die_with_parent

    die_with_parent()


def _silence_stdio() -> None:
    """Point this worker's standard output and error at the null device: a worker of
    the app inherits the terminal the app is drawing on, and one stray warning would
    scribble over the screen. Its results and errors travel back through the pool."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    for fd in (1, 2):
        try:
            os.dup2(null, fd)
        except OSError:
            pass
    os.close(null)


def _prepare_chunk(entries: list[Entry]) -> list[Prepared]:
    return [prepare(e, _worker_extractor) for e in entries]


def _stderr_is_real() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        return False


@contextmanager
def _stdio_for_children():
    """A standard error with a real file descriptor while worker processes start.

    multiprocessing hands ``sys.stderr.fileno()`` to the helper process it starts
    first; inside the app Textual has replaced sys.stderr with a capture whose fileno
    is -1, and every start failed with "bad value(s) in fds_to_keep". The null device
    stands in for those few milliseconds (what another thread prints meanwhile is
    lost, as it would be on screen under the app)."""
    if _stderr_is_real():
        yield False
        return
    saved = sys.stderr
    sink = open(os.devnull, "w")  # noqa: SIM115 - held for the block
    sys.stderr = sink
    try:
        yield True
    finally:
        sys.stderr = saved
        sink.close()


def prepare_all(todo: list[Entry], extractor: Extractor | None = None,
                notice: Callable[[str], None] | None = None) -> Iterator[Prepared]:
    """Prepared files in order. On two or more cores, worker processes read, analyse
    and extract while this one writes the index. If the worker processes cannot start
    or die, the files they had not finished are prepared here instead and ``notice``
    is told why: a sync is slower then, never incomplete."""
    if len(todo) < PARALLEL_MIN or (os.cpu_count() or 1) < 2:
        yield from (prepare(e, extractor) for e in todo)
        return
    done = 0
    try:
        for prepared in _prepare_in_pool(todo, extractor):
            yield prepared
            done += 1
    except Exception as exc:  # noqa: BLE001 - any pool failure: the rest is done here
        if notice is not None:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            notice(f"worker processes failed ({reason}); the other {len(todo) - done} files were read "
                   "in this process")
        yield from (prepare(e, extractor) for e in todo[done:])


def _prepare_in_pool(todo: list[Entry], extractor: Extractor | None) -> Iterator[Prepared]:
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    workers = min(os.cpu_count() or 2, 4)
    # fork is only safe while no other thread could hold a lock the child inherits; the
    # app syncs from a worker thread and gets spawn (its entry points guard __main__, as
    # spawn requires). A plain script or the CLI is single-threaded and gets fork.
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    # A bounded window of chunks in flight: the writer is the slower side, and prepared
    # articles queued without limit would hold the whole corpus in memory.
    chunks = (todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK))
    window: deque = deque()
    with _stdio_for_children() as captured:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                   initializer=_init_worker, initargs=(extractor, captured))
        try:
            # The workers start on the first submits, still inside the block.
            for chunk in itertools.islice(chunks, workers * 3):
                window.append(pool.submit(_prepare_chunk, chunk))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    try:
        for chunk in chunks:
            yield from window.popleft().result()
            window.append(pool.submit(_prepare_chunk, chunk))
        while window:
            yield from window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class SummarySpool(Mapping):
    """Entity summaries by article id, kept compressed in an anonymous temporary file
    until the entity store takes them: 10,000 raw summaries are about 47 MB, and the
    store can only take them after the index commit."""

    def __init__(self) -> None:
        self._file = None
        self._where: dict[str, tuple[int, int]] = {}
        self._end = 0

    def add(self, aid: str, blob: bytes) -> None:
        if self._file is None:
            import tempfile  # random, hashlib...: only a sync that extracts entities spools

            self._file = tempfile.TemporaryFile()
        self._file.seek(self._end)
        self._file.write(blob)
        self._where[aid] = (self._end, len(blob))
        self._end += len(blob)

    def __getitem__(self, aid: str):
        offset, size = self._where[aid]
        self._file.seek(offset)
        # Our own bytes, written by this sync's workers a moment ago.
        return pickle.loads(zlib.decompress(self._file.read(size)))  # noqa: S301

    def __iter__(self):
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._where = {}
