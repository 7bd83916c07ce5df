"""briefing against same-run baselines (naive Whoosh, SQLite FTS5) on one generated corpus.

    python benchmarks/run.py --size 10000            # generate if needed, then everything
    python benchmarks/run.py --size 100000 --skip naive,app
    python benchmarks/run.py --size 10000 --reuse    # keep the indexes of the last run

Each stage runs in a fresh process (cold start, its own peak memory). Ratios are
baseline time / briefing time: above 1 means briefing is faster. briefing runs on each
of its engines that is installed (Whoosh, and tantivy with `pip install '.[tantivy]'`),
each with its own table against the same baselines; `--skip tantivy` leaves it out.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_corpus  # noqa: E402

ENGINES = ("briefing", "tantivy", "naive", "fts5")
#: Stage name -> the table's name for briefing on that engine.
MINE = {"briefing": "briefing (Whoosh)", "tantivy": "briefing (tantivy)"}
TARGETS_10K = {"search_p95": 0.050, "fts_ratio": 3.0, "noop": 1.0, "first_frame": 1.0, "keypress": 0.150}


def stage(name: str, engine: str, corpus: Path, work: Path) -> dict:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(HERE / "stages.py"), name, engine, "--corpus", str(corpus),
                           "--work", str(work)], capture_output=True, text=True)
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"  {name:6} {engine:8} {time.perf_counter() - started:7.1f} s", file=sys.stderr)
    return result


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    engines = f"Whoosh-Reloaded {version('Whoosh-Reloaded')}"
    if tantivy_installed():
        engines += f", tantivy {version('tantivy')}"
    return (f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{engines}, SQLite {sqlite3.sqlite_version}")


def ms(x) -> str:
    return "—" if x is None else f"{x * 1000:.1f}"


def sec(x) -> str:
    return "—" if x is None else f"{x:.2f}"


def mb(x) -> str:
    return f"{x:.0f}" if x else "—"


def ratio(base, mine) -> str:
    if not base or not mine:
        return "—"
    return f"{base / mine:.2f}x"


def table(size: int, r: dict, mine: str = "briefing") -> str:
    b, n, f = (r.get(e, {}) for e in (mine, "naive", "fts5"))
    bi, ni, fi = (x.get("ingest", {}) for x in (b, n, f))
    bq, nq, fq = (x.get("query", {}) for x in (b, n, f))
    app, demo = b.get("app", {}), b.get("app_demo", {})

    def rate(i):
        return i["articles"] / i["seconds"] if i.get("seconds") else None

    def g(d, *keys):
        for k in keys:
            if not isinstance(d, dict) or k not in d:
                return None
            d = d[k]
        return d

    rows = [("metric", MINE[mine], "naive Whoosh", "SQLite FTS5", "vs naive", "vs FTS5")]
    br, nr, fr = rate(bi), rate(ni), rate(fi)
    rows.append(("ingest, articles/s (briefing: with entities)", f"{br:.0f}" if br else "—",
                 f"{nr:.0f}" if nr else "—", f"{fr:.0f}" if fr else "—",
                 ratio(br, nr) if br and nr else "—", ratio(br, fr) if br and fr else "—"))
    if bi.get("entity_seconds") is not None:
        rows.append(("  of which entity pass, s", f"{bi['entity_seconds']:.1f}", "", "", "", ""))
    rows.append(("no-op sync, s (naive: re-hash every file)", sec(g(bq, "noop_sync")),
                 sec(g(nq, "noop_sync")), "—", ratio(g(nq, "noop_sync"), g(bq, "noop_sync")), "—"))
    for label, key in (("query p50, ms", "p50"), ("query p95, ms", "p95"), ("query max, ms", "max")):
        mine, base, fts = g(bq, "search", key), g(nq, "search", key), g(fq, "search", key)
        rows.append((label, ms(mine), ms(base), ms(fts), ratio(base, mine), ratio(fts, mine)))
    for label, key in (("query + 20 snippets p50, ms", "p50"), ("query + 20 snippets p95, ms", "p95")):
        mine, base, fts = g(bq, "snippets20", key), g(nq, "snippets20", key), g(fq, "snippets20", key)
        rows.append((label, ms(mine), ms(base), ms(fts), ratio(base, mine), ratio(fts, mine)))
    mine, base, fts = g(bq, "highlight"), g(nq, "highlight"), g(fq, "highlight")
    rows.append(("highlight one article, ms", ms(mine), ms(base), ms(fts), ratio(base, mine), ratio(fts, mine)))
    rows.append(("note for 100 results, ms", ms(g(bq, "note100")), "—", "—", "", ""))
    rows.append((f"wildcard *a* (limit {g(bq, 'time_limit')} s), ms", ms(g(bq, "wildcard")), "—", "—", "", ""))
    rows.append(("app first frame, demo corpus, s", sec(g(demo, "first_frame")), "", "", "", ""))
    rows.append(("app first frame, this corpus, s", sec(g(app, "first_frame")), "", "", "", ""))
    rows.append(("app first results, this corpus, s", sec(g(app, "first_results")), "", "", "", ""))
    rows.append(("keypress-to-results p50, ms", ms(g(app, "keypress", "p50")), "", "", "", ""))
    rows.append(("keypress-to-results p95, ms", ms(g(app, "keypress", "p95")), "", "", "", ""))
    for label, key in (("ingest", "ingest"), ("search", "query")):
        vals = [g(x, key, "peak_mb") for x in (b, n, f)]
        rows.append((f"peak memory, {label}, MB", *(mb(v) for v in vals), "", ""))
    rows.append(("peak memory, ingest, largest worker, MB", mb(g(bi, "peak_child_mb")), "", "", "", ""))
    rows.append(("peak memory, app, MB", mb(g(app, "peak_mb")), "", "", "", ""))
    # Without the pages of memory-mapped index files, which the kernel may drop.
    for label, x in (("ingest", bi), ("search", bq), ("app", app)):
        rows.append((f"  of which anonymous, {label}, MB", mb(g(x, "peak_anon_mb")), "", "", "", ""))
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(str(c).ljust(widths[i]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(row))
             for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    kinds = g(bq, "by_kind") or {}
    if kinds:
        lines.append("")
        lines.append("median query by kind, ms (briefing / naive / FTS5): " + ", ".join(
            f"{k} {ms(v)}/{ms(g(nq, 'by_kind', k))}/{ms(g(fq, 'by_kind', k))}" for k, v in kinds.items()))
    return "\n".join(lines)


def verdict(size: int, r: dict, mine: str = "briefing") -> list[str]:
    b, f = r.get(mine, {}), r.get("fts5", {})
    q, app, demo = b.get("query", {}), b.get("app", {}), b.get("app_demo", {})
    out = []

    def check(label, ok):
        out.append(f"  [{'met' if ok else 'MISSED'}] {label}")

    if "search" in q:
        limit = 0.050 if size <= 10_000 else 0.300
        check(f"query p95 {q['search']['p95'] * 1000:.0f} ms <= {limit * 1000:.0f} ms", q["search"]["p95"] <= limit)
    if "search" in q and "search" in f.get("query", {}):
        fts = f["query"]["search"]["p50"]
        check(f"query p50 within 3x of FTS5 ({q['search']['p50'] / fts:.1f}x)", q["search"]["p50"] <= 3 * fts)
    ni, bi = r.get("naive", {}).get("ingest", {}), b.get("ingest", {})
    if ni.get("seconds") and bi.get("seconds"):
        mine, base = bi["articles"] / bi["seconds"], ni["articles"] / ni["seconds"]
        check(f"ingest with entities {mine:.0f}/s >= naive without {base:.0f}/s", mine >= base)
    if "noop_sync" in q and size <= 10_000:  # the no-op target is set at 10,000 articles
        check(f"no-op sync {q['noop_sync']:.2f} s <= 1 s", q["noop_sync"] <= 1.0)
    if "first_frame" in demo:
        check(f"first frame on the demo corpus {demo['first_frame']:.2f} s <= 1 s", demo["first_frame"] <= 1.0)
    if "keypress" in app:
        check(f"keypress-to-results p95 {app['keypress']['p95'] * 1000:.0f} ms <= 150 ms",
              app["keypress"]["p95"] <= 0.150)
    peaks = [x.get("peak_mb", 0) for x in (b.get("ingest", {}), q, app)]
    if size >= 100_000 and any(peaks):
        check(f"peak memory {max(peaks):.0f} MB < 500 MB", max(peaks) < 500)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--skip", default="", help="comma list of engines or stages to skip: naive, fts5, ingest, app")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the last run's ingest figures and indexes; ingest only engines without them")
    parser.add_argument("--work", type=Path, help="where indexes go (default benchmarks/_work_SIZE)")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    corpus = gen_corpus.generate(args.size, gen_corpus.default_dir(args.size))
    work = (args.work or HERE / f"_work_{args.size}").resolve()
    work.mkdir(parents=True, exist_ok=True)
    saved = work / "results.json"
    results: dict = json.loads(saved.read_text()) if args.reuse and saved.exists() else {}
    for engine in ENGINES:
        if engine in skip or (engine == "tantivy" and not tantivy_installed()):
            continue
        r = results.setdefault(engine, {})
        if "ingest" not in skip and not (args.reuse and "seconds" in r.get("ingest", {})):
            r["ingest"] = stage("ingest", engine, corpus, work)
            saved.write_text(json.dumps(results, indent=1))
        r["query"] = stage("query", engine, corpus, work)
        if engine in MINE and "app" not in skip:
            r["app_demo"] = stage("app", engine, Path("demo"), work / "demo")
            r["app"] = stage("app", engine, corpus, work)
        saved.write_text(json.dumps(results, indent=1))
    print(f"\nbriefing benchmark: {args.size:,} generated articles")
    print(f"machine: {machine()}")
    print(f"command: python benchmarks/run.py --size {args.size}" + (f" --skip {args.skip}" if args.skip else ""))
    for mine in MINE:
        if not results.get(mine):
            continue
        print()
        print(table(args.size, results, mine))
        print()
        print(f"targets, {MINE[mine]}:")
        print("\n".join(verdict(args.size, results, mine)))
    return 0


def tantivy_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("tantivy") is not None


if __name__ == "__main__":
    sys.exit(main())
