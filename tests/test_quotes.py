"""Quotations and their speakers, with and without an entity table."""

from briefing.corpus import Article
from briefing.quotes import find_quotes

from tests.notes_helpers import FakeTable, seed_articles, seed_table

PEACE = "Peace is not built through silence or isolation"


def article(body: str, title: str = "Headline") -> Article:
    return Article(id="t", path="t.txt", title=title, body=body)


def speakers(a: Article, table=None) -> dict[str, str | None]:
    return {q.text: q.speaker for q in find_quotes(a, table)}


def test_quotes_are_verbatim_and_inside_the_marks():
    for a in seed_articles():
        for q in find_quotes(a):
            assert a.text[q.start:q.end] == q.text
            assert not q.text.startswith(("“", '"')) and not q.text.endswith(("”", '"', ","))


def test_peace_quote_is_lees_through_the_table():
    arts = seed_articles()
    table = seed_table(arts)
    found = {q.text: q.speaker for a in arts for q in find_quotes(a, table)}
    assert found[PEACE] == "Lee Jae-myung"
    # The sentence after it continues the same quotation paragraph.
    assert found["We are ready to talk, ready to cooperate, and ready to build a peaceful future "
                 "for the Korean Peninsula.”"[:-1]] == "Lee Jae-myung"


def test_without_a_table_the_short_name_is_expanded_from_the_article():
    arts = seed_articles()
    found = {q.text: q.speaker for a in arts for q in find_quotes(a)}
    assert found[PEACE] == "Lee Jae-myung"


def test_attribution_patterns_straight_and_curly():
    body = (
        '"The talks will resume next month in Geneva," said Maria Lopez.\n\n'
        "Officials met on Tuesday. He said, “We expect a long and difficult negotiation ahead.”\n\n"
        "“Nothing has been agreed until everything is agreed” according to Tom Baker.\n\n"
        "Ana Costa spoke first. “We will not accept any deal that ignores the farmers,” she told reporters."
    )
    a = article(body)
    table = FakeTable([a], {
        "Maria Lopez": ("PERSON", [r"Maria Lopez"]),
        "Tom Baker": ("PERSON", [r"Tom Baker"]),
        "Ana Costa": ("PERSON", [r"Ana Costa"]),
    })
    got = speakers(a, table)
    assert got["The talks will resume next month in Geneva"] == "Maria Lopez"
    assert got["Nothing has been agreed until everything is agreed"] == "Tom Baker"
    assert got["We will not accept any deal that ignores the farmers"] == "Ana Costa"
    # The only person before "He" is a woman: no speaker rather than a wrong one.
    assert got["We expect a long and difficult negotiation ahead."] is None


def test_pronoun_takes_nearest_preceding_person():
    a = article("Minister Kim Soo-jin arrived late.\n\n“This agreement protects both our economies,” she said.")
    table = FakeTable([a], {"Kim Soo-jin": ("PERSON", [r"Kim Soo-jin"])})
    assert speakers(a, table) == {"This agreement protects both our economies": "Kim Soo-jin"}


def test_short_scare_quotes_are_skipped_and_unattributed_kept():
    a = article("Lee promised to “turn the page” on history. “A plain quotation without any speaker here.”")
    got = speakers(a)
    assert "turn the page" not in got
    assert got == {"A plain quotation without any speaker here.": None}


def test_descriptions_before_and_after_the_verb():
    body = ("“This is a fair result for everyone who works here,” union secretary Daniel Rourke said.\n\n"
            "“People are receiving scam emails every single day,” said lawyer Nadia Ferrer, who represents them.")
    got = speakers(article(body))
    assert got["This is a fair result for everyone who works here"] == "Daniel Rourke"
    assert got["People are receiving scam emails every single day"] == "Nadia Ferrer"


def test_typographic_hyphens_in_fallback_names_are_plain():
    a = article("President Lee Jae\u2011myung spoke.\n\n“We will open a new phase of relations now,” Lee said.")
    assert speakers(a) == {"We will open a new phase of relations now": "Lee Jae-myung"}
