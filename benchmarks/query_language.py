"""Search latency with briefing's own query parser against Whoosh's parser (the reference
kept in tests/), in the same run over the same index, and the cost of hostile queries.

    python benchmarks/query_language.py --size 10000 --engine whoosh
    python benchmarks/query_language.py --size 10000 --engine tantivy --work DIR

Prints, per engine, the median search time of the benchmark mix (benchmarks/stages.py)
with each parser, their ratio (reference / ours: above 1 means ours is faster), the
median parse time alone, and the time and peak memory of each hostile query with what
briefing answered (results or its one-line error).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import gen_corpus  # noqa: E402
from stages import MIX  # noqa: E402

HOSTILE = ["?*", "*a*", "*", "a" * 999, "x" * 10_000, "drills published:<2021-05 ANDNOT keller", "published:now",
           "path:foo", "\ud800 korea", "word~2 " * 40, "inflaton~3", "(" * 500 + "a"]
ROUNDS = 7


def median_ms(fn, queries, rounds=ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            fn(q)
            times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=10_000)
    p.add_argument("--engine", default="whoosh", choices=("whoosh", "tantivy"))
    p.add_argument("--work", type=Path, help="where the index goes (default benchmarks/_work_SIZE)")
    args = p.parse_args(argv)
    from briefing.config import Config
    from briefing.errors import QueryError
    from briefing.library import Library
    from briefing.search import language, searcher
    from tests import query_whoosh_reference as reference

    corpus = gen_corpus.generate(args.size, gen_corpus.default_dir(args.size))
    work = (args.work or HERE / f"_work_{args.size}").resolve()
    cfg = Config(corpus=[str(corpus)], index_dir=str(work / f"query-language-{args.engine}"))
    cfg.search.engine = args.engine
    lib = Library(cfg)
    started = time.perf_counter()
    lib.sync()
    print(f"{args.engine}: {args.size:,} articles, sync {time.perf_counter() - started:.1f} s")
    queries = [m[1] for m in MIX]
    run = lambda q: lib.search(q, limit=20, snippets=20)  # noqa: E731
    ours = language.read
    for q in queries:
        assert ours(q) == reference.read(q), q
    run_ours = run_ref = 0.0
    for _ in range(3):  # alternated, so drift of the machine falls on both
        searcher.language.read = reference.read
        run_ref += median_ms(run, queries) / 3
        searcher.language.read = ours
        run_ours += median_ms(run, queries) / 3
    print(f"search + 20 snippets, median of the mix: ours {run_ours:.2f} ms, Whoosh's parser {run_ref:.2f} ms, "
          f"ratio {run_ref / run_ours:.2f}x")
    p_ours, p_ref = median_ms(ours, queries, 50), median_ms(reference.read, queries, 50)
    print(f"parse alone, median: ours {p_ours:.3f} ms, Whoosh's parser {p_ref:.3f} ms, ratio {p_ref / p_ours:.1f}x")
    for q in HOSTILE:
        tracemalloc.start()
        t = time.perf_counter()
        try:
            r = lib.search(q, limit=20, snippets=20)
            said = f"{r.total} results" + (" (cut)" if r.timed_out else "")
        except QueryError as exc:
            said = f"QueryError: {exc}"
        seconds = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        shown = repr(q if len(q) < 40 else q[:30] + f"... ({len(q)} chars)")
        print(f"  {shown}: {seconds * 1000:.0f} ms, peak {peak:.1f} MB, {said[:110]}")
    lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
