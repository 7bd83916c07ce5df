"""Bytes to clean text: encodings, control characters, wrapped lines, character references."""

from __future__ import annotations

import html
import html.entities
import re

from briefing.corpus.article import SkipFile

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
