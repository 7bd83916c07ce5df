"""Writing a note to a file atomically, never clobbering one unless told to, or to stdout."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import TextIO

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


# Hard links are how we refuse to clobber atomically; these say a filesystem has none.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP),
             errno.EMLINK, errno.EXDEV, errno.ENOSYS}


def _publish(tmp: str, target: Path, force: bool) -> None:
    if force:
        os.replace(tmp, target)
        return
    try:
        # link() fails if the target exists, so a file that appears between our check
        # and now is still never overwritten.
        os.link(tmp, target)
    except FileExistsError:
        raise _exists_error(target) from None
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(target):
            raise _exists_error(target) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def write_atomic(path: str | os.PathLike, text: str, force: bool = False) -> Path:
    """Write ``text`` to ``path`` via a temporary file in the same directory, fsync and
    rename, so the file is either the old one or the whole new one.

    Raises ExportError (one line) when the file exists and ``force`` is false, the
    directory is missing, permission is denied or the disk is full; an existing file
    is left untouched in every failure and no temporary file is left behind.
    """
    target = Path(path).expanduser()
    if target.is_dir():
        raise ExportError(f"{target} is a directory; give a file name")
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
    data = text.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise _error(exc, target) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            try:
                os.fchmod(fh.fileno(), mode)
            except (AttributeError, OSError):
                pass  # not every platform or filesystem has modes
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _publish(tmp, target, force)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _error(exc, target) from None
        raise
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
    if path is None or str(path) == "-":
        (stdout or sys.stdout).write(text)
        return None
    return write_atomic(path, text, force=force)
