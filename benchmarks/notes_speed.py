"""How long a briefing note takes to build for 100 articles of about 600 words, for
each key-point method, and each method's time against "hybrid" (the default until the
concept-coverage key points; its code is unchanged, so it is the old note's time
measured in the same run).

Articles are stitched together from paragraphs of the benchmark clusters and the demo
corpus (seeded, so every run builds the same corpus).

    python benchmarks/notes_speed.py [--articles 100] [--words 600] [--runs 7]
    python benchmarks/notes_speed.py --articles 1000 --runs 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from briefing.corpus import Article, load_articles  # noqa: E402
from briefing.notes import METHODS, build_note  # noqa: E402
from briefing.scope import Scope  # noqa: E402


def synthetic(n: int, words: int, seed: int = 7) -> list[Article]:
    roots = [p for p in (HERE / "data" / "clusters").glob("*/articles")] + [HERE.parent / "seeds"]
    pool = [p for a in load_articles(roots) for _, p in a.paragraphs()[1:] if len(p.split()) > 12]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        paragraphs: list[str] = []
        while sum(len(p.split()) for p in paragraphs) < words:
            paragraphs.append(rng.choice(pool))
        title = " ".join(rng.choice(pool).split()[:9])
        out.append(Article(
            id=f"synthetic-{i:03d}", path=f"synthetic/{i:03d}.txt", title=title,
            body="\n\n".join(paragraphs), source=f"Outlet {i % 7}",
            published=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)),
        ))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    articles = synthetic(args.articles, args.words)
    total_words = sum(len(a.body.split()) for a in articles)
    print(f"{len(articles)} articles, {total_words} words")
    scope = Scope("North Korea talks")
    # Runs interleave the methods, so that a busy machine slows them all alike.
    times: dict[str, list[float]] = {m: [] for m in METHODS}
    for _ in range(args.runs):
        for method in METHODS:
            start = time.perf_counter()
            build_note(articles, scope, today=dt.date(2026, 1, 1), method=method,
                       query_terms=["north", "korea", "talks"])
            times[method].append(time.perf_counter() - start)
    base = statistics.median(times["hybrid"])
    for method, got in times.items():
        median = statistics.median(got)
        print(f"{method:<20} median {median * 1000:7.1f} ms   (min {min(got) * 1000:.1f}, "
              f"max {max(got) * 1000:.1f})   {median / base:.2f}x hybrid, the default before coverage")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
