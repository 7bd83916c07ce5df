"""What a query marks in an article: hit spans at character offsets, and one-line snippets around them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from briefing.search.analysis import candidates, folded_text, marked_tokens, term as _term

SNIPPET_CHARS = 180
#: Most hits marked in one article: the reader, the hit count and the snippet go no
#: further (a 4 MB article of one word repeated would otherwise mark a million).
MAX_SPANS = 10_000
Span = tuple[int, int]


@dataclass
class Highlighter:
    """What a query marks in an article: single terms (analysed forms) and phrases."""

    terms: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()
    #: The compiled candidates pattern (False: none possible), made on first use.
    _pattern: object = field(default=None, init=False, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    def spans(self, text: str) -> list[Span]:
        """Character offsets of every match in ``text``; a phrase is one span."""
        if not self:
            return []
        if not self.phrases:
            # Single terms need no neighbours: only candidate words are looked at.
            if self._pattern is None:
                self._pattern = candidates(self.terms) or False
            folded = folded_text(text) if self._pattern else None
            if folded is not None:
                # Found in the folded text (accents off, as the index has them), checked
                # and reported on the text as written, so a span covers "Elián" whole.
                terms = self.terms
                scanned, back = folded
                if scanned is text:
                    found = (m.span() for m in self._pattern.finditer(text) if _term(m.group()) in terms)
                elif back is None:
                    found = (m.span() for m in self._pattern.finditer(scanned)
                             if _term(text[m.start():m.end()]) in terms)
                else:
                    found = ((a, b) for a, b in ((back(m.start()), back(m.end())) for m in self._pattern.finditer(scanned))
                             if _term(text[a:b]) in terms)
                # In text order, so the first MAX_SPANS are the ones to keep and the scan stops there.
                return merge_spans(list(islice(found, MAX_SPANS)))
        wanted = set(self.terms)
        for phrase in self.phrases:
            wanted.update(phrase)
        tokens = marked_tokens(text, wanted)
        spans: list[Span] = []
        words = [t[0] for t in tokens]
        for phrase in self.phrases:
            n = len(phrase)
            first = phrase[0]
            for i, w in enumerate(words):
                if w == first and tuple(words[i:i + n]) == phrase:
                    spans.append((tokens[i][1], tokens[i + n - 1][2]))
        for w, start, end in tokens:
            if w in self.terms:
                spans.append((start, end))
        return merge_spans(spans)[:MAX_SPANS]


def merge_spans(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def make_snippet(text: str, spans: list[Span], width: int = SNIPPET_CHARS) -> tuple[str, list[Span]]:
    """A one-line excerpt around the densest cluster of hits, cut at word boundaries."""
    if not text:
        return "", []
    if spans:
        # The window of ``width`` characters opening at a hit with the most hits in it,
        # found in one pass (two indexes over the starts): comparing every hit with
        # every other cost 9.7 s for an article of 20,000 hits.
        starts = [a for a, _ in spans]
        if any(starts[i] > starts[i + 1] for i in range(len(starts) - 1)):
            starts.sort()
        best, best_count, j = starts[0], 0, 0
        for i, a in enumerate(starts):
            j = max(j, i)
            while j < len(starts) and starts[j] < a + width:
                j += 1
            if j - i > best_count:
                best, best_count = a, j - i
        start = max(0, best - width // 4)
    else:
        start = 0
    para_start = text.rfind("\n", 0, start) + 1
    if start - para_start < width // 3:
        start = para_start
    elif start > 0:
        m = re.search(r"\s", text[start:])
        start = start + m.end() if m and m.end() < 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start + width // 2, end)
        end = cut if cut > 0 else end
    raw = text[start:end]
    # One line: newlines become spaces, lengths unchanged so offsets still line up.
    snippet = raw.replace("\n", " ")
    prefix = "…" if start > 0 and text[start - 1] != "\n" else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    out_spans = [(max(a, start) + shift, min(b, end) + shift) for a, b in spans if b > start and a < end]
    return prefix + snippet + suffix, out_spans
