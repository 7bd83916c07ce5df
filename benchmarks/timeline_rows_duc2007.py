"""The note's timeline rows on real stories: are restatements of one date merged, and do
the dates most sources report make the cut?

    python benchmarks/timeline_rows_duc2007.py DUC2007_FOLDER [--limit N] [-v]

For each story folder, every article's dated statements (the real reader, sentence
splitter and dated_statements) go through timeline_rows with the note's cap, and the
script prints, per story and in total:

- statements, distinct dates, rows before the cap and rows kept;
- merged: statements that went into another statement's row (restatements folded);
- dates shown twice: kept rows whose date another kept row also has, while some date
  with statements has no row at all (a restatement crowding out an event);
- top dates kept: of the five dates reported by the most articles (two at least), how
  many have a row.

No gold is needed: these are properties of the rows themselves. -v lists, per story,
the kept rows with their date, article count and statement count.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.corpus import load_articles  # noqa: E402
from briefing.notes.timeline import dated_statements, timeline_rows  # noqa: E402
from briefing.text.sentences import split_sentences  # noqa: E402


def story_figures(folder: Path, limit: int, verbose: bool) -> dict[str, int]:
    statements = []
    for article in load_articles([str(folder)]):
        statements.extend(dated_statements(article, split_sentences(article)))
    key = lambda s: (s.date, s.precision, s.end_date)  # noqa: E731
    all_rows = timeline_rows(statements, limit=None)
    kept = timeline_rows(statements, limit=limit)
    dates = {key(s) for s in statements}
    kept_dates = Counter((r.date, r.precision, r.end_date) for r in kept)
    missing = dates - set(kept_dates)
    twice = sum(n - 1 for n in kept_dates.values() if n > 1) if missing else 0
    support = Counter()
    for d in dates:
        support[d] = len({s.article_id for s in statements if key(s) == d})
    # Dates two or more articles report, most reported first (ties by date, so that a
    # run is repeatable); a date only one article gives is no story's common ground.
    top = [d for d in sorted(support, key=lambda d: (-support[d], d[0], d[1])) if support[d] >= 2][:5]
    if verbose:
        print(f"\n{folder.name}:")
        for r in kept:
            print(f"  {r.date_text:<10} {r.precision:<5} {len(r.article_ids):>2} articles "
                  f"{len(r.statements):>2} statements  {r.sentence[:70]!r}")
    return {
        "statements": len(statements),
        "distinct dates": len(dates),
        "rows before the cap": len(all_rows),
        "rows kept": len(kept),
        "merged": len(statements) - len(all_rows),
        "dates shown twice": twice,
        "top dates kept": sum(1 for d in top if d in kept_dates),
        "top dates": len(top),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="the DUC 2007 folder (story folders inside)")
    parser.add_argument("--limit", type=int, default=15, help="the note's row cap (15)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list each story's kept rows")
    args = parser.parse_args(argv)
    stories = sorted(p for p in args.corpus.iterdir() if p.is_dir() and re.fullmatch(r"D\d+\w", p.name))
    if not stories:
        print(f"{args.corpus}: no story folders", file=sys.stderr)
        return 2
    total: Counter = Counter()
    for folder in stories:
        figures = story_figures(folder, args.limit, args.verbose)
        total.update(figures)
        if not args.verbose:
            print(f"{folder.name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    print(f"\ntotal over {len(stories)} stories:")
    for k, v in total.items():
        print(f"  {k:<22} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
