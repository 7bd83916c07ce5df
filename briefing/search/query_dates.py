"""Dates in published: values, as people write them, read into whole days, months or years.

Articles are dated to the day, so every date names a period: ``2000`` a year, ``2000-08``
(or ``200008``, ``august 2000``, ``aug``) a month, ``2000-08-15`` (or ``20000815``) a day;
``today``, ``yesterday``, ``tomorrow``, ``now`` and offsets such as ``-7d``, ``-2w``,
``-1mo``, ``-1y`` a day counted from today. Comparisons and ranges are turned into
inclusive bounds here (see ``bounds``), so an engine only runs them.
"""

from __future__ import annotations

import datetime as dt
import re

from briefing.errors import QueryError

_MONTHS = {name: n for n, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")), 1) for name in names}
_NUMERIC = re.compile(r"(\d{4})(?:-?(\d{1,2})(?:-?(\d{1,2}))?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})?")
_OFFSET = re.compile(r"([-+])(\d{1,6}) ?(d|days?|w|weeks?|mo|months?|y|years?)")
_NAMED_DAYS = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1}

#: (year, month or None, day or None): what one written date names.
Period = tuple[int | None, int | None, int | None]


def period(text: str, today: dt.date) -> Period:
    """What ``text`` names, or QueryError. A month name alone has no year yet (None):
    a range takes it from its other end, anything else from today."""
    word = " ".join(text.lower().split())
    if word in _NAMED_DAYS:
        return _day(today + dt.timedelta(days=_NAMED_DAYS[word]))
    m = _OFFSET.fullmatch(word)
    if m:
        return _day(_shift(today, -int(m[2]) if m[1] == "-" else int(m[2]), m[3]))
    m = _COMPACT.fullmatch(word) if len(word) in (6, 8) and word.isdigit() else _NUMERIC.fullmatch(word)
    if m:
        y, mo, d = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
        return _checked(y or None, mo or None, d or None, text, bool(y == 0 or mo == 0 or d == 0))
    parts = word.replace(",", " ").split()
    months = [p for p in parts if p in _MONTHS]
    years = [p for p in parts if p.isdigit() and len(p) == 4]
    days = [p for p in parts if p.isdigit() and len(p) <= 2]
    if len(months) == 1 and len(years) <= 1 and len(days) <= 1 and len(parts) == 1 + len(years) + len(days):
        return _checked(int(years[0]) if years else None, _MONTHS[months[0]], int(days[0]) if days else None, text)
    raise QueryError(f"published: cannot read {text!r} as a date "
                     "(try 2000, 2000-08, 2000-08-15, today, yesterday or -7d)")


def _day(d: dt.date) -> Period:
    return d.year, d.month, d.day


def _shift(today: dt.date, n: int, unit: str) -> dt.date:
    try:
        if unit[0] == "d":
            return today + dt.timedelta(days=n)
        if unit[0] == "w":
            return today + dt.timedelta(weeks=n)
        months = today.year * 12 + today.month - 1 + (n * 12 if unit[0] == "y" else n)
        y, m = divmod(months, 12)
        last = (dt.date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day if y < dt.MAXYEAR else 31
        return dt.date(y, m + 1, min(today.day, last))
    except (OverflowError, ValueError):
        raise QueryError(f"published: {n:+d}{unit} is outside the calendar") from None


def _checked(y, m, d, text: str, zero: bool = False) -> Period:
    try:
        if zero:
            raise ValueError
        dt.date(y or 2000, m or 1, d or 1)  # 2000 is a leap year: february 29 needs a year to judge
        if y is not None and m is not None and d is not None:
            dt.date(y, m, d)
    except ValueError:
        raise QueryError(f"published: {text!r} is not a date of the calendar") from None
    return y, m, d


def first_and_after(p: Period, today: dt.date) -> tuple[dt.datetime, dt.datetime | None]:
    """(first moment, first moment after) of a period; None after the calendar's end."""
    y, m, d = p
    y = today.year if y is None else y
    if m is None:
        return dt.datetime(y, 1, 1), dt.datetime(y + 1, 1, 1) if y < dt.MAXYEAR else None
    if d is None:
        after = dt.datetime(y + m // 12, m % 12 + 1, 1) if (y, m) < (dt.MAXYEAR, 12) else None
        return dt.datetime(y, m, 1), after
    first = dt.datetime(y, m, d)
    return first, first + dt.timedelta(days=1) if first.date() < dt.date.max else None


def _last(after: dt.datetime | None) -> dt.datetime:
    return dt.datetime.max if after is None else after - dt.timedelta(microseconds=1)


def bounds(start: str | None, end: str | None, start_excl: bool, end_excl: bool,
           today: dt.date) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Inclusive (first, last) moments for a range or comparison over dates as written:
    an inclusive end takes its whole period in, an exclusive one leaves it out (so
    ``<2000`` ends at the last moment of 1999 and ``>2000-08-15`` starts on the 16th).
    A bound past the calendar's end gives bounds that match nothing."""
    a = period(start, today) if start else None
    b = period(end, today) if end else None
    if a is not None and b is not None and a[0] is None and b[0] is not None:
        a = (b[0], a[1], a[2])  # "[march to may 2000]": the start takes the end's year
    lo = hi = None
    if a is not None:
        first, after = first_and_after(a, today)
        lo = after if start_excl else first
        if lo is None:
            return dt.datetime.max, dt.datetime.min
    if b is not None:
        first, after = first_and_after(b, today)
        if end_excl and first == dt.datetime.min:
            return dt.datetime.max, dt.datetime.min
        hi = _last(first) if end_excl else _last(after)
    return lo, hi
