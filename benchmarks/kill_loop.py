"""Kill `briefing index --rebuild` at random moments and check the next command copes.

    python benchmarks/kill_loop.py [--kills 25] [--size 300] [--seed 1] [--work DIR]

A corpus of --size generated articles is indexed once to learn how long a rebuild
takes; then, --kills times, a rebuild is started and SIGKILLed after a random delay
within that time (alternately the whole process group, as a crash or `kill -9` of a
terminal would, and the main process alone, leaving its worker processes orphaned).
After every kill the index in place must hold every article (a rebuild is built beside
it and swapped in whole), `briefing search` must exit 0 with parseable JSON and no traceback,
and every few rounds `briefing index` must leave a complete index. The corpus files
must be byte-for-byte unchanged at the end. Prints a tally; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def corpus_digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def make_corpus(out: Path, size: int, seed: int) -> Path:
    from gen_corpus import generate

    generate(size, out, seed=seed, workers=1)
    return out


class Runner:
    def __init__(self, corpus: Path, work: Path):
        self.corpus = corpus
        self.env = dict(os.environ, BRIEFING_DATA_DIR=str(work / "data"),
                        BRIEFING_CONFIG_DIR=str(work / "config"), PYTHONUNBUFFERED="1")
        self.env.pop("BRIEFING_CONFIG", None)
        self.base = [sys.executable, "-m", "briefing", "--corpus", str(corpus)]

    def start(self, *args: str) -> subprocess.Popen:
        # No pipes: orphaned workers holding them would make reading the output hang.
        return subprocess.Popen(self.base + list(args), env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)

    def indexed_ids(self) -> list[str]:
        """Every article id in the index, each once per copy the index holds."""
        code = ("import json, sys; from briefing.library import Library\n"
                "lib = Library.open(None, sys.argv[1:]); lib.index.open()\n"
                "print(json.dumps(sorted(a.id for a in lib.index.all_articles())))")
        proc = subprocess.run([sys.executable, "-c", code, str(self.corpus)], env=self.env, capture_output=True,
                              text=True, timeout=120)
        return json.loads(proc.stdout) if proc.returncode == 0 else []

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(self.base + list(args), env=self.env, capture_output=True, text=True,
                              timeout=timeout)


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def kill(proc: subprocess.Popen, whole_group: bool) -> bool:
    """SIGKILL the rebuild; True if its worker processes were left running."""
    try:
        if whole_group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            os.kill(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    deadline = time.monotonic() + 5
    while group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if group_alive(proc.pid):
        os.killpg(proc.pid, signal.SIGKILL)
        return True
    return False


def loop(corpus: Path, work: Path, kills: int, seed: int, log=print, check_every: int = 5) -> dict:
    rnd = random.Random(seed)
    runner = Runner(corpus, work)
    before = corpus_digest(corpus)
    t0 = time.perf_counter()
    first = runner.run("index", "--rebuild")
    full = time.perf_counter() - t0
    if first.returncode != 0:
        raise SystemExit(f"the first build failed:\n{first.stderr}")
    expected_ids = runner.indexed_ids()
    tally = {"kills": 0, "finished_before_kill": 0, "searches_ok": 0, "rebuild_notes": 0,
             "index_checks_ok": 0, "failures": [], "build_seconds": round(full, 2)}
    log(f"corpus of {len(expected_ids)} articles; a rebuild takes {full:.2f} s")
    for n in range(1, kills + 1):
        proc = runner.start("index", "--rebuild")
        delay = rnd.uniform(0.0, full * 1.1)
        time.sleep(delay)
        if proc.poll() is not None:
            tally["finished_before_kill"] += 1
            proc.wait()
        else:
            if kill(proc, whole_group=n % 2 == 0):
                tally["failures"].append(f"round {n}: worker processes outlived the killed rebuild")
            tally["kills"] += 1
        # A rebuild is built beside the index it replaces: whenever it is killed, the
        # index in place must still hold every article, before any command repairs it.
        held = runner.indexed_ids()
        if held != expected_ids:
            tally["failures"].append(f"round {n} (killed after {delay:.2f} s): the index in place holds "
                                     f"{len(held)} of {len(expected_ids)} articles")
        after = runner.run("search", "korea", "--json")
        problem = ""
        if after.returncode != 0:
            problem = f"search exit {after.returncode}"
        elif "Traceback" in after.stderr:
            problem = "traceback"
        else:
            try:
                json.loads(after.stdout)
            except ValueError:
                problem = "output is not JSON"
        if "rebuilding" in after.stderr:
            tally["rebuild_notes"] += 1
        if problem:
            tally["failures"].append(f"round {n} (killed after {delay:.2f} s): {problem}: "
                                     f"{after.stderr.strip()[-400:]}")
        else:
            tally["searches_ok"] += 1
        if n % check_every == 0 or n == kills:
            check = runner.run("index")
            ids = runner.indexed_ids()
            if check.returncode == 0 and ids == expected_ids and "Traceback" not in check.stderr:
                tally["index_checks_ok"] += 1
            else:
                tally["failures"].append(f"round {n}: index holds {len(ids)} of {len(expected_ids)} articles "
                                         f"(exit {check.returncode}) {check.stderr.strip()[-300:]}")
        log(f"round {n:>3}: {'killed' if proc.returncode and proc.returncode < 0 else 'finished'} after "
            f"{delay:.2f} s -> {problem or 'ok'}")
    if corpus_digest(corpus) != before:
        tally["failures"].append("the corpus files changed")
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=25)
    ap.add_argument("--size", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="briefing-kill-") as tmp:
        work = args.work or Path(tmp)
        corpus = make_corpus(work / "corpus", args.size, args.seed)
        tally = loop(corpus, work, args.kills, args.seed)
    print(json.dumps({k: v for k, v in tally.items() if k != "failures"}))
    for f in tally["failures"]:
        print("FAIL", f)
    return 1 if tally["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
