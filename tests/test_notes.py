"""Briefing notes on the demo corpus: verbatim citations, timeline, quotes, actors."""

import datetime as dt

import pytest

from briefing.notes import build_note
from briefing.scope import Scope

from tests.notes_helpers import find_article, seed_articles, seed_table

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def arts():
    return seed_articles()


@pytest.fixture(scope="module")
def note(arts):
    return build_note(arts, Scope("North Korea"), seed_table(arts), TODAY,
                      query_terms=["north", "korea"])


def _check_evidence(arts, item, sources):
    ids = {s.n: s.article_id for s in sources}
    assert item.citations and len(item.evidence) == len(item.citations)
    for n, ev in zip(item.citations, item.evidence):
        assert ev.n == n and ids[n] == ev.article_id
        assert find_article(arts, ev.article_id).text[ev.start:ev.end]
    first = item.evidence[0]
    assert find_article(arts, first.article_id).text[first.start:first.end] == item.text


def test_key_points_are_verbatim_and_cited(arts, note):
    # The default budget is 250 words: several points, none past it.
    assert len(note.key_points) >= 5
    assert sum(len(p.text.split()) for p in note.key_points) <= 250
    for p in note.key_points:
        _check_evidence(arts, p, note.sources)
        for n in p.citations:
            src = next(s for s in note.sources if s.n == n)
            # Exact copies merge across sources; each cited article holds the text.
            ev = p.evidence[p.citations.index(n)]
            assert find_article(arts, src.article_id).text[ev.start:ev.end]
    assert len({p.text for p in note.key_points}) == len(note.key_points)


def test_key_points_lean_towards_the_query(arts, note):
    on_topic = [p for p in note.key_points if "North Korea" in p.text or "Pyongyang" in p.text]
    assert len(on_topic) >= len(note.key_points) // 2


def test_quotes_are_verbatim_and_the_peace_quote_is_lees(arts, note):
    assert note.quotes
    for q in note.quotes:
        _check_evidence(arts, q, note.sources)
        assert q.text in find_article(arts, q.evidence[0].article_id).text
    peace = [q for q in note.quotes if q.text.startswith("Peace is not built through silence or isolation")]
    assert peace and peace[0].speaker == "Lee Jae-myung"


def test_timeline_has_the_beijing_visit_in_date_order(arts, note):
    for e in note.timeline:
        _check_evidence(arts, e, note.sources)
    visit = [e for e in note.timeline if e.label == "4 and 7 January"]
    assert visit and visit[0].date == dt.date(2026, 1, 4) and visit[0].end == dt.date(2026, 1, 7)
    assert "visited Beijing" in visit[0].text
    dates = [e.date for e in note.timeline]
    assert dates == sorted(dates)
    assert any(e.label == "from 1910 to 1945" for e in note.timeline)


def test_actors_come_from_the_table(arts, note):
    names = [a.name for a in note.actors]
    assert names[0] == "Lee Jae-myung"
    lee = note.actors[0]
    assert lee.type == "PERSON" and lee.mentions > 20 and lee.citations == [1, 2, 3, 4, 5]


def test_without_a_table(arts):
    note = build_note(arts, Scope(), None, TODAY)
    assert note.actors == []
    assert note.key_points and note.quotes and note.timeline
    assert note.title == "Briefing: the whole corpus"


def test_scope_line_and_sources(arts, note):
    assert note.scope_line == "Search results for “North Korea” · 5 articles · generated 2026-03-01"
    assert [s.n for s in note.sources] == [1, 2, 3, 4, 5]
    assert [s.article_id for s in note.sources] == [a.id for a in arts]


def test_deterministic(arts):
    scope = Scope(entity="Lee Jae-myung")
    a = build_note(arts, scope, seed_table(arts), TODAY, query_terms=["lee", "jae", "myung"])
    b = build_note(list(arts), scope, seed_table(arts), TODAY, query_terms=["lee", "jae", "myung"])
    assert a == b


def test_relative_dates_resolve_against_published(arts):
    from dataclasses import replace
    first = replace(arts[0], published=dt.date(2025, 6, 7))
    note = build_note([first], Scope(), None, TODAY)
    ago = [e for e in note.timeline if e.label == "just days ago"]
    assert ago and ago[0].date == dt.date(2025, 6, 4) and ago[0].relative


def test_duplicate_sources_merge_into_one_point(arts):
    from dataclasses import replace
    copy = replace(arts[0], id="wire-copy", path="wire.txt", source="Wire")
    note = build_note([arts[0], copy], Scope(), None, TODAY)
    assert any(p.citations == [1, 2] for p in note.key_points)
    assert any(q.citations == [1, 2] for q in note.quotes)


def test_empty_scope():
    note = build_note([], Scope(), None, TODAY)
    assert note.key_points == [] and note.sources == [] and note.article_count == 0
