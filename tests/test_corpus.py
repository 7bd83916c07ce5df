"""Readers: plain text, Markdown with front matter, HTML; encodings; files that are not articles."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.corpus import SkipFile, clean_text, discover, load_articles, read_article
from tests.conftest import SEEDS


def test_seed_ids_are_file_stems_and_titles_are_first_lines():
    arts = {a.id: a for a in load_articles([SEEDS])}
    assert sorted(arts) == sorted(p.stem for p in SEEDS.glob("*.md"))
    # Five outlets, so the demo note can say which of them report each key point.
    assert len({a.source for a in arts.values()}) == 5 and all(a.published for a in arts.values())
    a = arts["004_c17871cf35f186b4"]
    assert a.title == "Lee’s difficult game between China, Japan and the United States"
    assert a.text.startswith(a.title + "\n\n")
    assert "Lee’s visit to China" in a.body


def test_txt_paragraphs_kept_and_wrapped_lines_joined(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Title here\n\nFirst line of a paragraph that was\nwrapped by an editor.\nHeading\nNext paragraph.\n")
    a = read_article(p, "a")
    assert a.title == "Title here"
    assert a.body.split("\n\n") == [
        "First line of a paragraph that was wrapped by an editor.",
        "Heading",
        "Next paragraph.",
    ]


def test_markdown_front_matter(tmp_path):
    p = tmp_path / "n.md"
    p.write_text(
        "---\ntitle: Talks resume\nsource: Example News\nauthor: A. Writer\npublished: 2025-06-04\n"
        "url: https://example.org/a\n---\n# Ignored heading\n\nBody with *emphasis* and a [link](http://x).\n",
        encoding="utf-8",
    )
    a = read_article(p, "n")
    assert (a.title, a.source, a.author, a.url) == ("Talks resume", "Example News", "A. Writer", "https://example.org/a")
    assert a.published == dt.date(2025, 6, 4)
    assert "Body with emphasis and a link." in a.body
    assert "*" not in a.body and "](" not in a.body


def test_markdown_without_front_matter_takes_first_heading(tmp_path):
    p = tmp_path / "n.md"
    p.write_text("# The heading\n\nText.\n", encoding="utf-8")
    a = read_article(p, "n")
    assert a.title == "The heading" and a.body == "Text."


def test_malformed_front_matter_is_a_warning_not_a_crash(tmp_path):
    p = tmp_path / "bad.md"
    p.write_text("---\ntitle: [unclosed\n---\nStill readable body.\n", encoding="utf-8")
    a = read_article(p, "bad")
    assert "Still readable body." in a.text
    assert any("front matter" in w for w in a.warnings)


def test_html_drops_scripts_styles_and_navigation(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><title>Site | Story</title><style>p{color:red}</style>"
        "<meta name='author' content='Jo Reporter'></head><body><nav>Home About</nav>"
        "<h1>The real headline</h1><p>First &amp; foremost paragraph.</p>"
        "<script>alert('x')</script><p>Second\nparagraph.</p><footer>Copyright</footer></body></html>",
        encoding="utf-8",
    )
    a = read_article(p, "page")
    assert a.title == "The real headline"
    assert a.author == "Jo Reporter"
    assert a.body == "First & foremost paragraph.\n\nSecond paragraph."
    for junk in ("alert", "color:red", "Home About", "Copyright"):
        assert junk not in a.text


def test_legacy_encoding_falls_back_to_cp1252(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Price rises\n\nBread now costs £2 at the café.".encode("cp1252"))
    a = read_article(p, "latin")
    assert "£2 at the café" in a.body
    assert a.warnings


def test_binary_and_empty_files_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(SkipFile, match="binary"):
        read_article(tmp_path / "img.txt", "img")
    with pytest.raises(SkipFile, match="empty"):
        read_article(tmp_path / "empty.txt", "empty")


def test_discover_ids_are_relative_paths_and_unique(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("X\n\nbody")
    (tmp_path / "a" / "x.md").write_text("# X\n\nbody")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("hidden")
    entries, skipped = discover([tmp_path])
    ids = [e.id for e in entries]
    assert ids[0] == "a/x" and len(set(ids)) == 2
    assert not skipped


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    (tmp_path / "d" / "a.txt").write_text("A\n\nbody")
    entries, _ = discover([tmp_path])
    assert [e.id for e in entries] == ["d/a"]


def test_control_characters_become_visible_pictures():
    assert clean_text("Hi\x07 there\x1b[31m red") == "Hi\u2407 there\u241b[31m red"
