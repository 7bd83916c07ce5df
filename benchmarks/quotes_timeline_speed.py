"""Extraction speed on real newswire: entities, quotes and dated statements per article.

    python benchmarks/quotes_timeline_speed.py DUC2007_FOLDER [--before REV]

Times, in CPU seconds of this process (best of three), over every article of the
folder: the builtin entity extractor, find_quotes (with each story's entity table,
built first and not timed) and dated_statements (sentences split first, not timed),
and prints articles per second for each and for the three together. --before REV
also runs the same timing with the briefing/quotes package, dates.py, timeline.py and
sentences.py as they were at git revision REV (a copy of the package in a
throwaway directory, in a separate process), for a before/after comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A module is named by its path without ".py": at a revision it may be one file or a package.
# The text primitives moved from briefing/ to briefing/text/ and the timeline into notes/; a
# baseline revision gets each in the form it had then.
MODULES = ("briefing/quotes", "briefing/dates", "briefing/timeline", "briefing/sentences",
           "briefing/text", "briefing/notes/timeline")


def best(fn, runs: int = 3) -> float:
    took = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        took = min(took, time.process_time() - t0)
    return took


def restore(rev: str, module: str, tmp: Path) -> None:
    """Put ``module`` in ``tmp`` as it was at ``rev``: a one-file module that is a package
    now (or the other way round) must not leave today's form behind, which Python would
    import instead; a module that did not exist then is removed."""
    for form in (tmp / module, tmp / f"{module}.py"):
        if form.is_dir():
            shutil.rmtree(form)
        elif form.exists():
            form.unlink()
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "-r", "--name-only", rev, "--",
                             f"{module}.py", module], capture_output=True, text=True)
    for name in listed.stdout.split():
        old = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{name}"], capture_output=True, text=True)
        target = tmp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(old.stdout, encoding="utf-8")


def measure(corpus: Path) -> dict:
    from briefing.corpus import load_articles
    from briefing.entities import EntityStore
    from briefing.entities.extract import extract_summary
    from briefing.entities.lexicon import load_lexicon
    from briefing.quotes import find_quotes
    try:
        from briefing.text.sentences import split_sentences
    except ImportError:  # a baseline from before the text package
        from briefing.sentences import split_sentences
    try:
        from briefing.notes.timeline import dated_statements
    except ImportError:
        try:
            from briefing.timeline import dated_statements
        except ImportError:  # before the timeline module: the note's own choice of dated sentences
            dated_statements = None

    stories = sorted(p for p in corpus.iterdir() if p.is_dir() and p.name.startswith("D"))
    built = []
    with tempfile.TemporaryDirectory() as tmp:
        for story in stories:
            articles = load_articles([str(story)])
            store = EntityStore.open(Path(tmp) / story.name)
            store.update(articles, [])
            built.append((articles, store.table))
        articles = [a for arts, _ in built for a in arts]
        sentences = {a.id: split_sentences(a) for a in articles}
        lex = load_lexicon()
        find_quotes(articles[0], built[0][1])
        if dated_statements is not None:
            dated_statements(articles[0], sentences[articles[0].id])

        def quotes():
            for arts, table in built:
                for a in arts:
                    find_quotes(a, table)

        def dates():
            if dated_statements is not None:
                for a in articles:
                    dated_statements(a, sentences[a.id])
            else:
                try:
                    from briefing.text.dates import find_dates
                except ImportError:
                    from briefing.dates import find_dates
                for a in articles:
                    for s in sentences[a.id]:
                        find_dates(s.text, a.published)

        def entities():
            for a in articles:
                extract_summary(a.text, lex)

        out = {"articles": len(articles), "entities": best(entities), "quotes": best(quotes),
               "timeline": best(dates)}
    return out


def report(label: str, r: dict) -> None:
    n = r["articles"]
    total = r["entities"] + r["quotes"] + r["timeline"]
    print(f"{label}: {n} articles; articles/s: entities {n / r['entities']:.0f}, quotes {n / r['quotes']:.0f}, "
          f"timeline {n / r['timeline']:.0f}, quotes+timeline {n / (r['quotes'] + r['timeline']):.0f}, "
          f"all three {n / total:.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the DUC 2007 folder (story folders inside)")
    parser.add_argument("--before", metavar="REV", help="also time the modules as they were at git REV")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.corpus)))
        return 0
    if args.before:
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(ROOT / "briefing", Path(tmp) / "briefing")
            for module in MODULES:
                restore(args.before, module, Path(tmp))
            env = dict(os.environ, PYTHONPATH=tmp)
            done = subprocess.run([sys.executable, "-c",
                                   "import sys, runpy; sys.argv = sys.argv[1:]; "
                                   "runpy.run_path(sys.argv[0], run_name='__main__')",
                                   str(Path(__file__)), str(args.corpus), "--json"],
                                  capture_output=True, text=True, env=env, cwd=tmp)
            if done.returncode != 0:
                print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "the old run failed")
                return 1
            report(f"before ({args.before})", json.loads(done.stdout.strip().splitlines()[-1]))
    sys.path.insert(0, str(ROOT))
    report("now", measure(args.corpus))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
