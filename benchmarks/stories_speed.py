"""What story grouping adds to indexing, and how fast the stories list opens.

    python benchmarks/stories_speed.py [CORPUS] [--size 10000] [--opens 7]

Without CORPUS, the generated corpus of --size articles (benchmarks/gen_corpus.py, made
once and reused). Everything goes through public paths, as a user's first run does:

- a first index build with ``Library.sync`` in a fresh data folder; grouping is the
  sync's last step, so its time is from the "grouping articles into stories" progress
  line to the end, and its share is that over the rest of the build (target: at most 25%);
- opening the stories list as the app's Stories pane does: ``stories()`` of a Library
  that has not read them yet, and the list's story map (target: under 200 ms), median
  of --opens, each with a new Library;
- ``briefing stories --json`` as a one-shot command (the sync's up-to-date check included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

GROUPING = "grouping articles into stories"


def build(corpus: Path, data: Path) -> tuple[float, float, int]:
    """(whole build, grouping step, articles) of a first sync."""
    from briefing.library import Library

    os.environ["BRIEFING_DATA_DIR"] = str(data)
    lib = Library.open(None, [str(corpus)])
    marks: dict[str, float] = {}

    def progress(done: int, total: int, message: str) -> None:
        if message == GROUPING:
            marks.setdefault("grouping", time.perf_counter())

    t0 = time.perf_counter()
    lib.sync(progress=progress)
    end = time.perf_counter()
    n = lib.article_count()
    lib.close()
    if "grouping" not in marks:
        raise SystemExit("the sync never reported grouping: nothing was grouped")
    return end - t0, end - marks["grouping"], n


def open_list(corpus: Path) -> tuple[float, int]:
    """What the app's Stories pane does when it opens: the stories of a Library that has
    not read them yet (the app's is open already, so opening one is not counted), and
    the map the article list builds from them."""
    from briefing.library import Library
    from briefing.tui.widgets.list_order import StoryMap

    lib = Library.open(None, [str(corpus)])
    t0 = time.perf_counter()
    stories = lib.stories()
    StoryMap.of(stories)
    secs = time.perf_counter() - t0
    lib.close()
    return secs, len(stories)


def one_shot(corpus: Path, data: Path) -> float:
    env = dict(os.environ, BRIEFING_DATA_DIR=str(data))
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "briefing", "--corpus", str(corpus), "stories", "--json"],
                          env=env, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(done.stderr.strip())
    return secs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, nargs="?")
    ap.add_argument("--size", type=int, default=10_000, help="generated corpus size without CORPUS")
    ap.add_argument("--opens", type=int, default=7)
    args = ap.parse_args()
    corpus = args.corpus
    if corpus is None:
        sys.path.insert(0, str(HERE))
        from gen_corpus import default_dir, generate

        corpus = generate(args.size, default_dir(args.size))
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        total, grouping, n = build(corpus, data)
        rest = total - grouping
        print(f"first index build of {n} articles: {total:.1f} s, of which grouping {grouping:.1f} s "
              f"= +{100 * grouping / rest:.0f}% on the {rest:.1f} s without it (target <= 25%)")
        opens = [open_list(corpus) for _ in range(args.opens)]
        times = [t for t, _ in opens]
        print(f"stories list open ({opens[0][1]} stories): median {1000 * statistics.median(times):.0f} ms, "
              f"max {1000 * max(times):.0f} ms over {len(times)} cold opens (target < 200 ms)")
        shots = [one_shot(corpus, data) for _ in range(3)]
        print(f"`briefing stories --json`: median {statistics.median(shots):.2f} s (a process start included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
