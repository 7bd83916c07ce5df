"""Articles on disk: the Article model, one reader per format, discovery and content hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import html.entities
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

#: How a date written in numbers only (06/10/1998) is read: month first, as US wire
#: services write it, or day first.
DATE_ORDERS = ("mdy", "dmy")
_date_order = "mdy"


def set_date_order(order: str) -> None:
    """The reading of numeric dates for files discovered from now on (the config's
    ``articles.date_order``). Discovery copies it into every Entry: worker processes
    started with spawn do not share this module's state, but they receive the entries."""
    global _date_order
    if order not in DATE_ORDERS:
        raise ValueError(f"date order must be one of {', '.join(DATE_ORDERS)}, not {order!r}")
    _date_order = order


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


# --------------------------------------------------------------------------- entities and titles

# The spaces after a reference go with it when it is dropped: "A &QC; &UR; B" is "A B".
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});([ \t]*)")


def decode_entities(text: str, known: bool = True) -> str:
    """HTML character references decoded (``known``), and the unknown ones that stand
    alone as a word dropped: newswire archives carry typesetting codes such as ``&HT;``
    or ``&QL;`` that mean nothing to a reader. An unknown one inside a word ("AT&T;")
    is text and kept. Only references with a semicolon count: "R&D" or "&copy" without
    one are left as written."""
    if "&" not in text:
        return text

    def one(m: re.Match) -> str:
        name = m.group(1)
        if name[0] == "#" or f"{name};" in html.entities.html5:
            return html.unescape(f"&{name};") + m.group(2) if known else m.group()
        s, start, end = m.string, m.start(), m.end(1) + 1
        if (start == 0 or s[start - 1].isspace()) and (end == len(s) or s[end].isspace() or s[end] in ".,;:!?\"'”’)"):
            return ""
        return m.group()

    return _ENTITY.sub(one, text)


_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
#: A title made from the body is cut to about this many characters.
TITLE_MAX = 100


def is_real_title(title: str) -> bool:
    """False for what archives leave where a headline should be: nothing, punctuation,
    dashes, numbers, markup. One word of two letters is enough ("URGENT" is a title)."""
    return _LETTER_WORD.search(title) is not None


def _clean_title(title: str) -> str:
    if "<" in title:
        title = _TAG.sub(" ", title)
    return " ".join(title.split())


def _title_from_body(body: str) -> tuple[str, str]:
    """(title, body) from the first paragraph with at least two words. A short one is
    a headline and moves out of the body; a long one is the lead, stays, and the
    title is its first sentence, or its start."""
    paragraphs = body.split("\n\n")
    for i, para in enumerate(paragraphs):
        if len(_LETTER_WORD.findall(para, 0, 300)) < 2:
            continue
        if len(para) <= TITLE_MAX:
            return para, "\n\n".join(paragraphs[:i] + paragraphs[i + 1:])
        return _shorten(para), body
    return "", body


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\"”’][.!?])\s+(?=[A-Z\"“‘])")


def _shorten(para: str) -> str:
    end = _SENTENCE_END.search(para, 20, TITLE_MAX + 1)
    if end:
        return para[:end.start()]
    cut = para.rfind(" ", 0, TITLE_MAX)
    if cut < TITLE_MAX // 2:
        cut = TITLE_MAX
    return para[:cut].rstrip(" ,;:-–—") + "…"


# --------------------------------------------------------------------------- readers


def _split_title(text: str) -> tuple[str, str]:
    text = clean_text(text)
    title, _, body = text.partition("\n\n")
    return title.strip(), body.strip()


def read_txt(text: str, date_order: str | None = None) -> dict:  # noqa: ARG001 - one signature for all readers
    title, body = _split_title(decode_entities(text))
    return {"title": title, "body": body}


_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_YAML_LOADER):
    """Safe YAML for front matter, where every field is text: scalars stay as written
    (PyYAML would make `published: 2000-02-30` a ValueError while building the date,
    and `title: No` the boolean False), and a value with a tag no safe loader knows
    (`!!python/object ...`) is read as its plain value, with a warning, instead of
    losing the whole front matter."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.unknown_tags: list[str] = []

    def construct_unknown(self, node):
        self.unknown_tags.append(node.tag)
        if isinstance(node, yaml.ScalarNode):
            return self.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return self.construct_sequence(node)
        return self.construct_mapping(node)


_AS_TEXT = {f"tag:yaml.org,2002:{t}" for t in ("timestamp", "bool", "int", "float")}
_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _AS_TEXT]
    for first, resolvers in _YAML_LOADER.yaml_implicit_resolvers.items()
}
_FrontMatterLoader.add_constructor(None, _FrontMatterLoader.construct_unknown)

META_KEYS = ("title", "source", "author", "published", "date", "url")
_META_LINE = re.compile(r"^(title|source|author|published|date|url)[ \t]*:[ \t]*(.*?)[ \t]*$", re.M | re.I)


def _load_front(block: str, warnings: list[str]) -> dict:
    """The front matter's mapping; what cannot be read is a warning, never an error.
    Broken YAML (most often an unquoted colon: `title: Breaking: ...`) still gives
    its plain `key: value` lines."""
    loader = _FrontMatterLoader(block)
    try:
        loaded = loader.get_single_data()
    except Exception as exc:  # noqa: BLE001 - YAMLError, or a bad explicit !!int, or anything
        if isinstance(exc, yaml.YAMLError):
            mark = getattr(exc, "problem_mark", None)
            problem = f"is not valid YAML (line {mark.line + 2})" if mark else "is not valid YAML"
        else:
            problem = f"could not be read ({type(exc).__name__}: {' '.join(str(exc).split())[:80]})"
        meta = _front_lines(block)
        kept = f"; read its plain lines ({', '.join(meta)})" if meta else "; ignored"
        warnings.append(f"front matter {problem}{kept}")
        return meta
    finally:
        loader.dispose()
    for tag in dict.fromkeys(loader.unknown_tags):
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        warnings.append(f"front matter tag {shown[:60]} not understood; read as plain text")
    if isinstance(loaded, dict):
        return loaded
    if loaded is not None:
        warnings.append("front matter is not a mapping; ignored")
    return {}


def _front_lines(block: str) -> dict:
    meta: dict = {}
    for m in _META_LINE.finditer(block):
        key, value = m.group(1).lower(), m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        # YAML syntax that failed to parse is not a value to show.
        if value and value[0] not in "[{&*!|>%@`" and re.search(r"\w", value):
            meta.setdefault(key, value)
    return meta


def read_md(text: str, date_order: str | None = None) -> dict:
    meta: dict = {}
    warnings: list[str] = []
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    m = _FRONT.match(text)
    if m:
        meta = _load_front(m.group(1), warnings)
        text = text[m.end():]
    try:
        plain = markdown_to_text(text)
    except Exception as exc:  # noqa: BLE001 - the words are still worth having
        plain = text
        warnings.append(f"Markdown could not be parsed ({type(exc).__name__}); read as plain text")
    # markdown-it has decoded the references it knows; what is left is literal or junk.
    plain = decode_entities(plain, known=False)
    fields: dict = {"warnings": warnings}
    title = _scalar(meta.get("title"))
    if title:
        # Even when it turns out to be junk ("&HT;"): the body stays whole and the
        # title is made from it (read_article).
        fields["title"] = clean_text(decode_entities(title)).replace("\n\n", " ")
        fields["body"] = clean_text(plain)
    else:
        fields["title"], fields["body"] = _split_title(plain)
    for key in ("source", "author", "url"):
        value = meta.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if not isinstance(v, (list, dict)))
        fields[key] = clean_text(decode_entities(_scalar(value))).replace("\n\n", " ")
    key = "published" if meta.get("published") is not None else "date"
    fields["published"] = _published(meta.get(key), key, date_order, warnings)
    return fields


def _scalar(value) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


_markdown = None


def markdown_to_text(source: str) -> str:
    """Markdown -> plain text with one paragraph per block (headings, list items,
    quotes and paragraphs), so offsets refer to what the reader shows."""
    global _markdown
    if _markdown is None:
        from markdown_it import MarkdownIt

        # Built once: making the parser cost a quarter of reading a typical article.
        # parse() keeps its state per call, so threads can share it.
        _markdown = MarkdownIt("commonmark").enable("table")
    tokens = _markdown.parse(source)
    blocks: list[str] = []
    for tok in tokens:
        if tok.type == "inline":
            parts: list[str] = []
            for child in tok.children or []:
                if child.type == "code_inline" and child.markup == "``":
                    # AP and New York Times copy opens quotes with two backquotes
                    # (``like this''); Markdown pairs them up as code spans, and
                    # dropping the marks lost every quote of that copy.
                    parts.append(f"``{child.content}``")
                elif child.type in ("text", "code_inline"):
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


def read_html(text: str, date_order: str | None = None) -> dict:
    parser = _HTMLText()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # html.parser is lenient; this is belt and braces
        raise SkipFile(f"HTML could not be parsed: {exc}") from None
    # The parser decoded the references it knows; what is left is literal or junk.
    raw = decode_entities("".join(parser.parts), known=False)
    # Inside a paragraph, HTML whitespace (including single newlines) is one space.
    raw = "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", raw))
    body = clean_text(raw)
    title = " ".join(decode_entities(parser.h1 or parser.title, known=False).split())
    if title:
        first, _, rest = body.partition("\n\n")
        if first.strip() == title:
            body = rest
    else:
        title, body = _split_title(body)
    meta = parser.meta
    warnings: list[str] = []
    key = "article:published_time" if meta.get("article:published_time") else "date"
    return {
        "title": title,
        "body": body.strip(),
        "author": meta.get("author", ""),
        "source": meta.get("og:site_name", ""),
        "url": meta.get("og:url", ""),
        "published": _published(meta.get(key), key, date_order, warnings),
        "warnings": warnings,
    }


READERS = {"txt": read_txt, "md": read_md, "html": read_html}


# --------------------------------------------------------------------------- dates

def _month_names() -> dict[str, int]:
    from briefing.dates import MONTHS

    return MONTHS


_ISO_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?=$|[T\s])")
_COMPACT_DATE = re.compile(r"(\d{4})(\d\d)(\d\d)$")
# RFC 2822 as feeds write it ("Wed, 10 Jun 1998 21:46:00 GMT") and "10 June 1998".
_DAY_MONTH = re.compile(r"(?:[A-Za-z]{3,9}\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?([A-Za-z]{3,9})\.?,?[\s-]+"
                        r"(\d{4}|\d\d)(?=$|[\s,T])")
# "June 10, 1998", "Jun. 10, 1998", "Wednesday, June 10, 1998 9:46 PM".
_MONTH_DAY = re.compile(r"(?:[A-Za-z]{3,9}\.?,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?=$|[\s,T])")
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d\d)(?=$|[\sT,])")


def _year(text: str) -> int:
    # Two-digit years as POSIX strptime reads them: 69-99 are 1969-1999, 00-68 are 2000-2068.
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= 69 else 2000
    return year


def read_date(value, date_order: str | None = None) -> dt.date | str | None:
    """A date from front matter or a meta tag: the date, None for no value, or the
    reason it is not one (for a warning). Times and zones are ignored: the date is
    the one the publisher wrote."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (list, dict)):
        return "is not a date"
    s = " ".join(str(value).split())
    if not s:
        return None
    if len(s) > 64:
        return "is not a date briefing can read"
    try:
        if s[:4].isdigit():
            m = _ISO_DATE.match(s)
            if m:
                return dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4) or 1))
            m = _COMPACT_DATE.match(s)
            if m:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _NUMERIC_DATE.match(s)
        if m:
            return _numeric_date(int(m.group(1)), int(m.group(3)), _year(m.group(4)), date_order or _date_order)
        m = _DAY_MONTH.match(s)
        if m:
            month = _month_names().get(m.group(2).lower())
            if month:
                return dt.date(_year(m.group(3)), month, int(m.group(1)))
        m = _MONTH_DAY.match(s)
        if m:
            month = _month_names().get(m.group(1).lower())
            if month:
                return dt.date(int(m.group(3)), month, int(m.group(2)))
    except ValueError:
        return "is not a date"
    return "is not a date briefing can read (write it as 1998-06-10)"


def _numeric_date(first: int, second: int, year: int, order: str) -> dt.date | str:
    month, day = (first, second) if order == "mdy" else (second, first)
    try:
        return dt.date(year, month, day)
    except ValueError:
        pass
    try:
        dt.date(year, day, month)
    except ValueError:
        return "is not a date"
    other = "dmy" if order == "mdy" else "mdy"
    read = "month first" if order == "mdy" else "day first"
    return f"is not a date read {read} (articles.date_order: {other} in the config reads it the other way)"


def _published(value, key: str, date_order: str | None, warnings: list[str]) -> dt.date | None:
    got = read_date(value, date_order)
    if isinstance(got, str):
        shown = " ".join(str(value).split())[:40] if not isinstance(value, (list, dict)) else type(value).__name__
        warnings.append(f"{key} {shown!r} {got}; ignored")
        return None
    return got


def parse_date(value, date_order: str | None = None) -> dt.date | None:
    """``read_date`` for callers that only want the date."""
    got = read_date(value, date_order)
    return None if isinstance(got, str) else got


# --------------------------------------------------------------------------- files


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
    title = _clean_title(fields.get("title", ""))
    if not title and not fields.get("body"):
        raise SkipFile("empty file")
    if not is_real_title(title):
        # Feeds leave "&HT;", "-----" or markup where the headline should be.
        found, fields["body"] = _title_from_body(fields.get("body", ""))
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


def describe_error(exc: BaseException) -> str:
    """One line for an unexpected exception: its type and the start of its message."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message[:160]}" if message else type(exc).__name__


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
                entries.append(Entry(aid, str(full), st.st_mtime_ns, st.st_size, _date_order))
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
