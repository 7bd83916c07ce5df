"""Key-point quality: ROUGE-1/2 recall of each ranking method against hand-written
reference summaries, next to a lead baseline (first sentences of the newest article).

    python benchmarks/notes_quality.py [--budget WORDS]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from briefing.corpus import Article, load_articles  # noqa: E402
from briefing.notes import DEFAULT_METHOD, METHODS, build_note, candidate  # noqa: E402
from briefing.scope import Scope  # noqa: E402
from briefing.text.sentences import split_sentences  # noqa: E402
from whoosh.lang.porter import stem  # noqa: E402

CLUSTERS = HERE / "data" / "clusters"


def tokens(text: str) -> list[str]:
    """ROUGE tokens: lower case, alphanumeric, Porter-stemmed (ROUGE-1.5.5 with -m)."""
    return [stem(t) for t in re.findall(r"[a-z0-9]+", text.lower())]


def ngrams(toks: list[str], n: int) -> Counter:
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def recall(summary: str, reference: str, n: int) -> float:
    ref = ngrams(tokens(reference), n)
    got = ngrams(tokens(summary), n)
    total = sum(ref.values())
    return sum(min(c, got[g]) for g, c in ref.items()) / total if total else 0.0


def clip(sentences: list[str], budget: int) -> str:
    """Sentences in order until ``budget`` words, the last one cut: equal length for all."""
    out: list[str] = []
    for s in sentences:
        words = s.split()
        room = budget - sum(len(x.split()) for x in out)
        if room <= 0:
            break
        out.append(" ".join(words[:room]))
    return " ".join(out)


def load_cluster(folder: Path) -> tuple[list[Article], dict]:
    meta = yaml.safe_load((folder / "cluster.yaml").read_text(encoding="utf-8"))
    source = (folder / meta.get("articles", "articles")).resolve()
    articles = load_articles([source])
    # Newest first, as a date-sorted result list would hand them to build_note.
    articles.sort(key=lambda a: (a.published or dt.date.min, a.id), reverse=True)
    return articles, meta


def lead(articles: list[Article]) -> list[str]:
    newest = articles[0]
    return [s.text for s in split_sentences(newest) if not s.in_title and candidate(s)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=100, help="summary length in words")
    args = parser.parse_args(argv)

    systems: dict[str, callable] = {"lead (newest article)": lambda arts, meta: lead(arts)}
    for name in METHODS:
        systems[name] = (lambda m: lambda arts, meta: [
            p.text for p in build_note(arts, Scope(), today=dt.date(2026, 1, 1), method=m).key_points
        ])(name)
    systems[f"{DEFAULT_METHOD} + query"] = lambda arts, meta: [
        p.text for p in build_note(arts, Scope(meta["query"]), today=dt.date(2026, 1, 1),
                                   query_terms=meta["query"].split()).key_points
    ]

    folders = sorted(p for p in CLUSTERS.iterdir() if (p / "cluster.yaml").exists())
    scores: dict[str, list[tuple[float, float]]] = {name: [] for name in systems}
    print(f"{len(folders)} clusters, summaries clipped to {args.budget} words\n")
    header = f"{'system':<26}" + "".join(f"{f.name[:12]:>14}" for f in folders) + f"{'mean R1':>10}{'mean R2':>10}"
    print(header)
    for name, system in systems.items():
        row = f"{name:<26}"
        for folder in folders:
            articles, meta = load_cluster(folder)
            summary = clip(system(articles, meta), args.budget)
            r1, r2 = recall(summary, meta["reference"], 1), recall(summary, meta["reference"], 2)
            scores[name].append((r1, r2))
            row += f"{r1:>7.3f}/{r2:<6.3f}"
        m1 = sum(s[0] for s in scores[name]) / len(folders)
        m2 = sum(s[1] for s in scores[name]) / len(folders)
        print(row + f"{m1:>10.3f}{m2:>10.3f}")
    print("\ncells are ROUGE-1/ROUGE-2 recall; default ranker:", DEFAULT_METHOD)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
