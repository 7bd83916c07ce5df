"""Quote marks in a paragraph, paired into quotations, also where an archive lost one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.quotes.patterns import _INTRODUCER, split_paragraph


_MARK = re.compile(r"``|''|“|”|\"|‘|’|`|'")
# Apostrophes that open a word ("'em", "'90s") are not quote marks.
_ELISION = re.compile(r"(?:em|n|til|cause|tis|twas|round|\d0s|\d\ds?)\b", re.I)
_OPEN_AFTER = set("([{—–-/")
_CLOSE_BEFORE = set(",.;:!?)]}—–-")


@dataclass
class _Raw:
    """One quotation in a paragraph, as offsets into the paragraph."""

    mark_start: int
    inner_start: int
    inner_end: int
    mark_end: int
    orphan: bool = False
    """The opening mark was lost; where the quotation starts is inferred."""
    open_end: bool = False
    """No closing mark before the paragraph ends: the next paragraph may go on with it."""
    single: bool = False


def _marks(paragraph: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every quote mark: o/c for opening/closing, 1/2 for single
    or double; undecided marks are decided from the characters around them."""
    out: list[tuple[int, int, str]] = []
    size = len(paragraph)
    depth2 = 0
    for m in _MARK.finditer(paragraph):
        tok = m.group()
        s, e = m.span()
        p = paragraph[s - 1] if s else " "
        n = paragraph[e] if e < size else " "
        if tok in ("``", "“"):
            kind = "o2"
        elif tok == "”":
            kind = "c2"
        elif tok in ("‘", "`"):
            kind = "o1"
        elif tok in ("’", "'"):
            if p.isalnum() and n.isalnum():
                continue  # don't, Matthew's
            if not p.isalnum() and _ELISION.match(paragraph, e):
                continue
            left = p.isspace() or p in _OPEN_AFTER or s == 0
            right = n.isspace() or n in _CLOSE_BEFORE or e == size or n in "'\"”’"
            if left and not right:
                kind = "o1"
            elif right and not left:
                kind = "c1"
            else:
                continue
        else:  # '' or ": opening or closing by the characters around it
            left = s == 0 or p.isspace() or p in _OPEN_AFTER or p in "`‘“"
            right = e == size or n.isspace() or n in _CLOSE_BEFORE or n in "'’”"
            if left and not right:
                kind = "o2"
            elif right and not left:
                kind = "c2"
            elif depth2 > 0:
                kind = "c2"
            else:
                before = paragraph[:s].rstrip()
                kind = "c2" if before and before[-1] in ",.?!'’;:" else "o2"
        if kind == "o2":
            depth2 += 1
        elif kind == "c2":
            depth2 = max(0, depth2 - 1)
        out.append((s, e, kind))
    return out


def _raw_quotes(paragraph: str) -> list[_Raw]:
    out: list[_Raw] = []
    stack: list[tuple[str, int, int]] = []  # ("1" or "2", mark start, mark end)
    boundary, after = 0, "start"  # where a lost-opening quote may begin, and what is there
    for s, e, kind in _marks(paragraph):
        doubles = [i for i, item in enumerate(stack) if item[0] == "2"]
        if kind == "o2":
            if doubles:
                # A second opening mark: the first quotation's closing mark was lost.
                _, os_, oe = stack[doubles[0]]
                del stack[doubles[0]:]
                out.append(_Raw(os_, oe, s, s))
                boundary, after = s, "quote"
            stack.append(("2", s, e))
        elif kind == "c2":
            if doubles:
                _, os_, oe = stack[doubles[-1]]
                del stack[doubles[-1]:]
                out.append(_Raw(os_, oe, s, e))
                boundary, after = e, "quote"
            elif stack:
                # 'Single opening, doubled closing'' as some archives write it.
                _, os_, oe = stack.pop()
                out.append(_Raw(os_, oe, s, e))
                boundary, after = e, "quote"
            else:
                # `Well, ...,' '': a single-quoted phrase that ends a quotation whose
                # opening mark was lost belongs inside it.
                if out and out[-1].single and not paragraph[out[-1].mark_end:s].strip():
                    inner = out.pop()
                    boundary = _previous_boundary(out)
                    after = "quote" if out else "start"
                    del inner
                start = _orphan_start(paragraph, boundary, s, after)
                if start is not None:
                    out.append(_Raw(start, start, s, e, orphan=True))
                    after = "quote"
                else:
                    after = "other"
                boundary = e
        elif kind == "o1":
            stack.append(("1", s, e))
        elif kind == "c1":
            if stack and stack[-1][0] == "1":
                _, os_, oe = stack.pop()
                if not any(item[0] == "2" for item in stack):
                    out.append(_Raw(os_, oe, s, e, single=True))
                    boundary, after = e, "other"
    doubles = [item for item in stack if item[0] == "2"]
    if doubles:
        _, os_, oe = doubles[0]
        out.append(_Raw(os_, oe, len(paragraph), len(paragraph), open_end=True))
    out.sort(key=lambda r: r.inner_start)
    return out


def _previous_boundary(out: list[_Raw]) -> int:
    return out[-1].mark_end if out else 0


def _orphan_start(paragraph: str, boundary: int, close: int, after: str) -> int | None:
    """Where a quotation whose opening mark was lost begins, or None when the text does
    not say (a closing mark after a lone word is a scare quote, not a quotation)."""
    region = paragraph[boundary:close]
    body = region.rstrip()
    if not body or body[-1] not in ",.?!;:'’_-—":
        return None
    starts = [boundary + s for s, _ in split_paragraph(region)]
    if not starts:
        return None
    if after == "start":
        # A paragraph that is the quotation, or ends with it after a few sentences.
        candidate: int | None = starts[0] if len(starts) <= 3 else starts[-1]
    elif after == "quote":
        # ``A,'' X said. B.'': B starts after the attribution's sentence.
        candidate = starts[1] if len(starts) > 1 else None
    else:
        candidate = starts[-1] if len(starts) > 1 else None
    intro = None
    for m in _INTRODUCER.finditer(region):
        intro = m
    if intro is not None and (candidate is None or boundary + intro.end() > candidate):
        candidate = boundary + intro.end()
    return candidate
