"""Date expressions: absolute, ranges, relative to the published date."""

import datetime as dt

from briefing.text.dates import find_dates


def labels(text, published=None):
    return [(d.label, d.date, d.end_date, d.precision) for d in find_dates(text, published)]


def test_day_range_takes_its_year_from_the_sentence():
    text = "Lee visited Beijing between 4 and 7 January, calling 2026 “the year of restoration.”"
    assert labels(text)[0] == ("4 and 7 January", dt.date(2026, 1, 4), dt.date(2026, 1, 7), "day")


def test_absolute_forms():
    assert labels("Japan’s colonial rule from 1910 to 1945 left wounds.") == [
        ("from 1910 to 1945", dt.date(1910, 1, 1), dt.date(1945, 12, 31), "year")]
    assert labels("the East Asia Institute’s June 2025 survey")[0][:2] == ("June 2025", dt.date(2025, 6, 1))
    assert labels("On March 3, 2024 they met.")[0][:2] == ("March 3, 2024", dt.date(2024, 3, 3))
    assert labels("It was signed on 2024-05-06.")[0][:2] == ("2024-05-06", dt.date(2024, 5, 6))
    assert labels("the 2023 Camp David summit")[0][:2] == ("2023", dt.date(2023, 1, 1))


def test_numbers_that_are_not_years():
    assert labels("around 2000 troops and 1999 percent and $2020 and 1,2024") == []


def test_relative_needs_a_published_date():
    text = "President Lee, who took office just days ago, spoke last week and on Monday."
    assert labels(text) == []
    got = labels(text, dt.date(2025, 6, 11))  # a Wednesday
    assert [g[0] for g in got] == ["just days ago", "last week", "Monday"]
    assert got[1][1] == dt.date(2025, 6, 2) and got[1][3] == "week"
    assert got[2][1] == dt.date(2025, 6, 9)


def test_month_without_year_uses_published_year():
    assert labels("as I wrote in May, the policy shifted") == []
    assert labels("as I wrote in May, the policy shifted", dt.date(2025, 8, 1))[0][:2] == ("May", dt.date(2025, 5, 1))
    # December written in a January article is the December just gone.
    assert labels("talks began in December", dt.date(2026, 1, 10))[0][1] == dt.date(2025, 12, 1)


def test_may_the_verb_is_not_a_month():
    assert labels("May the talks succeed; they may.") == []


def test_weekday_in_future_tense_looks_forward():
    wednesday = dt.date(2025, 3, 5)
    assert labels("Lund would meet both sides on Thursday.", wednesday)[0][1] == dt.date(2025, 3, 6)
    assert labels("Shares fell sharply on Tuesday.", wednesday)[0][1] == dt.date(2025, 3, 4)


def dates_of(text, published):
    return [(d.label, d.date) for d in find_dates(text, published)]


def test_a_later_day_in_a_past_clause_is_last_year_in_a_coming_one_this_year():
    pub = dt.date(2031, 3, 4)
    assert dates_of("The ferry sank on June 9 near the harbour mouth.", pub) == [("June 9", dt.date(2030, 6, 9))]
    # A participle after a present or future "be" is not a past verb.
    assert dates_of("The regatta will be rowed May 24 on the lake.", pub) == [("May 24", dt.date(2031, 5, 24))]
    assert dates_of("Her second novel is published April 2 by a small press.", pub) == [
        ("April 2", dt.date(2031, 4, 2))]
    assert dates_of("Her challenge to the permit is due to be heard in the upper court on June 30.", pub) == [
        ("June 30", dt.date(2031, 6, 30))]
    # An arrangement made in the past for a day still to come.
    assert dates_of("The mayor has accepted an invitation to visit the port on March 20.", pub) == [
        ("March 20", dt.date(2031, 3, 20))]


def test_a_when_clause_in_the_past_places_the_night_it_defines():
    got = dates_of("Survivors still talk about the evening of Aug. 2, when the trawler rolled over in the swell.",
                   dt.date(2031, 6, 20))
    assert got == [("Aug. 2", dt.date(2030, 8, 2))]


def test_a_vague_span_is_not_last_year():
    pub = dt.date(2031, 7, 17)
    assert dates_of("Walkers have reported the glider above the cliffs many times over the last year.", pub) == []
    assert dates_of("Rents have doubled in the last year, tenants say.", pub) == []
    # Without "the" it is the calendar year before.
    assert dates_of("Rents doubled last year, tenants say.", pub) == [("last year", dt.date(2030, 1, 1))]
