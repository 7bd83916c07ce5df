"""The one sanitiser for text from outside (file names, front matter, HTML meta, article
text, entity names, error messages) on its way to a terminal, a JSON output or a note.

A terminal obeys what it is sent: ESC and the C1 controls start sequences that can set
the clipboard (OSC 52), the window title or clear the screen, and bidi overrides reorder
what the user reads. Every such character becomes one visible character instead, so a
text keeps its length and the offsets of highlights into it stay right.
"""

from __future__ import annotations

import json
import re

#: Bidi embeddings, overrides and isolates, and the marks that steer them.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Zero-width characters that hide text between what looks like one word.
ZERO_WIDTH = "\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
#: What stands for a character with no picture of its own (C1, bidi, zero-width,
#: a lone surrogate from an undecodable file name).
REPLACEMENT = "\ufffd"
NEWLINE_PICTURE = "\u2424"

_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}{ZERO_WIDTH}\u2028\u2029\ud800-\udfff]")


def _picture(ch: str, keep: str) -> str:
    if ch in keep:
        return ch
    code = ord(ch)
    if code < 0x20:
        if ch == "\n":
            return NEWLINE_PICTURE
        if ch == "\t":
            return " "
        return chr(0x2400 + code)  # the Control Pictures block: ESC shows as U+241B
    if code == 0x7F:
        return "\u2421"
    if ch in "\u2028\u2029":
        return "\n" if "\n" in keep else NEWLINE_PICTURE
    return REPLACEMENT


def clean(text: object, keep: str = "") -> str:
    """``text`` with every control character, escape sequence introducer, bidi control
    and zero-width character replaced by one visible character. ``keep`` names the
    characters allowed through (``"\\n\\t"`` for a body of text); otherwise a newline
    shows as U+2424 and a tab as a space, so one field stays on one line."""
    text = text if isinstance(text, str) else str(text)
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: _picture(m.group(), keep), text)


def clean_text(text: object) -> str:
    """A body of text: newlines and tabs kept, everything else as ``clean``."""
    return clean(text, "\n\t")


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI}{ZERO_WIDTH}\u2028\u2029\ud800-\udfff]")


def dumps(data, **kwargs) -> str:
    """JSON for a terminal or a pipe: the data exactly (a program reading it gets what
    the files held), but every character a terminal would obey written as a ``\\uXXXX``
    escape. (json escapes C0 controls itself.)"""
    text = json.dumps(data, ensure_ascii=False, **kwargs)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
