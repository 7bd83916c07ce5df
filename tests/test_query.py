"""briefing's own query form: every query of the language survives the trip through it."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from briefing import query as bq
from briefing.index import Index
from briefing.search import Searcher

QUERIES = [
    "tariffs", "Seoul said", '"North Korea"', '"interest rates" AND inflation', "strike AND wages NOT pension",
    "(floods OR drought) AND evacuation", "title:tariffs", "source:Ledger AND title:Seoul", "tariff*", "*a*",
    "ta?iff", "inflaton~", "Ishba~2/1", "published:2024", "published:[2024-01-01 to 2024-06-30]",
    "published:>2024-03-01", "title:[a to c]", "NOT tariffs", "Lee^2 Korea", "tariffs ANDMAYBE Seoul",
    'entity:"Lee Jae-myung"', "type:person",
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    from .conftest import SEEDS

    ix = Index(tmp_path_factory.mktemp("q") / "ix", [SEEDS])
    ix.open()
    ix.sync()
    return Searcher(ix)


@pytest.mark.parametrize("text", QUERIES)
def test_whoosh_queries_survive_our_form(searcher, text):
    parsed = searcher.parser().parse(text)
    tree = bq.from_whoosh(parsed)
    assert bq.to_whoosh(tree) == parsed
    # Everything the language offers has a node of its own, not an engine-only part.
    assert not [n for n in bq.walk(tree) if isinstance(n, bq.Opaque)], tree


def test_the_tree_says_what_the_query_asks():
    parsed = wq.And([wq.Phrase("body", ["north", "korea"]), wq.FuzzyTerm("title", "ishba", maxdist=2, prefixlength=0)])
    assert bq.from_whoosh(parsed) == bq.And((bq.Phrase("body", ("north", "korea")), bq.Fuzzy("title", "ishba", 2, 0)))


def test_word_positions_survive_for_did_you_mean(searcher):
    results = searcher.search("nroth korea")
    assert results.suggestion and results.suggestion.lower().startswith("north")


def test_search_results_are_unchanged_by_the_trip(searcher):
    for text in ("Seoul", '"North Korea"', "tariff*", "Ishba~"):
        raw = searcher.parser().parse(text)
        direct = searcher.index.searcher().search(searcher._rewrite(raw), limit=None)
        assert [h["id"] for h in direct] == [h.id for h in searcher.search(text, limit=None, snippets=0).hits]
