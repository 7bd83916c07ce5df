"""Front matter as real archives write it: dates in every common form, impossible dates,
YAML tags and broken YAML. A bad field costs that field (with a warning), never the file."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing import corpus
from briefing.corpus import discover, read_article, read_date

JUNE_10 = dt.date(1998, 6, 10)


@pytest.fixture
def md(tmp_path):
    def write(front: str, body: str = "Officials met on Tuesday to discuss the harbour plan.", name: str = "a.md"):
        path = tmp_path / name
        path.write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")
        return read_article(path, path.stem)

    return write


@pytest.mark.parametrize("written", [
    "1998-06-10",
    "1998-06-10T21:46:00",
    "1998-06-10 21:46:00",
    "1998-06-10T21:46:00Z",
    "1998-06-10T23:30:00-05:00",
    "1998-06-10 21:46 +0200",
    "'1998-06-10'",
    "Wed, 10 Jun 1998 21:46:00 GMT",
    "Wed, 10 Jun 1998 21:46:00 -0400",
    "10 Jun 1998",
    "June 10, 1998",
    "Jun. 10, 1998",
    "Jun 10 1998",
    "Wednesday, June 10, 1998",
    "10 June 1998",
    "10 Jun. 1998",
    "06/10/1998",
    "6/10/1998",
    "06-10-1998",
    "06/10/98",
    "19980610",
    "1998/06/10",
])
def test_published_forms_real_files_use(md, written):
    art = md(f"title: Harbour plan\npublished: {written}")
    assert art.published == JUNE_10, written
    assert not art.warnings


def test_the_date_written_is_kept_whatever_the_zone(md):
    # Late evening in New York is the next day in UTC; the paper dated it the 10th.
    assert md("published: 1998-06-10T23:30:00-05:00").published == JUNE_10


@pytest.mark.parametrize("written, shown", [
    ("1998-30-06", "1998-30-06"),
    ("2000-02-30", "2000-02-30"),
    ("'2000-02-30'", "2000-02-30"),
    ("31 June 1998", "31 June 1998"),
    ("Feb 30, 2001", "Feb 30, 2001"),
    ("13/25/1998", "13/25/1998"),
])
def test_impossible_dates_are_dropped_with_a_warning_naming_them(md, written, shown):
    art = md(f"title: Harbour plan\nsource: Example Wire\npublished: {written}")
    assert art.published is None
    assert art.warnings == (f"published '{shown}' is not a date; ignored",)
    # The rest of the file is kept.
    assert art.title == "Harbour plan" and art.source == "Example Wire"
    assert "harbour plan" in art.body


def test_text_that_is_no_date_form_is_named_too(md):
    art = md("title: Harbour plan\npublished: last Tuesday")
    assert art.published is None
    assert len(art.warnings) == 1 and "published 'last Tuesday' is not a date" in art.warnings[0]


def test_a_date_key_stands_in_for_published(md):
    assert md("title: T\ndate: June 10, 1998").published == JUNE_10
    art = md("title: T\ndate: 1998-13-01")
    assert art.published is None and art.warnings[0].startswith("date '1998-13-01'")


def test_yaml_scalars_stay_text(md):
    # YAML 1.1 would make these a boolean, a number and a float.
    art = md("title: No\nsource: 1984\nauthor: 1.50")
    assert (art.title, art.source, art.author) == ("No", "1984", "1.50")


def test_numeric_dates_are_month_first_unless_configured(md, monkeypatch):
    assert md("published: 03/04/1999").published == dt.date(1999, 3, 4)
    monkeypatch.setattr(corpus.published, "_date_order", "dmy")
    assert md("published: 03/04/1999").published == dt.date(1999, 4, 3)
    assert read_date("03/04/1999", "mdy") == dt.date(1999, 3, 4)


def test_a_day_first_date_read_month_first_says_how_to_fix_it(md):
    art = md("published: 30/06/1998")
    assert art.published is None
    assert "'30/06/1998' is not a date read month first" in art.warnings[0]
    assert "articles.date_order: dmy" in art.warnings[0]


def test_discovery_hands_the_date_order_to_every_entry(tmp_path, monkeypatch):
    """Worker processes get entries, not this process's settings."""
    (tmp_path / "a.md").write_text("---\npublished: 03/04/1999\n---\nBody text here.\n")
    monkeypatch.setattr(corpus.published, "_date_order", "dmy")
    (entry,), _ = discover([tmp_path])
    assert entry.date_order == "dmy"
    monkeypatch.setattr(corpus.published, "_date_order", "mdy")
    assert read_article(entry.path, entry.id, entry.date_order).published == dt.date(1999, 4, 3)


def test_html_meta_dates_are_read_and_checked(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><head><meta property='article:published_time' content='Wed, 10 Jun 1998 21:46:00 GMT'>"
                    "</head><body><h1>Harbour plan</h1><p>Officials met.</p></body></html>")
    assert read_article(page, "p").published == JUNE_10
    page.write_text("<html><head><meta name='date' content='2000-02-30'></head>"
                    "<body><h1>Harbour plan</h1><p>Officials met.</p></body></html>")
    art = read_article(page, "p")
    assert art.published is None and art.warnings == ("date '2000-02-30' is not a date; ignored",)


def test_a_python_tag_is_read_as_plain_text_with_a_warning(md):
    art = md("title: !!python/object/apply:os.system [echo pwned]\nsource: !!python/name:os.getcwd Example Wire\n"
             "published: 1998-06-10")
    assert art.source == "Example Wire"
    assert art.published == JUNE_10
    assert any("tag !!python/object/apply:os.system" in w for w in art.warnings)
    assert any("tag !!python/name:os.getcwd" in w for w in art.warnings)
    # The title was a list under the tag: no title, so one comes from the body.
    assert art.title == "Officials met on Tuesday to discuss the harbour plan."


def test_broken_yaml_keeps_its_plain_lines(md):
    art = md('title: Breaking: harbour plan approved\nsource: "Example Wire"\npublished: June 10, 1998\n'
             "tags: [unclosed")
    assert art.title == "Breaking: harbour plan approved"
    assert art.source == "Example Wire" and art.published == JUNE_10
    assert len(art.warnings) == 1
    assert art.warnings[0].startswith("front matter is not valid YAML (line 2)")
    assert "title, source, published" in art.warnings[0]


def test_an_explicit_tag_that_cannot_be_built_is_not_fatal(md):
    art = md("title: Harbour plan\nsource: !!int not-a-number\npublished: !!timestamp 1998-30-06")
    assert art.title == "Harbour plan"
    assert "harbour plan" in art.body
    assert art.warnings and "front matter could not be read (ValueError" in art.warnings[0]


def test_front_matter_that_nests_forever_is_not_fatal(md):
    art = md("title: " + "[" * 5000 + "]" * 5000)
    assert "harbour plan" in art.text
    assert art.warnings


def test_a_reader_crash_is_a_skip_reason_not_an_exception(tmp_path, monkeypatch):
    def explode(text, date_order=None):
        raise RuntimeError("reader bug")

    monkeypatch.setitem(corpus.READERS, "txt", explode)
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nBody.")
    with pytest.raises(corpus.SkipFile, match="could not be read: RuntimeError: reader bug"):
        read_article(path, "a")
