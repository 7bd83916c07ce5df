"""Who a name names: places and demonyms, gender, titles, full names; the heads and subjects found."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Container

from briefing.quotes.patterns import _CAP, _NOT_NAMES, _SP, _TIME_WORDS, TITLES


@lru_cache(maxsize=1)
def _lexicon() -> tuple[Any, Any] | None:
    """The entity gazetteer, to know a place or a demonym when the table does not."""
    try:
        from briefing.entities.lexicon import load_lexicon
        from briefing.entities.tokens import piece_norm

        return load_lexicon(), piece_norm
    except Exception:  # quotes still work, only without the gazetteer's help
        return None


@lru_cache(maxsize=4096)
def _lexicon_type(name: str) -> str | None:
    found = _lexicon()
    if found is None:
        return None
    lex, norm = found
    node = lex.trie
    for piece in name.split():
        node = node.get(norm(piece)) if isinstance(node, dict) else None
        if node is None:
            return None
    hit = node.get(None)
    return hit[1] if hit else None


def _not_a_speaker(surface: str, lower_words: Container[str]) -> bool:
    """A place, a demonym ("Chechen") or an everyday word capitalised only because it
    starts a sentence ("Pilots said", with "pilots" elsewhere) is nobody's name."""
    kind = _lexicon_type(surface)
    if kind in ("PLACE", "DEMONYM", "TITLE"):
        return True
    word = surface.strip()
    if " " not in word:
        found = _lexicon()
        if found is not None and word.lower() in lower_words and found[0].is_common(found[1](word)):
            return True
    return False


_MRS = re.compile(r"\b(?:Mrs|Ms|Miss)\.?\s*$")
_MR = re.compile(r"\bMr\.?\s*$")
_TITLE_PREFIX = re.compile(rf"^(?:(?:{TITLES})\s+)+")
_TITLE_ANY = re.compile(rf"\b(?:{TITLES})\b")
_CAPS_BEFORE = re.compile(rf"(?:[A-Z][\w\-‑’']*{_SP}){{1,2}}$")
_CAPS_AFTER = re.compile(rf"(?:{_SP}[A-Z][\w\-‑’']*){{1,2}}\b")
_OWNER = re.compile(r"[’']s?\s")
_POSSESSIVE_END = re.compile(r"[’']s?$")
_TITLE_WORD = re.compile(rf"\b(?:{TITLES})(?=\s)")
_TITLE_PARTS = frozenset("State Foreign Prime Deputy Vice Former Acting Chief General Senior".split())


def _gender(name: str, context: str) -> str | None:
    if _MRS.search(context):
        return "f"
    if _MR.search(context):
        return "m"
    found = _lexicon()
    if found is None or not name.split():
        return None
    lex = found[0]
    given = name.split()[0].strip(".,").lower()
    if given in lex.male_names and given not in lex.female_names:
        return "m"
    if given in lex.female_names and given not in lex.male_names:
        return "f"
    return None


def _plain(name: str) -> str:
    """A name as written, with typographic hyphens and spaces made ordinary, so that
    "Lee Jae‑myung" (non-breaking hyphen) and "Lee Jae-myung" are one speaker."""
    return name.translate({0x2010: "-", 0x2011: "-", 0xA0: " ", 0x202F: " "})


def _strip_title(name: str) -> str:
    return _TITLE_PREFIX.sub("", name).strip(" ,.;:")


def _expand_name(name: str, text: str) -> str:
    """Without an entity table, "Lee" becomes the longest full name in the article
    that starts or ends with it, so a surname still names one person."""
    if " " in name:
        return name
    best = name
    # Each mention of the name, with the capitalised words right after it or right
    # before it, taken apart: one combined pattern would let "Korean President Lee"
    # swallow the "Lee" of "Lee Jae-myung".
    found: list[str] = []
    for m in re.finditer(rf"\b{re.escape(name)}\b", text):
        after = _CAPS_AFTER.match(text, m.end(), m.end() + 60)
        if after:
            found.append(text[m.start():after.end()])
        nxt = text[m.end():m.end() + 1]
        if not (nxt.isalnum() or nxt in "-‑"):
            before = _CAPS_BEFORE.search(text, max(0, m.start() - 60), m.start())
            if before and (before.start() == 0 or not text[before.start() - 1].isalnum()):
                found.append(text[before.start():m.end()])
    counts: dict[str, int] = {}
    for raw in found:
        full = _POSSESSIVE_END.sub("", _strip_title(raw))
        if full == name or _TITLE_ANY.search(full) or _OWNER.search(full):
            continue  # "USC's Hunt" is Hunt of USC, no fuller name of Hunt
        if any(w.lower() in _NOT_NAMES or w.lower() in _TIME_WORDS for w in full.split()):
            continue
        counts[full] = counts.get(full, 0) + 1
    if counts:
        best = max(sorted(counts), key=lambda k: (counts[k], len(k)))
    return best


@dataclass(frozen=True)
class _Head:
    kind: str
    """"named", "pronoun" or "nameless" (a person or body the text does not name)."""
    name: str | None = None
    type: str | None = None
    gender: str | None = None
    person: bool = True
    """For a nameless head: a person or body ("the official") rather than a thing ("the
    transcript tells"), so that "he" after it is nobody the text names."""


_NAMELESS = _Head("nameless")
_THING = _Head("nameless", person=False)
_TOKEN = re.compile(r"[^\W_][\w.'’\-‑]*")
_TRAILING_CAPS = re.compile(rf"((?:{_CAP}{_SP})*{_CAP})$")


@dataclass
class _Event:
    """Someone who is the subject of a clause at ``pos``: what "he" or "she" may mean."""

    pos: int
    kind: str  # "person", "nameless", "org", "pronoun"
    name: str | None
    gender: str | None
    speech: bool
    verb: str = ""
    paragraph: int = 0
    word: str = ""
    """For a pronoun: "he", "she" or "it"."""
