"""Index: build, incremental sync (add, change, remove), stored articles, recovery."""

from __future__ import annotations

import os
import time

import pytest

from briefing.errors import IndexProblem
from briefing.search.store import MARKER, Index


def make_index(tmp_path, corpus) -> Index:
    ix = Index(tmp_path / "ix", [corpus])
    ix.open()
    return ix


def test_first_sync_indexes_everything_and_second_changes_nothing(tmp_path, seeds_copy):
    ix = make_index(tmp_path, seeds_copy)
    first = ix.sync()
    assert len(first.added) == 5 and not first.removed
    second = ix.sync()
    assert second.nothing_changed and second.unchanged == 5
    assert "nothing changed" in second.summary()
    assert ix.doc_count() == 5


def test_change_add_remove_touch_only_those_files(tmp_path, seeds_copy):
    ix = make_index(tmp_path, seeds_copy)
    ix.sync()
    target = seeds_copy / "001_687ed73b871fb22e.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nA zanzibarian postscript.\n", encoding="utf-8")
    (seeds_copy / "new.md").write_text("---\ntitle: Fresh story\n---\nQuokka sightings rise.\n")
    (seeds_copy / "000_f07592ef50349924.md").unlink()
    report = ix.sync()
    assert report.updated == ["001_687ed73b871fb22e"]
    assert report.added == ["new"]
    assert report.removed == ["000_f07592ef50349924"]
    assert report.unchanged == 3
    assert ix.article("000_f07592ef50349924") is None
    assert "zanzibarian" in ix.article("001_687ed73b871fb22e").body
    assert ix.article("new").title == "Fresh story"


def test_touched_but_identical_file_is_not_reindexed(tmp_path, seeds_copy):
    ix = make_index(tmp_path, seeds_copy)
    ix.sync()
    p = seeds_copy / "002_6c71aa57f39ea662.md"
    later = time.time() + 5
    os.utime(p, (later, later))
    report = ix.sync()
    assert report.nothing_changed


def test_skipped_files_are_reported_and_good_ones_indexed(tmp_path, seeds_copy):
    (seeds_copy / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    (seeds_copy / "empty.md").write_text("")
    ix = make_index(tmp_path, seeds_copy)
    report = ix.sync()
    reasons = {os.path.basename(s.path): s.reason for s in report.skipped}
    assert "binary" in reasons["blob.txt"] and "empty" in reasons["empty.md"]
    assert len(report.added) == 5


def test_stored_article_round_trips(tmp_path, seeds_copy):
    from briefing.corpus import read_article

    ix = make_index(tmp_path, seeds_copy)
    ix.sync()
    path = seeds_copy / "003_bd1646f3e5f83f94.md"
    assert ix.article("003_bd1646f3e5f83f94").text == read_article(path, "003_bd1646f3e5f83f94").text


def test_refuses_a_folder_it_did_not_create(tmp_path, seeds_copy):
    foreign = tmp_path / "ix"
    foreign.mkdir()
    (foreign / "precious.txt").write_text("do not delete")
    with pytest.raises(IndexProblem, match="not a briefing index"):
        Index(foreign, [seeds_copy]).open()
    assert (foreign / "precious.txt").exists()


def test_older_schema_version_is_rebuilt(tmp_path, seeds_copy):
    ix = make_index(tmp_path, seeds_copy)
    ix.sync()
    ix.close()
    (tmp_path / "ix" / MARKER).write_text('{"briefing_index": 0}')
    again = Index(tmp_path / "ix", [seeds_copy])
    again.open()
    report = again.sync()
    assert "another version" in report.rebuilt_reason
    assert len(report.added) == 5


def test_damaged_index_is_rebuilt_not_a_crash(tmp_path, seeds_copy):
    ix = make_index(tmp_path, seeds_copy)
    ix.sync()
    ix.close()
    for f in (tmp_path / "ix").iterdir():
        if f.suffix in (".toc", ".seg") or f.name.startswith("_MAIN"):
            f.write_bytes(b"garbage")
    again = Index(tmp_path / "ix", [seeds_copy])
    again.open()
    report = again.sync()
    assert "damaged" in report.rebuilt_reason
    assert again.doc_count() == 5
