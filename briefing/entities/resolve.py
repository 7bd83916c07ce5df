"""Corpus-wide resolution: surface forms in every article -> one canonical entity per real thing."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Mapping

from .extract import INITIAL
from .lexicon import Lexicon
from .model import GAZ, PERSON, STRONG, TYPES, WEAK, DocExtraction, Key
from .overrides import Overrides
from .tokens import PIECE, name_key, piece_norm

# A key maps to nothing, to one entity over its whole surface, or to sub-spans of it.
Mapped = None | int | tuple[tuple[int, int, int], ...]

_MAX_NAME_PIECES = 6


@dataclass
class Resolved:
    """Entities as plain dicts (what the store saves) and, per article, what each key became."""

    entities: list[dict] = field(default_factory=list)
    maps: dict[str, list[Mapped]] = field(default_factory=dict)


class _Acc:
    """One entity while it is being built."""

    __slots__ = ("eid", "canonical", "types", "surfaces", "aliases")

    def __init__(self, eid: str, canonical: str = "") -> None:
        self.eid = eid
        self.canonical = canonical
        self.types: Counter = Counter()
        self.surfaces: Counter = Counter()  # multi-word forms that can name it
        self.aliases: set[str] = set()

    @property
    def type(self) -> str:
        return self.types.most_common(1)[0][0] if self.types else PERSON


def _pieces(surface: str) -> list[tuple[int, int]]:
    out = []
    for m in PIECE.finditer(surface):
        pos = m.group("pos")
        out.append((m.start(), m.end() - len(pos) if pos else m.end()))
    return out


def resolve(docs: Mapping[str, DocExtraction], lex: Lexicon, overrides: Overrides | None = None) -> Resolved:
    ov = overrides or Overrides()
    redirect = {name_key(k): name_key(v) for k, v in ov.merge.items()}
    for target, aliases in ov.aliases.items():
        for alias in aliases:
            redirect[name_key(alias)] = name_key(target)
    split = {name_key(s) for s in ov.split}

    def follow(nk: str) -> str:
        seen = set()
        while nk in redirect and nk not in seen and nk not in split:
            seen.add(nk)
            nk = redirect[nk]
        return nk

    accs: dict[str, _Acc] = {}

    def acc(eid: str, canonical: str = "") -> _Acc:
        a = accs.get(eid)
        if a is None:
            a = accs[eid] = _Acc(eid, canonical)
        elif canonical and not a.canonical:
            a.canonical = canonical
        return a

    maps: dict[str, list[Mapped]] = {}
    article_eids: dict[str, set[str]] = {}
    deferred: list[tuple[str, int, Key]] = []

    # Pass 1: gazetteer names and multi-word names found with evidence define entities.
    for aid, doc in docs.items():
        row: list = [None] * len(doc.keys)
        maps[aid] = row
        here = article_eids[aid] = set()
        for ki, key in enumerate(doc.keys):
            nk = name_key(key.surface)
            if key.kind == GAZ:
                eid = follow(nk) if nk in split or nk in redirect else follow(name_key(key.canonical))
                a = acc(eid, key.canonical if eid == name_key(key.canonical) else "")
                a.types[key.type] += 100
            elif key.kind == STRONG and (" " in key.surface.strip() or key.strength >= 3 and key.type != PERSON):
                eid = follow(nk)
                a = acc(eid)
                a.types[key.type or PERSON] += key.strength + 1
                a.surfaces[key.surface] += 1
            else:
                deferred.append((aid, ki, key))
                continue
            a.aliases.add(key.surface)
            row[ki] = eid
            here.add(eid)

    # Surnames and given names of people, for "Lee", "Trump", "President Kim".
    by_part: dict[str, set[str]] = defaultdict(set)
    for eid, a in accs.items():
        if not a.surfaces:
            continue
        for surface in a.surfaces:
            parts = surface.split()
            if len(parts) < 2:
                continue
            if a.type == PERSON:
                by_part[name_key(parts[0])].add(eid)
                by_part[name_key(parts[-1])].add(eid)
            elif lex.trie.get(piece_norm(parts[0]), {}).get(None) is None and not lex.is_common(parts[0]):
                # "Nordvik" for "Nordvik Energy"; never "European" for the Commission.
                by_part[name_key(parts[0])].add(eid)
    known = set(accs)

    def person_for(nk: str, aid: str) -> str | None:
        cands = by_part.get(nk)
        if not cands:
            return None
        local = cands & article_eids[aid]
        if len(local) == 1:
            return next(iter(local))
        if not local and len(cands) == 1:
            return next(iter(cands))
        return None

    def lookup(nk: str, aid: str) -> str | None:
        if nk in split:
            return nk if nk in known else None
        target = follow(nk)
        if target in known:
            return target
        return person_for(nk, aid)

    # Pass 2a: single words with evidence of their own ("Ishiba", "AsiaNews").
    later: list[tuple[str, int, Key]] = []
    for aid, ki, key in deferred:
        if key.kind != STRONG:
            later.append((aid, ki, key))
            continue
        nk = name_key(key.surface)
        eid = lookup(nk, aid)
        if eid is None:
            common = lex.is_common(nk) and not key.title and key.strength < 2
            if common:
                continue
            eid = follow(nk)
            a = acc(eid)
            a.types[key.type or PERSON] += key.strength + 1
            a.surfaces[key.surface] += 1
        a = accs[eid]
        _note_alias(a, key)
        maps[aid][ki] = eid
        article_eids[aid].add(eid)
    known = set(accs)

    # Pass 2b: weak forms keep only the parts that name something found above.
    for aid, ki, key in later:
        surface = key.surface
        nk = name_key(surface)
        eid = lookup(nk, aid)
        if eid is not None:
            _note_alias(accs[eid], key)
            maps[aid][ki] = eid
            article_eids[aid].add(eid)
            continue
        pieces = _pieces(surface)
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(pieces):
            hit = None
            # Names are a few words long: a bounded window keeps a 20,000-word
            # capitalised line linear.
            for j in range(min(len(pieces), i + _MAX_NAME_PIECES), i, -1):
                sub = surface[pieces[i][0]:pieces[j - 1][1]]
                e = lookup(name_key(sub), aid)
                if e is not None:
                    hit = (j, e, sub)
                    break
            if hit:
                j, e, sub = hit
                found.append((pieces[i][0], pieces[j - 1][1], e))
                accs[e].aliases.add(sub)
                if i == 0 and key.title:
                    accs[e].aliases.add(f"{key.title} {sub}")
                i = j
            else:
                i += 1
        if not found and key.kind == INITIAL:
            eid = follow(nk)
            a = acc(eid)
            a.types[PERSON] += 1
            a.surfaces[surface] += 1
            a.aliases.add(surface)
            maps[aid][ki] = eid
            article_eids[aid].add(eid)
            continue
        if found:
            if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(surface):
                maps[aid][ki] = found[0][2]
            else:
                maps[aid][ki] = tuple(found)
            article_eids[aid].update(e for _, _, e in found)

    return _finish(docs, accs, maps, ov)


def _note_alias(a: _Acc, key: Key) -> None:
    a.aliases.add(key.surface)
    if key.title:
        a.aliases.add(f"{key.title} {key.surface}")


def _display_name(a: _Acc) -> str:
    if a.canonical:
        return a.canonical
    if a.surfaces:
        # The most used form; on a tie the plain ASCII-hyphen one reads best.
        return max(a.surfaces.items(), key=lambda kv: (kv[1], "‑" not in kv[0], len(kv[0])))[0]
    return min(a.aliases, key=len) if a.aliases else a.eid


def _finish(docs: Mapping[str, DocExtraction], accs: dict[str, _Acc], maps: dict[str, list],
            ov: Overrides) -> Resolved:
    ignore = {name_key(n) for n in ov.ignore}
    retype = {name_key(k): v for k, v in ov.retype.items()}
    order: list[str] = []
    index: dict[str, int] = {}
    names: dict[str, int] = {}
    records: list[dict] = []
    for eid, a in accs.items():
        name = _display_name(a)
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
        order.append(eid)
        records.append({"name": name, "type": type_, "aliases": sorted(a.aliases - {name}),
                        "articles": {}, "mentions": 0, "first_sentence": {}})
    out_maps: dict[str, list] = {}
    for aid, row in maps.items():
        doc = docs[aid]
        new_row: list = [None] * len(row)
        for ki, m in enumerate(row):
            if m is None:
                continue
            if isinstance(m, str):
                idx = index.get(m, -1)
                new_row[ki] = idx if idx >= 0 else None
            else:
                subs = tuple((s, e, index.get(x, -1)) for s, e, x in m if index.get(x, -1) >= 0)
                new_row[ki] = subs or None
        out_maps[aid] = new_row
        for start, end, ki, para, sent in doc.mentions:
            m = new_row[ki]
            if m is None:
                continue
            for idx in ((m,) if isinstance(m, int) else tuple(x[2] for x in m)):
                rec = records[idx]
                arts = rec["articles"]
                if aid not in arts:
                    arts[aid] = 0
                    rec["first_sentence"][aid] = doc.sentences.get(sent, "")
                arts[aid] += 1
                rec["mentions"] += 1
    # Entities whose every mention went to another (or was ignored) are dropped and
    # the rest renumbered, so indices in the maps stay dense.
    remap: dict[int, int] = {}
    final: list[dict] = []
    for old, rec in enumerate(records):
        if rec["mentions"]:
            remap[old] = len(final)
            final.append(rec)
    for aid, row in out_maps.items():
        out_maps[aid] = [_remap(m, remap) for m in row]
    return Resolved(final, out_maps)


def _remap(m: Mapped, remap: dict[int, int]) -> Mapped:
    if m is None:
        return None
    if isinstance(m, int):
        return remap.get(m)
    subs = tuple((s, e, remap[x]) for s, e, x in m if x in remap)
    return subs or None
