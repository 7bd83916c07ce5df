"""Dated statements and a timeline's rows, on text written for these tests."""

from __future__ import annotations

import datetime as dt

from briefing.corpus import Article
from briefing.text.dates import find_dates
from briefing.notes.timeline import dated_statements, timeline_rows

SATURDAY = dt.date(2000, 6, 24)


def article(body: str, published: dt.date | None, aid: str = "t", title: str = "Headline") -> Article:
    return Article(id=aid, path=f"{aid}.txt", title=title, body=body, published=published)


def dates_of(body: str, published: dt.date | None = SATURDAY) -> dict[str, tuple[str, str]]:
    """First words of each dated sentence -> (date, precision)."""
    a = article(body, published)
    out = {}
    for st in dated_statements(a):
        assert a.text[st.start:st.end] == st.sentence
        assert a.text[st.expression_start:st.expression_end] == st.expression
        out[" ".join(st.sentence.split()[:3])] = (st.date_text, st.precision)
    return out


def test_a_chronology_under_year_headings_keeps_each_heading_year():
    got = dates_of(
        "The dispute, year by year.\n\n1999:\n\n"
        "Nov. 22 _ The council votes to close the old harbour.\n\n"
        "Dec. 3 _ Fishermen block the harbour road in protest.\n\n2000:\n\n"
        "March 14 _ A court suspends the closure order.",
        dt.date(2000, 6, 28))
    assert got["Nov. 22 _"] == ("1999-11-22", "day")
    assert got["Dec. 3 _"] == ("1999-12-03", "day")
    assert got["March 14 _"] == ("2000-03-14", "day")


def test_last_year_and_the_tense_give_the_year():
    got = dates_of(
        "The dam was finished on October 31 last year after a decade of work.\n\n"
        "A second flood struck the valley in November, the worst in living memory.\n\n"
        "The new bridge will open in April, the ministry says.\n\n"
        "The council elects its new chair Jan. 6, officials say.",
        dt.date(2000, 8, 15))
    assert got["The dam was"] == ("1999-10-31", "day")
    assert got["A second flood"] == ("1999-11", "month")
    assert got["The new bridge"] == ("2001-04", "month")
    assert got["The council elects"] == ("2001-01-06", "day")


def test_weekdays_fall_on_the_side_of_publication_their_tense_says():
    got = dates_of(  # a Saturday's paper
        "The minister said on Wednesday that the talks had failed.\n\n"
        "The unions will meet on Wednesday to plan the next strike.\n\n"
        "Police arrested four men Friday night near the docks.\n\n"
        "Good Friday services drew large crowds to the cathedral this morning.")
    assert got["The minister said"] == ("2000-06-21", "day")
    assert got["The unions will"] == ("2000-06-28", "day")
    assert got["Police arrested four"] == ("2000-06-23", "day")
    assert "Good Friday services" not in got


def test_weeks_today_and_a_sunday_papers_last_week():
    sunday = dt.date(2000, 6, 25)
    got = dates_of("The committee met three times last week to settle the budget.\n\n"
                   "The rescue teams are still searching the rubble today.", sunday)
    assert got["The committee met"] == ("2000-06-19", "week")
    assert got["The rescue teams"] == ("2000-06-25", "day")


def test_reference_only_dates_date_nothing():
    got = dates_of(
        "Unemployment is at its highest level since 1990, the report says.\n\n"
        "It was the first visit by a foreign leader since 2017 to the island.\n\n"
        "The results of the 1990 election were never honoured by the army.\n\n"
        "Exports grew by 4 percent, compared with 9 percent last year.\n\n"
        "Survivors of the Aug. 17 quake are still living in tents near the coast.\n\n"
        "The prize is awarded each March 21 to a young scientist.\n\n"
        "Since Sunday, the army has arrested more than 300 students in the capital.")
    assert got == {"Since Sunday, the": ("2000-06-18", "day")}


def test_a_dateline_anchors_the_dispatch():
    got = dates_of(
        "HARBOURTOWN, June 23 (Xinhua) -- Heavy rain flooded the lower town, local radio reported.\n\n"
        "The mayor ordered the schools closed on Friday and asked the army for boats.\n\n"
        "The storm was the strongest to hit the coast in the region's recorded history.")
    assert got["HARBOURTOWN, June 23"] == ("2000-06-23", "day")
    assert got["The mayor ordered"] == ("2000-06-23", "day")
    assert "The storm was" not in got


def test_find_dates_keeps_its_old_call_and_reads_bare_weekdays():
    wednesday = dt.date(2025, 3, 5)
    got = [(d.label, d.date) for d in find_dates("Shares fell sharply Tuesday and rose today.", wednesday)]
    assert got == [("Tuesday", dt.date(2025, 3, 4)), ("today", wednesday)]
    assert find_dates("Shares fell sharply Tuesday.") == []  # relative needs a published date


def test_json_has_the_documented_fields():
    a = article("The factory closed on March 3, 1998, after a long strike.", SATURDAY)
    (st,) = dated_statements(a)
    assert st.to_json() == {"article": "t", "sentence": a.text[st.start:st.end], "date": "1998-03-03",
                            "precision": "day", "expression": "March 3, 1998",
                            "start": st.start, "end": st.end}


def _story() -> list:
    arts = [
        article("The ferry sank on March 3, 1998, in a storm off the northern cape.", SATURDAY, "a1"),
        article("The ferry sank on March 3, 1998, off the northern cape in a storm.", SATURDAY, "a2"),
        article("On March 3, 1998, the ferry sank in a storm off the northern cape, killing 40.", SATURDAY, "a3"),
        article("Divers reached the wreck on March 9, 1998, after the storm eased.\n\n"
                "The owners sold their last two ships in May 1999.", SATURDAY, "a4"),
    ]
    return [st for a in arts for st in dated_statements(a)]


def test_restatements_of_one_date_are_one_row_cited_by_each_article():
    rows = timeline_rows(_story(), limit=15)
    assert [r.date_text for r in rows] == ["1998-03-03", "1998-03-09", "1999-05"]
    assert rows[0].article_ids == ["a1", "a2", "a3"]
    assert rows[0].date_support == 3


def test_the_cap_keeps_the_dates_most_sources_report_and_one_row_a_date_first():
    statements = _story()
    rows = timeline_rows(statements, limit=2)
    assert [r.date_text for r in rows] == ["1998-03-03", "1998-03-09"]
    # Many sentences on one day tell different things: each date still gets a row
    # before that day gets a second one.
    busy = [article(f"On March 3, 1998, {w}.", SATURDAY, f"b{i}") for i, w in enumerate([
        "dockers walked out over unpaid wages", "the port authority suspended all sailings",
        "a fuel tanker ran aground near the lighthouse", "relatives gathered outside the shipping office",
        "the governor declared three days of mourning"])]
    more = statements + [st for a in busy for st in dated_statements(a)]
    assert len([r for r in timeline_rows(more, limit=None) if r.date_text == "1998-03-03"]) == 6
    rows = timeline_rows(more, limit=3)
    assert [r.date_text for r in rows] == ["1998-03-03", "1998-03-09", "1999-05"]
    assert rows[0].article_ids == ["a1", "a2", "a3"]


def test_rows_on_the_query_come_first_under_the_cap():
    rows = timeline_rows(_story(), limit=1, query_terms=["owners"])
    assert [r.date_text for r in rows] == ["1999-05"]
