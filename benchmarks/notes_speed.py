"""How long a briefing note takes to build for 100 articles of about 600 words.

Articles are stitched together from paragraphs of the benchmark clusters and the demo
corpus (seeded, so every run builds the same corpus).

    python benchmarks/notes_speed.py [--articles 100] [--words 600] [--runs 7]
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
    for method in METHODS:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            build_note(articles, scope, today=dt.date(2026, 1, 1), method=method,
                       query_terms=["north", "korea", "talks"])
            times.append(time.perf_counter() - start)
        print(f"{method:<20} median {statistics.median(times) * 1000:7.1f} ms   "
              f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
