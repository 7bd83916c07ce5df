"""Date expressions in running text, absolute and relative, resolved to calendar dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a few": 3, "few": 3,
           "several": 3, "some": 3, "just": 3, "": 3}

_MONTH = (r"(?P<month>January|February|March|April|May|June|July|August|September|October|"
          r"November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|"
          r"Oct\.?|Nov\.?|Dec\.?)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_SEP = r"\s*(?:–|—|-|‑|and|to|until|through)\s*"
_YEAR_END = r"(?![\d,.]\d)"
# "on March 1 last year", "in February last year": the year named by its distance.
_REL_YEAR = r"(?:,?\s+(?P<rel>last|this|next)\s+year\b)?"

# Ordered from most to least specific: the first pattern to claim a stretch of text wins.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dmy_range", re.compile(rf"\b{_DAY}{_SEP}{_DAY2}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b{_YEAR_END}")),
    ("mdy_range", re.compile(rf"\b{_MONTH}\s+{_DAY}{_SEP}{_DAY2}(?:,?\s+{_YEAR})?\b{_YEAR_END}")),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:(?:,?\s+{_YEAR})?\b{_YEAR_END}){_REL_YEAR}")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:percent|%|per))(?:(?:,?\s+{_YEAR})?{_YEAR_END}){_REL_YEAR}")),
    ("my", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b{_YEAR_END}")),
    ("year_range", re.compile(
        r"\b(?:from|between)\s+(?P<year>(?:1[89]|20)\d\d)\s*(?:to|and|until|–|-)\s*"
        r"(?P<year2>(?:1[89]|20)\d\d)\b")),
    ("year_span", re.compile(r"\b(?P<year>(?:1[89]|20)\d\d)\s*[–-]\s*(?P<year2>(?:1[89]|20)\d\d|\d\d)\b(?![–-])")),
    # A bare month needs a preposition in front: "May" is also a verb.
    ("month", re.compile(
        rf"\b(?i:in|since|by|until|from|during|early|late|mid|last|next|this|of)[\s-]+{_MONTH}\b(?!\s+\d)"
        rf"{_REL_YEAR}")),
    ("year", re.compile(
        r"(?<![$€£¥₩\d.,#])\b(?P<year>(?:1[89]|20)\d\d)\b(?![.,]\d)(?!s\b)"
        r"(?!\s*(?:%|percent|per\b|people|troops|soldiers|executives|km|kilomet|miles|"
        r"metres|meters|tons|tonnes|units|members|times|won\b|yen\b|dollars|euros|feet))")),
    ("ago", re.compile(
        r"\b(?P<n>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|several|"
        r"some|just)?\s*(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.I)),
    ("last", re.compile(r"\b(?P<which>last|this|next|earlier this|later this|this past)\s+"
                        r"(?P<unit>week|month|year|Monday|Tuesday|Wednesday|Thursday|Friday|"
                        r"Saturday|Sunday)\b", re.I)),
    ("yesterday", re.compile(r"\b(?P<word>yesterday|the day before yesterday|tomorrow|today|tonight)\b", re.I)),
    # A bare weekday, as AP writes it ("said Friday", "early Tuesday", "Tuesday's quake").
    ("weekday", re.compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
                           r"(?![-‑–]|\s+(?:to|through|and)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
                           r"Saturday|Sunday))")),
]

_BY_KIND = dict(_PATTERNS)

_ATTRIBUTIVE_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|this|that|last year's|’s|'s)\s+)$", re.I)
_ATTRIBUTIVE_AFTER = re.compile(r"(?:[’']s\b|,?\s+(?:[a-z][a-z\-]*|[A-Z][A-Za-z\-]+\s+[A-Z]\w*|[A-Z]{2,}\b))")
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)\b([A-Z][\w\-]+)\s+$")
_NOT_A_NAME = frozenset(
    """in on by since until from during before after of at for through between and the
    early late mid spring summer autumn fall winter christmas easter""".split()
) | frozenset(MONTHS)
_NOT_A_NOUN = frozenset(
    """and or but to of in on at by for from with when as that which who while after before
    until since than through was were is are will would has had have percent per last this
    next ago earlier later""".split()
)


def attributive(text: str, start: int, end: int) -> bool:
    """Whether the date at text[start:end] names a thing rather than says when: "the
    1990 election", "a 1982 law", "the Aug. 17 quake", "Tuesday's earthquake", "the
    Landmine Monitor 2000 report"."""
    after = text[end:end + 40]
    if re.match(r"[’']s\b", after):
        return True
    # Only a bare year is part of a name ("Euro 2000"); "Israel next Tuesday" is not.
    name = _NAME_BEFORE.search(text, max(0, start - 30), start) if re.fullmatch(r"\d{4}", text[start:end]) else None
    if not _ATTRIBUTIVE_BEFORE.search(text, max(0, start - 16), start) and not (
            name and name.group(1).lower() not in _NOT_A_NAME):
        return False
    m = _ATTRIBUTIVE_AFTER.match(after)
    if not m:
        return False
    word = m.group().strip(" ,").split()[0].lower()
    return word not in _NOT_A_NOUN
# Most sentences carry no date at all: a few cheap searches decide which of the
# patterns can match before any of them runs.
_GATES = {
    "year": re.compile(r"(?:1[89]|20)\d\d"),
    "month": re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"),
    "relative": re.compile(r"\bago\b|\b(?:last|this|next)\s|yesterday|tomorrow|today|tonight|day\b", re.I),
}
_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RELATIVE_WORDS = ("ago", "last", "this", "next", "yesterday", "tomorrow", "today", "tonight", "day")


def _gates(text: str) -> set[str]:
    """Which of the gates can match; plain substring tests first, as they are much
    cheaper than the patterns and rule out most sentences."""
    out = set()
    # The pattern runs in C; a Python loop over the characters cost more than it saved.
    if _GATES["year"].search(text):
        out.add("year")
    if any(m in text for m in _MONTH_STEMS) and _GATES["month"].search(text):
        out.add("month")
    low = text.lower()
    if any(w in low for w in _RELATIVE_WORDS) and _GATES["relative"].search(text):
        out.add("relative")
    return out
_GATE_OF = {
    "iso": "year", "year_range": "year", "year_span": "year", "year": "year",
    "dmy_range": "month", "mdy_range": "month", "dmy": "month", "mdy": "month", "my": "month",
    "month": "month", "ago": "relative", "last": "relative", "yesterday": "relative",
    "weekday": "relative",
}
# "would meet both sides on Thursday": a bare weekday in future tense is the next one.
_FUTURE = re.compile(r"\b(?:will|would|shall|is to|are to|due to|expected to|plans? to|"
                     r"scheduled|set to|going to|on course to|is due|are due)\b|’ll\b|'ll\b", re.I)
# Past tense, for a day or month written without a year: the one before publication.
_PAST = re.compile(
    r"\b(?:[a-z]{2,}ed|was|were|had|did|said|struck|hit|began|came|went|took|made|met|left|won|"
    r"lost|rose|fell|held|sent|told|became|got|gave|brought|found|saw|led|ran|built|sold|bought|"
    r"paid|spent|kept|put|cut|fought|caught|thought|knew|grew|flew|wrote|spoke|broke|chose|drove|"
    r"shook|stood|sat|fled|arose|sank|shot|threw|drew|blew|hid|swam|sang|rang|froze|stole|"
    r"swore|tore|woke|felt|fed|slept|sought|taught|dealt|meant)\b")
# A participle after a present or future "be" is passive, not past: "will be held",
# "is published", "to be launched".
_PASSIVE_BEFORE = re.compile(r"\b(?:be|being|is|are|am)\s+(?:[a-z]+ly\s+)?$")
# An arrangement made in the past for a day still to come: the infinitive's action is
# what the date belongs to, so the past verb says nothing about the date's year.
_INTENT_TO = re.compile(
    r"\b(?:invitations?|invited|agreed|decided|promised|vowed|pledged|asked|offered|planned|"
    r"arranged|ordered|hoped|wanted|intended|threatened|voted|chose|urged)\s+(?:[a-z]+\s+)?to\s+"
    r"(?!the\b|an?\b|his\b|her\b|its\b|their\b)[a-z]+\b")
_SPAN_BEFORE = re.compile(r"\b(?:the|this|that|a)\s+$", re.I)
_WHEN_CLAUSE = re.compile(r",?\s+when\s+([^,;.]{3,120})")
# "Good Friday", "Black Monday": names of days, not dates.
_NAMED_DAY = re.compile(r"\b(?:Good|Black|Super|Ash|Holy|Easter|Palm|Cyber|Bloody|Blue|Maundy|Shrove|Fat)\s+$")
RELATIVE = {"ago", "last", "yesterday", "weekday"}


@dataclass(frozen=True)
class DateMention:
    """A date expression: ``text[start:end] == label``; ``date`` is its first day."""

    start: int
    end: int
    label: str
    date: dt.date
    end_date: dt.date | None
    precision: str
    """"day", "week", "month" or "year": how exactly the expression pins the date."""
    relative: bool


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _pick_year(month: int, day: int | None, context_year: int | None, published: dt.date | None,
               tense: str | None = None) -> int | None:
    """The year of a day (or, with ``day`` None, a month) given without one: the year
    the text gives, else the one its tense implies (a past event is the last such day
    before publication, a coming one the next), else the nearer one."""
    if context_year is not None:
        return context_year
    if published is None:
        return None
    year = published.year
    this = (month,) if day is None else (month, day)
    now = (published.month,) if day is None else (published.month, published.day)
    if tense == "past" and this > now:
        return year - 1
    if tense == "future" and this < now:
        return year + 1
    guess = _safe_date(year, month, min(day or 1, 28))
    # A month written without a year in an article from January usually means the
    # December just gone, not the one eleven months ahead; "Jan. 6" in November the
    # coming one.
    if guess and (guess - published).days > 183:
        year -= 1
    elif guess and (published - guess).days > 183 and tense != "past":
        year += 1
    return year


def _tense(text: str, start: int, end: int | None = None) -> str | None:
    """The tense of the verb nearest the date in its clause: "future" ("will meet on
    Thursday", "on July 27 will take place"), "past" ("recalled Friday"), else None.
    "would" after a past verb looks forward from the past, not from now: no tense."""
    end = start if end is None else end
    lo = max(0, start - 150)
    before = text[lo:start]
    cut = max((m.end() for m in re.finditer(r"[;:]|,\s+(?:but|while|and)\s|\s(?:--|_)\s", before)), default=0)
    lo += cut
    after = text[end:end + 60]
    stop = re.search(r"[,;.]|\s(?:but|and|when|while|because|as)\s", after)
    hi = end + (stop.start() if stop else len(after))
    # "the evening of Oct. 9, when the bridge gave way": the clause that defines the day
    # decides, whatever the sentence around it says about that night now.
    when = _WHEN_CLAUSE.match(text, end)
    if when and _PAST.search(when.group(1)):
        return "past"
    best: tuple[int, str] | None = None
    for pattern, kind in ((_FUTURE, "future"), (_PAST, "past")):
        for m in pattern.finditer(text, lo, hi):
            gap = start - m.end() if m.end() <= start else m.start() - end
            if gap < 0:
                continue
            if kind == "future" and m.group().lower() == "would" and _PAST.search(text, lo, m.start()):
                continue  # "told him he would kill in July": a past seen from the past
            if kind == "past" and _PASSIVE_BEFORE.search(text, max(0, m.start() - 20), m.start()):
                continue  # "will be staged Sept. 14", "is released Sept. 3": the auxiliary's tense
            if kind == "past" and m.end() <= start and _INTENT_TO.search(text, m.start(), start):
                continue  # "agreed to join the crew on Nov. 8": looks ahead
            if best is None or gap < best[0]:
                best = (gap, kind)
    return best[1] if best else None


def _years_in(text: str) -> list[tuple[int, int]]:
    return [(m.start(), int(m.group("year"))) for m in _BY_KIND["year"].finditer(text)]


def _shift_months(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _resolve_relative(kind: str, m: re.Match[str], published: dt.date,
                      future: bool) -> tuple[dt.date, dt.date | None, str]:
    """``published`` is the day the text is written from (a dateline's day if it has one)."""
    if kind == "ago":
        unit = m.group("unit").lower().rstrip("s")
        raw = (m.group("n") or "").lower()
        n = int(raw) if raw.isdigit() else NUMBERS.get(raw, 3)
        if unit == "day":
            return published - dt.timedelta(days=n), None, "day"
        if unit == "week":
            return published - dt.timedelta(weeks=n), None, "week"
        if unit == "month":
            return _shift_months(published, -n), None, "month"
        return dt.date(published.year - n, 1, 1), None, "year"
    if kind == "yesterday":
        word = m.group("word").lower()
        delta = {"yesterday": -1, "the day before yesterday": -2, "tomorrow": 1, "today": 0, "tonight": 0}[word]
        return published + dt.timedelta(days=delta), None, "day"
    if kind == "weekday":
        target = WEEKDAYS[m.group("wd").lower()]
        if future:
            return published + dt.timedelta(days=(target - published.weekday()) % 7), None, "day"
        back = (published.weekday() - target) % 7
        return published - dt.timedelta(days=back), None, "day"
    which = m.group("which").lower()
    unit = m.group("unit").lower()
    step = {"last": -1, "next": 1}.get(which, 0)  # "this past week" is this one
    if unit in WEEKDAYS:
        back = (published.weekday() - WEEKDAYS[unit]) % 7 or 7
        day = published - dt.timedelta(days=back) if step <= 0 else published + dt.timedelta(days=(7 - back) or 7)
        return day, None, "day"
    if unit == "week":
        if step < 0 and published.weekday() == 6:
            step = 0  # a Sunday paper's "last week" is the week that ends that day
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
        return monday, monday + dt.timedelta(days=6), "week"
    if unit == "month":
        first = _shift_months(published, step)
        return first, None, "month"
    return dt.date(published.year + step, 1, 1), None, "year"


def find_dates(text: str, published: dt.date | None = None, *, context_year: int | None = None,
               anchor: dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``text`` that can be placed on a calendar.

    Relative expressions ("last week", "on Wednesday") are resolved against ``anchor``
    (the day a dateline names) or ``published``; days or months without a year take
    ``context_year`` (a chronology's heading), else a year written in the same text,
    else the year the tense implies. What cannot be resolved is left out, not guessed.
    """
    gates = _gates(text)
    if not gates:
        return []
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    years = _years_in(text) if "year" in gates else []
    for kind, pattern in _PATTERNS:
        if _GATE_OF[kind] not in gates:
            continue
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            mention = _mention(kind, m, text, years, published, anchor or published, context_year)
            taken.append((s, e))
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda d: d.start)
    return found


def _mention(kind: str, m: re.Match[str], text: str, years: list[tuple[int, int]],
             published: dt.date | None, anchor: dt.date | None = None,
             context_year: int | None = None) -> DateMention | None:
    # "in May": the preposition only licenses the month; the label is the month.
    s, e = m.span("month") if kind == "month" else m.span()
    if kind == "month" and m.group("rel"):
        e = m.end()
    label = text[s:e]
    if kind in RELATIVE:
        if anchor is None:
            return None
        if kind == "weekday" and _NAMED_DAY.search(text, max(0, s - 12), s):
            return None
        if kind == "last" and _SPAN_BEFORE.search(text, max(0, s - 12), s):
            return None  # "over the last year" is the twelve months to now, not last year
        date, end, precision = _resolve_relative(kind, m, anchor, _tense(text, s, e) == "future")
        return DateMention(s, e, label, date, end, precision, True)
    groups = m.groupdict()
    if kind in ("year", "year_range", "year_span"):
        year = int(groups["year"])
        end = None
        if groups.get("year2"):
            y2 = groups["year2"]
            y2i = int(y2) if len(y2) == 4 else year // 100 * 100 + int(y2)
            if y2i <= year:
                return None
            end = dt.date(y2i, 12, 31)
        return DateMention(s, e, label, dt.date(year, 1, 1), end, "year", False)
    month = int(groups["m"]) if kind == "iso" else _month(groups["month"])
    day = int(groups["day"]) if groups.get("day") else 1
    # "March 1 last year"; else a chronology's heading year; else the nearest year
    # written elsewhere in the same sentence, as in "4 and 7 January ... 2026", unless
    # it names something else ("the 1994 settlement").
    context = context_year
    rel = groups.get("rel")
    if rel and not groups.get("year") and (anchor or published) is not None:
        context = (anchor or published).year + {"last": -1, "this": 0, "next": 1}[rel.lower()]
    if context is None and not groups.get("year"):
        outside = [(abs(pos - s), y) for pos, y in years
                   if not s <= pos < e and not attributive(text, pos, pos + 4)]
        context = min(outside)[1] if outside else None
    tense = _tense(text, s, e)
    if kind == "month":
        # "last October" is the one before publication, "next May" the one after.
        lead = m.group().split()[0].lower()
        tense = {"last": "past", "next": "future"}.get(lead, tense)
    year = int(groups["year"]) if groups.get("year") else \
        _pick_year(month, day if groups.get("day") else None, context, published, tense)
    if year is None:
        return None
    date = _safe_date(year, month, day)
    if date is None:
        return None
    end = None
    if groups.get("day2"):
        end = _safe_date(year, month, int(groups["day2"]))
        if end is None or end < date:
            return None
    precision = "month" if kind in ("my", "month") else "day"
    return DateMention(s, e, label, date, end, precision, False)
