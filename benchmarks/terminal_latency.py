"""Keypress-to-results and first frame, measured where the user sees them: the installed
``briefing`` in a real terminal (tmux), read back from the screen.

For each query the script types ``/``, the query and Enter in one burst (as a fast typist
or a paste would), and times from that keystroke to the moment the status line shows the
query's result count (taken beforehand from ``briefing search``). Between queries Esc
clears the search, so the same count twice cannot be mistaken for an answer. The first
frame is the time from launch to a screen showing the article count and "index up to date".
Screen polls are about 2-5 ms apart, which bounds the resolution.

    python benchmarks/terminal_latency.py --size 10000 --engine tantivy
    python benchmarks/terminal_latency.py --corpus DIR --rounds 2
    python benchmarks/terminal_latency.py --size 10000 --data DIR   # keep the index for the next run
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

#: Mixed kinds, as a user's session has them: words, phrases, booleans, fields, fuzzy,
#: prefixes and dates.
#: Each has results on the generated corpus (one without is not timed), so two rounds
#: make 30 searches.
QUERIES = ["minister", '"prime minister"', "talks AND border", "election OR vote", "harbor -strike",
           "title:minister", "ministr~", "minis*", "published:>2020", "summit NOT trade",
           "energy", "court ruling", '"central bank"', "protest OR rally", 'source:"Metro Herald"']

SESSION = "briefing-latency"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-t", SESSION, "-p")


def wait_for(pattern: re.Pattern, timeout: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if pattern.search(screen()):
            return time.perf_counter() - started
        time.sleep(0.002)
    return None


def expected_count(env: dict, corpus: Path, query: str) -> int | None:
    out = subprocess.run(briefing_cmd() + ["--corpus", str(corpus), "search", query, "--limit", "1"],
                         env=env, capture_output=True, text=True).stdout
    m = re.match(r"(\d+) results?", out.strip())
    return int(m.group(1)) if m else None


def briefing_cmd() -> list[str]:
    exe = shutil.which("briefing")
    return [exe] if exe else [sys.executable, "-m", "briefing"]


def run(corpus: Path, engine: str, rounds: int, size: tuple[int, int], data: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        # An index kept in ``data`` (one per engine) is brought up to date, not rebuilt.
        data_dir = data / engine if data else Path(tmp, "data")
        env = dict(os.environ, BRIEFING_DATA_DIR=str(data_dir), BRIEFING_CONFIG_DIR=str(Path(tmp, "cfg")))
        Path(tmp, "cfg").mkdir()
        Path(tmp, "cfg", "config.yaml").write_text(f"search:\n  engine: {engine}\n", encoding="utf-8")
        subprocess.run(briefing_cmd() + ["--corpus", str(corpus), "index"], env=env, check=True,
                       capture_output=True)
        counts = {q: expected_count(env, corpus, q) for q in QUERIES} if rounds else {}
        launch = " ".join(f"{k}={v}" for k, v in env.items() if k.startswith("BRIEFING_"))
        command = f"env {launch} {' '.join(briefing_cmd())} --corpus {corpus}"
        tmux("kill-session", "-t", SESSION)
        started = time.perf_counter()
        tmux("new-session", "-d", "-s", SESSION, "-x", str(size[0]), "-y", str(size[1]), command)
        ready = wait_for(re.compile(r"\d+ articles .*index up to date"), 60)
        first_frame = ready if ready is None else time.perf_counter() - started
        times: list[float] = []
        missed: list[str] = []
        try:
            for _ in range(rounds):
                for q, n in counts.items():
                    if n is None:
                        missed.append(q)
                        continue
                    tmux("send-keys", "-t", SESSION, "Escape")
                    wait_for(re.compile(r"^(?!.*\d+ results?).*index up to date", re.M), 5)
                    tmux("send-keys", "-t", SESSION, "-l", "/" + q)
                    tmux("send-keys", "-t", SESSION, "Enter")
                    took = wait_for(re.compile(rf"· {n} results? ·"), 10)
                    if took is None:
                        missed.append(q)
                    else:
                        times.append(took)
        finally:
            tmux("send-keys", "-t", SESSION, "q")
            time.sleep(0.3)
            tmux("kill-session", "-t", SESSION)
    return {"first_frame": first_frame, "times": times, "missed": missed}


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a folder of articles (default: a generated one)")
    parser.add_argument("--size", type=int, default=10000, help="articles to generate without --corpus")
    parser.add_argument("--engine", default="whoosh", choices=("whoosh", "tantivy"))
    parser.add_argument("--rounds", type=int, default=2, help="passes over the queries")
    parser.add_argument("--demo-frames", type=int, default=5, help="first-frame runs on the demo corpus")
    parser.add_argument("--data", type=Path, help="keep the corpus's index here between runs (default: a new one)")
    args = parser.parse_args(argv)
    if not shutil.which("tmux"):
        print("tmux is needed to drive a real terminal", file=sys.stderr)
        return 2
    corpus = args.corpus
    if corpus is None:
        from benchmarks.gen_corpus import default_dir, generate

        corpus = generate(args.size, default_dir(args.size))
    r = run(corpus, args.engine, args.rounds, (120, 36), args.data)
    t = r["times"]
    print(f"{corpus.name}, briefing on {args.engine}, 120x36 tmux;"
          f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if t:
        print(f"  keypress to results: p50 {statistics.median(t) * 1000:.0f} ms, p95 {pct(t, 95) * 1000:.0f} ms"
              f" over {len(t)} searches")
    if r["missed"]:
        print(f"  no answer seen for: {', '.join(sorted(set(r['missed'])))}")
    ff = r["first_frame"]
    print(f"  first full frame, this corpus: {ff:.2f} s" if ff else "  first frame not seen in 60 s")
    demo = HERE.parent / "seeds"
    frames = [run(demo, args.engine, 0, (120, 36))["first_frame"] for _ in range(args.demo_frames)]
    frames = [f for f in frames if f]
    if frames:
        print(f"  first full frame, demo corpus: median {statistics.median(frames):.2f} s over {len(frames)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
