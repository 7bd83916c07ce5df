"""The corpus vocabulary as written (unstemmed): candidates for "did you mean" and fuzzy terms."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Iterable


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Damerau-Levenshtein (optimal string alignment): a swap of two letters is one
    edit. With ``limit``, stops early and returns limit + 1 once it must exceed it."""
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class Vocabulary:
    """Lower-case words with the number of articles they were seen in.

    Counts only grow between rebuilds (an updated or removed article's old words are
    not subtracted): callers check a candidate against the index before offering it,
    so a stale word costs a lookup, never a wrong suggestion.
    """

    FILE = "vocabulary.pickle"

    def __init__(self, counts: dict[str, int] | None = None):
        self.counts: dict[str, int] = counts or {}
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self._near: dict[tuple, list] = {}
        self.dirty = False

    @classmethod
    def load(cls, directory: Path) -> "Vocabulary":
        try:
            with open(Path(directory) / cls.FILE, "rb") as fh:
                data = pickle.load(fh)
            if isinstance(data, dict):
                return cls(data)
        except Exception:  # noqa: BLE001 - a missing or damaged file only loses suggestions
            pass
        return cls()

    def save(self, directory: Path) -> None:
        path = Path(directory) / self.FILE
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(self.counts, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        self.dirty = False

    def add(self, words: Iterable[str]) -> None:
        counts = self.counts
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        self._buckets = None
        self._near = {}
        self.dirty = True

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def _index(self) -> dict[tuple[str, int], list[str]]:
        # Buckets by (first letter, length) and (second letter, length): a typo in the
        # first letter ("nroth") still shares the second or sits one bucket over.
        if self._buckets is None:
            buckets: dict[tuple[str, int], list[str]] = {}
            for w in self.counts:
                if w.isalpha() and 2 < len(w) < 40:
                    buckets.setdefault((w[0], len(w)), []).append(w)
                    buckets.setdefault(("#" + w[1], len(w)), []).append(w)
            self._buckets = buckets
        return self._buckets

    def near(self, word: str, maxdist: int = 2, prefix: int = 0) -> list[tuple[int, str]]:
        """(distance, candidate) for words within ``maxdist`` edits, closest first;
        ``prefix`` leading letters must match exactly."""
        word = word.lower()
        if len(word) < 2:
            return []
        # A fuzzy term asks once per field, and the app asks again to highlight.
        key = (word, maxdist, prefix)
        if key in self._near:
            return self._near[key]
        if len(self._near) > 1000:
            self._near = {}
        index = self._index()
        seen: set[str] = set()
        out: list[tuple[int, str]] = []
        keys = {word[0], "#" + word[1]}
        for key in keys:
            for n in range(len(word) - maxdist, len(word) + maxdist + 1):
                for cand in index.get((key, n), ()):
                    if cand in seen or cand == word or cand[:prefix] != word[:prefix]:
                        continue
                    seen.add(cand)
                    d = edit_distance(word, cand, maxdist)
                    if d <= maxdist:
                        out.append((d, cand))
        out.sort(key=lambda dc: (dc[0], -self.counts.get(dc[1], 0), dc[1]))
        self._near[key] = out
        return out
