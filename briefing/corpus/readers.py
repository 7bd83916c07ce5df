"""One file into an Article: the reader for its format, a size cap and a content hash."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from briefing.corpus.article import Article, SkipFile, describe_error
from briefing.corpus.html_reader import read_html
from briefing.corpus.markdown_reader import read_md
from briefing.corpus.text import decode, decode_entities
from briefing.corpus.titles import clean_title, is_real_title, split_title, title_from_body

#: Extensions we read, mapped to the reader's format name.
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}

#: Files larger than this are read only up to this many bytes: a 50 MB log dumped into a
#: corpus should not stall indexing or eat memory, and no news article is this long.
MAX_BYTES = 4 * 1024 * 1024


def read_txt(text: str, date_order: str | None = None) -> dict:  # noqa: ARG001 - one signature for all readers
    title, body = split_title(decode_entities(text))
    return {"title": title, "body": body}


READERS = {"txt": read_txt, "md": read_md, "html": read_html}


def file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_article(path: str | os.PathLike, article_id: str, date_order: str | None = None) -> Article:
    """Read one file into an Article. Raises SkipFile with a reason for non-articles,
    and for any file the readers fail on: one file never stops a corpus."""
    p = Path(path)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise SkipFile(f"unsupported file type {p.suffix or '(none)'}")
    try:
        data = _read_regular(p)
    except PermissionError:
        raise SkipFile("permission denied") from None
    except FileNotFoundError:
        raise SkipFile("file vanished while reading") from None
    except IsADirectoryError:
        raise SkipFile("is a directory") from None
    except OSError as exc:
        raise SkipFile(f"could not read: {exc.strerror or exc}") from None
    warnings: list[str] = []
    if len(data) > MAX_BYTES:
        data = data[:MAX_BYTES]
        warnings.append(f"larger than {MAX_BYTES // (1024 * 1024)} MB; only the start was read")
    digest = file_hash(data)
    text, enc_warnings = decode(data)
    warnings += enc_warnings
    try:
        fields = READERS[fmt](text, date_order=date_order)
    except SkipFile:
        raise
    except Exception as exc:  # noqa: BLE001 - a reader bug or a file no reader foresaw
        raise SkipFile(f"could not be read: {describe_error(exc)}") from None
    warnings += fields.pop("warnings", [])
    title = clean_title(fields.get("title", ""))
    if not title and not fields.get("body"):
        raise SkipFile("empty file")
    if not is_real_title(title):
        # Feeds leave "&HT;", "-----" or markup where the headline should be.
        found, fields["body"] = title_from_body(fields.get("body", ""))
        title = found or p.stem
    fields["title"] = title
    return Article(
        id=article_id,
        path=str(p),
        format=fmt,
        hash=digest,
        warnings=tuple(warnings),
        **fields,
    )


def _read_regular(p: Path) -> bytes:
    """Up to MAX_BYTES + 1 bytes of a regular file. Opened non-blocking and checked
    after opening, because a FIFO or device named like an article would block the read
    forever, and the path may have been swapped since discovery."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(p, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise SkipFile("is a directory" if stat.S_ISDIR(mode) else "not a regular file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
