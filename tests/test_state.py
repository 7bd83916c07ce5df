"""Reading state: read marks and recent searches survive a restart and a corrupt file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from briefing.state import MAX_SEARCHES, ReadingState, state_path


def test_round_trip_in_the_data_dir():
    state = ReadingState.load("corpus-a")
    assert state.read == set() and state.searches == [] and state.problem is None
    assert state.set_read("001")
    assert not state.set_read("001")
    state.add_search("north korea")
    state.add_search("japan")
    state.add_search("north korea")
    assert state.save()
    assert state_path().is_file()
    again = ReadingState.load("corpus-a")
    assert again.read == {"001"}
    assert again.searches == ["japan", "north korea"]


def test_read_marks_are_per_corpus_and_searches_are_shared():
    a = ReadingState.load("a")
    a.set_read("x")
    a.add_search("lee")
    a.save()
    b = ReadingState.load("b")
    assert b.read == set()
    assert b.searches == ["lee"]


def test_mark_unread():
    s = ReadingState.load("a")
    s.set_read("x")
    assert s.set_read("x", False)
    assert s.read == set()


def test_blank_searches_ignored_and_history_capped():
    s = ReadingState.load("a")
    assert not s.add_search("   ")
    for i in range(MAX_SEARCHES + 10):
        s.add_search(f"q{i}")
    assert len(s.searches) == MAX_SEARCHES
    assert s.searches[-1] == f"q{MAX_SEARCHES + 9}"


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "\xff\xfe", '{"read": 3, "searches": [1, "ok", ""]}'])
def test_corrupt_file_starts_afresh(text):
    path = state_path()
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="latin-1")
    s = ReadingState.load("a")
    assert s.read == set()
    assert s.searches in ([], ["ok"])
    s.set_read("x")
    assert s.save()
    assert json.loads(path.read_text(encoding="utf-8"))["read"] == {"a": ["x"]}


def test_failed_save_keeps_state_in_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    s = ReadingState.load("a", path=blocker / "state.json")
    s.set_read("x")
    assert not s.save()
    assert s.problem and "not saved" in s.problem
    assert s.read == {"x"}


def test_save_leaves_no_temporary_file():
    s = ReadingState.load("a")
    s.add_search("lee")
    s.save()
    assert sorted(os.listdir(state_path().parent)) == ["state.json"]


def test_state_module_never_imports_textual():
    code = "import sys, briefing.state; sys.exit(1 if 'textual' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
