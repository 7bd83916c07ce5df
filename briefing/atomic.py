"""Files seen whole: replaced so that a reader sees the old contents or the new, never half
of either, and told apart by a stat when another process replaced or changed them."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


#: Hard links are how a write refuses to clobber atomically; these say a filesystem has none.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP),
             errno.EMLINK, errno.EXDEV, errno.ENOSYS}


def replace_file(path: str | os.PathLike, data: bytes, *, overwrite: bool = True, mode: int | None = None) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename
    it over ``path``; on any failure the temporary file is removed and ``path`` is as it was.
    With ``overwrite`` false an existing ``path`` is never replaced (FileExistsError),
    even one that appears while we write. The one atomic writer of the project: the
    index's files and exported notes alike."""
    path = Path(path)
    # A short prefix: the temporary name must fit where the target's own name fits
    # (a 249-byte name plus the prefix passed the 255-byte limit).
    fd, tmp = tempfile.mkstemp(prefix=".bf-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if mode is not None:
                with contextlib.suppress(AttributeError, OSError):
                    os.fchmod(fh.fileno(), mode)  # not every filesystem has modes
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            _publish_new(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _publish_new(tmp: str, target: Path) -> None:
    try:
        # link() fails if the target exists, so a file that appears between a
        # caller's check and now is still never overwritten.
        os.link(tmp, target)
    except OSError as exc:
        if isinstance(exc, FileExistsError) or exc.errno not in _NO_LINKS:
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def stamp(path: str | os.PathLike) -> tuple | None:
    """(mtime, size, inode) of ``path``, None when it is missing: a file replaced whole
    (a new inode), rewritten in place or grown gives another stamp, and one stat asks."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino
