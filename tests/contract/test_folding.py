"""Accent folding: "Elián" and "Elian" are one word in the index, in queries, in
highlights and in did-you-mean, on every installed engine; other scripts stay as written."""

from __future__ import annotations

import random
import unicodedata

import pytest

from briefing.search.analysis import analyzer, folded_text, term, tokens, unaccent
from briefing.search.registry import installed, open_engine
from briefing.search.highlight import Highlighter, merge_spans
from briefing.search.spelling import Vocabulary

NFD = unicodedata.normalize("NFD", "Elián")

ARTICLES = {
    "plain": ("The boy Elian", "Elian Gonzalez was taken from the house in Little Havana before dawn."),
    "accented": ("Cuba asks for Elián", "Havana says Elián González must come home; the Straße protest in "
                                         "Æbeltoft was small."),
    "decomposed": (f"Letter to {NFD}", f"A letter for {NFD} arrived, written by hand."),
    "other": ("Fishing boats", "Nothing about the boy: only the fishing boats of Cádiz and Łódź weather."),
}
ELIAN = {"plain", "accented", "decomposed"}


@pytest.fixture(scope="module", params=installed())
def searcher(request, tmp_path_factory):
    corpus = tmp_path_factory.mktemp("fold") / "corpus"
    corpus.mkdir()
    for aid, (title, body) in ARTICLES.items():
        (corpus / f"{aid}.md").write_text(f"---\ntitle: {title}\npublished: 2000-04-22\n---\n{body}\n",
                                          encoding="utf-8")
    ix, s = open_engine(request.param, tmp_path_factory.mktemp("ix") / "ix", [corpus])
    ix.open()
    assert not ix.sync().skipped
    return s


def ids(results):
    return {h.id for h in results.hits}


@pytest.mark.parametrize("query", ["Elián", "elian", "ELIAN", "Elian", NFD, "ELIÁN", "title:elián OR body:elian"])
def test_every_spelling_finds_every_article_that_writes_the_name(searcher, query):
    assert ids(searcher.search(query, limit=None)) == ELIAN


@pytest.mark.parametrize("query", ["Elí*", "eli?n", "ELÍ?N", "elain~", "Eliám~"])
def test_wildcards_and_fuzzy_words_fold_too(searcher, query):
    assert ids(searcher.search(query, limit=None)) == ELIAN


@pytest.mark.parametrize("query", ['"Elián González"', '"elian gonzalez"', '"ELIAN GONZÁLEZ"', "gonzalex~"])
def test_phrases_fold_too(searcher, query):
    assert ids(searcher.search(query, limit=None)) == {"plain", "accented"}


def test_other_folded_letters_are_found_as_plainly_typed(searcher):
    assert ids(searcher.search("strasse")) == {"accented"}
    assert ids(searcher.search("aebeltoft")) == {"accented"}
    assert ids(searcher.search("lodz cadiz")) == {"other"}


@pytest.mark.parametrize("query", ["elian", "Elián", NFD, "ELIAN"])
def test_hit_spans_cover_the_word_as_written(searcher, query):
    for aid, want in (("plain", "Elian"), ("accented", "Elián"), ("decomposed", NFD)):
        art = searcher.index.article(aid)
        spans = searcher.hit_spans(query, art)
        assert [art.text[a:b] for a, b in spans] == [want, want], aid  # title and body
        assert spans[1][0] == art.text.index(want, len(art.title))


@pytest.mark.parametrize("query", ['"elian gonzalez"', '"Elián González"'])
def test_a_phrase_span_covers_the_accented_words(searcher, query):
    art = searcher.index.article("accented")
    assert [art.text[a:b] for a, b in searcher.hit_spans(query, art)] == ["Elián González"]
    art = searcher.index.article("plain")
    assert [art.text[a:b] for a, b in searcher.hit_spans(query, art)] == ["Elian Gonzalez"]


def test_snippet_spans_line_up_with_accented_words(searcher):
    for hit in searcher.search("gonzalez").hits:
        assert hit.snippet_spans
        assert {hit.snippet[a:b] for a, b in hit.snippet_spans} <= {"Gonzalez", "González"}


def test_did_you_mean_looks_past_accents(searcher):
    r = searcher.search("Elain")
    assert not r.hits and r.suggestion
    assert ids(searcher.search(r.suggestion)) == ELIAN


def test_one_term_for_every_form_of_a_word():
    forms = ["Elián", "elian", "ELIAN", "ELIÁN", NFD, "Élian"]
    assert {term(f) for f in forms} == {term("elian")}
    assert unaccent("straße") == "strasse" and unaccent("æsir") == "aesir" and unaccent("øre") == "ore"
    assert unaccent("łódź") == "lodz" and unaccent("œuvre") == "oeuvre" and unaccent("þór") == "thor"
    assert unaccent("ﬁne") == "fine" and unaccent("nguyễn") == "nguyen"


@pytest.mark.parametrize("word", ["москва", "й", "αθήνα", "東京", "서울", "が", "بيروت", "שלום"])
def test_other_scripts_are_kept_as_written(word):
    assert unaccent(word) == word
    # and a letter of its own is not folded into another: й is not и, が is not か
    assert term(word) == word
    assert [t for t, _, _ in tokens(word)] == [word]


TEXT = ("Straße Maße, Elián ﬁnds “Æsir” þing Elia\u0301n — ΣΊΣΥΦΟΣ и\u0306 ½ x² U.S. Łódź "
        "İstanbul weiß Gonzalez González")


def test_fast_tokens_match_the_whoosh_chain_on_accented_text():
    slow = [(t.text, t.startchar, t.endchar) for t in analyzer()(TEXT, chars=True, mode="index")]
    assert tokens(TEXT) == slow
    # A decomposed word is one token, and the same term as its composed form.
    assert ("elian", TEXT.index("Elia\u0301n"), TEXT.index("Elia\u0301n") + 6) in slow


def test_folded_text_maps_every_word_back_to_where_it_is_written():
    for text in (TEXT.replace("\u0301", "").replace("\u0306", ""), "ßßß æ Elián", "plain ascii only"):
        folded, back = folded_text(text)
        back = back or (lambda n: n)
        words = [(term(text[a:b]), a, b) for _, a, b in tokens(text)]
        scanned = [(back(a), back(b)) for _, a, b in tokens(folded)]
        assert scanned == [(a, b) for _, a, b in words]
    assert folded_text("Elia\u0301n") is None  # separate accents go token by token


def _random_text(rng: random.Random) -> str:
    pieces = ["Elián", "elian", "ß", "æ", "straße", "ﬁ", "Œ", "é", "e\u0301", "Ø", "ł", "x", "the", "и", "й",
              "ΣΊ", "東", "“", "”", " ", " ", " ", ", ", ".", "U.S.", "2", "²", "İ", "Ab", "run", "running"]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))


def test_highlights_by_the_fast_path_equal_the_token_by_token_reading():
    rng = random.Random(11)
    for _ in range(400):
        text = _random_text(rng)
        every = sorted({t for t, _, _ in tokens(text)})
        for wanted in (every, every[::2], every[1::3]):
            if not wanted:
                continue
            reference = merge_spans([(a, b) for t, a, b in tokens(text) if t in set(wanted)])
            assert Highlighter(frozenset(wanted)).spans(text) == reference, (text, wanted)


def test_vocabulary_finds_near_words_with_accents_folded():
    v = Vocabulary()
    v.add(["elián", "gonzález", "north"])
    v.add(["elián"])
    assert (1, "elián") in v.near("elain")  # a swap, the accent aside
    assert (1, "gonzález") in v.near("gonzales")
    assert v.near("nroth")[0] == (1, "north")
