"""One-shot commands against plain Whoosh scripts, in the same run on the same corpus.

Two figures, each a median over alternating runs so that the machine's noise falls on
both sides alike:
- ``briefing search Q`` (a fresh process: start-up, the sync check, the search, printing)
  against a plain Whoosh script that opens an index, parses Q with Whoosh's QueryParser and
  prints the top 20 titles;
- ``briefing index`` from an empty data folder (entities, quotes and dates included)
  against a plain Whoosh script that reads the same files and indexes id, title and body
  with Whoosh's default analyser and one writer.
Ratios are baseline time / briefing time: 1.0 or more means briefing is as fast or faster.
Each side's CPU time (user + system, from the child's rusage) is printed beside the
wall time: on a shared machine it moves much less with the other jobs' load.
The briefing package is byte-compiled first, as an installed package is; with
PYTHONDONTWRITEBYTECODE set, every module edited since the last compile would
otherwise be compiled from source on each run.

    python benchmarks/oneshot.py --size 2200          # a generated corpus of 2,200 articles
    python benchmarks/oneshot.py --corpus DIR --runs 21
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

QUERIES = ["minister", "talks AND border", '"prime minister"', "election OR vote", "harbour"]

PLAIN_INDEX = r'''
import sys, os
from whoosh import fields, index
from whoosh.analysis import StandardAnalyzer
corpus, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
schema = fields.Schema(id=fields.ID(stored=True, unique=True), title=fields.TEXT(stored=True),
                       body=fields.TEXT(analyzer=StandardAnalyzer()))
ix = index.create_in(out, schema)
w = ix.writer()
for root, _, names in os.walk(corpus):
    for name in names:
        if not name.endswith((".txt", ".md", ".html")):
            continue
        path = os.path.join(root, name)
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        title = text.strip().split("\n", 1)[0][:200]
        w.add_document(id=os.path.relpath(path, corpus), title=title, body=text)
w.commit()
'''

PLAIN_SEARCH = r'''
import sys
from whoosh import index
from whoosh.qparser import QueryParser
ix = index.open_dir(sys.argv[1])
with ix.searcher() as s:
    q = QueryParser("body", ix.schema).parse(sys.argv[2])
    hits = s.search(q, limit=20)
    print(len(hits), "results")
    for h in hits:
        print(h["title"])
'''


def run(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])}...: exit {done.returncode}: {done.stderr.strip()[-300:]}")
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def briefing_cmd() -> list[str]:
    exe = shutil.which("briefing")
    return [exe] if exe else [sys.executable, "-m", "briefing"]


def environment(work: Path, engine: str) -> dict:
    env = dict(os.environ)
    env["BRIEFING_DATA_DIR"] = str(work / "data")
    env["BRIEFING_CONFIG_DIR"] = str(work / "config")
    (work / "config").mkdir(parents=True, exist_ok=True)
    (work / "config" / "config.yaml").write_text(f"search:\n  engine: {engine}\n", encoding="utf-8")
    return env


def measure(corpus: Path, runs: int, builds: int, engine: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain_index, plain_search = work / "plain_index.py", work / "plain_search.py"
        plain_index.write_text(PLAIN_INDEX, encoding="utf-8")
        plain_search.write_text(PLAIN_SEARCH, encoding="utf-8")
        env = environment(work, engine)
        me = briefing_cmd() + ["--corpus", str(corpus)]
        index_mine, index_plain = [], []
        for _ in range(builds):
            shutil.rmtree(work / "data", ignore_errors=True)
            shutil.rmtree(work / "plain", ignore_errors=True)
            index_plain.append(run([sys.executable, str(plain_index), str(corpus), str(work / "plain")], env))
            index_mine.append(run(me + ["index"], env))
        search_mine, search_plain = [], []
        for i in range(runs):
            q = QUERIES[i % len(QUERIES)]
            search_plain.append(run([sys.executable, str(plain_search), str(work / "plain"), q], env))
            search_mine.append(run(me + ["search", q], env))
    return {"index": (medians(index_mine), medians(index_plain)),
            "search": (medians(search_mine), medians(search_plain))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a folder of articles (default: a generated one)")
    parser.add_argument("--size", type=int, default=2200, help="articles to generate without --corpus")
    parser.add_argument("--runs", type=int, default=15, help="searches per side")
    parser.add_argument("--builds", type=int, default=3, help="index builds per side")
    parser.add_argument("--engine", default="whoosh", choices=("whoosh", "tantivy"))
    args = parser.parse_args(argv)
    corpus = args.corpus
    if corpus is None:
        from benchmarks.gen_corpus import default_dir, generate

        corpus = generate(args.size, default_dir(args.size))
    import briefing

    compileall.compile_dir(os.path.dirname(briefing.__file__), quiet=1)
    r = measure(corpus, args.runs, args.builds, args.engine)
    n = sum(1 for _, _, names in os.walk(corpus) for f in names if f.endswith((".txt", ".md", ".html")))
    print(f"{n} files, briefing on {args.engine}; medians of {args.runs} searches / {args.builds} builds;"
          f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for what, label in (("search", "one-shot search"), ("index", "full index")):
        (mine, mine_cpu), (plain, plain_cpu) = r[what]
        print(f"  {label:16} briefing {mine * 1000:8.0f} ms   plain Whoosh {plain * 1000:8.0f} ms"
              f"   ratio {plain / mine:.2f}x   (CPU {mine_cpu * 1000:.0f} / {plain_cpu * 1000:.0f} ms,"
              f" ratio {plain_cpu / mine_cpu:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
