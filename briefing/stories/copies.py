"""Near-identical articles (wire copy carried by several outlets, re-publications,
updates repeating most of the text) found by word shingles and a bottom-k MinHash.

One hash per shingle and the k smallest kept: a classic MinHash with k permutations
costs k hashes per shingle, which at 10,000 articles was most of the grouping time.
"""

from __future__ import annotations

import heapq
import re
import zlib

#: Words per shingle: long enough that two articles on one event do not share many,
#: short enough that a changed dateline or headline touches only a few.
SHINGLE = 5
#: Hashes kept per article.
K = 64
#: Estimated Jaccard similarity of the body shingles at or above which two articles
#: are copies. Copies with a new headline, a dateline and the last paragraph cut
#: measured 0.7-0.95; different articles on one story stayed below 0.3.
THRESHOLD = 0.5

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: An opening dateline, "MOBILE, Ala. (AP) --", which copies change.
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{1,60}(?:,[^\n(]{0,30})?(?:\([^)]{1,30}\))?\s*(?:--|—|-|_)\s*")


def sketch(body: str) -> list[int]:
    """The K smallest shingle hashes of ``body``, sorted (fewer for a short text)."""
    text = _DATELINE.sub("", body.lstrip(), count=1)
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        grams = {" ".join(words)} if words else set()
    else:
        grams = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    hashes = {zlib.crc32(g.encode("utf-8")) for g in grams}
    return sorted(heapq.nsmallest(K, hashes))


def similarity(a: list[int], b: list[int]) -> float:
    """Bottom-k estimate of the Jaccard similarity of the two shingle sets."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    union = heapq.nsmallest(K, sa | sb)
    both = sum(1 for h in union if h in sa and h in sb)
    return both / len(union)


class CopyIndex:
    """Sketches by hash value, so a new article is compared only with the articles it
    shares a hash with."""

    def __init__(self):
        self.sketches: dict[str, list[int]] = {}
        self._by_hash: dict[int, set[str]] = {}

    def add(self, aid: str, sk: list[int]) -> None:
        self.sketches[aid] = sk
        for h in sk:
            self._by_hash.setdefault(h, set()).add(aid)

    def remove(self, aid: str) -> None:
        for h in self.sketches.pop(aid, ()):
            ids = self._by_hash.get(h)
            if ids:
                ids.discard(aid)
                if not ids:
                    del self._by_hash[h]

    def best_match(self, sk: list[int], exclude: str = "") -> tuple[str, float] | None:
        """The most similar article already held, when it is a copy."""
        shared: dict[str, int] = {}
        for h in sk:
            for aid in self._by_hash.get(h, ()):
                if aid != exclude:
                    shared[aid] = shared.get(aid, 0) + 1
        best = None
        # Fewer shared hashes than this cannot reach the threshold.
        floor = max(2, int(THRESHOLD * len(sk) / 2))
        for aid, n in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
            if n < floor:
                break
            sim = similarity(sk, self.sketches[aid])
            if sim >= THRESHOLD and (best is None or sim > best[1]):
                best = (aid, sim)
        return best
