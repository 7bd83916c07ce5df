"""Writing a note to a file atomically, never clobbering one unless told to, or to stdout."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import TextIO

from briefing.atomic import replace_file
from briefing.errors import ExportError


def _error(exc: OSError, target: Path) -> ExportError:
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return ExportError(f"disk full: could not write {target}")
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return ExportError(f"permission denied: cannot write {target}")
    if code == errno.EROFS:
        return ExportError(f"read-only file system: cannot write {target}")
    if code == errno.ENOENT:
        return ExportError(f"cannot write {target}: directory {target.parent} does not exist")
    if code == errno.ENAMETOOLONG:
        return ExportError(f"cannot write {target}: file name too long")
    reason = exc.strerror or str(exc) or type(exc).__name__
    return ExportError(f"cannot write {target}: {reason}")


def _exists_error(target: Path) -> ExportError:
    return ExportError(f"{target} already exists; use --force to overwrite it")


#: Names that mean standard output, as `-o -` does.
STDOUT_NAMES = {"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"}


def refuse_special(target: Path) -> None:
    """Only a regular file is replaced: with --force a symlink was replaced by a file
    (or, followed, its target), a FIFO or a device (as root, /dev/null) by a file."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _error(exc, target) from None
    if stat.S_ISLNK(st.st_mode):
        raise ExportError(f"{target} is a symbolic link; refusing to replace it (give the file it points to, or -o -)")
    if stat.S_ISDIR(st.st_mode):
        raise ExportError(f"{target} is a directory; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise ExportError(f"{target} is not a regular file (a FIFO, socket or device); refusing to write it "
                          "(use -o - for standard output)")


def write_atomic(path: str | os.PathLike, text: str, force: bool = False) -> Path:
    """Write ``text`` to ``path`` via a temporary file in the same directory, fsync and
    rename, so the file is either the old one or the whole new one.

    Raises ExportError (one line) when the file exists and ``force`` is false, when it
    is not a regular file (symlink, FIFO, device, directory), the directory is missing,
    permission is denied or the disk is full; an existing file is left untouched in
    every failure and no temporary file is left behind.
    """
    target = Path(path).expanduser()
    refuse_special(target)
    exists = os.path.lexists(target)
    if exists and not force:
        raise _exists_error(target)
    parent = target.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {target}: directory {parent} does not exist")
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if exists else 0o644
    except OSError:
        mode = 0o644
    try:
        replace_file(target, text.encode("utf-8"), overwrite=force, mode=mode)
    except FileExistsError:
        raise _exists_error(target) from None
    except OSError as exc:
        raise _error(exc, target) from None
    _fsync_dir(parent)
    return target


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; best effort, as some platforms cannot."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_note(text: str, path: str | os.PathLike | None = None, force: bool = False,
               stdout: TextIO | None = None) -> Path | None:
    """Write to ``path``, or to stdout when it is None or ``-``."""
    if path is None or str(path) in STDOUT_NAMES:
        (stdout or sys.stdout).write(text)
        return None
    return write_atomic(path, text, force=force)
