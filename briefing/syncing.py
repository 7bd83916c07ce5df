"""What a sync needs beyond the index: one sync of an index at a time across processes,
the stories brought level with it, and the cheap stamps that tell another process synced."""

from __future__ import annotations

import errno
import functools
import os
import re
import sqlite3
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefing.atomic import stamp
from briefing.corpus import FORMATS
from briefing.errors import IndexDamaged, IndexLocked, IndexProblem
from briefing.search import Progress, SyncReport

#: How long a sync waits for another process's sync of the same index before giving
#: up with a one-line error.
SYNC_WAIT = 30.0
ENTITIES_PENDING = "entities-pending"
#: Inside the entity store's folder, which the index store counts as its own: a
#: rebuild swaps it in with the index, and nothing there is taken for the user's.
#: When the entity store is reset the stories go with it and are rebuilt from the index.
STORIES_DIR = "entities/stories"
#: ``story:NAME`` in a query: an id or a label (quoted when it has spaces).
_STORY_TERM = re.compile(r'(?<![\w:])story:(?:"([^"]*)"|(\S+))', re.IGNORECASE)


#: How the system says a write cannot be made: the disk is full, the folder read-only
#: or not ours. Nothing on disk is damaged; the index as it is can still be searched.
_FULL, _READ_ONLY, _DENIED = "the disk is full", "the folder is read-only", "briefing may not write there"
_UNWRITABLE = {errno.ENOSPC: _FULL, errno.EDQUOT: _FULL, errno.EROFS: _READ_ONLY, errno.EACCES: _DENIED,
               errno.EPERM: _DENIED}
#: The same, as tantivy (Rust's io::ErrorKind) and SQLite word it (spaces and _ taken out).
_UNWRITABLE_WORDS = (("storagefull", _FULL), ("nospaceleft", _FULL), ("oserror28", _FULL), ("diskisfull", _FULL),
                     ("quota", _FULL), ("readonlyfilesystem", _READ_ONLY), ("read-onlyfilesystem", _READ_ONLY),
                     ("oserror30", _READ_ONLY), ("readonlydatabase", _READ_ONLY), ("permissiondenied", _DENIED),
                     ("oserror13", _DENIED))


def unwritable(exc: BaseException) -> str | None:
    """Why a sync could not write (None when ``exc``, and what it was raised from, is
    something else). An engine may have called it damage at its boundary; the words
    of the disk's refusal are still in it."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return None
        if isinstance(seen, OSError) and seen.errno in _UNWRITABLE:
            return _UNWRITABLE[seen.errno]
        if isinstance(seen, (IndexProblem, sqlite3.OperationalError, ValueError)):
            text = str(seen).lower().replace(" ", "").replace("_", "")
            for word, reason in _UNWRITABLE_WORDS:
                if word in text:
                    return reason
        seen = seen.__cause__ or seen.__context__
    return None


def probe_write(directory: Path) -> str | None:
    """Why ``directory`` (or the nearest folder above it that exists) takes no write of a
    page of data; None when it does."""
    folder = Path(directory)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".bf-probe-") as fh:
            fh.write(b"\0" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        return _UNWRITABLE.get(exc.errno)
    return None


@dataclass
class StaleSync(SyncReport):
    """A sync that could not write: the index is searched as it was."""

    stale: str = ""
    """One line for the user: why the index was not updated, and that results may be stale."""


def read_only_fallback(sync):
    """Library.sync, turned into a StaleSync when the disk refuses its writes (full,
    read-only, not ours), so a search of an intact index still answers. A folder
    with no index in it yet has nothing to fall back on: one line says why."""

    @functools.wraps(sync)
    def wrapper(lib, *args, **kwargs):
        try:
            return sync(lib, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - re-raised unless the disk refused a write
            # An engine may word it as anything ("an index writer was killed"): the
            # folder is asked directly whether it takes a write.
            reason = unwritable(exc) or probe_write(lib.index.directory)
            if reason is None:
                raise
        directory = lib.index.directory
        try:
            lib.index.open()
            count = lib.index.doc_count()
        except Exception as exc:  # noqa: BLE001 - the index could not even be opened
            if unwritable(exc) is None and not isinstance(exc, IndexDamaged):
                raise
            fix = "free some space" if reason == _FULL else "make it writable"
            raise IndexProblem(f"{directory}: no index to search and none can be made ({reason}); "
                               f"{fix}, or set index_dir in the config to a folder briefing can write") from None
        message = f"the index was not updated ({reason}: {directory.parent}); results may be stale"
        return StaleSync(unchanged=count, notices=[message], stale=message)

    return wrapper


@contextmanager
def sync_lock(directory: Path, progress: Progress | None, cancelled: Callable[[], bool] | None):
    """One sync of an index at a time across processes (the app and a CLI, say).

    Whoosh's write lock covers only the index commit; the manifest, vocabulary and
    entity store are written after it, and two processes interleaving there would
    undo each other's work. The lock file sits beside the index folder because a
    rebuild deletes the folder. Without fcntl (Windows) only Whoosh's lock guards.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    fh = open(lock_path(directory), "a+b")  # noqa: SIM115 - held for the sync
    try:
        deadline = time.monotonic() + SYNC_WAIT
        told = False
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and progress:
                    progress(0, 0, "waiting for another briefing process to finish syncing")
                told = True
                if time.monotonic() > deadline or (cancelled and cancelled()):
                    raise IndexLocked(f"{directory}: another briefing process is syncing this index; "
                                      "try again when it finishes") from None
                time.sleep(0.1)
        yield
    finally:
        fh.close()  # closing releases the lock


def lock_path(directory: Path) -> Path:
    return Path(directory).parent / f"{Path(directory).name}.sync-lock"


def syncing_elsewhere(directory: Path) -> bool:
    """Whether a sync of this index holds its lock now (another process's, when this
    one is not syncing): what it wrote so far may be a rebuild's empty start."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fh = open(lock_path(directory), "rb")  # noqa: SIM115 - closed below
    except OSError:
        return False  # no lock file: nobody ever synced here
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        fh.close()  # closing releases a lock we took
    return False


def update_stories(index, report: SyncReport, progress: Progress | None) -> None:
    """The story store (beside the entity store, inside the index folder, so a
    rebuild builds a new one and swaps it in with the index) brought level with the
    sync: only the changed articles are placed; a store that lost its data while
    the index kept its articles is rebuilt from them."""
    from briefing.stories import StoryStore
    from briefing.stories.store import FEATURES

    directory = index.directory / STORIES_DIR
    if not (report.changed or report.removed) and (directory / FEATURES).exists():
        return  # nothing to place; testing emptiness would read the whole features file
    store = StoryStore.open(directory)
    if store.empty and index.doc_count() and len(report.changed) < index.doc_count():
        if progress:
            progress(0, 0, "grouping articles into stories")
        store.rebuild(index.all_articles())
    elif report.changed or report.removed:
        if progress:
            progress(0, 0, "grouping articles into stories")
        store.update(index.articles(report.changed), report.removed)


def entity_changes(index, store, report: SyncReport, summaries) -> tuple[list | None, list[str]]:
    """(articles to extract, ids to drop) for the entity store after an index sync;
    None for the articles when every changed one already has its summary."""
    if store.needs_full_update and len(summaries) < index.doc_count():
        # The store lost its data (new extractor version, damage) but the index did
        # not: every article is read back and the missing ones extracted here.
        return index.all_articles(), []
    if len(summaries) == len(report.changed):
        # Every changed article has a summary: no stored text is read back.
        return None, report.removed
    return index.articles(report.changed), report.removed


def story_filter(story_store: Callable[[], object], query: str) -> tuple[str, set[str] | None]:
    """``story:X`` terms taken out of the query and turned into the ids of that
    story's articles (copies included); several story terms intersect. ``story_store``
    is called only when the query has such a term."""
    if "story:" not in query.lower():
        return query, None
    wanted: set[str] | None = None

    def take(m: re.Match) -> str:
        nonlocal wanted
        story = story_store().find(m.group(1) if m.group(1) is not None else m.group(2))
        ids = story.article_ids if story else set()
        wanted = ids if wanted is None else wanted & ids
        return " "
    rest = _STORY_TERM.sub(take, query)
    return " ".join(rest.split()), wanted


def has_article_files(roots) -> bool:
    """Whether the corpus folders hold any file briefing reads (stops at the first)."""
    for root in roots:
        for _, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            if any(not n.startswith(".") and os.path.splitext(n)[1].lower() in FORMATS for n in filenames):
                return True
    return False


def disk_stamp(directory: Path, cache: tuple | None) -> tuple[tuple | None, tuple]:
    """(new digest cache, what the app's index watcher compares) for the index folder."""
    from briefing.entities.store import FILE_NAME
    from briefing.search.store import MANIFEST

    # Every sync rewrites the manifest, one that changed nothing too (`briefing
    # search` in a shell syncs first), so its content tells, read only when its
    # stat moved. The entity file is written only when entities changed.
    cache, digest = file_digest(directory / MANIFEST, cache)
    return cache, (digest, stamp(directory / "entities" / FILE_NAME))


def file_digest(path: Path, cached: tuple | None) -> tuple[tuple, bytes | None]:
    """(new cache, digest of the file's bytes): the file is read only when its stat
    moved since ``cached`` was taken."""
    import hashlib

    stat = stamp(path)
    if cached is not None and cached[0] == stat:
        return cached, cached[1]
    try:
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        digest = None
    return (stat, digest), digest
