"""One benchmark stage in a fresh process, printed as one JSON line: run.py calls this.

    python benchmarks/stages.py ingest|query|app ENGINE --corpus DIR --work DIR

ENGINE: briefing (on Whoosh), tantivy (briefing on its tantivy engine), naive, fts5.

A fresh process per stage means every figure starts cold, as a user's launch does, and
the peak memory reported is that stage's own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

#: (kind, briefing/Whoosh query, FTS5 query). FTS5 has no fuzzy search: a prefix is the
#: nearest thing it offers; entity queries become a phrase of the name for the baselines.
MIX = [
    ("word", "tariffs", "tariffs"),
    ("word", "said", "said"),
    ("word", "Seoul", "Seoul"),
    ("phrase", '"interest rates"', '"interest rates"'),
    ("phrase", '"dock workers"', '"dock workers"'),
    ("boolean", "strike AND wages NOT pension", "strike AND wages NOT pension"),
    ("boolean", "(floods OR drought) AND evacuation", "(floods OR drought) AND evacuation"),
    ("field", "title:tariffs", "title:tariffs"),
    ("field", "title:Seoul AND summit", "title:Seoul AND summit"),
    ("fuzzy", "inflaton~", "inflat*"),
    ("fuzzy", "sanctons~", "sanction*"),
    ("entity", 'entity:"Priya Okonkwo"', '"Priya Okonkwo"'),
    ("entity", 'entity:"European Union"', '"European Union"'),
]
ROUNDS = 5
WILDCARD = "*a*"


def whoosh_text(q: str) -> str:
    return q.replace("entity:", "")


#: briefing's own engines; the others are baselines (benchmarks/baselines.py).
BRIEFING = {"briefing": "whoosh", "tantivy": "tantivy"}


def config(corpus: Path | None, work: Path, engine: str = "briefing"):
    from briefing.config import Config

    if corpus is None:  # the demo corpus, in the stage's own data folder
        cfg = Config()
    else:
        name = "briefing-index" if engine == "briefing" else f"briefing-{engine}-index"
        cfg = Config(corpus=[str(corpus)], index_dir=str(work / name))
    cfg.search.engine = BRIEFING[engine]
    return cfg


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class AnonPeak:
    """The largest RssAnon seen (Linux), sampled every 50 ms. ru_maxrss also counts
    pages of memory-mapped index files, which tantivy reads through and the kernel
    can drop at any time; anonymous memory is what the process really holds."""

    def __init__(self) -> None:
        import threading

        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def now() -> float:
        try:
            with open("/proc/self/status") as fh:
                for line in fh:
                    if line.startswith("RssAnon:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self.now())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak, self.now())


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def latencies(run, queries: list[str]) -> list[float]:
    for q in queries:
        run(q)  # warm: first touch of each term's postings
    return [timed(run, q) for _ in range(ROUNDS) for q in queries]


def summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"p50": statistics.median(ordered), "p95": ordered[max(0, int(len(ordered) * 0.95) - 1)],
            "max": ordered[-1]}


# ---------------------------------------------------------------------- stages


def ingest(engine: str, corpus: Path, work: Path) -> dict:
    if engine in BRIEFING:
        from briefing.library import Library

        lib = Library(config(corpus, work, engine))
        marks: dict[str, float] = {}

        def progress(done: int, total: int, message: str) -> None:
            if total == 0:
                marks.setdefault("entities", time.perf_counter())

        started = time.perf_counter()
        report = lib.sync(progress=progress, rebuild=True)
        seconds = time.perf_counter() - started
        n = len(report.added)
        out = {"articles": n, "seconds": seconds, "skipped": len(report.skipped)}
        if "entities" in marks:
            out["entity_seconds"] = started + seconds - marks["entities"]
        return out
    from baselines import Fts5, NaiveWhoosh

    cls = NaiveWhoosh if engine == "naive" else Fts5
    started = time.perf_counter()
    n = cls(work / engine).ingest(corpus)
    return {"articles": n, "seconds": time.perf_counter() - started}


def query(engine: str, corpus: Path, work: Path) -> dict:
    out: dict = {}
    if engine in BRIEFING:
        from briefing.library import Library

        started = time.perf_counter()
        lib = Library(config(corpus, work, engine))
        lib.sync()
        out["noop_sync"] = time.perf_counter() - started
        run = lambda q: lib.search(q, limit=20, snippets=0)  # noqa: E731
        snip = lambda q: lib.search(q, limit=20, snippets=20)  # noqa: E731
        top = lambda q: [h.id for h in lib.search(q, limit=1, snippets=0).hits]  # noqa: E731

        def highlight(q: str, aid: str) -> None:
            lib.hit_spans(q, lib.article(aid))

        queries = [m[1] for m in MIX]
    else:
        from baselines import Fts5, NaiveWhoosh, rehash_all

        eng = (NaiveWhoosh if engine == "naive" else Fts5)(work / engine)
        eng.open()
        if engine == "naive":
            out["noop_sync"] = rehash_all(corpus)
        run = eng.search
        snip = lambda q: eng.search(q, snippets=True)  # noqa: E731
        top = lambda q: eng.search(q)[:1]  # noqa: E731
        highlight = eng.highlight
        queries = [whoosh_text(m[1]) if engine == "naive" else m[2] for m in MIX]
    times = latencies(run, queries)
    out["search"] = summary(times)
    out["by_kind"] = {}
    for k, (kind, *_rest) in enumerate(MIX):
        mine = times[k::len(MIX)]
        out["by_kind"].setdefault(kind, []).extend(mine)
    out["by_kind"] = {kind: statistics.median(v) for kind, v in out["by_kind"].items()}
    out["snippets20"] = summary(latencies(snip, queries))
    tops = [(q, ids[0]) for q in queries for ids in [top(q)] if ids]
    out["highlight"] = statistics.median(timed(highlight, q, aid) for q, aid in tops for _ in range(3))
    out["empty"] = [q for q in queries if not top(q)]
    if engine in BRIEFING:
        from briefing.search.engine import TIME_LIMIT

        out["wildcard"] = timed(run, WILDCARD)
        out["time_limit"] = TIME_LIMIT
        from briefing.scope import Scope

        out["note100"] = statistics.median(timed(lib.note, Scope("tariffs")) for _ in range(3))
    return out


async def _until(pilot, ready, what: str, timeout: float = 60.0, step: float = 0.005) -> None:
    """Poll until ``ready()``; a failed worker must end the stage, not hang it."""
    deadline = time.perf_counter() + timeout
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"app never reached: {what}")
        await pilot.pause(step)


async def _app(corpus: Path | None, work: Path, queries: list[str], engine: str) -> dict:
    import_started = time.perf_counter()
    from briefing.library import Library
    from briefing.tui.app import BriefingApp
    from briefing.tui.widgets.article_list import ArticleList

    imported = time.perf_counter() - import_started
    cfg = config(corpus, work, engine)
    if corpus is None:
        Library(cfg).sync()  # the demo index exists before the measured launch
    started = time.perf_counter()
    app = BriefingApp(cfg)
    out: dict = {"imports": imported}
    async with app.run_test(size=(120, 40)) as pilot:
        out["first_frame"] = time.perf_counter() - started + imported
        await _until(pilot, lambda: app.results is not None, "first results")
        out["first_results"] = time.perf_counter() - started + imported
        await _until(pilot, lambda: app.status.index_state.startswith(("up to date", "error")),
                     "index up to date", timeout=600, step=0.02)
        lst = app.query_one(ArticleList)
        out["listed"] = lst.option_count
        times = []
        for q in queries:
            await pilot.press("slash")
            app.query_one("#search").value = q
            t = time.perf_counter()
            await pilot.press("enter")
            await _until(pilot, lambda: app.results is not None and app.results.query == q, q, step=0.002)
            await pilot.pause()
            times.append(time.perf_counter() - t)
        if times:
            out["keypress"] = summary(times)
    return out


def app(engine: str, corpus: Path, work: Path) -> dict:
    demo = corpus.name == "demo"
    queries = [] if demo else [m[1] for m in MIX]
    return asyncio.run(_app(None if demo else corpus, work, queries, engine))


STAGES = {"ingest": ingest, "query": query, "app": app}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument("engine", choices=(*BRIEFING, "naive", "fts5"))
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args()
    os.environ["BRIEFING_DATA_DIR"] = str(args.work / "data")
    os.environ["BRIEFING_CONFIG_DIR"] = str(args.work / "config")
    os.environ.pop("BRIEFING_CONFIG", None)
    anon = AnonPeak()
    result = STAGES[args.stage](args.engine, args.corpus, args.work)
    result["peak_mb"] = peak_mb()
    result["peak_anon_mb"] = anon.stop() or None
    # Worker processes (readers, Whoosh sub-writers) have their own peaks: the largest.
    result["peak_child_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
