"""A Note as Markdown (CommonMark + GFM tables), and an atomic, no-clobber file write."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import TextIO

from briefing.errors import ExportError
from briefing.notes import Note, TimelineEntry
from briefing.scope import Scope

NONE_FOUND = "None found."


# --------------------------------------------------------------------------- escaping

# Every character that can open inline Markdown (emphasis, code, links, raw HTML,
# autolinks, table cells, strikethrough) is backslash-escaped; CommonMark allows a
# backslash before any ASCII punctuation, so escaping never shows up in the output.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_LINE_START = re.compile(r"^([-+=>:]|\d{1,9}(?=[.)]))")


def escape(text: str) -> str:
    """Article text as inert Markdown inline content on a single line."""
    text = " ".join(text.split())
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    # Block syntax only matters at the start of a line: "- ", "> ", "1. ", "===".
    m = _LINE_START.match(text)
    if m:
        if m.group(1)[0].isdigit():
            end = m.end()
            text = f"{text[:end]}\\{text[end:]}"
        else:
            text = "\\" + text
    return text


def cite(citations: list[int]) -> str:
    return "".join(f"[{n}]" for n in citations)


# --------------------------------------------------------------------------- rendering


def _date_cell(entry: TimelineEntry) -> str:
    def show(d: dt.date) -> str:
        return {"year": f"{d.year}", "month": f"{d:%Y-%m}"}.get(entry.precision, d.isoformat())

    text = show(entry.date)
    if entry.precision == "week":
        text = f"week of {entry.date.isoformat()}"
    elif entry.end and show(entry.end) != text:
        text = f"{text} – {show(entry.end)}"
    return text


def _section(title: str, lines: list[str] | None) -> list[str]:
    return [f"## {title}", "", *(lines or [NONE_FOUND]), ""]


def render_markdown(note: Note) -> str:
    """The note as a CommonMark document with GFM tables."""
    out: list[str] = [f"# {escape(note.title)}", "", f"*{escape(note.scope_line)}*", ""]

    out += _section("Key points", [f"- {escape(p.text)} {cite(p.citations)}" for p in note.key_points])
    out += _section("Key actors", note.actors and [
        "| Actor | Type | Mentions | Articles |", "| --- | --- | ---: | --- |",
        *(f"| {escape(a.name)} | {escape(a.type)} | {a.mentions} | {cite(a.citations)} |" for a in note.actors),
    ])
    out += _section("Timeline", note.timeline and [
        "| Date | As written | Statement |", "| --- | --- | --- |",
        *(f"| {_date_cell(e)} | {escape(e.label)} | {escape(e.text)} {cite(e.citations)} |" for e in note.timeline),
    ])
    out += _section("Quotes", [
        f"- “{escape(q.text)}” — {f'**{escape(q.speaker)}**' if q.speaker else 'unattributed'} {cite(q.citations)}"
        for q in note.quotes
    ])
    # The last section ends the document: no blank line after it.
    out += _section("Sources", [f"{s.n}. {_source_line(s)}" for s in note.sources])[:-1]
    return "\n".join(out) + "\n"


_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f]+")


def _source_line(s) -> str:
    parts = [f"**{escape(s.title)}**" if s.title.strip() else f"**{escape(s.article_id)}**"]
    meta = [escape(x) for x in (s.source, s.author) if x and x.strip()]
    if s.published:
        meta.append(s.published.isoformat())
    if meta:
        parts.append(", ".join(meta))
    if s.url and _SAFE_URL.fullmatch(s.url):
        parts.append(f"<{s.url}>")
    elif s.url:
        parts.append(escape(s.url))
    if s.path:
        parts.append(f"file: {escape(s.path)}")
    return " — ".join(parts)


# --------------------------------------------------------------------------- file names


def default_filename(scope: Scope, corpus_label: str = "") -> str:
    """A file name for the scope's note, e.g. ``briefing-north-korea.md``, or
    ``briefing-talks-kim-jong-un.md`` for a search with an entity filter."""
    label = unicodedata.normalize("NFKC", scope.label(corpus_label)).casefold()
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in label).split())[:60].strip("-")
    return f"briefing-{slug or 'corpus'}.md"


# --------------------------------------------------------------------------- writing


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
