"""Stories and copies on a real mixed corpus: DUC 2007's 45 topics in one folder.

    python benchmarks/stories_duc2007.py DATA [--copies 50]

DATA holds one folder per topic (each one story). The articles are grouped by
briefing.stories exactly as a sync does it, and the stories are compared with the
folders: B-cubed precision, recall and F1 (target F1 >= 0.90). Then copies of 50
articles are made at run time, in a temporary folder only, with a changed headline,
a new dateline and the last paragraph cut: all must fold into their original, and no
two of the original articles may fold into each other.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
import time
from pathlib import Path

from briefing.corpus import Article, load_articles
from briefing.stories import StoryStore


def bcubed(gold: dict[str, str], found: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of clustering ``found`` against ``gold`` (item: label)."""
    by_gold: dict[str, set[str]] = {}
    by_found: dict[str, set[str]] = {}
    for item, g in gold.items():
        by_gold.setdefault(g, set()).add(item)
        by_found.setdefault(found[item], set()).add(item)
    p = r = 0.0
    for item in gold:
        same_found = by_found[found[item]]
        same_gold = by_gold[gold[item]]
        both = len(same_found & same_gold)
        p += both / len(same_found)
        r += both / len(same_gold)
    n = len(gold)
    p, r = p / n, r / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def exact_jaccard(a: str, b: str) -> float:
    def grams(t: str) -> set[str]:
        w = t.lower().split()
        return {" ".join(w[i:i + 5]) for i in range(max(1, len(w) - 4))}
    ga, gb = grams(a), grams(b)
    return len(ga & gb) / max(1, len(ga | gb))


def read(data: Path) -> tuple[list[Article], dict[str, str]]:
    arts: list[Article] = []
    gold: dict[str, str] = {}
    for folder in sorted(p for p in data.iterdir() if p.is_dir() and p.name != "refs"):
        for art in load_articles([folder]):
            art = dataclasses.replace(art, id=f"{folder.name}/{art.id}")
            arts.append(art)
            gold[art.id] = folder.name
    return arts, gold


def make_copies(arts: list[Article], n: int, seed: int = 7) -> list[tuple[Article, str]]:
    """Copies of n articles (with at least three paragraphs): new headline, a
    dateline in front, last paragraph cut. Returns (copy, original id)."""
    rng = random.Random(seed)
    pool = [a for a in arts if a.body.count("\n\n") >= 3]
    out = []
    for k, art in enumerate(rng.sample(pool, n)):
        paras = art.body.split("\n\n")[:-1]
        paras[0] = f"SPRINGFIELD (Wire) -- {paras[0]}"
        copy = Article(id=f"copies/copy{k:03d}.md", path="", title=f"Update: {art.title[::-1][:40]}",
                       body="\n\n".join(paras), source=f"Outlet {k % 5}", published=art.published)
        out.append((copy, art.id))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", type=Path)
    ap.add_argument("--copies", type=int, default=50)
    args = ap.parse_args()
    arts, gold = read(args.data)
    print(f"{len(arts)} articles in {len(set(gold.values()))} folders")
    with tempfile.TemporaryDirectory() as tmp:
        store = StoryStore(Path(tmp) / "plain")
        t0 = time.perf_counter()
        store.rebuild(arts)
        secs = time.perf_counter() - t0
        found = {i: s.id for s in store.stories() for i in s.article_ids}
        p, r, f = bcubed(gold, found)
        print(f"stories: {len(store.stories())} found; B-cubed precision {p:.3f} recall {r:.3f} F1 {f:.3f} "
              f"(target >= 0.90) in {secs:.2f} s")
        own_folds = [(i, d["copy_of"]) for i, d in store.docs.items() if d.get("copy_of")]
        print(f"folded among the original articles: {len(own_folds)} pairs")
        # Exact Jaccard of the 5-word shingles, so that a fold of two originals can be
        # told apart: a re-sent or updated wire story (high) or two distinct articles.
        texts = {a.id: a.body for a in arts}
        distinct = 0
        for a, b in own_folds:
            j = exact_jaccard(texts[a], texts[b])
            distinct += j < 0.3
            print(f"   {a} -> {b}: exact shingle Jaccard {j:.2f}")
        print(f"distinct articles (exact Jaccard < 0.3) folded together: {distinct} (target 0)")

        made = make_copies(arts, args.copies)
        # The copies are written to the temp folder and read back, as a sync would.
        folder = Path(tmp) / "copies"
        folder.mkdir()
        for copy, _orig in made:
            (folder / Path(copy.id).name).write_text(
                f"---\ntitle: \"{copy.title}\"\nsource: {copy.source}\npublished: {copy.published}\n---\n\n{copy.body}\n",
                encoding="utf-8")
        by_name = {Path(a.path).name: a for a in load_articles([folder])}
        read_back = {c.id: dataclasses.replace(by_name[Path(c.id).name], id=c.id) for c, _o in made}
        store2 = StoryStore(Path(tmp) / "mixed")
        store2.rebuild(arts)
        store2.update(list(read_back.values()), [])  # incremental: the copies arrive later
        folded = sum(1 for copy, orig in made
                     if store2.docs[copy.id].get("copy_of") in (orig, store2.docs[orig].get("copy_of")))
        print(f"copies folded into their original: {folded}/{len(made)} (target {len(made)}/{len(made)})")
        t0 = time.perf_counter()
        StoryStore(Path(tmp) / "mixed").stories()
        print(f"stories list read in {1000 * (time.perf_counter() - t0):.1f} ms")
    return 0 if f >= 0.90 and folded == len(made) and not distinct else 1


if __name__ == "__main__":
    sys.exit(main())
