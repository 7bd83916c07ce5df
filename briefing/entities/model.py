"""Plain data shared by the entity engines, the resolver and the store."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Iterator, NamedTuple, Tuple

from briefing.errors import BriefingError

#: Bump when extraction output changes, so stored extractions are redone.
DATA_VERSION = 6

PERSON, ORG, PLACE, MISC = "PERSON", "ORG", "PLACE", "MISC"
#: MISC: other named things: vessels, aircraft, events, laws, treaties, works.
TYPES = (PERSON, ORG, PLACE, MISC)

# How much a mention can be trusted on its own.
GAZ = 0  # a gazetteer (or user-added) name: canonical is known
STRONG = 1  # found by the rules with evidence of its own
WEAK = 2  # capitalised only for a reason that says nothing (heading, sentence start):
# kept only when it names something found with evidence elsewhere


class EntityError(BriefingError):
    """A user-facing problem (bad overrides file, missing engine); the message is one line."""


class Key(NamedTuple):
    """One distinct surface form in one article, with what extraction knows about it."""

    surface: str
    kind: int
    type: str  # type hint ("" when the rules have no idea)
    strength: int  # how sure the type hint is: 0 guess .. 3 cue or gazetteer
    canonical: str = ""  # gazetteer name, when kind == GAZ
    title: str = ""  # title right before it ("President" in "President Lee")


@dataclass
class DocExtraction:
    """What an engine found in one article: distinct keys and every mention of them.

    ``flat`` holds five ints per mention (start, end, key index, paragraph index,
    sentence index): a flat array pickles and loads far faster than tuples.
    ``sentences`` holds only the sentences a first mention needs, by index.
    """

    keys: list[Key] = field(default_factory=list)
    flat: array = field(default_factory=lambda: array("i"))
    sentences: dict[int, str] = field(default_factory=dict)

    @property
    def mentions(self) -> Iterator[tuple[int, int, int, int, int]]:
        f = self.flat
        for i in range(0, len(f), 5):
            yield f[i], f[i + 1], f[i + 2], f[i + 3], f[i + 4]

    def pack(self) -> tuple:
        return ([tuple(k) for k in self.keys], self.flat.tobytes(), self.sentences)

    @classmethod
    def unpack(cls, raw: tuple) -> "DocExtraction":
        keys, flat, sentences = raw
        arr = array("i")
        arr.frombytes(flat)
        return cls([Key._make(k) for k in keys], arr, dict(sentences))


#: What the store keeps of one article, as plain picklable data (a worker process can
#: make it): ``(keys, counts, spans, key_sentence, sentences)`` where ``keys`` are
#: distinct ``Key``-shaped tuples, ``counts[i]`` how often key i is mentioned,
#: ``spans`` the bytes of an ``array("i")`` of (start, end, key, paragraph) per
#: mention, and ``sentences[key_sentence[i]]`` the sentence of key i's first mention.
Summary = Tuple[list, list, bytes, list, list]


def summary_from_extraction(doc: DocExtraction) -> Summary:
    """The summary of an engine's full extraction (the spaCy engine makes those)."""
    keys = [tuple(k) for k in doc.keys]
    counts = [0] * len(keys)
    first_sent: list[int] = [-1] * len(keys)
    spans = array("i")
    for start, end, ki, para, sent in doc.mentions:
        counts[ki] += 1
        if first_sent[ki] < 0:
            first_sent[ki] = sent
        spans.extend((start, end, ki, para))
    order: dict[int, int] = {}
    sentences: list[str] = []
    key_sentence = []
    for sent in first_sent:
        if sent not in order:
            order[sent] = len(sentences)
            sentences.append(doc.sentences.get(sent, ""))
        key_sentence.append(order[sent])
    return keys, counts, spans.tobytes(), key_sentence, sentences
