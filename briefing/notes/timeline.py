"""Dated statements: the sentences of an article placed on a calendar."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from briefing.text.dates import attributive, find_dates
from briefing.text.sentences import Sentence, split_sentences

_BOILERPLATE = re.compile(r"\b(?:copyright|all rights reserved)\b", re.I)


def candidate(s: Sentence) -> bool:
    """A sentence that can be a statement: not a heading, not a question, not an
    archive's copyright line, and of sentence length."""
    return (not s.heading and 5 <= s.words <= 90 and not s.text.rstrip().endswith("?")
            and not _BOILERPLATE.search(s.text))


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


# "ANKARA, August 17 (Xinhua) --": the day a wire report is filed from.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’ \-]{1,40}(?:,\s*[A-Z][A-Za-z.'’ \-]{1,25})?),?\s+"
    r"(?P<date>(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
    r"\s+\d{1,2})\s*(?:\([A-Za-z ]{2,20}\)\s*)?(?:--|_|—)\s+")
# "BANGKOK, Thailand _", "LARAMIE, Wyo. (AP) --": a dateline without a date.
_PLACE_LINE = re.compile(r"^[A-Z][A-Z .,'’\-]{1,40}(?:,\s*[A-Z][A-Za-z.'’ \-]{1,25})?\s*"
                         r"(?:\([A-Za-z ]{2,20}\)\s*)?(?:--|_|—)\s+")
# A chronology's heading: "1999:" alone on a line.
_HEADING_YEAR = re.compile(r"^\s*(?P<year>(?:1[89]|20)\d\d)\s*:?\s*$")
_LEADS_WITH_DATE = re.compile(
    r"^\s*(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)\b")
# "the highest since 1990", "the first press conference since the tests on May 11":
# after a superlative, what follows "since" is a point of comparison.
_SUPERLATIVE_SINCE = re.compile(
    r"\b(?:\w+est|first|last|only|ever|record|most|least|worst|best|biggest|highest|lowest|largest|"
    r"longest|strongest|deadliest|first-ever)\b(?!\s+since)[^.;:]{0,80}?\bsince\b[^.;]{0,80}$", re.I)
_COMPARED = re.compile(r"\b(?:compared (?:with|to)|than|versus|vs\.?|up from|down from|each|every)\s+"
                       r"(?:\w+\s+){0,3}$", re.I)
_THAN_AFTER = re.compile(r"^\W*\s*than\b", re.I)
# "the death toll in the earthquake on August 17 reached ... on Tuesday": a date that
# says which event is meant, when another date says when the statement happened.
_EVENT_NOUNS = re.compile(
    r"\b(?:quake|earthquake|tremor|crash|attack|attacks|bombing|bombings|explosion|blast|election|"
    r"elections|war|coup|uprising|crackdown|accident|disaster|tests?|fire|flood|storm|hurricane|"
    r"massacre|murder|killing|death|summit|visit|meeting|talks|vote|referendum|ceremony|tragedy|"
    r"shooting|collapse|raid|invasion|strike|landing)\b(?:\s+[\w,'’-]+){0,6}\s+(?:on|of|in)\s+$", re.I)
_PAST_VERB = re.compile(r"\b(?:[a-z]{2,}ed|was|were|did|had|struck|hit|began|came|went|took|made|met|left|"
                        r"won|lost|rose|fell|held|sent|told|became|got|gave|brought|found|saw|led|ran|"
                        r"shook|killed)\b")


def _dateline(article: Any, sentences: Sequence[Sentence]) -> tuple[int, int, dt.date | None, str] | None:
    """(start, end, day, text of the date) of the first body sentence's dateline."""
    first = next((s for s in sentences if not s.in_title), None)
    if first is None:
        return None
    m = _DATELINE.match(first.text)
    if m:
        day = None
        found = find_dates(m.group("date"), article.published)
        if found and article.published is not None:
            day = found[0].date
            # Datelined late on the day before publication, or in the last December.
            if (day - article.published).days > 183:
                day = day.replace(year=day.year - 1)
        return first.start, first.start + m.end(), day, m.group("date")
    m = _PLACE_LINE.match(first.text)
    if m:
        return first.start, first.start + m.end(), None, ""
    return None


def _is_reference(text: str, d: Any) -> bool:
    """A date that is a point of comparison or part of a name, not when the statement
    happened: "the highest since 1990", "compared with last year", "each March 21",
    "the 1990 election", "what have you done today?"."""
    before = text[:d.start]
    if _SUPERLATIVE_SINCE.search(before):
        return True
    if _COMPARED.search(before) or _THAN_AFTER.match(text[d.end:]):
        return True
    if re.match(r"[^.!?]*\?", text[d.end:]) and "?" in text[d.end:]:
        return True  # a date in a question dates nothing
    return False


def _subject_has(text: str, d: Any) -> bool:
    """The dated phrase opens the sentence and its verb is past: "Even this week's quake
    ... did some damage" tells of that quake; "A 1982 law makes" of now."""
    opening = text[:d.start].split()
    return len(opening) <= 2 and bool(_PAST_VERB.search(text, d.end))


def dated_statements(article: Any, sentences: Sequence[Sentence] | None = None) -> list[DatedStatement]:
    """Every sentence of ``article`` that reports something at a date, in text order,
    with the date its statement happened: a chronology's heading year, a dateline's day,
    the tense for a day written without a year; dates that only name or compare
    ("since 1990", "the 1990 election") do not date a statement."""
    if sentences is None:
        sentences = split_sentences(article)
    published = article.published
    line = _dateline(article, sentences)
    anchor = line[2] if line and line[2] and published and 0 <= (published - line[2]).days <= 3 else published
    out: list[DatedStatement] = []
    heading_year: int | None = None
    for s in sentences:
        m = _HEADING_YEAR.match(s.text)
        if m:
            heading_year = int(m.group("year"))
            continue
        if heading_year is not None and not s.heading and not _LEADS_WITH_DATE.match(s.text) \
                and s.index == _first_of_paragraph(sentences, s) and s.words > 25:
            heading_year = None  # the chronology has ended
        if not candidate(s):
            continue
        text = s.text
        skip = 0
        if line and line[0] == s.start:
            skip = line[1] - s.start
        context = heading_year if heading_year is not None and _LEADS_WITH_DATE.match(text) else None
        mentions = [d for d in find_dates(text, published, context_year=context, anchor=anchor)
                    if d.start >= skip]
        events = [d for d in mentions if not _is_reference(text, d)
                  and (not attributive(text, d.start, d.end) or _subject_has(text, d))]
        chosen = _choose(text, events)
        if chosen is not None and chosen.precision == "year" and line and line[2] and skip \
                and chosen.date.year == line[2].year:
            chosen = None  # "the budget in 1999" in a 1999 dispatch: the dateline says more
        if chosen is not None:
            out.append(DatedStatement(article.id, text, s.start, s.end, chosen.date, chosen.precision,
                                      chosen.label, s.start + chosen.start, s.start + chosen.end,
                                      chosen.end_date, chosen.relative))
        elif skip and line[2] is not None:
            # A dispatch's first sentence with no date of its own tells of its day.
            out.append(DatedStatement(article.id, text, s.start, s.end, line[2], "day", line[3],
                                      line[0] + text.index(line[3]), line[0] + text.index(line[3]) + len(line[3]),
                                      None, False))
    return out


def _first_of_paragraph(sentences: Sequence[Sentence], s: Sentence) -> int:
    for other in sentences:
        if other.paragraph == s.paragraph:
            return other.index
    return s.index


def _choose(text: str, events: list[Any]) -> Any | None:
    """The date of the statement among its dates: the first, unless it only says which
    event is meant and another date says when this happened."""
    if not events:
        return None
    if len(events) > 1 and _EVENT_NOUNS.search(text[:events[0].start]):
        return events[1]
    return events[0]


# ---------------------------------------------------------------- a note's rows

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_STOP = frozenset(
    """the a an and or but of in on at to for from with by as is was were are be been has
    have had that this these those it its he she they his her their said says will would
    not no after before over about into than then there which who what when also more
    most some such one two three""".split()
)
#: Share of words two sentences of one date must have in common to be one event told
#: twice (cosine over their sets of content words).
RESTATEMENT = 0.3


@dataclass
class TimelineRow:
    """One event of a timeline: a date, the sentence that tells it best, and every
    dated statement that told the same thing."""

    date: dt.date
    precision: str
    end_date: dt.date | None
    expression: str
    sentence: str
    statements: list[DatedStatement] = field(default_factory=list)
    """The one shown first, then the restatements, in the order they were given."""
    date_support: int = 0
    """How many articles give this date, for this row or another of the same day."""

    @property
    def date_text(self) -> str:
        return format_date(self.date, self.precision)

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(s.article_id for s in self.statements))


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z][a-z'’-]{2,}", text.lower()) if w not in _STOP)


def _similar(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def timeline_rows(statements: Iterable[DatedStatement], limit: int | None = 15,
                  query_terms: Sequence[str] = ()) -> list[TimelineRow]:
    """The rows of a timeline for the dated statements of a set of articles (in the
    order the articles are given), earliest first.

    Statements of one date that tell the same thing are one row, cited by each of
    their articles. When there are more rows than ``limit``, rows with the most
    ``query_terms`` come first, then the dates the most articles report, then the rows
    the most articles tell; every date gets its best row before any date a second, so
    restatements of one day cannot crowd out the story's other events.
    """
    items = list(statements)
    query = {w.lower() for w in query_terms}
    by_date: dict[tuple, list[tuple[int, DatedStatement, frozenset[str]]]] = {}
    for i, st in enumerate(items):
        key = (st.date, st.precision, st.end_date)
        by_date.setdefault(key, []).append((i, st, _words(st.sentence)))
    rows: list[tuple[tuple, TimelineRow]] = []
    for key, members in by_date.items():
        groups: list[list[tuple[int, DatedStatement, frozenset[str]]]] = []
        for member in members:
            best = max(groups, key=lambda g: max(_similar(member[2], m[2]) for m in g), default=None)
            if best is not None and max(_similar(member[2], m[2]) for m in best) >= RESTATEMENT:
                best.append(member)
            else:
                groups.append([member])
        support = len({st.article_id for _, st, _ in members})
        for group in groups:
            # The sentence nearest the others tells the row; ties go to the earliest.
            lead = max(group, key=lambda m: (sum(_similar(m[2], o[2]) for o in group), -m[0]))
            ordered = [lead] + [m for m in group if m is not lead]
            st = lead[1]
            row = TimelineRow(st.date, st.precision, st.end_date, st.expression, st.sentence,
                              [m[1] for m in ordered], support)
            hits = max(len(query & set(re.findall(r"\w+", m[1].sentence.lower()))) for m in group)
            rank = (-hits, -support, -len(row.article_ids), _PRECISION_RANK.get(st.precision, 4),
                    min(m[0] for m in group))
            rows.append((rank, row))
    rows.sort(key=lambda r: r[0])
    if limit is not None and len(rows) > limit:
        chosen: list[tuple[tuple, TimelineRow]] = []
        seen: set[tuple] = set()
        for rank, row in rows:  # each date's best row first
            key = (row.date, row.precision, row.end_date)
            if key not in seen and len(chosen) < limit:
                chosen.append((rank, row))
                seen.add(key)
        for rank, row in rows:
            if len(chosen) >= limit:
                break
            if all(row is not other for _, other in chosen):
                chosen.append((rank, row))
        rows = chosen
    out = [row for _, row in rows]
    order = {id(st): i for i, st in enumerate(items)}
    out.sort(key=lambda r: (r.date, r.end_date or r.date, order[id(r.statements[0])]))
    return out
