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


def discover(roots: list[str | os.PathLike]) -> tuple[list[Entry], list[Skipped]]:
    """Every article file under ``roots`` with its id; ids are unique across roots.

    Hidden files and folders are ignored. Symlinked folders are not followed (which
    makes symlink loops harmless); symlinked files are read.
    """
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    multiple = len(roots) > 1
    for root in roots:
        root_path = Path(root)
        for dirpath, dirnames, filenames in os.walk(root_path, onerror=None):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                full = Path(dirpath, name)
                if full.suffix.lower() not in FORMATS:
                    continue
                try:
                    st = full.stat()
                except OSError as exc:
                    reason = "symlink loop or broken link" if full.is_symlink() else (exc.strerror or str(exc))
                    skipped.append(Skipped(str(full), reason))
                    continue
                if not stat.S_ISREG(st.st_mode):
                    # A FIFO would block the read forever; a socket or device is no article.
                    skipped.append(Skipped(str(full), "is a directory" if stat.S_ISDIR(st.st_mode)
                                           else "not a regular file"))
                    continue
                rel = full.relative_to(root_path).with_suffix("").as_posix()
                aid = rel
                if aid in seen and multiple:
                    aid = f"{root_path.name}/{rel}"
                if aid in seen:
                    aid = full.relative_to(root_path).as_posix()
                n = 2
                base = aid
                while aid in seen:
                    aid = f"{base}~{n}"
                    n += 1
                seen.add(aid)
                entries.append(Entry(aid, str(full), st.st_mtime_ns, st.st_size, date_order()))
    return entries, skipped


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
