"""Keeps the index current: opens and syncs it, and notices another process's sync."""

from __future__ import annotations

import time

from textual import work
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

from briefing.atomic import stamp
from briefing.library import Library
from briefing.search.store import MARKER
from briefing.syncing import syncing_elsewhere
from briefing.tui.messages import IndexChanged, IndexReady, SyncDone, SyncFailed, SyncProgress

#: Progress closer together than this is not posted at all: a build reports every
#: file, and crossing threads thousands of times costs the UI time it needs.
PROGRESS_INTERVAL = 0.1
#: How often the app looks whether another process (`briefing index` in a shell)
#: changed the index: two stats, so a second costs nothing and feels immediate.
FOLLOW_INTERVAL = 1.0
ELSEWHERE = "another briefing process is updating the index; listing what it held before"


class IndexWatch(Widget):
    """Invisible; what it learns goes to the screen as messages (see tui/messages.py).
    It also remembers the last outcome, which the empty list explains."""

    DEFAULT_CSS = "IndexWatch { display: none; }"

    def __init__(self, library: Library, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.failure = ""
        """Why the last sync failed, in one line; empty when it did not."""
        self.skipped = 0
        """Files the last sync could not read."""
        self.last_progress = 0.0
        self.held = False
        self.marker: tuple | None = None
        """The index marker's stamp when the index was last read: it moves only when
        the files are replaced whole."""
        """Another process's sync changed the index and is not done: the list waits for it."""

    def on_mount(self) -> None:
        self.marker = stamp(self.library.index.directory / MARKER)
        self.open_and_sync()
        self.set_interval(FOLLOW_INTERVAL, self._follow)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def open_and_sync(self, rebuild: bool = False) -> None:
        worker = get_current_worker()
        if not rebuild:
            self.library.open_index()
            self.post_message(IndexReady())

        def progress(done: int, total: int, message: str) -> None:
            now = time.monotonic()
            if now - self.last_progress >= PROGRESS_INTERVAL or done == total:
                self.last_progress = now
                self.post_message(SyncProgress(done, total, message))

        report = self.library.sync(progress=progress, cancelled=lambda: worker.is_cancelled, rebuild=rebuild)
        self.post_message(SyncDone(report))
        if getattr(report, "stale", ""):
            # After SyncDone, whose "up to date" this replaces: the disk refused the sync.
            self.post_message(SyncProgress(0, 0, "not updated, results may be stale (see the notification)"))

    def on_sync_done(self, msg: SyncDone) -> None:
        # Not stopped: the screen shows the outcome.
        self.failure = ""
        self.skipped = len(msg.report.skipped)

    @work(thread=True, exclusive=True, exit_on_error=False, group="follow")
    def check_index(self) -> None:
        directory = self.library.index.directory
        try:
            changed = self.library.index_changed()
            busy = syncing_elsewhere(directory)
        except Exception:
            return  # a stat that failed once is tried again in a second; nothing to tell
        marker = stamp(directory / MARKER)
        if busy and (changed or self.held):
            # Another process is still syncing: what it wrote so far may be a rebuild's
            # empty start or a part of it. The list keeps what it had until the sync is done.
            if not self.held:
                self.held = True
                self.post_message(SyncProgress(0, 0, ELSEWHERE))
            return
        if changed or self.held:
            if marker != self.marker:
                # A new marker: the files were replaced whole (a rebuild's swap), not synced.
                self.marker = marker
                self.library.index.reopen()
            if self.held:
                self.held = False
                self.post_message(SyncProgress(0, 0, "up to date"))
            self.post_message(IndexChanged())

    def _follow(self) -> None:
        # The app's own sync refreshes when it is done; one look at a time is enough.
        if not any(_busy(w) for w in self.workers if w.node is self):
            self.check_index()

    @property
    def syncing(self) -> bool:
        return any(w.group == "sync" and _busy(w) for w in self.workers if w.node is self)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Only the sync can fail (check_index keeps its failures): say why, once.
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.failure = " ".join(str(error).split()) or type(error).__name__
            self.post_message(SyncFailed(self.failure))

    def other_process_synced(self) -> bool:
        """Our sync failed (often: it gave up waiting for the other process), but the
        other process's sync finished: the index is whole again."""
        if not self.failure:
            return False
        self.failure = ""
        return True

    def empty_reason(self, palette_key: str) -> str:
        """Why no article is indexed, and what to do about it."""
        where = ", ".join(str(r) for r in self.library.roots)
        if self.failure:
            return self.failure_text(palette_key)
        if self.syncing:
            return f"Indexing the articles in {where}; they are listed here as soon as the index is built."
        if self.skipped:
            return (f"None of the files in {where} could be indexed ({self.skipped} skipped). "
                    "Run `briefing index` in a shell to see each file's reason.")
        return f"Nothing indexed yet from {where}. Press {palette_key} → Rebuild index."

    def failure_text(self, palette_key: str) -> str:
        reason = self.failure.rstrip(".")
        return (f"Indexing failed: {reason}. Press {palette_key} → Rebuild index, or run `briefing index` "
                "in a shell to see details.")


def _busy(worker: Worker) -> bool:
    return worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
