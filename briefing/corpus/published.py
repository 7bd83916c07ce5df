"""Publication dates as publishers write them, and the reading of numeric ones (month or day first)."""

from __future__ import annotations

import datetime as dt
import re

#: How a date written in numbers only (06/10/1998) is read: month first, as US wire
#: services write it, or day first.
DATE_ORDERS = ("mdy", "dmy")
_date_order = "mdy"


def set_date_order(order: str) -> None:
    """The reading of numeric dates for files discovered from now on (the config's
    ``articles.date_order``). Discovery copies it into every Entry: worker processes
    started with spawn do not share this module's state, but they receive the entries."""
    global _date_order
    if order not in DATE_ORDERS:
        raise ValueError(f"date order must be one of {', '.join(DATE_ORDERS)}, not {order!r}")
    _date_order = order


def date_order() -> str:
    """The reading of numeric dates that set_date_order chose."""
    return _date_order


def _month_names() -> dict[str, int]:
    from briefing.text.dates import MONTHS

    return MONTHS


_ISO_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?=$|[T\s])")
_COMPACT_DATE = re.compile(r"(\d{4})(\d\d)(\d\d)$")
# RFC 2822 as feeds write it ("Wed, 10 Jun 1998 21:46:00 GMT") and "10 June 1998".
_DAY_MONTH = re.compile(r"(?:[A-Za-z]{3,9}\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?([A-Za-z]{3,9})\.?,?[\s-]+"
                        r"(\d{4}|\d\d)(?=$|[\s,T])")
# "June 10, 1998", "Jun. 10, 1998", "Wednesday, June 10, 1998 9:46 PM".
_MONTH_DAY = re.compile(r"(?:[A-Za-z]{3,9}\.?,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?=$|[\s,T])")
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d\d)(?=$|[\sT,])")


def _year(text: str) -> int:
    # Two-digit years as POSIX strptime reads them: 69-99 are 1969-1999, 00-68 are 2000-2068.
    year = int(text)
    if len(text) == 2:
        year += 1900 if year >= 69 else 2000
    return year


def read_date(value, date_order: str | None = None) -> dt.date | str | None:
    """A date from front matter or a meta tag: the date, None for no value, or the
    reason it is not one (for a warning). Times and zones are ignored: the date is
    the one the publisher wrote."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (list, dict)):
        return "is not a date"
    s = " ".join(str(value).split())
    if not s:
        return None
    if len(s) > 64:
        return "is not a date briefing can read"
    try:
        if s[:4].isdigit():
            m = _ISO_DATE.match(s)
            if m:
                return dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4) or 1))
            m = _COMPACT_DATE.match(s)
            if m:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _NUMERIC_DATE.match(s)
        if m:
            return _numeric_date(int(m.group(1)), int(m.group(3)), _year(m.group(4)), date_order or _date_order)
        m = _DAY_MONTH.match(s)
        if m:
            month = _month_names().get(m.group(2).lower())
            if month:
                return dt.date(_year(m.group(3)), month, int(m.group(1)))
        m = _MONTH_DAY.match(s)
        if m:
            month = _month_names().get(m.group(1).lower())
            if month:
                return dt.date(int(m.group(3)), month, int(m.group(2)))
    except ValueError:
        return "is not a date"
    return "is not a date briefing can read (write it as 1998-06-10)"


def _numeric_date(first: int, second: int, year: int, order: str) -> dt.date | str:
    month, day = (first, second) if order == "mdy" else (second, first)
    try:
        return dt.date(year, month, day)
    except ValueError:
        pass
    try:
        dt.date(year, day, month)
    except ValueError:
        return "is not a date"
    other = "dmy" if order == "mdy" else "mdy"
    read = "month first" if order == "mdy" else "day first"
    return f"is not a date read {read} (articles.date_order: {other} in the config reads it the other way)"


def read_published(value, key: str, date_order: str | None, warnings: list[str]) -> dt.date | None:
    got = read_date(value, date_order)
    if isinstance(got, str):
        shown = " ".join(str(value).split())[:40] if not isinstance(value, (list, dict)) else type(value).__name__
        warnings.append(f"{key} {shown!r} {got}; ignored")
        return None
    return got


def parse_date(value, date_order: str | None = None) -> dt.date | None:
    """``read_date`` for callers that only want the date."""
    got = read_date(value, date_order)
    return None if isinstance(got, str) else got
