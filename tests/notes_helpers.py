"""Shared fixtures for the notes tests: the demo corpus and a hand-made entity table."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing.corpus import Article, load_articles

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_articles() -> list[Article]:
    return load_articles([SEEDS])


@dataclass(frozen=True)
class MentionSpan:
    start: int
    end: int
    type: str
    name: str


@dataclass
class Entity:
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    articles: dict[str, int] = field(default_factory=dict)

    @property
    def mentions(self) -> int:
        return sum(self.articles.values())


class FakeTable:
    """A test double of the entity table's documented interface: for_article, spans,
    find. Mentions are found by regex over each article's text."""

    def __init__(self, articles: list[Article], entities: dict[str, tuple[str, list[str]]]):
        self.entities: dict[str, Entity] = {}
        self._spans: dict[str, list[MentionSpan]] = {}
        for article in articles:
            spans = []
            for name, (etype, patterns) in entities.items():
                ent = self.entities.setdefault(name, Entity(name, etype, patterns[1:]))
                rx = re.compile("|".join(f"(?:{p})" for p in patterns))
                for m in rx.finditer(article.text):
                    spans.append(MentionSpan(m.start(), m.end(), etype, name))
                    ent.articles[article.id] = ent.articles.get(article.id, 0) + 1
            spans.sort(key=lambda s: (s.start, -s.end))
            kept: list[MentionSpan] = []
            for s in spans:
                if not kept or s.start >= kept[-1].end:
                    kept.append(s)
            self._spans[article.id] = kept

    def for_article(self, article_id: str):
        rows = [(e, e.articles[article_id]) for e in self.entities.values() if article_id in e.articles]
        return sorted(rows, key=lambda r: (-r[1], r[0].name))

    def spans(self, article_id: str):
        return list(self._spans.get(article_id, []))

    def find(self, name: str):
        for e in self.entities.values():
            if name.casefold() in {e.name.casefold(), *(a.casefold() for a in e.aliases)}:
                return e
        return None


SEED_ENTITIES = {
    "Lee Jae-myung": ("PERSON", [r"Lee Jae[-‑ ][Mm]yung", r"\bLee\b"]),
    "Antony Blinken": ("PERSON", [r"Antony Blinken", r"\bBlinken\b"]),
    "Xi Jinping": ("PERSON", [r"Xi Jinping"]),
    "Donald Trump": ("PERSON", [r"Donald Trump", r"\bTrump\b"]),
    "North Korea": ("PLACE", [r"North Korea", r"Pyongyang"]),
    "Japan": ("PLACE", [r"\bJapan\b"]),
    "China": ("PLACE", [r"\bChina\b", r"\bBeijing\b"]),
}


def seed_table(articles: list[Article]) -> FakeTable:
    return FakeTable(articles, SEED_ENTITIES)


def find_article(articles: list[Article], article_id: str) -> Article:
    return next(a for a in articles if a.id == article_id)
