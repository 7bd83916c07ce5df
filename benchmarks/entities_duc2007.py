"""Entity merges and types on real news stories, against hand-made references.

``python benchmarks/entities_duc2007.py DATA [--gold FILE] [-v]``: DATA holds one folder
per story (the DUC 2007 layout); each story named in the gold file is read as a corpus
of its own, with the default offline engine, and compared with the gold entities:

- split: one real entity shown as two (a form of it in another entity, or another
  entity shown under one of its forms);
- wrong merge: an entity holding a form the gold says is someone (or something) else,
  or two gold entities in one;
- wrong type: the entity's type is not the gold's, or a form that is never a person
  is shown as one;
- missing: a gold name or alias found in no entity (reported, not counted as a split).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.corpus import load_articles  # noqa: E402
from briefing.entities import EntityStore  # noqa: E402
from briefing.entities.tokens import name_key  # noqa: E402

GOLD = ROOT / "benchmarks" / "data" / "entities_duc2007_gold.yaml"


def story_table(folder: Path):
    with tempfile.TemporaryDirectory() as tmp:
        store = EntityStore.open(Path(tmp))
        store.update(load_articles([str(folder)]), [])
        table = store.table
        # Everything the checks need is read now, while the store is open.
        return [(e.name, e.type, list(e.aliases), e.mentions) for e in table.entities()]


def check_story(entities: list[tuple], gold: dict) -> dict:
    forms_of = []  # per entity: the name keys of its name and aliases
    shown = {}  # name key of a display name -> entity index
    for i, (name, _type, aliases, _m) in enumerate(entities):
        forms_of.append({name_key(name)} | {name_key(a) for a in aliases})
        shown.setdefault(name_key(name), i)
    holders: dict[str, list[int]] = {}
    for i, forms in enumerate(forms_of):
        for f in forms:
            holders.setdefault(f, []).append(i)
    out = {"split": [], "merge": [], "type": [], "missing": [], "checked": 0}
    main_of: dict[int, str] = {}
    for g in gold["entities"]:
        out["checked"] += 1
        name = g["name"]
        forms = [name, *g.get("aliases", [])]
        keys = [name_key(f) for f in forms]
        # The entity that holds the gold name: the one shown under it, else the most
        # mentioned that lists it, else the one that holds most of its forms.
        main = shown.get(keys[0])
        if main is None and holders.get(keys[0]):
            main = min(holders[keys[0]])
        if main is None:
            counts: dict[int, int] = {}
            for k in keys:
                for i in holders.get(k, []):
                    counts[i] = counts.get(i, 0) + 1
            main = min(counts, key=lambda i: (-counts[i], i)) if counts else None
        if main is None:
            out["missing"].append(f"{name} (no entity)")
            continue
        ename, etype, _aliases, _m = entities[main]
        label = f"{name} [as {ename!r}]" if name_key(ename) != keys[0] else name
        if main in main_of:
            out["merge"].append(f"{label}: one entity with {main_of[main]}")
        else:
            main_of[main] = name
        for form, k in zip(forms, keys):
            if k not in holders:
                if form != name:
                    out["missing"].append(f"{name}: {form!r} in no entity")
                continue
            if main not in holders[k]:
                others = sorted({entities[i][0] for i in holders[k]})
                out["split"].append(f"{label}: {form!r} is in {', '.join(others)}")
            elif k in shown and shown[k] != main:
                out["split"].append(f"{label}: {form!r} is also shown as its own entity")
        for bad in g.get("not", []):
            if name_key(bad) in forms_of[main]:
                out["merge"].append(f"{label}: holds {bad!r}")
        want = g["type"]
        if etype != want:
            out["type"].append(f"{label}: {etype}, not {want}")
    for bad in gold.get("not_person", []):
        for i in holders.get(name_key(bad), []):
            if entities[i][1] == "PERSON":
                out["type"].append(f"{bad!r} is a PERSON (in {entities[i][0]!r})")
    return out


def main() -> int:
    args = sys.argv[1:]
    verbose = "-v" in args
    if verbose:
        args.remove("-v")
    gold_path = GOLD
    if "--gold" in args:
        i = args.index("--gold")
        gold_path = Path(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    data = Path(args[0])
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    totals = {"split": 0, "merge": 0, "type": 0, "missing": 0, "checked": 0}
    for story, g in gold.items():
        folder = data / story
        if not folder.is_dir():
            print(f"{story}: no folder {folder}", file=sys.stderr)
            return 2
        r = check_story(story_table(folder), g)
        for k in totals:
            totals[k] += r[k] if k == "checked" else len(r[k])
        print(f"{story}: {r['checked']} entities: {len(r['split'])} split, {len(r['merge'])} wrong merges, "
              f"{len(r['type'])} wrong types, {len(r['missing'])} missing")
        if verbose:
            for k, title in (("split", "split"), ("merge", "wrong merge"), ("type", "wrong type"),
                             ("missing", "missing")):
                for line in r[k]:
                    print(f"    {title}: {line}")
    print(f"total: {totals['checked']} entities: {totals['split']} split, {totals['merge']} wrong merges, "
          f"{totals['type']} wrong types, {totals['missing']} missing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
