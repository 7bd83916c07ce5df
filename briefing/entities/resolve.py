"""Corpus-wide resolution: surface forms in every article -> one canonical entity per real thing."""

from __future__ import annotations

from array import array
from collections import defaultdict
from typing import Iterable, Sequence

from .acronyms import acronyms_of_names, spelled_out
from .extract import INITIAL
from .lexicon import Lexicon
from .model import GAZ, ORG, PERSON, PLACE, STRONG, Key
from .names import (FEMALE_TITLES, MALE_TITLES, OFFICES, merge_initials, merge_org_forms, merge_variants,
                    name_index, title_norm)
from .overrides import Overrides
from .records import Acc, Mapped, Resolved, finish
from .tokens import PIECE, name_key

__all__ = ["DEFER", "FINAL", "Mapped", "Resolved", "resolve"]

_MAX_NAME_PIECES = 6

#: What a per-article decision returns when only the whole corpus can decide (a given
#: name whose person the article never names in full), and the ``local`` that asks
#: for that final decision.
DEFER = object()
FINAL: dict = {}


#: Names (mentions in order) between a bare surname and the full name it announces.
_NAMED_SOON = 8


class _Ambiguous(Exception):
    """A name two known people share: only the article it is in can decide."""


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
    r = _Resolver(keys, docs, lex, ov)
    spelled_out(keys, r.df, r.split, r.redirect)
    r.define_entities()
    merge_initials(r.accs, r.kmap, docs, r.split, r.redirect)
    merge_org_forms(r.accs, r.kmap, r.split, r.redirect, lex)
    acronyms_of_names(keys, r.df, r.accs, r.kmap, docs, r.split, r.redirect)
    merge_variants(r.accs, r.kmap, docs, r.split, r.redirect, lex)
    first_pass = set(i for i, m in enumerate(r.kmap) if m is not None)
    r.by_surname, r.by_given, r.given_of = name_index(r.accs, lex)
    r.known = set(r.accs)
    r.count_given_used(first_pass)
    # Single words with evidence of their own ("Ishiba", "AsiaNews") first, so that
    # weak forms can then keep only the parts that name something found.
    r.decide_all(r.strong, first_pass, r.decide_strong)
    r.known = set(r.accs)
    r.decide_all(r.weak, first_pass | set(r.strong), r.decide_weak)
    return finish(docs, r.accs, r.kmap, r.exceptions, ov)


class _Resolver:
    """The state the passes of ``resolve`` share: the entities being built, what each
    key maps to corpus-wide and per article, and the user's merges and splits."""

    def __init__(self, keys: Sequence[Key], docs: Sequence[tuple[str, array, array]], lex: Lexicon,
                 ov: Overrides) -> None:
        self.keys, self.docs, self.lex = keys, docs, lex
        self.redirect = {name_key(k): name_key(v) for k, v in ov.merge.items()}
        for target, aliases in ov.aliases.items():
            for alias in aliases:
                self.redirect[name_key(alias)] = name_key(target)
        self.split = {name_key(s) for s in ov.split}
        self.accs: dict[str, Acc] = {}
        self.df = [0] * len(keys)
        for _, kids, _ in docs:
            for kid in kids:
                self.df[kid] += 1
        self.kmap: list = [None] * len(keys)
        self.exceptions: dict[str, dict[int, object]] = {}
        self.strong: list[int] = []
        self.weak: list[int] = []
        self.nks: dict[int, str] = {}
        self.known: set[str] = set()
        self.by_surname: dict[str, set[str]] = {}
        self.by_given: dict[str, set[str]] = {}
        self.given_of: dict[str, str] = {}
        # Given names that an article used for someone it also named in full: only these
        # may name that person in an article that never gives the full name.
        self.given_used: dict[str, set[str]] = defaultdict(set)
        self.cursor = 0  # position in its article of the key being decided
        votes: dict[str, int] = defaultdict(int)
        for kid, key in enumerate(keys):
            if self.df[kid] and " " not in key.surface.strip():
                if key.type == PLACE:
                    votes[name_key(key.surface)] += self.df[kid]
                elif key.strength >= 1:
                    votes[name_key(key.surface)] -= self.df[kid]
        self.place_words = {nk for nk, v in votes.items() if v > 0}

    def follow(self, nk: str) -> str:
        seen = set()
        while nk in self.redirect and nk not in seen and nk not in self.split:
            seen.add(nk)
            nk = self.redirect[nk]
        return nk

    def acc(self, eid: str, canonical: str = "") -> Acc:
        a = self.accs.get(eid)
        if a is None:
            a = self.accs[eid] = Acc(eid, canonical)
        elif canonical and not a.canonical:
            a.canonical = canonical
        return a

    def define_entities(self) -> None:
        """Pass 1: gazetteer names and multi-word names found with evidence define
        entities; the other keys wait for the passes that look names up."""
        follow, acc = self.follow, self.acc
        for kid, key in enumerate(self.keys):
            n = self.df[kid]
            if not n:
                continue
            nk = self.nks[kid] = name_key(key.surface)
            if key.kind == STRONG and key.canonical:
                eid = follow(nk) if nk in self.redirect else follow(name_key(key.canonical))
                a = acc(eid)
                a.types[key.type] += _weight(key) * n
                a.surfaces[key.canonical] += n
                a.aliases.add(key.canonical)
            elif key.kind == GAZ:
                eid = follow(nk) if nk in self.split or nk in self.redirect else follow(name_key(key.canonical))
                a = acc(eid, key.canonical if eid == name_key(key.canonical) else "")
                a.types[key.type] += 100 * n
                if key.title:
                    a.titles.add(title_norm(key.title))
            elif key.kind == STRONG and (" " in key.surface.strip() or key.strength >= 3 and key.type != PERSON):
                eid = follow(nk)
                a = acc(eid)
                a.types[key.type or PERSON] += _weight(key) * n
                a.surfaces[key.surface] += n
                if key.title:
                    a.titles.add(title_norm(key.title))
            else:
                (self.strong if key.kind == STRONG else self.weak).append(kid)
                continue
            a.aliases.add(key.surface)
            self.kmap[kid] = eid

    def local_eids(self, kids, exc: dict | None, passes: set[int]) -> dict:
        """The article's entities so far, by position of first mention."""
        out: dict = {}
        kmap = self.kmap
        for i, kid in enumerate(kids):
            if kid in passes:
                m = exc[kid] if exc and kid in exc else kmap[kid]
                if m is not None and not isinstance(m, tuple):
                    out.setdefault(m, i)
        return out

    def count_given_used(self, first_pass: set[int]) -> None:
        by_given, nks = self.by_given, self.nks
        given_keys = {kid for kid in (*self.strong, *self.weak) if nks[kid] in by_given}
        for _, kids, _ in self.docs:
            if given_keys.isdisjoint(kids):
                continue
            local = self.local_eids(kids, None, first_pass)
            for kid in kids:
                if kid in given_keys:
                    here = [e for e in local if e in by_given[nks[kid]]]
                    if len(here) == 1:
                        self.given_used[nks[kid]].add(here[0])

    def fit(self, cands: set[str], key: Key | None) -> set[str]:
        """Candidates a titled mention can be: "Mrs. Gore" is not Al Gore, and
        "President Kennedy" is the one named as president."""
        if key is None or not key.title:
            return cands
        t = title_norm(key.title)
        if t in FEMALE_TITLES:
            cands = {e for e in cands if self.given_of.get(e) not in self.lex.male_names}
        elif t in MALE_TITLES:
            cands = {e for e in cands if self.given_of.get(e) not in self.lex.female_names}
        titled = {e for e in cands if t in self.accs[e].titles}
        return titled or cands

    def dominant(self, cands: set[str]) -> str | None:
        """The one candidate that nearly every full mention in the corpus names."""
        weight = sorted(((sum(self.accs[e].surfaces.values()), e) for e in cands), reverse=True)
        total = sum(w for w, _ in weight)
        top, eid = weight[0]
        second = weight[1][0] if len(weight) > 1 else 0
        return eid if total and top >= 0.75 * total and top >= 3 * second else None

    def lookup(self, nk: str, local, key: Key | None = None, whole: bool = True):
        """The entity ``nk`` names: its own, an alias, or (for a whole run) the
        person whose surname or given name it is. ``local`` is None (corpus-wide:
        raise _Ambiguous to be asked per article), the article's entities in order
        of first mention, or FINAL (per article, after every article was seen)."""
        if nk in self.split:
            return nk if nk in self.known else None
        target = self.follow(nk)
        if target in self.known:
            return target
        if not whole:
            return None
        cands = self.by_surname.get(nk)
        if cands and nk in self.place_words:
            # "to live in Tarvassa" is the place, not the paper Tarvassa Courier: a
            # word the corpus mostly uses as a place does not stand for an organisation.
            cands = {e for e in cands if self.accs[e].type != ORG}
        if cands:
            return self._by_surname(self.fit(cands, key), local, key)
        cands = self.by_given.get(nk)
        if cands:
            cands = self.fit(cands, key)
            if local is None:
                raise _Ambiguous
            if local is FINAL:
                used = self.given_used.get(nk, ())
                return next(iter(used)) if len(used) == 1 else None
            here = [e for e in local if e in cands]
            if len(here) == 1:
                self.given_used[nk].add(here[0])
                return here[0]
            return DEFER if not here else None
        return None

    def _by_surname(self, cands: set[str], local, key: Key | None):
        """Which of the people (or bodies) of one surname a mention means."""
        if len(cands) <= 1:
            eid = next(iter(cands), None)
            if eid is not None and key is not None and key.title:
                # "President Quillon" in a story that names only Marta Vance Quillon
                # in full: an office nobody gave her names someone else.
                t = title_norm(key.title)
                titles = self.accs[eid].titles
                if t in OFFICES and titles and t not in titles:
                    return None
            return eid
        if local is None:
            raise _Ambiguous
        # News style names the subject first; a second person of the same
        # surname is named in full again, so a bare surname means the first.
        if key is not None and key.type == PERSON:
            # "Johnson said" is a person even where Johnson Development Corp. is
            # named first.
            people = {e for e in cands if self.accs[e].type == PERSON}
            cands = people or cands
        here = [e for e in local if e in cands]
        before = [e for e in here if local[e] < self.cursor]
        if key is not None and key.title:
            # "President Clinton" is a first reference of its own: only someone
            # named before it can be the one it means.
            here = before
            t = title_norm(key.title)
            if t in OFFICES and len(cands) > 1:
                # "President Kennedy" after Sen. Edward Kennedy: of several people of
                # one surname, an office belongs only to one who is given it.
                here = [e for e in here if t in self.accs[e].titles]
        elif here and not before and key is not None and key.type == PERSON \
                and local[here[0]] - self.cursor > _NAMED_SOON:
            # A headline or lede may give the surname just before the full name; a
            # surname long before anyone of that name is named in full is not the
            # "Brenda Johnson" who first appears paragraphs later.
            elsewhere = cands - set(here)
            return self.dominant(elsewhere) if elsewhere else None
        if here:
            return here[0]
        eid = self.dominant(cands)
        if eid is not None and key is not None and key.title:
            # The most named of several people is no ground to give one of them
            # a title nobody gave them ("President Clinton" is not Hillary).
            t = title_norm(key.title)
            if t in OFFICES and t not in self.accs[eid].titles:
                return None
        return eid

    def decide_all(self, kids: Iterable[int], passes: set[int], decide) -> None:
        """Decide each key corpus-wide; the ambiguous ones are decided per article."""
        ambiguous: set[int] = set()
        for kid in kids:
            try:
                self.kmap[kid] = decide(kid, None, self.df[kid])
            except _Ambiguous:
                ambiguous.add(kid)
        self.by_article(ambiguous, passes, decide)

    def by_article(self, wanted: set[int], passes: set[int], decide) -> None:
        deferred: list[tuple[dict, int]] = []
        for aid, kids, _ in self.docs:
            if wanted.isdisjoint(kids):
                continue
            exc = self.exceptions.setdefault(aid, {})
            local = self.local_eids(kids, exc, passes)
            for i, kid in enumerate(kids):
                if kid in wanted:
                    self.cursor = i
                    got = exc[kid] = decide(kid, local, 1)
                    if got is DEFER:
                        deferred.append((exc, kid))
        for exc, kid in deferred:
            exc[kid] = decide(kid, FINAL, 1)

    def decide_strong(self, kid: int, local, n: int):
        """A single word with evidence of its own: a name found above, or a new entity."""
        key = self.keys[kid]
        nk = self.nks[kid]
        eid = self.lookup(nk, local, key)
        if eid is DEFER:
            return DEFER
        if eid is None:
            if self.lex.is_common(nk) and not key.title and key.strength < 2:
                return None
            surface = key.surface
            if key.title and nk in self.by_surname:
                # A titled surname that fits none of the people of that name is
                # someone else, known by the title: "President Kennedy".
                surface = f"{key.title} {surface}"
            eid = self.follow(name_key(surface))
            a = self.acc(eid)
            a.types[key.type or PERSON] += _weight(key) * n
            a.surfaces[surface] += n
        _note_alias(self.accs[eid], key)
        return eid

    def decide_weak(self, kid: int, local, n: int):
        """A weak form keeps only the parts that name something found above."""
        key = self.keys[kid]
        surface = key.surface
        nk = self.nks[kid]
        eid = self.lookup(nk, local, key)
        if eid is DEFER:
            return DEFER
        if eid is not None:
            _note_alias(self.accs[eid], key)
            return eid
        found = self._names_inside(key, local)
        if not found and key.kind == INITIAL:
            eid = self.follow(nk)
            a = self.acc(eid)
            a.types[PERSON] += n
            a.surfaces[surface] += n
            a.aliases.add(surface)
            return eid
        if not found:
            return None
        if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(surface):
            return found[0][2]
        return tuple(found)

    def _names_inside(self, key: Key, local) -> list[tuple[int, int, str]]:
        """(start, end, entity) of each known name inside a weak form, longest first."""
        surface = key.surface
        pieces = _pieces(surface)
        # A surname or given name counts only as a whole run, or a whole part of one
        # between connectors ("Gore and Bradley"): inside a longer name ("Northern
        # Fleet", "St. Louis") it is part of that name, not a person.
        chunk = [0] * len(pieces)
        for p in range(1, len(pieces)):
            gap = surface[pieces[p - 1][1]:pieces[p][0]]
            chunk[p] = chunk[p - 1] + (1 if any(c.isalpha() for c in gap) else 0)
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(pieces):
            hit = None
            # Names are a few words long: a bounded window keeps a 20,000-word
            # capitalised line linear.
            for j in range(min(len(pieces), i + _MAX_NAME_PIECES), i, -1):
                sub = surface[pieces[i][0]:pieces[j - 1][1]]
                whole = ((i == 0 or chunk[i - 1] != chunk[i])
                         and (j == len(pieces) or chunk[j] != chunk[j - 1]))
                # Right after a title the name is a person's, even in a headline
                # ("President Lee Aims for ...").
                whole = whole or (i == 0 and j == 1 and bool(key.title))
                e = self.lookup(name_key(sub), local, None, whole and (i, j) != (0, len(pieces)))
                if e is not None and e is not DEFER:
                    hit = (j, e, sub)
                    break
            if hit:
                j, e, sub = hit
                found.append((pieces[i][0], pieces[j - 1][1], e))
                self.accs[e].aliases.add(sub)
                if i == 0 and key.title:
                    self.accs[e].aliases.add(f"{key.title} {sub}")
                i = j
            else:
                i += 1
        return found


def _weight(key: Key) -> float:
    """How much one mention's type counts: a default guess counts least."""
    return key.strength + 1 if key.strength else 0.5


def _note_alias(a: Acc, key: Key) -> None:
    a.aliases.add(key.surface)
    if key.title:
        a.aliases.add(f"{key.title} {key.surface}")
