"""Entities as they are built and as the store keeps them: shown names, types, the user's fixes, mention counts."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from .model import PERSON, TYPES
from .overrides import Overrides
from .tokens import name_key

# A key maps to nothing, to one entity over its whole surface, or to sub-spans of it.
Mapped = None | int | tuple[tuple[int, int, int], ...]


@dataclass
class Resolved:
    """Entities as plain records (what the store saves) and what each key became.

    ``kmap[kid]`` is what key ``kid`` maps to in every article; ``exceptions[aid][kid]``
    overrides it where the article itself decided (a surname two people share).
    A record's ``articles`` is (article indices into ``aids``, mention counts), as arrays.
    """

    entities: list[dict] = field(default_factory=list)
    aids: list[str] = field(default_factory=list)
    kmap: list[Mapped] = field(default_factory=list)
    exceptions: dict[str, dict[int, Mapped]] = field(default_factory=dict)


class Acc:
    """One entity while it is being built."""

    __slots__ = ("eid", "canonical", "types", "surfaces", "aliases", "titles")

    def __init__(self, eid: str, canonical: str = "") -> None:
        self.eid = eid
        self.canonical = canonical
        self.types: Counter = Counter()
        self.surfaces: Counter = Counter()  # multi-word forms that can name it
        self.aliases: set[str] = set()
        self.titles: set[str] = set()  # titles seen before its full name ("president")

    @property
    def type(self) -> str:
        return self.types.most_common(1)[0][0] if self.types else PERSON


def display_name(a: Acc) -> str:
    if a.canonical:
        return a.canonical
    if a.surfaces:
        # The most used form; on a tie the plain ASCII-hyphen one reads best.
        return max(a.surfaces.items(), key=lambda kv: (kv[1], "‑" not in kv[0], len(kv[0])))[0]
    return min(a.aliases, key=len) if a.aliases else a.eid


def finish(docs: Sequence[tuple[str, array, array]], accs: dict[str, Acc], kmap: list,
            exceptions: dict[str, dict[int, object]], ov: Overrides) -> Resolved:
    ignore = {name_key(n) for n in ov.ignore}
    retype = {name_key(k): v for k, v in ov.retype.items()}
    # The name a user merged into (or listed aliases for) is the one shown, however
    # often the merged forms are written: "merge: {Nordvik Group: Nordvik Energy}"
    # shows Nordvik Energy.
    chosen = {name_key(v): v for v in ov.merge.values()}
    chosen.update({name_key(t): t for t in ov.aliases})
    index: dict[str, int] = {}
    names: dict[str, int] = {}
    records: list[dict] = []
    for eid, a in accs.items():
        name = a.canonical or chosen.get(eid) or display_name(a)
        if name != display_name(a):
            a.aliases |= set(a.surfaces)
        keys = {eid, name_key(name)} | {name_key(x) for x in a.aliases}
        if keys & ignore:
            index[eid] = -1
            continue
        type_ = a.type
        for k in keys:
            if k in retype:
                type_ = retype[k]
        if type_ not in TYPES:
            type_ = PERSON
        nn = name_key(name)
        if nn in names:  # two routes to one name: one entity
            idx = names[nn]
            index[eid] = idx
            records[idx]["aliases"] = sorted(set(records[idx]["aliases"]) | (a.aliases - {records[idx]["name"]}))
            continue
        idx = names[nn] = index[eid] = len(records)
        records.append({"name": name, "type": type_, "aliases": sorted(a.aliases - {name}), "mentions": 0})

    def to_idx(m) -> Mapped:
        if m is None:
            return None
        if isinstance(m, str):
            idx = index.get(m, -1)
            return idx if idx >= 0 else None
        subs = tuple((s, e, index.get(x, -1)) for s, e, x in m if index.get(x, -1) >= 0)
        return subs or None

    kmap = [to_idx(m) for m in kmap]
    exceptions = {aid: {kid: to_idx(m) for kid, m in exc.items()} for aid, exc in exceptions.items() if exc}
    arts: list[dict[int, int]] = [{} for _ in records]
    aids = []

    def targets(m) -> tuple:
        if m is None:
            return ()
        return (m,) if isinstance(m, int) else tuple(x[2] for x in m)

    # The one loop over every (article, key) pair: kept to dict and tuple operations.
    shared = [targets(m) for m in kmap]
    for ai, (aid, kids, counts) in enumerate(docs):
        aids.append(aid)
        exc = exceptions.get(aid)
        own = {kid: targets(m) for kid, m in exc.items()} if exc else None
        for kid, c in zip(kids, counts):
            for idx in (own[kid] if own and kid in own else shared[kid]):
                got = arts[idx]
                got[ai] = got.get(ai, 0) + c
    for idx, got in enumerate(arts):
        records[idx]["mentions"] = sum(got.values())
    # Entities whose every mention went to another (or was ignored) are dropped and
    # the rest renumbered, so indices in the maps stay dense.
    remap: dict[int, int] = {}
    final: list[dict] = []
    for old, rec in enumerate(records):
        if rec["mentions"]:
            remap[old] = len(final)
            got = sorted(arts[old].items())
            rec["articles"] = (array("i", [a for a, _ in got]).tobytes(), array("i", [c for _, c in got]).tobytes())
            final.append(rec)
    kmap = [_remap(m, remap) for m in kmap]
    exceptions = {aid: {kid: _remap(m, remap) for kid, m in exc.items()} for aid, exc in exceptions.items()}
    return Resolved(final, aids, kmap, exceptions)


def _remap(m: Mapped, remap: dict[int, int]) -> Mapped:
    if m is None:
        return None
    if isinstance(m, int):
        return remap.get(m)
    subs = tuple((s, e, remap[x]) for s, e, x in m if x in remap)
    return subs or None
