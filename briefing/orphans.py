"""Worker processes that never outlive the process that started them."""

from __future__ import annotations

import os
import signal
import threading
import time


def die_with_parent(parent_pid: int | None = None) -> None:
    """Make this worker exit when its parent dies, even by SIGKILL.

    A forked worker inherits every open file of its parent, lock files included, and
    blocks on its job queue for ever once the parent is gone: without this, one
    `kill -9` leaves processes that hold the index locked for every later command.
    """
    parent_pid = parent_pid or os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        if libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent_pid:  # the parent died before prctl took hold
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:  # no prctl (not Linux): poll instead
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="die-with-parent").start()
