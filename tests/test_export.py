"""Markdown rendering of notes and the atomic, no-clobber file write."""

import datetime as dt
import errno
import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefing.errors import ExportError
from briefing.notes import build_note, default_filename, escape, render_markdown, write_atomic
from briefing import atomic as atomic_mod
from briefing.notes import export as export_mod
from briefing.scope import Scope

from tests.notes_helpers import seed_articles, seed_table

SECTIONS = ["Key points", "Key actors", "Timeline", "Quotes", "Sources"]
MD = MarkdownIt("commonmark").enable("table")


def headings(text):
    tokens = MD.parse(text)
    return [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]


def section_tokens(text):
    """Tokens grouped by h2 section title."""
    tokens = MD.parse(text)
    out, current = {}, None
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and t.tag == "h2":
            current = tokens[i + 1].content
            out[current] = []
        elif current:
            out[current].append(t)  # starts with the heading's inline and close
    return out


def inline_text(tokens):
    return " ".join(child.content for t in tokens if t.type == "inline" for child in t.children
                    if child.type == "text")


@pytest.fixture(scope="module")
def rendered():
    arts = seed_articles()
    note = build_note(arts, Scope("North Korea"), seed_table(arts), dt.date(2026, 3, 1),
                      query_terms=["north", "korea"])
    return note, render_markdown(note)


def test_sections_parse(rendered):
    note, text = rendered
    assert headings(text) == [("h1", "Briefing: North Korea")] + [("h2", s) for s in SECTIONS]
    sections = section_tokens(text)
    assert sum(t.type == "list_item_open" for t in sections["Key points"]) == len(note.key_points)
    assert sum(t.type == "tr_open" for t in sections["Key actors"]) == len(note.actors) + 1
    assert sum(t.type == "tr_open" for t in sections["Timeline"]) == len(note.timeline) + 1
    assert sum(t.type == "list_item_open" for t in sections["Quotes"]) == len(note.quotes)
    assert [t.type for t in sections["Sources"]][2] == "ordered_list_open"
    assert sum(t.type == "list_item_open" for t in sections["Sources"]) == len(note.sources)


def test_every_citation_resolves(rendered):
    note, text = rendered
    body = text.split("## Sources")[0]
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert cited and cited <= {s.n for s in note.sources}


def test_timeline_row_for_beijing_visit(rendered):
    _, text = rendered
    row = next(line for line in text.splitlines() if "4 and 7 January" in line)
    assert row.startswith("| 2026-01-04 – 2026-01-07 | 4 and 7 January |")


def test_empty_sections_say_none_found():
    note = build_note([], Scope(), None, dt.date(2026, 3, 1))
    text = render_markdown(note)
    assert [h for _, h in headings(text)][1:] == SECTIONS
    assert text.count("None found.") == 5


def test_escape_neutralises_markdown():
    nasty = "# [click](http://evil) <script>x</script> *bold* `code` a|b &amp; ~~s~~ \\"
    parsed = MD.parseInline(escape(nasty))[0].children
    assert [c.type for c in parsed] == ["text"]
    assert parsed[0].content == nasty
    for start in ["- item", "1. item", "> quote", "+ x", "=== x", "2024) x"]:
        tokens = MD.parse(escape(start))
        assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], start
        assert tokens[1].children[0].content == start


def test_default_filename():
    assert default_filename(Scope("North Korea")) == "briefing-north-korea.md"
    assert default_filename(Scope(entity="Lee Jae-myung")) == "briefing-lee-jae-myung.md"
    assert default_filename(Scope()) == "briefing-corpus.md"
    assert default_filename(Scope("../../etc/passwd *")) == "briefing-etc-passwd.md"
    assert default_filename(Scope("이재명")) == "briefing-이재명.md"


# --------------------------------------------------------------------------- writing


def leftovers(directory: Path):
    return [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]


def test_write_new_file(tmp_path):
    target = write_atomic(tmp_path / "note.md", "hello\n")
    assert target.read_text(encoding="utf-8") == "hello\n"
    assert leftovers(tmp_path) == []


def test_existing_file_refused_without_force(tmp_path):
    target = tmp_path / "note.md"
    target.write_text("precious", encoding="utf-8")
    with pytest.raises(ExportError) as info:
        write_atomic(target, "new")
    assert "already exists" in str(info.value) and "--force" in str(info.value)
    assert "\n" not in str(info.value)
    assert target.read_text(encoding="utf-8") == "precious"
    assert leftovers(tmp_path) == []
    write_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"


def test_missing_directory(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_atomic(tmp_path / "nope" / "note.md", "x")


def test_directory_as_target(tmp_path):
    with pytest.raises(ExportError, match="is a directory"):
        write_atomic(tmp_path, "x")


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "disk full"), (errno.EACCES, "permission denied")])
def test_failures_while_writing_leave_the_old_file(tmp_path, monkeypatch, code, words):
    target = tmp_path / "note.md"
    target.write_text("precious", encoding="utf-8")

    def boom(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(export_mod.os, "fsync", boom)
    with pytest.raises(ExportError, match=words):
        write_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "precious"
    assert leftovers(tmp_path) == []


def test_permission_denied_creating_temp(tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic_mod.tempfile, "mkstemp", denied)
    with pytest.raises(ExportError, match="permission denied"):
        write_atomic(tmp_path / "note.md", "x")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file modes")
def test_read_only_directory(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            write_atomic(locked / "note.md", "x")
    finally:
        locked.chmod(0o700)


def test_race_file_appears_after_check(tmp_path, monkeypatch):
    """A file created between the existence check and the rename is not clobbered."""
    target = tmp_path / "note.md"
    real_link = os.link

    def sneaky(src, dst):
        Path(dst).write_text("someone else", encoding="utf-8")
        return real_link(src, dst)

    monkeypatch.setattr(export_mod.os, "link", sneaky)
    with pytest.raises(ExportError, match="already exists"):
        write_atomic(target, "mine")
    assert target.read_text(encoding="utf-8") == "someone else"
    assert leftovers(tmp_path) == []


def test_write_note_to_stdout(capsys):
    assert export_mod.write_note("text\n") is None
    assert capsys.readouterr().out == "text\n"


def test_source_titles_read_like_the_rest_of_the_note():
    """Wire titles quote with `` and ' (as in ``Harbour'' talks); the Sources list showed the
    backslash-escaped backtick where every other section shows curly quotes."""
    import dataclasses
    arts = seed_articles()
    arts[0] = dataclasses.replace(arts[0], title="Port `Harbour' talks resume")
    note = build_note(arts, Scope("harbour"), seed_table(arts), dt.date(2026, 3, 1))
    sources = render_markdown(note).split("## Sources")[1]
    line = next(x for x in sources.splitlines() if "talks resume" in x)
    assert "Port ‘Harbour’ talks resume" in line
    assert "\\`" not in line
