"""Corpus-wide resolution: surface forms in every article -> one canonical entity per real thing."""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .extract import INITIAL
from .lexicon import Lexicon
from .model import GAZ, PERSON, STRONG, TYPES, Key
from .overrides import Overrides
from .tokens import PIECE, name_key, piece_norm

# A key maps to nothing, to one entity over its whole surface, or to sub-spans of it.
Mapped = None | int | tuple[tuple[int, int, int], ...]

_MAX_NAME_PIECES = 6


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


class _Ambiguous(Exception):
    """A name two known people share: only the article it is in can decide."""


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


def resolve(keys: Sequence[Key], docs: Sequence[tuple[str, array, array]], lex: Lexicon,
            overrides: Overrides | None = None) -> Resolved:
    """Resolve the corpus from its distinct keys: ``docs`` is (article id, key ids,
    mention counts) per article. Work is per distinct key; only keys whose meaning
    depends on the article (an ambiguous surname) are looked at article by article."""
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

    df = [0] * len(keys)
    for _, kids, _ in docs:
        for kid in kids:
            df[kid] += 1
    kmap: list = [None] * len(keys)
    exceptions: dict[str, dict[int, object]] = {}
    strong: list[int] = []
    weak: list[int] = []
    nks: dict[int, str] = {}

    # Pass 1: gazetteer names and multi-word names found with evidence define entities.
    for kid, key in enumerate(keys):
        n = df[kid]
        if not n:
            continue
        nk = nks[kid] = name_key(key.surface)
        if key.kind == GAZ:
            eid = follow(nk) if nk in split or nk in redirect else follow(name_key(key.canonical))
            a = acc(eid, key.canonical if eid == name_key(key.canonical) else "")
            a.types[key.type] += 100 * n
        elif key.kind == STRONG and (" " in key.surface.strip() or key.strength >= 3 and key.type != PERSON):
            eid = follow(nk)
            a = acc(eid)
            a.types[key.type or PERSON] += (key.strength + 1) * n
            a.surfaces[key.surface] += n
        else:
            (strong if key.kind == STRONG else weak).append(kid)
            continue
        a.aliases.add(key.surface)
        kmap[kid] = eid
    first_pass = set(i for i, m in enumerate(kmap) if m is not None)

    # Surnames and given names of people, for "Lee", "Trump", "President Kim".
    by_part: dict[str, set[str]] = defaultdict(set)
    for eid, a in accs.items():
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

    def lookup(nk: str, local: set | None) -> str | None:
        if nk in split:
            return nk if nk in known else None
        target = follow(nk)
        if target in known:
            return target
        cands = by_part.get(nk)
        if not cands:
            return None
        if len(cands) == 1:
            return next(iter(cands))
        if local is None:
            raise _Ambiguous
        here = cands & local
        return next(iter(here)) if len(here) == 1 else None

    def local_eids(kids, exc: dict | None, passes: set[int]) -> set:
        out = set()
        for kid in kids:
            if kid in passes:
                m = exc[kid] if exc and kid in exc else kmap[kid]
                if m is not None:
                    out.add(m)
        return out

    def decide_all(kids: Iterable[int], passes: set[int], decide) -> None:
        """Decide each key corpus-wide; the ambiguous ones are decided per article."""
        ambiguous: set[int] = set()
        for kid in kids:
            try:
                kmap[kid] = decide(kid, None, df[kid])
            except _Ambiguous:
                ambiguous.add(kid)
        by_article(ambiguous, passes, decide)

    def by_article(wanted: set[int], passes: set[int], decide) -> None:
        for aid, kids, _ in docs:
            if wanted.isdisjoint(kids):
                continue
            exc = exceptions.setdefault(aid, {})
            local = local_eids(kids, exc, passes)
            for kid in kids:
                if kid in wanted:
                    exc[kid] = decide(kid, local, 1)

    # Pass 2a: single words with evidence of their own ("Ishiba", "AsiaNews").
    def decide_strong(kid: int, local: set | None, n: int):
        key = keys[kid]
        nk = nks[kid]
        eid = lookup(nk, local)
        if eid is None:
            if lex.is_common(nk) and not key.title and key.strength < 2:
                return None
            eid = follow(nk)
            a = acc(eid)
            a.types[key.type or PERSON] += (key.strength + 1) * n
            a.surfaces[key.surface] += n
        _note_alias(accs[eid], key)
        return eid

    decide_all(strong, first_pass, decide_strong)
    known = set(accs)
    second_pass = first_pass | set(strong)

    # Pass 2b: weak forms keep only the parts that name something found above.
    def decide_weak(kid: int, local: set | None, n: int):
        key = keys[kid]
        surface = key.surface
        nk = nks[kid]
        eid = lookup(nk, local)
        if eid is not None:
            _note_alias(accs[eid], key)
            return eid
        pieces = _pieces(surface)
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(pieces):
            hit = None
            # Names are a few words long: a bounded window keeps a 20,000-word
            # capitalised line linear.
            for j in range(min(len(pieces), i + _MAX_NAME_PIECES), i, -1):
                sub = surface[pieces[i][0]:pieces[j - 1][1]]
                e = lookup(name_key(sub), local)
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
            a.types[PERSON] += n
            a.surfaces[surface] += n
            a.aliases.add(surface)
            return eid
        if not found:
            return None
        if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(surface):
            return found[0][2]
        return tuple(found)

    decide_all(weak, second_pass, decide_weak)
    return _finish(docs, accs, kmap, exceptions, ov)


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


def _finish(docs: Sequence[tuple[str, array, array]], accs: dict[str, _Acc], kmap: list,
            exceptions: dict[str, dict[int, object]], ov: Overrides) -> Resolved:
    ignore = {name_key(n) for n in ov.ignore}
    retype = {name_key(k): v for k, v in ov.retype.items()}
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
