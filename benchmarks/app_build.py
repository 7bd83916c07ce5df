"""A first build from the app against `briefing index`, on the same folder, in one run.

    python benchmarks/app_build.py CORPUS_DIR [--runs 3] [--engine whoosh|tantivy]

Each run starts from an empty data folder. The CLI figure is the wall time of
`briefing index`; the app figure is the time from launching `briefing --corpus DIR` in a
real terminal (tmux) until its status line shows every article and "index up to date".
The two alternate so that a noisy machine slows both alike; prints the medians and their
ratio (the target: the app within 1.3x of the CLI).
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


def _script() -> str:
    found = Path(sys.executable).with_name("briefing")
    return str(found) if found.exists() else (shutil.which("briefing") or "briefing")


def _env(data: Path, config: Path | None) -> dict:
    env = dict(os.environ, BRIEFING_DATA_DIR=str(data))
    if config is not None:
        env["BRIEFING_CONFIG_DIR"] = str(config)
    return env


def cli_build(corpus: Path, work: Path, config: Path | None) -> tuple[float, int]:
    data = work / "cli-data"
    shutil.rmtree(data, ignore_errors=True)
    started = time.perf_counter()
    proc = subprocess.run([_script(), "--corpus", str(corpus), "index"], env=_env(data, config),
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"briefing index failed: {proc.stderr.strip()}")
    m = re.search(r"Indexed (\d+) new", proc.stdout)
    return seconds, int(m.group(1)) if m else 0


def app_build(corpus: Path, work: Path, config: Path | None, expected: int, timeout: float = 900) -> float:
    data = work / "app-data"
    shutil.rmtree(data, ignore_errors=True)
    session = f"briefing-bench-{os.getpid()}"
    env = " ".join(f"{k}={v}" for k, v in _env(data, config).items() if k.startswith("BRIEFING_"))
    started = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "36",
                    f"env {env} {_script()} --corpus {corpus}"], check=True)
    want = f"{expected} articles · index up to date"
    try:
        while time.perf_counter() - started < timeout:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                    text=True).stdout
            if want in screen:
                return time.perf_counter() - started
            if "index error" in screen:
                raise SystemExit("the app's build failed:\n" + screen)
            time.sleep(0.05)
        raise SystemExit(f"the app did not finish within {timeout:.0f} s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--engine", choices=("whoosh", "tantivy"), default="whoosh")
    args = ap.parse_args(argv)
    if shutil.which("tmux") is None:
        print("needs tmux", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="briefing-app-build-") as tmp:
        work = Path(tmp)
        config = None
        if args.engine != "whoosh":
            config = work / "config"
            config.mkdir()
            (config / "config.yaml").write_text(f"search:\n  engine: {args.engine}\n", encoding="utf-8")
        cli, app = [], []
        for n in range(args.runs):
            seconds, count = cli_build(args.corpus, work, config)
            cli.append(seconds)
            app.append(app_build(args.corpus, work, config, count))
            print(f"run {n + 1}: {count} articles · briefing index {cli[-1]:.2f} s · app {app[-1]:.2f} s",
                  flush=True)
        c, a = statistics.median(cli), statistics.median(app)
        print(f"median: briefing index {c:.2f} s · app first build {a:.2f} s · ratio {a / c:.2f} "
              f"(target <= 1.30) [{args.engine}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
