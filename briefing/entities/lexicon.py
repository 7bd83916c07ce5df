"""The gazetteer and rule word lists shipped as YAML, loaded once into lookup tables."""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from .model import ORG, PERSON, PLACE
from .tokens import connector_gaps, name_key, piece_norm, run_pattern, runs

TITLE, DEMONYM = "TITLE", "DEMONYM"
_DATA_FILES = ("countries.yaml", "places.yaml", "organisations.yaml", "rules.yaml")
_ADJECTIVE_TITLES = frozenset({"major", "general", "chief", "chair", "justice", "lady", "lord", "father"})
_SOFT_POSSESSIVES = frozenset({"people", "workers", "women", "children", "veterans", "farmers", "citizens"})


@dataclass
class Lexicon:
    """Everything the builtin engine looks words up in."""

    trie: dict = field(default_factory=dict)  # piece norm -> ... -> {None: (canonical, type)}
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)  # name_key -> (canonical, type)
    gaps: dict[str, str] = field(default_factory=dict)
    run_re: re.Pattern | None = None  # candidate runs, from ``gaps``
    adjective_re: re.Pattern | None = None  # "-led": a hyphen and an adjective suffix
    function_words: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    org_cues: frozenset[str] = frozenset()
    org_suffixes: tuple[str, ...] = ()
    place_cues: frozenset[str] = frozenset()
    place_prefixes: frozenset[str] = frozenset()
    trailing_roles: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()  # single-word titles, for "leader Lee"
    adjective_suffixes: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    misc_cues: frozenset[str] = frozenset()
    misc_prefixes: frozenset[str] = frozenset()
    misc_after: frozenset[str] = frozenset()
    org_after: frozenset[str] = frozenset()
    org_before: frozenset[str] = frozenset()
    said_after: frozenset[str] = frozenset()
    dotted: dict[str, tuple[str, str]] = field(default_factory=dict)  # "fla" -> Florida, before a "."
    east_asian_surnames: frozenset[str] = frozenset()  # family name first: "Kim Jong-un"
    male_names: frozenset[str] = frozenset()  # given names, for "Mrs. Gore" is not Al Gore
    female_names: frozenset[str] = frozenset()
    soft_possessives: frozenset[str] = _SOFT_POSSESSIVES
    fingerprint: str = ""

    def tokens_of(self, name: str):
        found = runs(name, self.gaps, self.soft_possessives, frozenset())
        # A name the tokeniser cannot cover whole ("Xi'an", "Number 10") would match
        # a part of itself in text, so it is left out rather than half-matched.
        if len(found) != 1 or found[0][0].start != 0 or found[0][-1].end != len(name):
            return None
        if any(t.possessive and t.norm not in self.soft_possessives for t in found[0]):
            return None
        return [t.norm for t in found[0]]

    def add(self, name: str, canonical: str, type_: str) -> None:
        norms = self.tokens_of(name)
        if not norms:
            return
        node = self.trie
        for n in norms:
            node = node.setdefault(n, {})
        # First writer wins: user entries, then countries' own names, then the rest,
        # so "Korea" stays South Korea whatever else shares the word.
        node.setdefault(None, (canonical, type_))
        if type_ not in (TITLE, DEMONYM):
            self.aliases.setdefault(name_key(name), (canonical, type_))

    def is_common(self, norm: str) -> bool:
        """An everyday English word (or an inflection of one), so capitalisation alone
        says nothing about it being a name."""
        w = norm.lower()
        if w in self.common_words or w in self.function_words:
            return True
        for suffix, repl in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("s", ""),
                             ("es", ""), ("ies", "y"), ("ly", ""), ("ers", ""), ("er", "")):
            if w.endswith(suffix) and len(w) > len(suffix) + 2:
                if w[: -len(suffix)] + repl in self.common_words:
                    return True
        return False


def _lower_set(words) -> frozenset[str]:
    return frozenset(piece_norm(w).lower() for w in words)


def _plural(demonym: str) -> str | None:
    if demonym.endswith(("s", "sh", "ch", "ese", "x", "z")):
        return None
    return demonym + "s"


@lru_cache(maxsize=8)
def load_lexicon(extra: tuple[tuple[str, str, tuple[str, ...]], ...] = ()) -> Lexicon:
    """Build the lexicon; ``extra`` is user-added (name, type, aliases) entries."""
    pkg = resources.files(__package__)
    raw = {name: pkg.joinpath(name).read_bytes() for name in _DATA_FILES}
    # libyaml's parser when present: the same data in a tenth of the time, and every
    # extraction process pays this once.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = {name: yaml.load(body, Loader=loader) for name, body in raw.items()}  # noqa: S506 - a safe loader
    rules = data["rules.yaml"]
    lex = Lexicon()
    lex.gaps = connector_gaps(rules["name_particles"])
    lex.run_re = run_pattern(lex.gaps)
    lex.function_words = _lower_set(rules["function_words"])
    lex.org_cues = _lower_set(rules["org_cues"])
    lex.org_suffixes = tuple(rules["org_suffixes"])
    lex.place_cues = _lower_set(rules["place_cues"])
    lex.place_prefixes = _lower_set(w.split()[0] for w in rules["place_prefixes"])
    lex.trailing_roles = _lower_set(rules["trailing_roles"])
    lex.adjective_suffixes = frozenset(rules["adjective_suffixes"])
    lex.adjective_re = re.compile(rf"[-‑](?:{'|'.join(map(re.escape, lex.adjective_suffixes))})", re.IGNORECASE)
    lex.particles = frozenset(rules["name_particles"])
    lex.misc_cues = _lower_set(rules["misc_cues"])
    lex.misc_prefixes = frozenset(piece_norm(w).lower() for w in rules["misc_prefixes"])
    lex.misc_after = frozenset(rules["misc_after"])
    lex.org_after = frozenset(rules["org_after"])
    lex.org_before = frozenset(rules["org_before"])
    lex.said_after = frozenset(rules["said_after"])
    lex.dotted = {name_key(a): (name, PLACE) for name, abbrs in rules["state_abbreviations"].items()
                  for a in abbrs}
    lex.east_asian_surnames = frozenset(name_key(w) for w in rules["east_asian_surnames"])
    lex.male_names = frozenset(name_key(w) for w in rules["given_names_male"])
    lex.female_names = frozenset(name_key(w) for w in rules["given_names_female"])
    # Lower-case titles that are also everyday adjectives ("a major case", "the general
    # public") say nothing about the name after them.
    lex.title_words = _lower_set(t for t in rules["titles"] if " " not in t) - _ADJECTIVE_TITLES
    with gzip.open(pkg.joinpath("common_words.txt.gz").open("rb"), "rt", encoding="utf-8") as fh:
        lex.common_words = frozenset(fh.read().split())

    # A possessive inside a known name ("Martha's Vineyard") does not end the name.
    soft = set(_SOFT_POSSESSIVES)
    for section, entries in data["places.yaml"].items():
        for name, aliases in entries:
            for form in (name, *aliases):
                for word in form.split()[:-1]:
                    if word.endswith(("'s", "’s")):
                        soft.add(piece_norm(word[:-2]))
    lex.soft_possessives = frozenset(soft)
    # User entries first: they win over shipped data.
    for name, type_, aliases in extra:
        for form in (name, *aliases):
            lex.add(form, name, type_)
    for name, shorts, demonyms, capitals in data["countries.yaml"]["countries"]:
        for form in (name, *shorts):
            lex.add(form, name, PLACE)
    for name, shorts, demonyms, capitals in data["countries.yaml"]["countries"]:
        for cap in capitals:
            lex.add(cap, capitals[0], PLACE)
        for dem in demonyms:
            lex.add(dem, name, DEMONYM)
            plural = _plural(dem)
            if plural:
                lex.add(plural, name, DEMONYM)
    for section, entries in data["places.yaml"].items():
        for name, aliases in entries:
            for form in ((name, *aliases) if section != "demonyms" else aliases):
                lex.add(form, name, DEMONYM if section == "demonyms" else PLACE)
    for section in data["organisations.yaml"].values():
        for name, aliases in section:
            for form in (name, *aliases):
                lex.add(form, name, ORG)
    for title in rules["titles"]:
        lex.add(title, title, TITLE)
    lex.fingerprint = lexicon_fingerprint(extra)
    return lex


@lru_cache(maxsize=8)
def lexicon_fingerprint(extra: tuple = ()) -> str:
    """What ``load_lexicon(extra)`` is built from, hashed without building it (opening
    a store must not wait for the YAML to be parsed)."""
    pkg = resources.files(__package__)
    digest = hashlib.blake2b(digest_size=8)
    for name in _DATA_FILES:
        digest.update(pkg.joinpath(name).read_bytes())
    digest.update(repr(extra).encode())
    return digest.hexdigest()


__all__ = ["Lexicon", "load_lexicon", "lexicon_fingerprint", "TITLE", "DEMONYM", "PERSON", "ORG", "PLACE"]
