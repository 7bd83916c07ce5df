"""Key points on real multi-source news: ROUGE-1/2 recall on the DUC 2007 clusters that
have human summaries, every ranking method side by side in one run, beside the lead
baseline (first 250 words of the newest article).

    python benchmarks/notes_duc.py DUC2007_DIR [--part tune|test|all] [--words 250]

DUC2007_DIR holds one folder of .md articles a cluster, ``topics.json`` and ``refs/``
(four human summaries a cluster). The clusters with summaries are split by their sorted
order: the first 11 ("tune") are the ones the concept weights were chosen on, the other
12 ("test") were not looked at while tuning. Built in-process with the query words the
search would lean towards; ``python <scorer> $(which briefing)`` runs the CLI itself.
The data is for measuring only: nothing of it belongs in the project.
Needs ``pip install rouge-score``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import json
import os
import re
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from briefing.corpus import load_articles  # noqa: E402
from briefing.notes import METHODS, build_note  # noqa: E402
from briefing.notes import concepts  # noqa: E402
from briefing.notes.sections import key_points as kp  # noqa: E402
from briefing.scope import Scope  # noqa: E402
from briefing.search.analysis import term  # noqa: E402

STOP = set("a an and are as at be by for from has have in is it of on or that the to was were with what "
           "which who why how include discuss describe".split())
TUNE = 11


def first_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


def clusters(root: str, part: str) -> list[str]:
    topics = json.load(open(os.path.join(root, "topics.json")))
    have = [c for c in sorted(topics) if glob.glob(os.path.join(root, "refs", c[:5] + ".*.txt"))]
    return {"tune": have[:TUNE], "test": have[TUNE:], "all": have}[part]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data")
    parser.add_argument("--part", choices=("tune", "test", "all"), default="all")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--tuning", default="", help="Tuning fields, e.g. min_articles=3,position=0.5")
    args = parser.parse_args(argv)
    from rouge_score import rouge_scorer

    if args.tuning:
        fields = {k: float(v) for k, v in (x.split("=") for x in args.tuning.split(","))}
        concepts.DEFAULT_TUNING.__init__(**{**concepts.DEFAULT_TUNING.__dict__, **fields})
        kp.key_points.__defaults__ = (kp.key_points.__defaults__[0], concepts.DEFAULT_TUNING)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    topics = json.load(open(os.path.join(args.data, "topics.json")))
    methods = args.methods.split(",")
    scores: dict[str, list[tuple[float, float]]] = {m: [] for m in [*methods, "lead"]}
    for c in clusters(args.data, args.part):
        refs = [open(p).read() for p in sorted(glob.glob(os.path.join(args.data, "refs", c[:5] + ".*.txt")))]
        query = [term(w.lower()) for w in re.findall(r"[A-Za-z]+", topics[c]["title"]) if w.lower() not in STOP]
        articles = sorted(load_articles([Path(args.data) / c]),
                          key=lambda a: (-(a.published or dt.date.min).toordinal(), a.id))
        texts = {"lead": first_words(articles[0].body, args.words)}
        for m in methods:
            note = build_note(articles, Scope(" ".join(query)), today=dt.date(2026, 1, 1), method=m,
                              query_terms=sorted(set(query)), key_points_words=args.words)
            texts[m] = first_words(" ".join(p.text for p in note.key_points), args.words)
        line = []
        for name, text in texts.items():
            got = [scorer.score(ref, text) for ref in refs]
            scores[name].append((statistics.mean(g["rouge1"].recall for g in got),
                                 statistics.mean(g["rouge2"].recall for g in got)))
            line.append(f"{name} {scores[name][-1][1]:.4f}")
        print(f"{c}  ROUGE-2 R  " + "  ".join(line), flush=True)
    for name, v in scores.items():
        print(f"{name:18s} ROUGE-1 R {statistics.mean(x[0] for x in v):.4f}  "
              f"ROUGE-2 R {statistics.mean(x[1] for x in v):.4f}  ({len(v)} clusters, {args.part})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
