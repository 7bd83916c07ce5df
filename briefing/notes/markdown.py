"""A Note as Markdown (CommonMark + GFM tables), and the file name for a scope's note."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from briefing.notes.records import Note, TimelineEntry
from briefing.scope import Scope

NONE_FOUND = "None found."


# --------------------------------------------------------------------------- escaping

# A backslash shows in the output wherever it escapes nothing, so a character is
# escaped only where CommonMark (or GFM's strikethrough and tables) would read it as
# markup: "WASHINGTON _ The" and "a * b" stay as they are, "_init_" and "*bold*" do not.
_ALWAYS = frozenset("`[]")
_FLANKING = frozenset("*_~")
_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_LINE_START = re.compile(r"^([-+=>:*_#~]|\d{1,9}(?=[.)]))")
_CLOSING_HASHES = re.compile(r"(?<= )(#+)$")


def _escape_char(text: str, i: int, cell: bool) -> bool:
    ch = text[i]
    if ch in _ALWAYS:
        return True
    if ch == "\\":
        # A backslash is literal unless ASCII punctuation follows it, and the caller
        # may follow the text with some ("**title**").
        return i + 1 == len(text) or text[i + 1] in _PUNCT
    if ch in _FLANKING:
        # At either end the caller's own markup may be the neighbour: not a space.
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before == " " and after == " ":
            return False  # neither side can open or close emphasis
        if ch == "_" and before.isalnum() and after.isalnum():
            return False  # intraword underscores are literal
        return True
    if ch == "|":
        return cell
    return False


def escape(text: str, cell: bool = False) -> str:
    """Article text as inert Markdown inline content on a single line, escaped only
    where it would otherwise be markup. ``cell``: for a GFM table cell (``|`` too)."""
    text = " ".join(text.split())
    out = [f"\\{ch}" if ch in "`[]\\*_~|" and _escape_char(text, i, cell) else ch for i, ch in enumerate(text)]
    text = "".join(out)
    text = _ENTITY.sub(r"\\&", text)
    text = _TAG_START.sub(r"\\<", text)
    # "Title #" would lose its closing hashes as a heading.
    text = _CLOSING_HASHES.sub(lambda m: "\\" + m.group(1), text)
    # Block syntax only matters at the start of a line: "- ", "> ", "1. ", "===".
    m = _LINE_START.match(text)
    if m:
        if m.group(1)[0].isdigit():
            end = m.end()
            text = f"{text[:end]}\\{text[end:]}"
        else:
            text = "\\" + text
    return text


# Wire archives write quotes as ``...'' and `...'; mixed with straight and curly
# marks from other sources they read as noise in a memo, so every mark becomes curly.
_QUOTES = [
    (re.compile(r"``"), "“"),
    (re.compile(r"''"), "”"),
    (re.compile(r'(?:(?<=^)|(?<=[\s(\[{—–-]))"'), "“"),
    (re.compile(r'"'), "”"),
    (re.compile(r"`"), "‘"),
    (re.compile(r"(?:(?<=^)|(?<=[\s(\[{“—–-]))'(?=\w)"), "‘"),
    (re.compile(r"'"), "’"),
]


def curly_quotes(text: str) -> str:
    """``text`` with its quote marks and apostrophes as curly ones."""
    for pattern, mark in _QUOTES:
        text = pattern.sub(mark, text)
    return text


def show(text: str, cell: bool = False) -> str:
    """Article text as the note shows it: curly quotes, escaped where needed."""
    return escape(curly_quotes(text), cell)


def cite(citations: list[int]) -> str:
    return "".join(f"[{n}]" for n in sorted(set(citations)))


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

    out += _section("Key points", [f"- {show(p.text)} {cite(p.citations)}{_reported(p, note)}" for p in note.key_points])
    out += _section("Key actors", note.actors and [
        "| Actor | Type | Mentions | Articles |", "| --- | --- | ---: | --- |",
        *(f"| {escape(a.name, True)} | {escape(a.type, True)} | {a.mentions} | {cite(a.citations)} |" for a in note.actors),
    ])
    out += _section("Timeline", note.timeline and [
        "| Date | As written | Statement |", "| --- | --- | --- |",
        *(f"| {_date_cell(e)} | {escape(e.label, True)} | {show(e.text, True)} {cite(e.citations)} |" for e in note.timeline),
    ])
    out += _section("Quotes", [
        f"- “{show(q.text)}” — {f'**{escape(q.speaker)}**' if q.speaker else 'unattributed'} {cite(q.citations)}"
        for q in note.quotes
    ])
    # Unlike the other sections, absent rather than "None found" when all agree.
    if note.differences:
        out += _section("Where sources differ", [
            "- " + " vs ".join(f"**{escape(side.figure)}** ({escape(side.outlet)}: {show(side.text)} "
                               f"{cite([side.citation])})" for side in d.sides)
            for d in note.differences
        ])
    # The last section ends the document: no blank line after it.
    out += _section("Sources", [f"{s.n}. {_source_line(s)}" for s in note.sources])[:-1]
    return "\n".join(out) + "\n"


_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f]+")


def _reported(point, note: Note) -> str:
    from briefing.notes.sections.corroboration import phrase

    said = phrase(point.reported_by, note.outlets)
    return f" ({escape(said)})" if said else ""


def _source_line(s) -> str:
    parts = [f"**{show(s.title)}**" if s.title.strip() else f"**{escape(s.article_id)}**"]
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
