"""Snippet and hit-marking cost on hostile articles (issue 15, finding 5): one article with
20,000 hits, a 4 MB article of one repeated word, and `*a*` over a corpus, on each engine.

    python benchmarks/hostile_snippets.py WORKDIR [--engines whoosh,tantivy]

WORKDIR is made if missing; the corpora are generated text. Prints the median of three
runs of `Library.search` (index built first, not timed), and the make_snippet time for
20,000 spans next to 200 spans (the ratio shows whether it grows linearly).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

WORDS = ("harbour board dredging plan vote council river bank storm season report ferry "
         "schedule market prices fishing quota minister budget bridge repair").split()


def make_corpus(root: Path, articles: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    for n in range(articles):
        words = " ".join(rng.choice(WORDS) for _ in range(400))
        (root / f"a{n:05d}.txt").write_text(f"Harbour report {n}\n\n{words}.\n", encoding="utf-8")
    (root / "many-hits.txt").write_text("Seoul many\n\n" + " ".join(["seoul talks"] * 20_000) + "\n", encoding="utf-8")
    para = ("seoul " + " ".join(rng.choice(WORDS) for _ in range(30)) + ".\n")
    (root / "four-mb.txt").write_text("Seoul big\n\n" + para * (4_000_000 // len(para)), encoding="utf-8")


def timed(fn, runs: int = 3) -> float:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return statistics.median(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("workdir", type=Path)
    ap.add_argument("--engines", default="whoosh,tantivy")
    ap.add_argument("--articles", type=int, default=2000)
    args = ap.parse_args()
    corpus = args.workdir / "corpus"
    if not corpus.is_dir():
        make_corpus(corpus, args.articles)
    os.environ["BRIEFING_DATA_DIR"] = str(args.workdir / "data")
    from briefing.config import Config
    from briefing.library import Library
    from briefing.search.highlight import make_snippet

    text = " ".join(["seoul talks"] * 20_000)
    many = [(i * 12, i * 12 + 5) for i in range(20_000)]
    few = many[:200]
    t_many = timed(lambda: make_snippet(text, many))
    t_few = timed(lambda: make_snippet(text, few))
    print(f"make_snippet: 20,000 spans {t_many * 1000:.2f} ms, 200 spans {t_few * 1000:.2f} ms "
          f"(ratio {t_many / max(t_few, 1e-9):.0f}x for 100x the spans)")
    for engine in args.engines.split(","):
        cfg = Config(corpus=[str(corpus)], index_dir=str(args.workdir / f"ix-{engine}"))
        cfg.search.engine = engine
        try:
            lib = Library(cfg)
            lib.sync()
        except Exception as exc:  # noqa: BLE001 - an engine not installed is a line, not a stop
            print(f"{engine}: not measured ({exc})", file=sys.stderr)
            continue
        for query, snippets in (("seoul", 20), ("*a*", 20), ("seoul", None)):
            t = timed(lambda: lib.search(query, limit=50, snippets=snippets))
            print(f"{engine}: search {query!r} snippets={snippets}: {t:.3f} s (median of 3)")
        lib.close()


if __name__ == "__main__":
    main()
