"""Dated statements: the sentences of an article placed on a calendar."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Sequence

from briefing.dates import find_dates
from briefing.sentences import Sentence, split_sentences
from briefing.summarise import candidate

_SINCE = re.compile(r"\b(?:since|ever since)\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$", re.I)


@dataclass(frozen=True)
class DatedStatement:
    """A sentence and the date it reports; ``article.text[start:end] == sentence``."""

    article_id: str
    sentence: str
    start: int
    end: int
    date: dt.date
    """The first day the expression refers to (the Monday for a week)."""
    precision: str
    """"day", "week", "month" or "year"."""
    expression: str
    """The date as the article writes it."""
    expression_start: int
    expression_end: int
    end_date: dt.date | None = None
    relative: bool = False

    @property
    def date_text(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (the first day for a week)."""
        return format_date(self.date, self.precision)

    def to_json(self) -> dict:
        return {
            "article": self.article_id,
            "sentence": self.sentence,
            "date": self.date_text,
            "precision": self.precision,
            "expression": self.expression,
            "start": self.start,
            "end": self.end,
        }


def format_date(date: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{date.year:04d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def dated_statements(article: Any, sentences: Sequence[Sentence] | None = None) -> list[DatedStatement]:
    """Every sentence of ``article`` that reports something at a date, in text order."""
    if sentences is None:
        sentences = split_sentences(article)
    out: list[DatedStatement] = []
    for s in sentences:
        if not candidate(s):
            continue
        dates = [d for d in find_dates(s.text, article.published) if not _SINCE.search(s.text, 0, d.start)]
        if not dates:
            continue
        d = dates[0]
        out.append(DatedStatement(article.id, s.text, s.start, s.end, d.date, d.precision, d.label,
                                  s.start + d.start, s.start + d.end, d.end_date, d.relative))
    return out
