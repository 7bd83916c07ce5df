"""Capitalised pieces, the runs they form, sentences and the normal forms names are compared by."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

# Python's re has no \p{Lu}; an explicit class of upper-case letters (Latin, Greek,
# Cyrillic) keeps the scan to one compiled regex.
_UP = "".join(ch for ch in map(chr, range(0x41, 0x530)) if ch.isupper() and ch not in "\\]^-")
_ABBR = "Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Adm|Maj|St|Jr|Sr|Mt|Ft|Rev|Inc|Corp|Ltd|Co"


def alternation(words) -> str:
    """A regex matching any of ``words``, as a trie: re tries alternatives one by one,
    so shared prefixes are tested once instead of once per word."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in node.items() if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def _abbreviations() -> str:
    # The first letter is matched before the alternatives, so each group checks it
    # with a one-character lookbehind.
    groups: dict[str, list[str]] = {}
    for a in _ABBR.split("|"):
        groups.setdefault(a[0], []).append(a[1:])
    return "|".join(f"(?<={first}){alternation(rests)}" for first, rests in groups.items())


# Every alternative starts with one capital, matched first: the lookbehind then runs
# only at capitals, which makes the scan several times faster than testing it at
# every character.
_PIECE_BODY = (
    rf"[{_UP}](?<![\w’'.].)(?:"
    rf"\.(?:[{_UP}]\.)+"  # U.S., U.K.
    rf"|(?:{_abbreviations()})\."  # Mr. Dr. St.
    rf"|\.(?=\s[{_UP}])"  # an initial: George W. Bush
    rf"|\w*(?:[’'](?=[{_UP}])\w*)*(?:[‑\-](?=[a-z0-9])\w+)*"  # O’Brien, Jae-myung
    rf")"
)
_POSSESSIVE = r"[’'](?:s(?!\w))?"
PIECE = re.compile(rf"{_PIECE_BODY}(?P<pos>{_POSSESSIVE})?")


def run_pattern(gaps: dict[str, str]) -> re.Pattern:
    """Pieces joined by gaps, matched whole: the candidate runs ``runs`` would find
    (before possessives and "US-led" cut them), for a scan with no Python per piece."""
    piece = rf"{_PIECE_BODY}(?:{_POSSESSIVE})?"
    return re.compile(rf"{piece}(?:{alternation(gaps)}{piece})*")

HYPHENS = "-‑–"
_HYPHEN_RE = re.compile(r"[\-‑–—]")
_SPACE_RE = re.compile(r"[\s\u00a0]+")

#: Gaps that join two pieces into one run, and the token a connector gap stands for.
JOIN_SPACE, JOIN_HYPHEN = " ", "-"


def connector_gaps(particles: list[str]) -> dict[str, str]:
    gaps = {" ": JOIN_SPACE, "\u00a0": JOIN_SPACE, "-": JOIN_HYPHEN, "‑": JOIN_HYPHEN, "–": JOIN_HYPHEN}
    words = ["of", "for", "on", "and", "of the", "for the", "on the", "and the", "&"]
    words += list(particles) + ["van der", "von der", "van den", "de la", "de los", "del"]
    for w in words:
        gaps[f" {w} "] = w
    for p in ("al", "el", "bin", "ibn", "abu"):
        gaps[f" {p}-"] = p
    return gaps


class Token(NamedTuple):
    start: int
    end: int  # end of the name, before any possessive
    norm: str
    connector: bool  # a lower-case joining word ("of"), not a capitalised piece
    possessive: bool
    hyphen: bool  # joined to the previous piece by a hyphen ("Lee-Ishiba")


def piece_norm(piece: str) -> str:
    """How a piece is looked up: acronyms keep their case (US is not "Us"), dots and
    hyphen variants do not count."""
    p = piece.replace(".", "").replace("’", "'").replace("‑", "-").replace("–", "-")
    if len(p) > 1 and p.isupper():
        return p
    return p.lower()


def name_key(surface: str) -> str:
    """The key two surface forms of one name share: case, hyphens, dots, spaces and a
    possessive do not count ("Lee Jae‑myung’s" == "lee jae myung")."""
    s = surface.replace("’", "'").replace("\u00a0", " ")
    if s.endswith("'s") or s.endswith("'"):
        s = s[:-2] if s.endswith("'s") else s[:-1]
    s = _HYPHEN_RE.sub(" ", s.replace(".", ""))
    return _SPACE_RE.sub(" ", s).strip().lower()


def runs(
    text: str, gaps: dict[str, str], soft_possessives: frozenset[str], adjective_suffixes: frozenset[str]
) -> list[list[Token]]:
    """Maximal sequences of capitalised pieces joined by a space, a hyphen or a
    connector ("Bank of Korea"); a possessive ends a run ("Lee’s North Korea")."""
    out: list[list[Token]] = []
    current: list[Token] = []
    prev_end = -10
    prev_pos = False
    for m in PIECE.finditer(text):
        start = m.start()
        pos = m.group("pos")
        full_end = m.end()
        end = full_end - len(pos) if pos else full_end
        norm = piece_norm(text[start:end])
        cut = False
        if "-" in norm:
            head, _, tail = norm.rpartition("-")
            if tail in adjective_suffixes:
                # "US‑led": the name is the part before the hyphen.
                end = start + _hyphen_at(text, start, full_end)
                norm, pos, cut = piece_norm(text[start:end]), "", True
        if current and not prev_pos and start - prev_end <= 9:
            join = gaps.get(text[prev_end:start])
            if join is not None:
                if join not in (JOIN_SPACE, JOIN_HYPHEN):
                    current.append(Token(prev_end, start, join, True, False, False))
                current.append(Token(start, end, norm, False, bool(pos), join == JOIN_HYPHEN))
                prev_end, prev_pos = full_end, cut or (bool(pos) and not _soft(pos, norm, soft_possessives))
                continue
        if current:
            out.append(current)
        current = [Token(start, end, norm, False, bool(pos), False)]
        prev_end, prev_pos = full_end, cut or (bool(pos) and not _soft(pos, norm, soft_possessives))
    if current:
        out.append(current)
    return out


def _hyphen_at(text: str, start: int, end: int) -> int:
    """Offset (from start) of the last hyphen in text[start:end]."""
    for i in range(end - 1, start, -1):
        if text[i] in HYPHENS:
            return i - start
    return end - start


def _soft(pos: str, norm: str, soft: frozenset[str]) -> bool:
    # "People’s Power Party" keeps going; "Lee’s North Korea" does not.
    return norm in soft


_OPENERS = " \u00a0“\"‘'(*•–—-[\t"
_ENDERS = ".!?:;…\n"


def sentence_initial(text: str, start: int) -> bool:
    """True when only quotes, bullets or spaces separate ``start`` from the start of
    a sentence, a line or a label ("Image Credit: ...")."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _ENDERS


# Written to start with one character class, which re scans for quickly; the same
# matches as [.!?…]+["”’)\]]*\s+(?=["“‘(\[]?[^\s])|\n+
_SENT_END = re.compile(r"[.!?…\n](?:(?<=[.!?…])[.!?…]*[\"”’)\]]*\s+(?=[\"“‘(\[]?[^\s])|(?<=\n)\n*)")
_ABBR_END = re.compile(rf"(?:\b(?:[A-Z]\.){{2,}}|\b(?:{_ABBR})\.|\b[A-Z]\.)$")


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences start. A period after an abbreviation ("U.S. President")
    or before a lower-case word does not end a sentence."""
    starts = [0]
    for m in _SENT_END.finditer(text):
        nxt = m.end()
        if nxt >= len(text):
            break
        if m.group()[0] != "\n":
            if text[nxt].islower():
                continue
            if m.group()[0] == "." and _ABBR_END.search(text, max(0, m.start() - 12), m.start() + 1):
                continue
        starts.append(nxt)
    return starts


def sentence_at(text: str, starts: list[int], index: int) -> str:
    begin = starts[index]
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    return text[begin:end].strip()


def index_of(starts: list[int], offset: int) -> int:
    return bisect_right(starts, offset) - 1
