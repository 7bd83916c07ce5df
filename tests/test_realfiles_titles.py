"""Titles and text from real archives: junk where the headline should be, HTML entities
and typesetting codes in plain text and Markdown."""

from __future__ import annotations

import pytest

from briefing.corpus import decode_entities, is_real_title, read_article

LEAD = ("PORTVILLE _ The town council voted on Monday to close the old ferry pier after "
        "inspectors found its pilings had rotted through. Repairs would cost more than a new pier.")


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_article(path, path.stem)


@pytest.mark.parametrize("junk", ["&HT;", "&HT; &HT;", "-----", "***", "# # #", "<b></b>", "...", "1998",
                                  "&QL; &QC;", "<p>", "_ _ _"])
def test_a_junk_front_matter_title_falls_back_to_the_first_real_line(tmp_path, junk):
    art = write(tmp_path, "a.md", f'---\ntitle: "{junk}"\n---\n&QL;\n\nURGENT\n\nFerry pier to close\n\n{LEAD}\n')
    assert art.title == "Ferry pier to close"
    assert "&" not in art.text
    # One word is a slug, not a headline to put in the list; it stays where it was.
    assert art.body == f"URGENT\n\n{LEAD}"


def test_a_long_first_line_gives_its_first_sentence_and_stays_in_the_body(tmp_path):
    art = write(tmp_path, "a.md", f'---\ntitle: "&HT;"\n---\nA short first sentence here. {LEAD}\n')
    assert art.title == "A short first sentence here."
    assert art.body == f"A short first sentence here. {LEAD}"
    # A first sentence too long for a title is cut at a word.
    art = write(tmp_path, "b.md", f'---\ntitle: "&HT;"\n---\n{LEAD}\n')
    assert art.title == "PORTVILLE _ The town council voted on Monday to close the old ferry pier after inspectors found its…"
    assert art.body == LEAD


def test_a_long_first_sentence_is_cut_at_a_word(tmp_path):
    art = write(tmp_path, "a.md", "---\ntitle: '-----'\n---\nShort lead. " + "word " * 40 + "\n")
    assert art.title == "Short lead. " + " ".join(["word"] * 17) + "…"
    art = write(tmp_path, "b.md", "---\ntitle: '-----'\n---\nThe first sentence is here and long enough. Second one.\n")
    assert art.title == "The first sentence is here and long enough. Second one."


def test_a_junk_first_line_of_a_txt_is_not_the_title(tmp_path):
    art = write(tmp_path, "a.txt", f"&HT;\n\n------\n\nFerry pier to close\n\n{LEAD}\n")
    assert art.title == "Ferry pier to close"
    assert "&HT;" not in art.text


def test_a_file_with_no_real_line_is_titled_by_its_name(tmp_path):
    art = write(tmp_path, "pier-notes.md", "---\ntitle: '&HT;'\n---\n-----\n\n12 34\n")
    assert art.title == "pier-notes"


def test_a_one_word_title_is_a_title(tmp_path):
    assert write(tmp_path, "a.md", f"---\ntitle: URGENT\n---\n{LEAD}\n").title == "URGENT"
    assert write(tmp_path, "b.txt", f"Obituaries\n\n{LEAD}\n").title == "Obituaries"


def test_markup_in_a_title_is_dropped(tmp_path):
    art = write(tmp_path, "a.md", f'---\ntitle: "<b>Ferry</b> pier <i>to close</i>"\n---\n{LEAD}\n')
    assert art.title == "Ferry pier to close"


@pytest.mark.parametrize("name, text", [
    ("a.txt", "Ferry &amp; pier to close\n\nThe caf&eacute; by the pier &mdash; and its &#8220;view&#8221; &HT; stay.\n"),
    ("a.md", "---\ntitle: Ferry &amp; pier to close\n---\nThe caf&eacute; by the pier &mdash; and its "
             "&#8220;view&#8221; &HT; stay.\n"),
    ("a.html", "<html><body><h1>Ferry &amp; pier to close &HT;</h1><p>The caf&eacute; by the pier &mdash; and its "
               "&#8220;view&#8221; &HT; stay.</p></body></html>"),
])
def test_entities_are_decoded_and_feed_codes_dropped_in_every_format(tmp_path, name, text):
    art = write(tmp_path, name, text)
    assert art.title == "Ferry & pier to close"
    assert art.body == "The café by the pier — and its “view” stay."


def test_front_matter_fields_are_decoded(tmp_path):
    art = write(tmp_path, "a.md", "---\ntitle: Pier\nsource: Smith &amp; Sons Gazette\nauthor: J. M&uuml;ller\n---\nBody.\n")
    assert art.source == "Smith & Sons Gazette" and art.author == "J. Müller"


def test_typesetting_codes_leave_single_spaces(tmp_path):
    art = write(tmp_path, "a.txt", "Pier\n\nIn the current &UR; Harbour News &LR; , the mayor &QC; &UR; said yes.\n")
    assert art.body == "In the current Harbour News , the mayor said yes."


def test_ampersands_that_are_text_stay():
    assert decode_entities("AT&T; R&D; Q&A &copy 2001 & more") == "AT&T; R&D; Q&A &copy 2001 & more"
    assert decode_entities("&lt;b&gt;") == "<b>"
    # A code fused to a word is not standing alone: it could be text.
    assert decode_entities("x&HT;y") == "x&HT;y"


def test_what_counts_as_a_real_title():
    for real in ("URGENT", "Ferry pier to close", "É", "中国", "G7 meets"):
        assert is_real_title(real) == (real != "É"), real
    for junk in ("", "-----", "&", "1998", "* * *", "A 1"):
        assert not is_real_title(junk), junk
