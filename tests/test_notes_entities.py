"""Notes on the demo corpus with the real entity table (briefing.entities)."""

import datetime as dt

import pytest

from briefing.entities import EntityStore
from briefing.notes import build_note
from briefing.scope import Scope
from briefing.quotes import find_quotes

from tests.notes_helpers import find_article, seed_articles

PEACE = "Peace is not built through silence or isolation"


@pytest.fixture(scope="module")
def arts():
    return seed_articles()


@pytest.fixture(scope="module")
def table(arts, tmp_path_factory):
    store = EntityStore.open(tmp_path_factory.mktemp("entities"))
    store.update(arts)
    return store.table


def test_peace_quote_is_attributed_through_the_table(arts, table):
    note = build_note(arts, Scope("North Korea"), table, dt.date(2026, 3, 1), query_terms=["north", "korea"])
    peace = next(q for q in note.quotes if q.text.startswith(PEACE))
    assert peace.speaker == "Lee Jae-myung"
    ev = peace.evidence[0]
    article = find_article(arts, ev.article_id)
    # The "Lee" of `..., Lee said` is a PERSON mention whose canonical name we used.
    said = article.text.index("Lee said", ev.end)
    span = next(s for s in table.spans(article.id) if s.start <= said < s.end)
    assert span.type == "PERSON" and span.name == "Lee Jae-myung"


def test_pronoun_speaker_resolves_to_nearest_person(arts, table):
    article = next(a for a in arts if "he said." in a.text)
    quote = next(q for q in find_quotes(article, table) if q.text.startswith("We must move beyond the past"))
    assert quote.speaker == "Lee Jae-myung"


def test_actors_from_the_table(arts, table):
    note = build_note(arts, Scope(), table, dt.date(2026, 3, 1))
    assert note.actors
    top = note.actors[0]
    assert top.name == "Lee Jae-myung" and top.type == "PERSON"
    assert top.citations == [1, 2, 3, 4, 5]
    assert all(a.type in ("PERSON", "ORG", "PLACE") for a in note.actors)
    counts = [a.mentions for a in note.actors]
    assert counts == sorted(counts, reverse=True)
