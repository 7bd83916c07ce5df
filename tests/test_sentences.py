"""Sentence splitting: offsets, abbreviations, bullets, headings."""

from briefing.corpus import Article
from briefing.text.sentences import split_paragraph, split_sentences

from tests.notes_helpers import seed_articles


def test_offsets_are_exact_on_the_seeds():
    for article in seed_articles():
        for s in split_sentences(article):
            assert article.text[s.start:s.end] == s.text
            assert s.text == s.text.strip()


def test_abbreviations_and_initials_do_not_split():
    text = "U.S. Secretary of State Antony Blinken met Mr. Lee. He left at 5 p.m. on Friday. J. Smith agreed."
    pieces = [text[s:e] for s, e in split_paragraph(text)]
    assert pieces == ["U.S. Secretary of State Antony Blinken met Mr. Lee.",
                      "He left at 5 p.m. on Friday.", "J. Smith agreed."]


def test_quotes_close_sentences():
    text = "“Peace is not built through silence or isolation,” Lee said. “We are ready to talk.” Then he left."
    pieces = [text[s:e] for s, e in split_paragraph(text)]
    assert pieces == ["“Peace is not built through silence or isolation,” Lee said.",
                      "“We are ready to talk.”", "Then he left."]


def test_bullets_and_headings():
    a = Article(id="a", path="a.txt", title="A title",
                body="Lee’s visit to China\n\n- Lee met Xi Jinping in Beijing.\n\nShort closing line.")
    sents = split_sentences(a)
    by_text = {s.text: s for s in sents}
    assert by_text["Lee’s visit to China"].heading
    assert "Lee met Xi Jinping in Beijing." in by_text  # bullet marker dropped
    assert not by_text["Lee met Xi Jinping in Beijing."].heading
    assert by_text["A title"].in_title
