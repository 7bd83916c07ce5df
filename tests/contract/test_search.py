"""Search on the demo corpus: the query language, ranking, hit spans, suggestions, errors.

Every test that takes ``searcher`` runs once per installed engine (Whoosh, and tantivy
when its extra is installed)."""

from __future__ import annotations

import pytest

from briefing.search.registry import installed, open_engine
from briefing.search import Highlighter, QueryError, make_snippet
from briefing.search.spelling import edit_distance
from tests.conftest import SEEDS


@pytest.fixture(scope="module", params=installed())
def searcher(request, tmp_path_factory):
    ix, searcher = open_engine(request.param, tmp_path_factory.mktemp("ix") / "ix", [SEEDS])
    ix.open()
    ix.sync()
    return searcher


def ids(results):
    return [h.id for h in results.hits]


def test_phrase_ranks_the_article_that_contains_it_first(searcher):
    r = searcher.search('"joint military drills"')
    assert ids(r)[0] == "000_f07592ef50349924"
    assert r.hits[0].hits == 1


def test_stemming_finds_other_forms(searcher):
    r = searcher.search("cooperate")
    assert len(r.hits) == 5
    text = searcher.index.article(ids(r)[0]).text
    marked = [text[a:b].lower() for a, b in searcher.hit_spans("cooperate", searcher.index.article(ids(r)[0]))]
    assert "cooperation" in marked


def test_porter2_stems_running_to_run():
    hl = Highlighter(frozenset({"run"}))
    assert [(0, 7)] == hl.spans("running late")


def test_fuzzy_finds_misspelt_names(searcher):
    r = searcher.search("Ishba~")
    found = {h.id for h in r.hits}
    assert "002_6c71aa57f39ea662" in found
    for h in r.hits:
        art = searcher.index.article(h.id)
        assert "Ishiba" in [art.text[a:b] for a, b in searcher.hit_spans("Ishba~", art)]


def test_boolean_and_field_queries(searcher):
    assert set(ids(searcher.search("Ishiba OR Kishida"))) >= {"000_f07592ef50349924", "002_6c71aa57f39ea662"}
    assert "000_f07592ef50349924" not in ids(searcher.search("korea NOT Kishida"))
    assert ids(searcher.search("title:difficult")) == ["004_c17871cf35f186b4"]
    assert set(ids(searcher.search("diplomat*"))) == {h.id for h in searcher.search("").hits}


def test_us_and_dotted_us_are_the_same_word(searcher):
    assert ids(searcher.search("US")) == ids(searcher.search("U.S."))


def test_title_boost_ranks_title_matches_higher(searcher):
    r = searcher.search("difficult game")
    assert ids(r)[0] == "004_c17871cf35f186b4"


def test_empty_query_lists_every_article(searcher):
    r = searcher.search("")
    assert r.total == 5 and len(r.hits) == 5


def test_did_you_mean_prefers_the_closest_word(searcher):
    r = searcher.search("nroth korea")
    assert r.suggestion == "north korea"
    r = searcher.search("Ishbia")
    assert r.suggestion == "Ishiba"


@pytest.mark.parametrize("q", ['"unbalanced (quote', "(((", ")", "a:b:c", "AND", "NOT", "~", "*", "title:", '"', "published:[2020 to"])
def test_odd_queries_give_results_or_a_clear_error(searcher, q):
    try:
        searcher.search(q)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)


def test_bad_date_range_is_a_query_error(searcher):
    with pytest.raises(QueryError, match="could not understand"):
        searcher.search("published:[zzz to")


def test_phrase_is_one_span_and_overlaps_merge(searcher):
    art = searcher.index.article("000_f07592ef50349924")
    spans = searcher.hit_spans('"north korea" korea', art)
    texts = [art.text[a:b] for a, b in spans]
    assert "North Korea" in texts
    assert all(b <= c for (_, b), (c, _) in zip(spans, spans[1:]))


def test_negated_terms_are_not_highlighted(searcher):
    art = searcher.index.article("000_f07592ef50349924")
    texts = {art.text[a:b].lower() for a, b in searcher.hit_spans("korea NOT china", art)}
    assert texts == {"korea"}


def test_snippet_shows_hits_and_its_spans_line_up(searcher):
    r = searcher.search("Kishida")
    h = r.hits[0]
    assert "Kishida" in h.snippet
    assert all(h.snippet[a:b] == "Kishida" for a, b in h.snippet_spans)
    assert "\n" not in h.snippet


def test_make_snippet_handles_text_without_hits():
    snippet, spans = make_snippet("word " * 100, [])
    assert snippet.endswith("…") and not spans


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("nroth", "north") == 1
    assert edit_distance("kitten", "sitting") == 3
