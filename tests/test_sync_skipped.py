"""A bad file is reported on every sync but read only when it changes; a plain search on an
unchanged corpus with bad files in it never opens the entity table."""

from __future__ import annotations

import os
import subprocess
import sys

from briefing.search import store as store_module
from briefing.search.store import Index


def _index(tmp_path, corpus) -> Index:
    ix = Index(tmp_path / "ix", [corpus])
    ix.open()
    return ix


def test_unchanged_bad_file_is_reported_again_without_a_read(tmp_path, seeds_copy, monkeypatch):
    (seeds_copy / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    (seeds_copy / "empty.md").write_text("")
    ix = _index(tmp_path, seeds_copy)
    first = ix.sync()
    assert {os.path.basename(s.path) for s in first.skipped} == {"blob.txt", "empty.md"}

    def no_reading(*a, **k):
        raise AssertionError("an unchanged corpus was read again")

    monkeypatch.setattr(store_module, "prepare_all", no_reading)
    second = ix.sync()
    assert second.nothing_changed and second.unchanged == 5
    assert [(os.path.basename(s.path), s.reason) for s in second.skipped] == \
        [(os.path.basename(s.path), s.reason) for s in first.skipped]


def test_a_fixed_bad_file_is_indexed_and_a_new_bad_one_read(tmp_path, seeds_copy):
    bad = seeds_copy / "empty.md"
    bad.write_text("")
    ix = _index(tmp_path, seeds_copy)
    assert len(ix.sync().skipped) == 1
    bad.write_text("---\ntitle: Filled in later\n---\nThe harbour reopened on Monday.\n")
    (seeds_copy / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    report = ix.sync()
    assert report.added == ["empty"]
    assert [os.path.basename(s.path) for s in report.skipped] == ["blob.txt"]
    assert ix.article("empty").title == "Filled in later"
    bad.write_text("")  # broken again: out of the index, skipped again
    report = ix.sync()
    assert report.removed == ["empty"]
    assert sorted(os.path.basename(s.path) for s in report.skipped) == ["blob.txt", "empty.md"]


def test_one_shot_search_leaves_the_entity_table_closed(tmp_path, seeds_copy):
    """Through the real console script: after `briefing index`, `briefing search` on the
    unchanged corpus (bad files included) imports no entity module, yet still answers
    entity: queries from the table."""
    (seeds_copy / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    env = dict(os.environ, BRIEFING_DATA_DIR=str(tmp_path / "data"), BRIEFING_CONFIG_DIR=str(tmp_path / "cfg"))
    cmd = [sys.executable, "-m", "briefing", "--corpus", str(seeds_copy)]
    subprocess.run(cmd + ["index"], env=env, check=True, capture_output=True)
    probe = ("import sys, runpy; sys.argv = ['briefing'] + sys.argv[1:]\n"
             "try:\n    runpy.run_module('briefing', run_name='__main__')\n"
             "except SystemExit: pass\n"
             "print('ENTITIES' if any(m.startswith('briefing.entities') for m in sys.modules) else 'NONE')\n")
    plain = subprocess.run([sys.executable, "-c", probe, "--corpus", str(seeds_copy), "search", "korea"],
                           env=env, capture_output=True, text=True)
    assert "result" in plain.stdout and plain.stdout.strip().endswith("NONE"), plain.stdout + plain.stderr
    entity = subprocess.run(cmd + ["search", 'entity:"Xi Jinping"'], env=env, capture_output=True, text=True)
    assert entity.returncode == 0 and "result" in entity.stdout, entity.stderr
