"""Quotation finding and speakers on real newswire, against hand-made gold.

    python benchmarks/quotes_quality.py DUC2007_FOLDER [--gold FILE] [--speed] [-v]

DUC2007_FOLDER holds the story folders (D0701A/ ...) named in the gold. Each story in
the gold is read with the real article reader and given a real entity table (the
builtin extractor run over the story's articles in a throwaway directory), as a
library on that folder would. Prints: gold quotes found (recall), speaker accuracy
among those found, and quotes found in the gold articles that the gold does not have.
--speed also times quote finding over every story of the folder (tables built first,
not timed).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.corpus import load_articles  # noqa: E402
from briefing.entities import EntityStore  # noqa: E402
from briefing.quotes import find_quotes  # noqa: E402

GOLD = ROOT / "benchmarks" / "data" / "quotes" / "gold.yaml"


def norm(text: str) -> str:
    """Words only, folded: the archive's quote marks and spacing never decide a match."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def name_form(name: str) -> tuple[str, ...]:
    """A name without initials and suffixes: "Edward F. Blizzard" and "Edward Blizzard"
    are written forms of one name; "Blizzard" alone is not the full name."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*\.?", name)
             if not re.fullmatch(r"[A-Z]\.|Jr\.?|Sr\.?|II|III", w)]
    return tuple(w.rstrip(".").casefold() for w in words)


def same_speaker(found: str | None, gold: str | list | None) -> tuple[bool, bool]:
    """(strict, lenient): strict is the same full name; lenient also takes a part of it
    ending in the surname ("Toksoz" for "M. Nafi Toksoz"). A list of gold names holds
    equally right ones."""
    if isinstance(gold, list):
        answers = [same_speaker(found, g) for g in gold]
        return any(a[0] for a in answers), any(a[1] for a in answers)
    if gold is None or found is None:
        return found is gold, found is gold
    f, g = name_form(found), name_form(gold)
    strict = f == g
    lenient = strict or (bool(f) and f[-1] == g[-1] and set(f) <= set(g))
    return strict, lenient


def tables(corpus: Path, stories: list[str], work: Path) -> dict[str, tuple[list, object]]:
    out = {}
    for story in stories:
        articles = load_articles([str(corpus / story)])
        store = EntityStore.open(work / story)
        store.update(articles, [])
        out[story] = (articles, store.table)
    return out


def score(gold: dict, built: dict, verbose: bool) -> dict:
    found_n = strict_n = lenient_n = total = 0
    false_finds = 0
    wrong: list[str] = []
    missed: list[str] = []
    extra: list[str] = []
    for key, cases in gold.items():
        story, aid = key.split("/")
        articles, table = built[story]
        article = next(a for a in articles if a.id == aid)
        quotes = find_quotes(article, table)
        texts = [(norm(q.text), q) for q in quotes]
        used: set[int] = set()
        for case in cases:
            want = norm(case["quote"])
            hit = next((i for i, (t, _) in enumerate(texts) if t.startswith(want) and i not in used), None)
            if hit is None:
                # A quote that begins a little earlier than the gold says still counts:
                # the gold gives the first words, the finder may take a word more.
                hit = next((i for i, (t, _) in enumerate(texts) if want in t[:len(want) + 40] and i not in used), None)
            if case.get("uncertain"):
                if hit is not None:
                    used.add(hit)
                continue
            total += 1
            if hit is None:
                missed.append(f"{aid}: {case['quote']!r} ({case['speaker']})")
                continue
            used.add(hit)
            found_n += 1
            q = texts[hit][1]
            strict, lenient = same_speaker(q.speaker, case["speaker"])
            strict_n += strict
            lenient_n += lenient
            if not strict:
                wrong.append(f"{aid}: {case['quote']!r}: got {q.speaker!r}, gold {case['speaker']!r}")
        for i, (_, q) in enumerate(texts):
            if i not in used:
                false_finds += 1
                extra.append(f"{aid}: {q.text[:60]!r} ({q.speaker})")
    if verbose:
        for title, rows in (("missed", missed), ("wrong speaker", wrong), ("not in the gold", extra)):
            print(f"\n{title} ({len(rows)}):")
            for row in rows:
                print("  " + row)
        print()
    return {
        "gold quotes": total,
        "found": found_n,
        "recall": found_n / total if total else 0.0,
        "speaker accuracy (full name)": strict_n / found_n if found_n else 0.0,
        "speaker accuracy (surname accepted)": lenient_n / found_n if found_n else 0.0,
        "found, not in the gold": false_finds,
    }


def speed(corpus: Path, work: Path) -> None:
    stories = sorted(p.name for p in corpus.iterdir() if p.is_dir() and re.fullmatch(r"D\d+\w", p.name))
    built = tables(corpus, stories, work / "all")
    n = quotes = 0
    # The first call loads word lists once per process; it is timed on its own.
    t0 = time.perf_counter()
    articles, table = built[stories[0]]
    find_quotes(articles[0], table)
    print(f"first call: {time.perf_counter() - t0:.2f} s")
    # CPU time of this process, best of three: other work on the machine moves wall
    # time by more than the differences measured here.
    took = float("inf")
    for _ in range(3):
        n = quotes = 0
        t0 = time.process_time()
        for story in stories:
            articles, table = built[story]
            for article in articles:
                quotes += len(find_quotes(article, table))
                n += 1
        took = min(took, time.process_time() - t0)
    print(f"speed: {n} articles in {took:.2f} s CPU = {n / took:.0f} articles/s ({quotes} quotes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the DUC 2007 folder (story folders inside)")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--speed", action="store_true", help="also time quote finding over every story")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and wrong speaker")
    args = parser.parse_args(argv)
    gold = yaml.safe_load(args.gold.read_text(encoding="utf-8"))["articles"]
    stories = sorted({key.split("/")[0] for key in gold})
    with tempfile.TemporaryDirectory() as tmp:
        built = tables(args.corpus, stories, Path(tmp))
        result = score(gold, built, args.verbose)
        for k, v in result.items():
            print(f"{k:<40} {v:.3f}" if isinstance(v, float) else f"{k:<40} {v}")
        if args.speed:
            speed(args.corpus, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
