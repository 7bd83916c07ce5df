"""The Whoosh engine's first-build writer, one process per core: imported only to write, since multiprocessing is a fifth of Whoosh's import."""

from __future__ import annotations

import multiprocessing
import os

from briefing.search import whoosh_import  # noqa: F401, I001 - before any whoosh module

from whoosh.multiproc import MpWriter, SubWriterTask

from briefing.orphans import die_with_parent


class SubWriter(SubWriterTask):
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


class BulkWriter(MpWriter):
    """Whoosh's multi-process writer with sub-writers that cannot outlive it."""

    def _new_task(self):
        task = SubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                         self.multisegment)
        task.parent_pid = os.getpid()
        task.lock_fd = inherited_fd(getattr(self.writelock, "fd", None))
        self.tasks.append(task)
        task.start()
        return task


def inherited_fd(fd: int | None) -> int | None:
    """``fd`` when a child process would inherit it, else None: only a forked child
    shares our descriptors, and under spawn or forkserver the same number may be some
    other file of the child's, which closing would break."""
    return fd if multiprocessing.get_start_method() == "fork" else None
