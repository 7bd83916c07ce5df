"""Acronyms: which organisation "NTSB" names, from articles that spell it out or name both."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Sequence

from .model import GAZ, ORG, STRONG, Key
from .records import Acc
from .tokens import name_key

_SMALL_WORDS = frozenset({"of", "the", "and", "for", "de", "la", "del", "on", "in", "&"})


def spelled_out(keys: Sequence[Key], df: list[int], split: set[str], redirect: dict) -> None:
    """An acronym an article spells out ("NTSB" for the National Transportation Safety
    Board) names that entity everywhere, when the corpus mostly spells it one way."""
    spelled: dict[str, Counter] = defaultdict(Counter)
    for kid, key in enumerate(keys):
        if df[kid] and key.kind == STRONG and key.canonical:
            spelled[name_key(key.surface)][name_key(key.canonical)] += df[kid]
    for acronym, expansions in spelled.items():
        target, n = expansions.most_common(1)[0]
        if acronym not in redirect and acronym not in split and 2 * n > sum(expansions.values()):
            redirect[acronym] = target


def acronyms_of_names(keys: Sequence[Key], df: list[int], accs: dict[str, Acc], kmap: list, docs,
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
