"""Forms of one name: the parts of a name that stand for it, and the fuller or plainer forms that join it."""

from __future__ import annotations

import re

from collections import defaultdict

from .lexicon import Lexicon
from .model import MISC, ORG, PERSON, PLACE
from .records import Acc
from .tokens import name_key, piece_norm

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Last words of bodies named after their town ("Asheville Police"): the town alone is
# the town, not the body.
_NAMED_AFTER_PLACES = frozenset({"police", "council", "county", "department", "court", "board", "commission",
                                 "committee", "hospital", "airport", "university", "college", "school",
                                 "chamber", "city", "government", "assembly", "district", "port", "station"})
_COMPANY_SUFFIXES = frozenset({"corp", "inc", "co", "ltd", "plc", "llc", "ag", "sa", "nv", "spa", "corporation",
                               "incorporated", "limited"})
FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "madam", "mme", "lady", "dame", "queen", "princess", "empress"})
MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "emperor"})
# Offices one person holds at a time: "President Clinton" names the president.
OFFICES = frozenset({"president", "prime minister", "premier", "chancellor", "governor", "gov", "senator",
                     "sen", "mayor", "pope", "vice president", "secretary of state"})


#: Initials a person goes by as a given name ("O.J." Simpson, "J.R." Ewing).
_INITIALS_NAME = re.compile(r"(?:[A-Z]\.){2,3}")


def title_norm(title: str) -> str:
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
            and nk not in _SUFFIXES and (not part.endswith(".") or bool(_INITIALS_NAME.fullmatch(part))))


def _name_parts(parts: list[str], lex: Lexicon) -> tuple[str, str]:
    """(surname, given name) of a person's name. Korean and Chinese names put the
    family name first ("Kim Jong-un", "Lee Jae Myung", "Xi Jinping")."""
    first = parts[0]
    if name_key(first) in lex.east_asian_surnames and (
            len(parts) == 2 or any("-" in p or "‑" in p for p in parts[1:])
            or all(len(p) <= 5 for p in parts[1:])):
        return first, ""
    given = first if not (len(first) <= 2 or first.endswith(".")) or _INITIALS_NAME.fullmatch(first) else ""
    return parts[-1], given


def name_index(accs: dict[str, Acc], lex: Lexicon) -> tuple[dict[str, set[str]], dict[str, set[str]],
                                                         dict[str, str]]:
    """(entities by surname, entities by given name, each person's given name):
    surnames and given names of people ("Yeltsin", "Elian"), first words of
    organisations ("Nordvik" for "Nordvik Energy")."""
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
    return by_surname, by_given, given_of


def merge_initials(accs: dict[str, Acc], kmap: list, docs, split: set[str], redirect: dict) -> None:
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
    absorb(accs, kmap, redirect, {eid: bare for eid, bare in pairs.items()
                                   if eid not in together or eid not in initials_only
                                   or eid.split()[-1] in _SUFFIXES})


def merge_org_forms(accs: dict[str, Acc], kmap: list, split: set[str], redirect: dict, lex: Lexicon) -> None:
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
    absorb(accs, kmap, redirect, moved)


def absorb(accs: dict[str, Acc], kmap: list, redirect: dict, moved: dict[str, str]) -> None:
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


_MODEL_CODE = re.compile(r"(?:[IVX]{1,4}|[A-Z]{1,3})")
_INITIALISM = re.compile(r"([A-Z]{2,4})(?:\s+(Jr\.?|Sr\.?|II|III))?")
_SMALL = frozenset({"of", "the", "and", "for", "de", "la", "del", "on", "in", "&"})


def merge_variants(accs: dict[str, Acc], kmap: list, docs, split: set[str], redirect: dict,
                   lex: Lexicon) -> None:
    """Four ways news writes one name twice. A law or treaty without its cue word ("the
    Halloway Fair Trade case") is the one named with it elsewhere. A vessel's or aircraft's name with a model
    code after it ("Corvan Skylark II", "Corvan Skylark HP") is that vessel or aircraft.
    A person's initials ("TJW Jr.") are the one person of the corpus who has them. Two
    organisations with the same initials and head word that no article names together,
    one written with the acronym ("Citizens' League (CL)" in one agency's copy, "Civic
    League" in another's), are one organisation translated two ways."""
    moved: dict[str, str] = {}
    for eid, a in accs.items():
        if eid in split or not a.surfaces:
            continue
        surface = max(a.surfaces, key=a.surfaces.get)
        words = surface.split()
        if a.type == MISC and len(words) > 2 and piece_norm(words[0]).lower() in lex.misc_prefixes:
            while len(words) > 2 and _MODEL_CODE.fullmatch(words[-1]):
                words.pop()
            base = name_key(" ".join(words))
            if base != eid and base in accs and accs[base].type == MISC and base not in split:
                moved[eid] = base
    given = lex.male_names | lex.female_names
    for eid, a in accs.items():
        # "a major Halloway Fair Trade case": the Halloway Fair Trade Act without its cue word.
        words = eid.split()
        if a.type != MISC and eid not in split and eid not in moved and len(words) >= 2 \
                and words[0] not in given:
            fuller = [f"{eid} {cue}" for cue in lex.misc_cues if f"{eid} {cue}" in accs]
            if len(fuller) == 1 and accs[fuller[0]].type == MISC:
                moved[eid] = fuller[0]
    by_initials: dict[tuple[str, str], set[str]] = defaultdict(set)
    for eid, a in accs.items():
        if a.type == PERSON and eid not in split:
            for surface in a.surfaces:
                parts = surface.split()
                tail = name_key(parts[-1]) if parts and name_key(parts[-1]) in _SUFFIXES else ""
                core = parts[:-1] if tail else parts
                if 2 <= len(core) <= 4 and all(p[:1].isupper() for p in core):
                    by_initials[("".join(p[0] for p in core), tail)].add(eid)
    for eid, a in accs.items():
        if a.type != PERSON or eid in split or eid in moved:
            continue
        m = next((m for s in a.surfaces if (m := _INITIALISM.fullmatch(s.strip()))), None)
        if m:
            cands = by_initials.get((m.group(1), name_key(m.group(2) or ""))) or set()
            cands = {c for c in cands if c != eid and c not in moved}
            if len(cands) == 1:
                moved[eid] = cands.pop()
    _merge_translations(accs, kmap, docs, split, moved)
    absorb(accs, kmap, redirect, moved)


def _merge_translations(accs: dict[str, Acc], kmap: list, docs, split: set[str], moved: dict[str, str]) -> None:
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for eid, a in accs.items():
        words = [w for w in eid.split() if w not in _SMALL]
        if a.type == ORG and eid not in split and eid not in moved and len(words) >= 2:
            groups[("".join(w[0] for w in words), words[-1])].append(eid)
    for (initials, _), eids in groups.items():
        if len(eids) != 2 or not any(initials in {name_key(x) for x in accs[e].aliases} | {e}
                                     for e in eids) and initials not in accs:
            continue
        together = False
        for _, kids, _ in docs:
            here = {kmap[k] for k in kids if k < len(kmap)}
            if eids[0] in here and eids[1] in here:
                together = True
                break
        if not together:
            small, big = sorted(eids, key=lambda e: sum(accs[e].surfaces.values()))
            moved[small] = big
