"""What story grouping adds to indexing, and how fast the stories list opens.

    python benchmarks/stories_speed.py CORPUS [--index]

Prints the grouping time of every article of CORPUS (all in one batch, as a first
sync does) and the median time to read the stories list back from disk. With
--index, also a full index build of CORPUS with grouping and one without, in the same
run, and the ratio (target: grouping adds at most 25%; list under 200 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from briefing.corpus import load_articles
from briefing.stories import StoryStore


def _index(corpus: Path, with_stories: bool) -> float:
    from briefing.library import Library

    with tempfile.TemporaryDirectory() as data:
        os.environ["BRIEFING_DATA_DIR"] = data
        lib = Library.open(None, [str(corpus)])
        if not with_stories:
            lib._update_stories = lambda *a, **k: None
        t0 = time.perf_counter()
        lib.sync()
        secs = time.perf_counter() - t0
        lib.close()
        return secs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--index", action="store_true", help="also time full index builds with and without grouping")
    args = ap.parse_args()
    arts = load_articles([args.corpus])
    with tempfile.TemporaryDirectory() as tmp:
        store = StoryStore(Path(tmp))
        t0 = time.perf_counter()
        store.rebuild(arts)
        group = time.perf_counter() - t0
        print(f"{len(arts)} articles grouped into {len(store.stories())} stories in {group:.1f} s")
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            StoryStore(Path(tmp)).stories()
            times.append(time.perf_counter() - t0)
        print(f"stories list read: median {1000 * statistics.median(times):.0f} ms (target < 200 ms)")
    if args.index:
        plain = _index(args.corpus, False)
        grouped = _index(args.corpus, True)
        print(f"index without grouping {plain:.1f} s, with {grouped:.1f} s: +{100 * (grouped / plain - 1):.0f}% "
              "(target <= 25%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
