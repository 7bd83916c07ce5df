"""Plain data shared by the entity engines, the resolver and the store."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Bump when extraction output changes, so stored extractions are redone.
DATA_VERSION = 3

PERSON, ORG, PLACE = "PERSON", "ORG", "PLACE"
TYPES = (PERSON, ORG, PLACE)

# How much a mention can be trusted on its own.
GAZ = 0  # a gazetteer (or user-added) name: canonical is known
STRONG = 1  # found by the rules with evidence of its own
WEAK = 2  # capitalised only for a reason that says nothing (heading, sentence start):
# kept only when it names something found with evidence elsewhere


class EntityError(Exception):
    """A user-facing problem (bad overrides file, missing engine); the message is one line."""


@dataclass(frozen=True)
class Key:
    """One distinct surface form in one article, with what extraction knows about it."""

    surface: str
    kind: int
    type: str  # type hint ("" when the rules have no idea)
    strength: int  # how sure the type hint is: 0 guess .. 3 cue or gazetteer
    canonical: str = ""  # gazetteer name, when kind == GAZ
    title: str = ""  # title right before it ("President" in "President Lee")

    def as_tuple(self) -> tuple:
        return (self.surface, self.kind, self.type, self.strength, self.canonical, self.title)


@dataclass
class DocExtraction:
    """What an engine found in one article: distinct keys and every mention of them.

    ``mentions`` rows are (start, end, key index, paragraph index, sentence index);
    ``sentences`` holds only the sentences a first mention needs, by index.
    """

    keys: list[Key] = field(default_factory=list)
    mentions: list[tuple[int, int, int, int, int]] = field(default_factory=list)
    sentences: dict[int, str] = field(default_factory=dict)
