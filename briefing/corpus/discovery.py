"""Finding the article files under the corpus folders, each with an id unique across them."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from briefing.corpus.article import Article, SkipFile, Skipped
from briefing.corpus.published import date_order
from briefing.corpus.readers import FORMATS, read_article


@dataclass(frozen=True)
class Entry:
    """A file found by discovery, before it is read."""

    id: str
    path: str
    mtime_ns: int
    size: int
    #: How numeric dates in this file are read (see ``set_date_order``).
    date_order: str = "mdy"
    #: Moves with permission changes too, which the modification time does not.
    ctime_ns: int = 0


#: Whether a symlinked file whose target lies outside its corpus folder is read (the
#: config's ``articles.follow_symlinks_outside``; off: such a link is a skipped file).
_follow_outside = False


def set_follow_symlinks_outside(allowed: bool) -> None:
    global _follow_outside
    _follow_outside = bool(allowed)


def _outside(full: str, real_root: str) -> str | None:
    """The target of symlink ``full`` when it leaves the corpus folder, else None."""
    target = os.path.realpath(full)
    if target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep):
        return None
    return target


def discover(roots: list[str | os.PathLike]) -> tuple[list[Entry], list[Skipped]]:
    """Every article file under ``roots`` with its id; ids are unique across roots.

    Hidden files and folders are ignored. Symlinked folders are not followed (which
    makes symlink loops harmless); symlinked files are read when their target is
    inside the same corpus folder (anywhere, with ``set_follow_symlinks_outside``).
    """
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    multiple = len(roots) > 1
    order = date_order()
    for root in roots:
        root_path = Path(root)
        real_root = os.path.realpath(root_path)
        # Plain strings and scandir rather than a Path per file: every command runs this
        # over the whole corpus before it answers, and Path arithmetic was most of its cost.
        for rel_dir, dirpath, files in _walk(str(root_path)):
            for entry in files:
                name = entry.name
                ext = os.path.splitext(name)[1]
                if ext.lower() not in FORMATS:
                    continue
                full = os.path.join(dirpath, name)
                if not _utf8(full):
                    # Its id and path could not be stored (every engine and the manifest
                    # keep UTF-8): one skipped file, never an unindexable corpus.
                    skipped.append(Skipped(full, "its name is not valid UTF-8; rename the file to index it"))
                    continue
                try:
                    st = entry.stat()
                except OSError as exc:
                    reason = "symlink loop or broken link" if entry.is_symlink() else (exc.strerror or str(exc))
                    skipped.append(Skipped(full, reason))
                    continue
                if not stat.S_ISREG(st.st_mode):
                    # A FIFO would block the read forever; a socket or device is no article.
                    skipped.append(Skipped(full, "is a directory" if stat.S_ISDIR(st.st_mode)
                                           else "not a regular file"))
                    continue
                if not _follow_outside and entry.is_symlink() and _outside(full, real_root):
                    # A link to ~/.ssh or /etc/passwd would be indexed and exported into notes.
                    skipped.append(Skipped(full, "a symbolic link to a file outside the corpus folder; "
                                           "set articles.follow_symlinks_outside: true to read it"))
                    continue
                aid = _unique_id(rel_dir, name, ext, root_path.name, multiple, seen)
                entries.append(Entry(aid, full, st.st_mtime_ns, st.st_size, order, st.st_ctime_ns))
    return entries, skipped


def _utf8(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, held as lone surrogates
        return False
    return True


def _unique_id(rel_dir: str, name: str, ext: str, root_name: str, multiple: bool, seen: set[str]) -> str:
    """The path below its root without the extension; the root's name, the extension or
    a counter only when another file already has that id."""
    stem = name[: -len(ext)] if ext else name
    rel = f"{rel_dir}/{stem}" if rel_dir else stem
    aid = rel
    if aid in seen and multiple:
        aid = f"{root_name}/{rel}"
    if aid in seen:
        aid = f"{rel_dir}/{name}" if rel_dir else name
    n = 2
    base = aid
    while aid in seen:
        aid = f"{base}~{n}"
        n += 1
    seen.add(aid)
    return aid


def _walk(top: str) -> Iterator[tuple[str, str, list[os.DirEntry]]]:
    """(path below the root, folder, its non-hidden non-folder entries sorted by name)
    for the root and every folder under it, top-down and in name order, as ``os.walk``
    would give them. A folder reached through a symlink is not entered; an unreadable
    folder is passed over. A stack, not recursion, so a very deep tree cannot exhaust it."""
    stack = [("", top)]
    while stack:
        rel_dir, dirpath = stack.pop()
        try:
            with os.scandir(dirpath) as it:
                listed = [e for e in it if not e.name.startswith(".")]
        except OSError:
            continue
        files, folders = [], []
        for e in listed:
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                files.append(e)
            elif not e.is_symlink():
                folders.append(e.name)
        files.sort(key=lambda e: e.name)
        yield rel_dir, dirpath, files
        for name in sorted(folders, reverse=True):
            stack.append((f"{rel_dir}/{name}" if rel_dir else name, os.path.join(dirpath, name)))


def iter_articles(roots: list[str | os.PathLike]) -> Iterator[Article | Skipped]:
    """Read every article under ``roots`` (for scripts and tests; the index syncs
    incrementally instead)."""
    entries, skipped = discover(roots)
    yield from skipped
    for entry in entries:
        try:
            yield read_article(entry.path, entry.id, entry.date_order)
        except SkipFile as exc:
            yield Skipped(entry.path, str(exc))


def load_articles(roots: list[str | os.PathLike]) -> list[Article]:
    return [a for a in iter_articles(roots) if isinstance(a, Article)]
