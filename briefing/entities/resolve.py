"""Corpus-wide resolution: surface forms in every article -> one canonical entity per real thing."""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .extract import INITIAL
from .lexicon import Lexicon
from .model import GAZ, MISC, ORG, PERSON, PLACE, STRONG, TYPES, Key
from .overrides import Overrides
from .tokens import PIECE, name_key, piece_norm

# A key maps to nothing, to one entity over its whole surface, or to sub-spans of it.
Mapped = None | int | tuple[tuple[int, int, int], ...]

_MAX_NAME_PIECES = 6
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Last words of bodies named after their town ("Asheville Police"): the town alone is
# the town, not the body.
_NAMED_AFTER_PLACES = frozenset({"police", "council", "county", "department", "court", "board", "commission",
                                 "committee", "hospital", "airport", "university", "college", "school",
                                 "chamber", "city", "government", "assembly", "district", "port", "station"})
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "de", "la", "del", "on", "in", "&"})
_COMPANY_SUFFIXES = frozenset({"corp", "inc", "co", "ltd", "plc", "llc", "ag", "sa", "nv", "spa", "corporation",
                               "incorporated", "limited"})
_FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "madam", "mme", "lady", "dame", "queen", "princess", "empress"})
_MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "emperor"})
# Offices one person holds at a time: "President Clinton" names the president.
_OFFICES = frozenset({"president", "prime minister", "premier", "chancellor", "governor", "gov", "senator",
                      "sen", "mayor", "pope", "vice president", "secretary of state"})

#: What a per-article decision returns when only the whole corpus can decide (a given
#: name whose person the article never names in full), and the ``local`` that asks
#: for that final decision.
DEFER = object()
FINAL: dict = {}


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

    # An acronym an article spells out ("NTSB" for the National Transportation Safety
    # Board) names that entity everywhere, when the corpus mostly spells it one way.
    spelled: dict[str, Counter] = defaultdict(Counter)
    for kid, key in enumerate(keys):
        if df[kid] and key.kind == STRONG and key.canonical:
            spelled[name_key(key.surface)][name_key(key.canonical)] += df[kid]
    for acronym, expansions in spelled.items():
        target, n = expansions.most_common(1)[0]
        if acronym not in redirect and acronym not in split and 2 * n > sum(expansions.values()):
            redirect[acronym] = target

    # Pass 1: gazetteer names and multi-word names found with evidence define entities.
    for kid, key in enumerate(keys):
        n = df[kid]
        if not n:
            continue
        nk = nks[kid] = name_key(key.surface)
        if key.kind == STRONG and key.canonical:
            eid = follow(nk) if nk in redirect else follow(name_key(key.canonical))
            a = acc(eid)
            a.types[key.type] += _weight(key) * n
            a.surfaces[key.canonical] += n
            a.aliases.add(key.canonical)
        elif key.kind == GAZ:
            eid = follow(nk) if nk in split or nk in redirect else follow(name_key(key.canonical))
            a = acc(eid, key.canonical if eid == name_key(key.canonical) else "")
            a.types[key.type] += 100 * n
            if key.title:
                a.titles.add(_title_norm(key.title))
        elif key.kind == STRONG and (" " in key.surface.strip() or key.strength >= 3 and key.type != PERSON):
            eid = follow(nk)
            a = acc(eid)
            a.types[key.type or PERSON] += _weight(key) * n
            a.surfaces[key.surface] += n
            if key.title:
                a.titles.add(_title_norm(key.title))
        else:
            (strong if key.kind == STRONG else weak).append(kid)
            continue
        a.aliases.add(key.surface)
        kmap[kid] = eid
    _merge_initials(accs, kmap, docs, split, redirect)
    _merge_org_forms(accs, kmap, split, redirect, lex)
    _acronyms_of_names(keys, df, accs, kmap, docs, split, redirect)
    first_pass = set(i for i, m in enumerate(kmap) if m is not None)

    def local_eids(kids, exc: dict | None, passes: set[int]) -> dict:
        """The article's entities so far, by position of first mention."""
        out: dict = {}
        for i, kid in enumerate(kids):
            if kid in passes:
                m = exc[kid] if exc and kid in exc else kmap[kid]
                if m is not None and not isinstance(m, tuple):
                    out.setdefault(m, i)
        return out

    # Surnames and given names of people ("Yeltsin", "Elian"), first words of
    # organisations ("Nordvik" for "Nordvik Energy").
    by_surname: dict[str, set[str]] = defaultdict(set)
    by_given: dict[str, set[str]] = defaultdict(set)
    given_of: dict[str, str] = {}
    for eid, a in accs.items():
        for surface in a.surfaces:
            parts = [p for p in surface.split() if name_key(p) not in _SUFFIXES]
            if len(parts) < 2:
                continue
            if a.type == PERSON:
                surname, given = _name_parts(parts, lex)
                # An everyday word ("Gore", "Bush", but also "Air", "Fleet") stands for
                # the whole name only if the name is surely a person's.
                if surname and _part_ok(surname, lex) and (
                        not lex.is_common(name_key(surname)) or a.titles
                        or name_key(given) in lex.male_names or name_key(given) in lex.female_names):
                    by_surname[name_key(surname)].add(eid)
                if given and _part_ok(given, lex) and not lex.is_common(name_key(given)):
                    by_given[name_key(given)].add(eid)
                    given_of.setdefault(eid, name_key(given))
            elif a.type == ORG and lex.trie.get(piece_norm(parts[0]), {}).get(None) is None \
                    and not lex.is_common(parts[0]) and _part_ok(parts[0], lex) \
                    and not any(name_key(p) in _NAMED_AFTER_PLACES for p in parts[1:]):
                # "Nordvik" for "Nordvik Energy"; never "European" for the Commission,
                # nor the town "Lizarra" for the Lizarra Declaration.
                by_surname[name_key(parts[0])].add(eid)
            elif a.type == MISC and len(parts) == 2 and piece_norm(parts[0]).lower() in lex.misc_prefixes \
                    and _part_ok(parts[1], lex):
                by_surname[name_key(parts[1])].add(eid)  # "Briscoe" for "USS Briscoe"
    known = set(accs)
    # Given names that an article used for someone it also named in full: only these
    # may name that person in an article that never gives the full name.
    given_used: dict[str, set[str]] = defaultdict(set)
    given_keys = {kid for kid in (*strong, *weak) if nks[kid] in by_given}
    for _, kids, _ in docs:
        if given_keys.isdisjoint(kids):
            continue
        local = local_eids(kids, None, first_pass)
        for kid in kids:
            if kid in given_keys:
                here = [e for e in local if e in by_given[nks[kid]]]
                if len(here) == 1:
                    given_used[nks[kid]].add(here[0])

    def fit(cands: set[str], key: Key | None) -> set[str]:
        """Candidates a titled mention can be: "Mrs. Gore" is not Al Gore, and
        "President Kennedy" is the one named as president."""
        if key is None or not key.title:
            return cands
        t = _title_norm(key.title)
        if t in _FEMALE_TITLES:
            cands = {e for e in cands if given_of.get(e) not in lex.male_names}
        elif t in _MALE_TITLES:
            cands = {e for e in cands if given_of.get(e) not in lex.female_names}
        titled = {e for e in cands if t in accs[e].titles}
        return titled or cands

    def dominant(cands: set[str]) -> str | None:
        """The one candidate that nearly every full mention in the corpus names."""
        weight = sorted(((sum(accs[e].surfaces.values()), e) for e in cands), reverse=True)
        total = sum(w for w, _ in weight)
        top, eid = weight[0]
        second = weight[1][0] if len(weight) > 1 else 0
        return eid if total and top >= 0.75 * total and top >= 3 * second else None

    def lookup(nk: str, local, key: Key | None = None, whole: bool = True):
        """The entity ``nk`` names: its own, an alias, or (for a whole run) the
        person whose surname or given name it is. ``local`` is None (corpus-wide:
        raise _Ambiguous to be asked per article), the article's entities in order
        of first mention, or FINAL (per article, after every article was seen)."""
        if nk in split:
            return nk if nk in known else None
        target = follow(nk)
        if target in known:
            return target
        if not whole:
            return None
        cands = by_surname.get(nk)
        if cands:
            cands = fit(cands, key)
            if len(cands) <= 1:
                return next(iter(cands), None)
            if local is None:
                raise _Ambiguous
            # News style names the subject first; a second person of the same
            # surname is named in full again, so a bare surname means the first.
            here = [e for e in local if e in cands]
            if key is not None and key.title:
                # "President Clinton" is a first reference of its own: only someone
                # named before it can be the one it means.
                here = [e for e in here if local[e] < cursor[0]]
            if here:
                return here[0]
            eid = dominant(cands)
            if eid is not None and key is not None and key.title:
                # The most named of several people is no ground to give one of them
                # a title nobody gave them ("President Clinton" is not Hillary).
                t = _title_norm(key.title)
                if t in _OFFICES and t not in accs[eid].titles:
                    return None
            return eid
        cands = by_given.get(nk)
        if cands:
            cands = fit(cands, key)
            if local is None:
                raise _Ambiguous
            if local is FINAL:
                used = given_used.get(nk, ())
                return next(iter(used)) if len(used) == 1 else None
            here = [e for e in local if e in cands]
            if len(here) == 1:
                given_used[nk].add(here[0])
                return here[0]
            return DEFER if not here else None
        return None

    cursor = [0]  # position in its article of the key being decided

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
        deferred: list[tuple[dict, int]] = []
        for aid, kids, _ in docs:
            if wanted.isdisjoint(kids):
                continue
            exc = exceptions.setdefault(aid, {})
            local = local_eids(kids, exc, passes)
            for i, kid in enumerate(kids):
                if kid in wanted:
                    cursor[0] = i
                    got = exc[kid] = decide(kid, local, 1)
                    if got is DEFER:
                        deferred.append((exc, kid))
        for exc, kid in deferred:
            exc[kid] = decide(kid, FINAL, 1)

    # Pass 2a: single words with evidence of their own ("Ishiba", "AsiaNews").
    def decide_strong(kid: int, local, n: int):
        key = keys[kid]
        nk = nks[kid]
        eid = lookup(nk, local, key)
        if eid is DEFER:
            return DEFER
        if eid is None:
            if lex.is_common(nk) and not key.title and key.strength < 2:
                return None
            surface = key.surface
            if key.title and nk in by_surname:
                # A titled surname that fits none of the people of that name is
                # someone else, known by the title: "President Kennedy".
                surface = f"{key.title} {surface}"
            eid = follow(name_key(surface))
            a = acc(eid)
            a.types[key.type or PERSON] += _weight(key) * n
            a.surfaces[surface] += n
        _note_alias(accs[eid], key)
        return eid

    decide_all(strong, first_pass, decide_strong)
    known = set(accs)
    second_pass = first_pass | set(strong)

    # Pass 2b: weak forms keep only the parts that name something found above.
    def decide_weak(kid: int, local, n: int):
        key = keys[kid]
        surface = key.surface
        nk = nks[kid]
        eid = lookup(nk, local, key)
        if eid is DEFER:
            return DEFER
        if eid is not None:
            _note_alias(accs[eid], key)
            return eid
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
                e = lookup(name_key(sub), local, None, whole and (i, j) != (0, len(pieces)))
                if e is not None and e is not DEFER:
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


def _weight(key: Key) -> float:
    """How much one mention's type counts: a default guess counts least."""
    return key.strength + 1 if key.strength else 0.5


def _title_norm(title: str) -> str:
    """"Former President" and "President." are one title."""
    t = title.lower().replace(".", "").split()
    while len(t) > 1 and t[0] in ("former", "then", "ex", "late", "the"):
        t = t[1:]
    return " ".join(t)


def _part_ok(part: str, lex: Lexicon) -> bool:
    """Whether one piece of a name may stand for the whole: never an initial, a
    title or a small word ("Fleet Vladimir Navrotsky" does not make "Fleet" a name)."""
    nk = name_key(part)
    return (len(nk) > 1 and nk not in lex.function_words and nk not in lex.title_words
            and nk not in _SUFFIXES and not part.endswith("."))


def _name_parts(parts: list[str], lex: Lexicon) -> tuple[str, str]:
    """(surname, given name) of a person's name. Korean and Chinese names put the
    family name first ("Kim Jong-un", "Lee Jae Myung", "Xi Jinping")."""
    first = parts[0]
    if name_key(first) in lex.east_asian_surnames and (
            len(parts) == 2 or any("-" in p or "‑" in p for p in parts[1:])
            or all(len(p) <= 5 for p in parts[1:])):
        return first, ""
    given = first if not (len(first) <= 2 or first.endswith(".")) else ""
    return parts[-1], given


def _merge_initials(accs: dict[str, _Acc], kmap: list, docs, split: set[str], redirect: dict) -> None:
    """"Boris N. Yeltsin" is "Boris Yeltsin": a person's name with middle initials
    (or middle names) joins the same name without them, unless two names would join
    one, or some article names both forms with and without an initial (then they are
    two people: "George Bush" and "George W. Bush")."""
    into: dict[str, list[str]] = defaultdict(list)
    initials_only: set[str] = set()
    for eid, a in accs.items():
        if a.type != PERSON or a.canonical or eid in split:
            continue
        parts = eid.split()
        tail = parts[-1:] if parts[-1] in _SUFFIXES else []
        core = parts[:len(parts) - len(tail)]
        if len(core) < 3:
            continue
        # First without the initials ("Boris Yeltsin"), else without every middle
        # name ("Hillary Rodham Clinton" is "Hillary Clinton").
        for bare, initials in ((" ".join([core[0], *(p for p in core[1:-1] if len(p) > 1), core[-1], *tail]), True),
                               (" ".join([core[0], core[-1], *tail]), False)):
            if bare != eid and bare in accs and bare not in split and accs[bare].type == PERSON:
                into[bare].append(eid)
                if initials:
                    initials_only.add(eid)
                break
    pairs = {eids[0]: bare for bare, eids in into.items() if len(eids) == 1}
    if not pairs:
        return
    wanted = set(pairs) | set(pairs.values())
    together = set()
    for _, kids, _ in docs:
        here = {kmap[k] for k in kids if k < len(kmap) and kmap[k] in wanted}
        for eid in here:
            if eid in pairs and pairs[eid] in here:
                together.add(eid)
    # A generational suffix makes the name specific enough ("John F. Kennedy Jr."
    # and "John Kennedy Jr." in one article are one man).
    _absorb(accs, kmap, redirect, {eid: bare for eid, bare in pairs.items()
                                   if eid not in together or eid not in initials_only
                                   or eid.split()[-1] in _SUFFIXES})


def _merge_org_forms(accs: dict[str, _Acc], kmap: list, split: set[str], redirect: dict, lex: Lexicon) -> None:
    """"Microsoft Corp." is Microsoft, and "U.S. Coast Guard" the Coast Guard: an
    organisation's name with a company suffix, or after a place, joins the same name
    without it when that is an organisation too (and no other place claims it)."""
    moved: dict[str, str] = {}
    by_base: dict[str, list[str]] = defaultdict(list)
    for eid, a in accs.items():
        if a.type != ORG or eid in split:
            continue
        parts = eid.split()
        k = len(parts)
        while k > 1 and parts[k - 1] in _COMPANY_SUFFIXES:
            k -= 1
        base = " ".join(parts[:k])
        if k < len(parts) and base in accs and base not in split and accs[base].type == ORG:
            moved[eid] = base
            continue
        for cut in (1, 2):
            head = " ".join(parts[:cut])
            if len(parts) > cut and lex.aliases.get(head, ("", ""))[1] == PLACE:
                rest = " ".join(parts[cut:])
                if rest in accs and rest not in split and accs[rest].type == ORG:
                    by_base[rest].append(eid)
                break
    for base, eids in by_base.items():
        if len(eids) == 1:
            moved[eids[0]] = base
    _absorb(accs, kmap, redirect, moved)


def _acronyms_of_names(keys: Sequence[Key], df: list[int], accs: dict[str, _Acc], kmap: list, docs,
                       split: set[str], redirect: dict) -> None:
    """"NTSB" in articles that also name the National Transportation Safety Board is
    that board: an acronym of three or more letters joins the one organisation whose
    initials it is, when some article names both."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    for eid, a in accs.items():
        if a.type != ORG:
            continue
        for surface in a.surfaces:
            words = [w for w in surface.replace("-", " ").split() if w.lower() not in _SMALL_WORDS]
            if len(words) >= 3:
                by_initials["".join(w[0] for w in words).upper()].add(eid)
    wanted: dict[int, str] = {}
    for kid, key in enumerate(keys):
        if not df[kid] or key.kind == GAZ or kmap[kid] is not None or " " in key.surface:
            continue
        letters = key.surface.replace(".", "")
        nk = name_key(key.surface)
        if 3 <= len(letters) <= 6 and letters.isupper() and nk not in redirect and nk not in split \
                and nk not in accs and len(by_initials.get(letters, ())) == 1:
            wanted[kid] = next(iter(by_initials[letters]))
    if not wanted:
        return
    seen_with: set[int] = set()
    for _, kids, _ in docs:
        here = None
        for kid in kids:
            if kid in wanted and kid not in seen_with:
                if here is None:
                    here = {kmap[k] for k in kids if kmap[k] is not None and not isinstance(kmap[k], tuple)}
                if wanted[kid] in here:
                    seen_with.add(kid)
    for kid in seen_with:
        redirect[name_key(keys[kid].surface)] = wanted[kid]


def _absorb(accs: dict[str, _Acc], kmap: list, redirect: dict, moved: dict[str, str]) -> None:
    """Fold each entity ``src`` of ``moved`` into its ``dst``: one pass over the keys."""
    if not moved:
        return
    for src, dst in moved.items():
        a, b = accs.pop(src), accs[dst]
        b.types.update(a.types)
        b.surfaces.update(a.surfaces)
        b.aliases |= a.aliases
        b.titles |= a.titles
        redirect[src] = dst
    for kid, m in enumerate(kmap):
        if m in moved:
            kmap[kid] = moved[m]


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
    # The name a user merged into (or listed aliases for) is the one shown, however
    # often the merged forms are written: "merge: {Nordvik Group: Nordvik Energy}"
    # shows Nordvik Energy.
    chosen = {name_key(v): v for v in ov.merge.values()}
    chosen.update({name_key(t): t for t in ov.aliases})
    index: dict[str, int] = {}
    names: dict[str, int] = {}
    records: list[dict] = []
    for eid, a in accs.items():
        name = a.canonical or chosen.get(eid) or _display_name(a)
        if name != _display_name(a):
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
