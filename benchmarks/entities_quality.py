"""Entity quality against hand-written gold: seeds and an unrelated article set, precision and recall."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.corpus import load_articles  # noqa: E402
from briefing.entities import EntityStore  # noqa: E402
from briefing.entities.tokens import name_key  # noqa: E402

DATA = ROOT / "tests" / "data" / "entities"
SETS = {
    "seeds": (ROOT / "seeds", DATA / "seeds_gold.yaml"),
    "world": (DATA / "world", DATA / "world_gold.yaml"),
}


def table_for(corpus: Path, directory: Path):
    store = EntityStore.open(directory)
    store.update(load_articles([str(corpus)]), [])
    return store.table


def score(table, gold: list[dict]) -> dict:
    """An entity found matches a gold entity when the types agree and its name or an
    alias is the gold name or alias; a second match for one gold entity is a split
    and counts against precision. Gold articles must all be listed."""
    keys = {}
    for i, g in enumerate(gold):
        for form in [g["name"], *g.get("aliases", [])]:
            keys.setdefault(name_key(form), i)
    matched: dict[int, str] = {}
    false_pos, splits, wrong_articles = [], [], []
    for ent in table.entities():
        hits = {keys[k] for k in [name_key(ent.name), *map(name_key, ent.aliases)] if k in keys}
        hits = {i for i in hits if gold[i]["type"] == ent.type}
        if not hits:
            false_pos.append(f"{ent.name} ({ent.type})")
            continue
        i = min(hits)
        if i in matched:
            splits.append(f"{ent.name} (split of {gold[i]['name']})")
            continue
        matched[i] = ent.name
        missing = [p for p in gold[i]["articles"] if not any(a.startswith(str(p)) for a in ent.articles)]
        if missing:
            wrong_articles.append(f"{gold[i]['name']}: not listed in {missing}")
    found = len(table.entities())
    missed = [f"{g['name']} ({g['type']})" for i, g in enumerate(gold) if i not in matched]
    return {
        "precision": len(matched) / found if found else 0.0,
        "recall": len(matched) / len(gold) if gold else 0.0,
        "false_positives": false_pos,
        "splits": splits,
        "missed": missed,
        "articles": wrong_articles,
    }


def run(name: str, directory: Path) -> dict:
    corpus, gold_path = SETS[name]
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    return score(table_for(corpus, directory), gold)


def main() -> int:
    import tempfile

    ok = True
    for name in SETS:
        with tempfile.TemporaryDirectory() as tmp:
            r = run(name, Path(tmp))
        print(f"{name:6} precision {r['precision']:.3f}  recall {r['recall']:.3f}")
        for label in ("false_positives", "splits", "missed", "articles"):
            if r[label]:
                print(f"       {label}: {'; '.join(r[label])}")
        ok &= r["precision"] >= 0.90 and r["recall"] >= 0.95
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
