"""briefing's own query form: every query of the language survives the trip through it."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from briefing.search import language, tree as bq

from . import query_whoosh_reference
from briefing.search.searcher import Searcher
from briefing.search.store import Index
from briefing.search.whoosh_queries import ExactPhrase, to_whoosh

QUERIES = [
    "tariffs", "Seoul said", '"North Korea"', '"interest rates" AND inflation', "strike AND wages NOT pension",
    "(floods OR drought) AND evacuation", "title:tariffs", "source:Ledger AND title:Seoul", "tariff*", "*a*",
    "ta?iff", "inflaton~", "Ishba~2/1", "published:2024", "published:[2024-01-01 to 2024-06-30]",
    "published:>2024-03-01", "title:[a to c]", "NOT tariffs", "Lee^2 Korea", "tariffs ANDMAYBE Seoul",
    'entity:"Lee Jae-myung"', "type:person", "tariffs\tREQUIRE\tSeoul",
]
#: The corners of the language: operator binding, boosts on groups, operators that are
#: words, unclosed quotes and groups, words the analyser splits, fields that are no field.
CORNERS = [
    "a OR b c", "a AND b OR c", "a OR b AND c", "NOT a b", "a ANDNOT b c", "a REQUIRE b OR c", "(a b)^3",
    "title:(a OR b)^2", "title:a b", "jae-myung", "foo:bar", "12:30", "AND", "a AND", "NOT", "a NOT", '""', "()",
    "a (b", "a)", "-a", "x^", "x^abc", "x^2.5", '"a b"^2', "title:", "a OR NOT b", "a OR (b", '"korea"',
    '"a-b c"', "entity:a,b", "entity:Lee*", "entity:Lee~", "running*", "runn?ng", "Elián*", "U.S.*", "x~/2",
    "x~2/", 'a "b c', "title:[Running to Zeta]", "title:>m", "title:<=Running", "published:[to 2000]",
    "published:[1999 TO 2000}", "published:[2000-03 to 2000-05-10]", "published:20000815", "published:march",
    "published:2000^2", "title:a^2 OR b", "id:abc", "source:Le Monde", "((a b) OR c)^2 d", "NOT (a OR b)",
    "a ANDNOT b ANDMAYBE c", "drills published:<2021-05 ANDNOT keller", "Title:x", "a\u00a0b",
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    from .conftest import SEEDS

    ix = Index(tmp_path_factory.mktemp("q") / "ix", [SEEDS])
    ix.open()
    ix.sync()
    return Searcher(ix)


@pytest.mark.parametrize("text", CORNERS)
def test_the_corners_of_the_language_read_as_whoosh_read_them(text):
    assert language.read(text) == query_whoosh_reference.read(text)


@pytest.mark.parametrize("text", QUERIES)
def test_our_parser_reads_every_query_as_whoosh_read_it(text):
    """briefing's parser gives the tree Whoosh's parser gave (kept in the tests as the
    reference the language was defined by), and the Whoosh engine's translation of the
    tree gives back Whoosh's own query."""
    want = query_whoosh_reference.read(text)
    assert language.read(text) == want
    raw = query_whoosh_reference.parser().parse(text)
    assert to_whoosh(query_whoosh_reference.from_whoosh(raw), phrase=wq.Phrase) == raw


def test_the_tree_says_what_the_query_asks():
    assert language.read('"north korea" title:ishba~2') == bq.And((
        bq.Or((bq.Phrase("title", ("north", "korea")), bq.Phrase("body", ("north", "korea")))),
        bq.Fuzzy("title", "ishba", 2, 0)))


def test_word_positions_survive_for_did_you_mean(searcher):
    results = searcher.search("nroth korea")
    assert results.suggestion and results.suggestion.lower().startswith("north")


def test_search_results_are_unchanged_by_the_trip(searcher):
    """Whoosh's own searcher, given Whoosh's own query classes for the rewritten tree,
    ranks as the engine does with its collector and exact phrases."""
    for text in ("Seoul", '"North Korea"', "tariff*", "Ishba~"):
        raw = to_whoosh(searcher.parse(text), phrase=wq.Phrase)
        direct = searcher.index.engine.searcher().search(raw, limit=None)
        assert [h["id"] for h in direct] == [h.id for h in searcher.search(text, limit=None, snippets=0).hits]


def test_exact_phrases_match_and_score_as_whoosh_phrases_do(searcher):
    """ExactPhrase checks word positions by set intersection instead of Whoosh's span
    objects: every phrase of the demo corpus, and some that are not in it, give the
    same articles with the same scores."""
    from briefing.search.analysis import tokens

    s = searcher.index.engine.searcher()
    phrases = {("north", "korea"), ("korea", "north"), ("the", "the"), ("of", "the", "of"), ("zzz", "korea")}
    for aid in searcher.index.ids():
        words = [t for t, _, _ in tokens(searcher.index.article(aid).text)]
        phrases.update(tuple(words[i:i + n]) for n in (2, 3, 5) for i in range(0, len(words) - n, 37))
    matched = 0
    for words in sorted(phrases):
        for field in ("title", "body"):
            want = [(h.docnum, round(h.score, 6)) for h in s.search(wq.Phrase(field, list(words)), limit=None)]
            got = [(h.docnum, round(h.score, 6)) for h in s.search(ExactPhrase(field, list(words)), limit=None)]
            assert got == want, (field, words)
            matched += bool(want)
    assert matched > 50
    parsed = to_whoosh(searcher.parse('"joint military drills"'))
    assert {type(q) for q in parsed.children()} == {ExactPhrase}
