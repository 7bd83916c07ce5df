"""The corpus vocabulary as written (unstemmed): candidates for "did you mean" and fuzzy terms."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Iterable

from briefing.search.analysis import unaccent
from briefing.atomic import replace_file


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


#: The longest word looked up for "did you mean" or a fuzzy match: every one-edit
#: neighbour of a word is built and looked up (about 100 strings per letter, each as long
#: as the word), so a pasted 10,000-letter word cost seconds and gigabytes. No corpus
#: word that long is offered anyway (see Vocabulary._index).
MAX_WORD = 40


class _DataOnly(pickle.Unpickler):
    """An unpickler that builds only plain data (the vocabulary is a dict of str to
    int, which needs no class): a tampered index folder cannot make it run code."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"refusing {module}.{name} in the vocabulary file")


class Vocabulary:
    """Lower-case words with the number of articles they were seen in.

    Near words are looked for with accents folded off, as the index folds them, so
    "elain" is one edit from "Elián"; candidates are given back as the corpus writes
    them (every spelling of a folded word).

    Counts only grow between rebuilds (an updated or removed article's old words are
    not subtracted): callers check a candidate against the index before offering it,
    so a stale word costs a lookup, never a wrong suggestion.
    """

    FILE = "vocabulary.pickle"

    def __init__(self, counts: dict[str, int] | None = None):
        self.counts: dict[str, int] = counts or {}
        self._buckets: dict[tuple[str, int], list] | None = None
        self._letters: str | None = None
        #: (counts by folded word, folded word -> the words written that fold to it,
        #: or None when every word is its own folding).
        self._folded: tuple[dict[str, int], dict[str, list[str]] | None] | None = None
        self._near: dict[tuple, list] = {}
        self.dirty = False

    @classmethod
    def load(cls, directory: Path) -> "Vocabulary":
        try:
            with open(Path(directory) / cls.FILE, "rb") as fh:
                data = _DataOnly(fh).load()
            if isinstance(data, dict):
                return cls(data)
        except Exception:  # noqa: BLE001 - a missing or damaged file only loses suggestions
            pass
        return cls()

    def save(self, directory: Path) -> None:
        replace_file(Path(directory) / self.FILE, pickle.dumps(self.counts, protocol=pickle.HIGHEST_PROTOCOL))
        self.dirty = False

    def copy(self) -> "Vocabulary":
        """A copy to add to while readers keep using this one."""
        return Vocabulary(dict(self.counts))

    def add(self, words: Iterable[str]) -> None:
        counts = self.counts
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        self._buckets = self._letters = self._folded = None
        self._near = {}
        self.dirty = True

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def _folds(self) -> tuple[dict[str, int], dict[str, list[str]] | None]:
        if self._folded is None:
            counts = self.counts
            if all(map(str.isascii, counts)):  # most English corpora: nothing to fold
                self._folded = (counts, None)
            else:
                folded: dict[str, int] = {}
                spellings: dict[str, list[str]] = {}
                for w, n in counts.items():
                    f = unaccent(w)
                    folded[f] = folded.get(f, 0) + n
                    spellings.setdefault(f, []).append(w)
                self._folded = (folded, spellings)
        return self._folded

    def _alphabet(self) -> str:
        # Every character the corpus uses, so a one-edit neighbour can be any word of
        # it (non-Latin letters included). Joining is C-speed.
        if self._letters is None:
            self._letters = "".join(sorted(set("".join(self._folds()[0]))))
        return self._letters

    def _index(self) -> dict[tuple[str, int], tuple[list[str], list[int] | None]]:
        # Buckets by (first letter, length) and (second letter, length): a typo in the
        # first letter ("nroth") still shares the second or sits one bucket over.
        if self._buckets is None:
            buckets: dict[tuple[str, int], list] = {}
            for w in self._folds()[0]:
                if w.isalpha() and 2 < len(w) < 40:
                    buckets.setdefault((w[0], len(w)), [[], None])[0].append(w)
                    buckets.setdefault(("#" + w[1], len(w)), [[], None])[0].append(w)
            self._buckets = buckets
        return self._buckets

    def near(self, word: str, maxdist: int = 2, prefix: int = 0) -> list[tuple[int, str]]:
        """(distance, candidate) for words within ``maxdist`` edits, closest first;
        ``prefix`` leading letters must match exactly. Distances are between the
        words with accents folded off: another spelling of ``word`` itself ("café"
        for "cafe") is at distance 0."""
        written = word.lower()
        if not 2 <= len(written) <= MAX_WORD:
            return []
        # A fuzzy term asks once per field, and the app asks again to highlight.
        memo = (written, maxdist, prefix)
        if memo in self._near:
            return self._near[memo]
        if len(self._near) > 1000:
            self._near = {}
        word = unaccent(written)
        if len(word) < 2:  # "İ" lowers to two characters and folds back to one
            return []
        if maxdist <= 1:
            out = [(1, c) for c in self._one_edit(word) if c[:prefix] == word[:prefix]] if maxdist == 1 else []
        else:
            out = self._scan(word, maxdist, prefix)
        spellings = self._folds()[1]
        if spellings:
            out = [(d, w) for d, c in [(0, word), *out] for w in spellings.get(c, ()) if w != written]
        elif word != written and word in self.counts:
            out.append((0, word))
        counts = self.counts
        out.sort(key=lambda dc: (dc[0], -counts.get(dc[1], 0), dc[1]))
        self._near[memo] = out
        return out

    def _one_edit(self, word: str) -> set[str]:
        """Words one edit away (a swap of neighbours is one): every such string is
        generated and looked up, about 100 per letter, instead of measuring the
        distance to thousands of words (0.3 ms against 120 ms at 10,000 articles)."""
        counts = self._folds()[0]
        letters = self._alphabet()
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        edits = [a + b[1:] for a, b in splits if b]  # deletions
        edits += [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]  # swaps
        edits += [a + c + b[1:] for a, b in splits if b for c in letters]  # substitutions
        edits += [a + c + b for a, b in splits for c in letters]  # insertions
        found = {e for e in edits if e in counts}
        found.discard(word)
        return found

    def _scan(self, word: str, maxdist: int, prefix: int) -> list[tuple[int, str]]:
        """Bucketed candidates, filtered by a letter-set bitmask before the exact
        distance: an edit changes at most two bits of the set of letters a word uses,
        so most words are dismissed with one XOR instead of a Python DP."""
        index = self._index()
        qmask = _mask(word)
        bits = 2 * maxdist
        seen: set[str] = set()
        out: list[tuple[int, str]] = []
        for tag in {word[0], "#" + word[1]}:
            for n in range(len(word) - maxdist, len(word) + maxdist + 1):
                bucket = index.get((tag, n))
                if bucket is None:
                    continue
                if bucket[1] is None:  # masks made once per bucket, when first asked for
                    bucket[1] = [_mask(w) for w in bucket[0]]
                for cand, m in zip(*bucket):
                    if (m ^ qmask).bit_count() > bits or cand in seen or cand == word \
                            or cand[:prefix] != word[:prefix]:
                        continue
                    seen.add(cand)
                    d = edit_distance(word, cand, maxdist)
                    if d <= maxdist:
                        out.append((d, cand))
        return out


_BITS = {c: 1 << i for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}


def _mask(word: str) -> int:
    """The set of letters of ``word`` as bits (any other character shares bit 26)."""
    return sum(map(_BITS.get, set(word), (1 << 26,) * len(word)))
