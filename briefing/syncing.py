"""What a sync needs beyond the index: one sync of an index at a time across processes,
the stories brought level with it, and the cheap stamps that tell another process synced."""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from briefing.atomic import stamp
from briefing.corpus import FORMATS
from briefing.errors import IndexLocked
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
    fh = open(directory.parent / f"{directory.name}.sync-lock", "a+b")  # noqa: SIM115 - held for the sync
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
