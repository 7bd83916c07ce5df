"""Articles on disk: the Article model, one reader per format, discovery and content hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import html.parser
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import yaml

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


@dataclass(frozen=True)
class Article:
    """One article, as every part of briefing sees it.

    ``text`` is what the reader shows and what every character offset (hits, entity
    mentions, note citations) refers to: the title, a blank line, then the body, with
    paragraphs separated by blank lines.
    """

    id: str
    path: str
    title: str
    body: str
    source: str = ""
    author: str = ""
    published: dt.date | None = None
    url: str = ""
    format: str = "txt"
    hash: str = ""
    warnings: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}" if self.body else self.title

    @property
    def body_offset(self) -> int:
        """Where the body starts inside ``text``."""
        return len(self.title) + 2 if self.body else len(self.title)

    def paragraphs(self) -> list[tuple[int, str]]:
        """(offset in ``text``, paragraph) for the title and every body paragraph."""
        out: list[tuple[int, str]] = []
        for m in re.finditer(r"[^\n]+", self.text):
            out.append((m.start(), m.group()))
        return out


class SkipFile(Exception):
    """A file that is not an article; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


# --------------------------------------------------------------------------- decoding

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> text: UTF-8 first, cp1252 (then Latin-1) for legacy files.

    Raises SkipFile for data that is not text at all.
    """
    warnings: list[str] = []
    if not data.strip():
        return "", warnings
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), warnings
        except UnicodeDecodeError:
            pass
    sample = data[:8192]
    # A stray NUL in a text file is shown as a control picture; many of them are binary
    # (or UTF-16 without a byte-order mark, which no news export produces).
    if sample.count(b"\x00") > len(sample) // 200 or _looks_binary(sample):
        raise SkipFile("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A file cut at MAX_BYTES may end mid-character; that alone is no reason to
        # fall back to a legacy encoding.
        if exc.start >= len(data) - 4:
            text = data[: exc.start].decode("utf-8-sig")
        else:
            try:
                text = data.decode("cp1252")
                warnings.append("not UTF-8; read as Windows-1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                warnings.append("not UTF-8; read as Latin-1")
    return text, warnings


_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b")


def _looks_binary(sample: bytes) -> bool:
    if sample.startswith(_MAGIC):
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def _control_picture(m: re.Match) -> str:
    code = ord(m.group())
    return "\u2421" if code == 0x7F else chr(0x2400 + code)


def clean_text(text: str) -> str:
    """Normalise newlines, drop control characters, join hard-wrapped lines into
    paragraphs and separate paragraphs with one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    # Control characters (ANSI escapes included) would be obeyed by a terminal; show
    # them as their Unicode control pictures (ESC -> U+241B) so the text reads as written.
    text = _CONTROL.sub(_control_picture, text)
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        current = ""
        for line in lines:
            if current and _continues(current, line):
                current = f"{current} {line}"
            else:
                if current:
                    paragraphs.append(current)
                current = line
        if current:
            paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _continues(previous: str, line: str) -> bool:
    """True when ``line`` is the wrapped continuation of ``previous``: the previous
    line stops mid-sentence and this one starts in lower case."""
    return not previous.endswith((".", "!", "?", ":", '"', "”", "’", ")", "]")) and (
        line[:1].islower() or previous.endswith((",", ";", "-", "–", "—"))
    )


# --------------------------------------------------------------------------- readers


def _split_title(text: str) -> tuple[str, str]:
    text = clean_text(text)
    title, _, body = text.partition("\n\n")
    return title.strip(), body.strip()


def read_txt(text: str) -> dict:
    title, body = _split_title(text)
    return {"title": title, "body": body}


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def read_md(text: str) -> dict:
    meta: dict = {}
    warnings: list[str] = []
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    m = _FRONT.match(text)
    if m:
        try:
            loaded = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            loaded = None
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            warnings.append(f"front matter is not valid YAML{where}; ignored")
        if isinstance(loaded, dict):
            meta = loaded
        elif loaded is not None:
            warnings.append("front matter is not a mapping; ignored")
        text = text[m.end():]
    plain = markdown_to_text(text)
    fields: dict = {"warnings": warnings}
    title = _scalar(meta.get("title"))
    if title:
        fields["title"], fields["body"] = clean_text(title).replace("\n\n", " "), clean_text(plain)
    else:
        fields["title"], fields["body"] = _split_title(plain)
    for key in ("source", "author", "url"):
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        fields[key] = _scalar(value)
    fields["published"] = parse_date(meta.get("published", meta.get("date")))
    if meta.get("published") is not None and fields["published"] is None:
        warnings.append(f"published date {str(meta.get('published'))[:40]!r} not understood")
    return fields


def _scalar(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


def markdown_to_text(source: str) -> str:
    """Markdown -> plain text with one paragraph per block (headings, list items,
    quotes and paragraphs), so offsets refer to what the reader shows."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    blocks: list[str] = []
    for tok in tokens:
        if tok.type == "inline":
            parts: list[str] = []
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
                elif child.type == "image":
                    parts.append(child.content)
            line = "".join(parts).strip()
            if line:
                blocks.append(line)
        elif tok.type in ("code_block", "fence") and tok.content.strip():
            blocks.append(tok.content.strip())
    return "\n\n".join(blocks)


_DROP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "template",
              "svg", "form", "button", "iframe", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "section", "article", "tr", "pre", "figcaption", "dd", "dt", "td", "th", "hr",
               "ul", "ol", "table", "main", "figure"}


class _HTMLText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.in_h1 = False
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs_d = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (attrs_d.get("name") or attrs_d.get("property") or "").lower()
            if name and attrs_d.get("content"):
                self.meta[name] = attrs_d["content"]
            return
        if tag == "title":
            self.in_title = True
        if tag in _DROP_TAGS and tag != "head":
            self.skip += 1
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _DROP_TAGS and tag != "head":
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in _DROP_TAGS and tag != "head" and self.skip:
            self.skip -= 1
        if tag == "h1":
            self.in_h1 = False
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if self.skip:
            return
        if self.in_h1:
            self.h1 += data
        self.parts.append(data)


def read_html(text: str) -> dict:
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is belt and braces
        raise SkipFile(f"HTML could not be parsed: {exc}") from None
    raw = "".join(parser.parts)
    # Inside a paragraph, HTML whitespace (including single newlines) is one space.
    raw = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", raw))
    body = clean_text(raw)
    title = " ".join((parser.h1 or parser.title).split())
    if title:
        first, _, rest = body.partition("\n\n")
        if first.strip() == title:
            body = rest
    else:
        title, body = _split_title(body)
    meta = parser.meta
    return {
        "title": title,
        "body": body.strip(),
        "author": meta.get("author", ""),
        "source": meta.get("og:site_name", ""),
        "url": meta.get("og:url", ""),
        "published": parse_date(meta.get("article:published_time") or meta.get("date")),
    }


READERS = {"txt": read_txt, "md": read_md, "html": read_html}


def parse_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    m = re.match(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", s)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
        except ValueError:
            return None
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------- files


def file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_article(path: str | os.PathLike, article_id: str) -> Article:
    """Read one file into an Article. Raises SkipFile with a reason for non-articles."""
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
    fields = READERS[fmt](text)
    warnings += fields.pop("warnings", [])
    if not fields.get("title") and not fields.get("body"):
        raise SkipFile("empty file")
    if not fields.get("title"):
        fields["title"] = p.stem
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


@dataclass(frozen=True)
class Entry:
    """A file found by discovery, before it is read."""

    id: str
    path: str
    mtime_ns: int
    size: int


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
                entries.append(Entry(aid, str(full), st.st_mtime_ns, st.st_size))
    return entries, skipped


def iter_articles(roots: list[str | os.PathLike]) -> Iterator[Article | Skipped]:
    """Read every article under ``roots`` (for scripts and tests; the index syncs
    incrementally instead)."""
    entries, skipped = discover(roots)
    yield from skipped
    for entry in entries:
        try:
            yield read_article(entry.path, entry.id)
        except SkipFile as exc:
            yield Skipped(entry.path, str(exc))


def load_articles(roots: list[str | os.PathLike]) -> list[Article]:
    return [a for a in iter_articles(roots) if isinstance(a, Article)]
