"""The fixes file's stories: section (rename, merge, split), through the real console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_stories import _corpus


def _cli(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, BRIEFING_DATA_DIR=str(tmp / "data"))
    env.pop("BRIEFING_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "briefing", "--config", str(tmp / "config.yaml"), *args],
                          env=env, capture_output=True, text=True, timeout=300)


def _stories(tmp: Path) -> list[dict]:
    out = _cli(tmp, "stories", "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture
def corpus(tmp_path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "corpus"
    root.mkdir()
    topic_of = _corpus(root, per_topic=25, copies=5)
    (tmp_path / "config.yaml").write_text(f"corpus: [{root}]\nentities:\n  aliases: fixes.yaml\n", encoding="utf-8")
    (tmp_path / "fixes.yaml").write_text("", encoding="utf-8")
    return tmp_path, topic_of


def _topic(topic_of: dict[str, str], aid: str) -> str:
    t = topic_of[aid]
    return topic_of[t.removeprefix("copy of ")] if t.startswith("copy of ") else t


def _by_topic(stories: list[dict], topic_of: dict[str, str]) -> dict[str, dict]:
    return {_topic(topic_of, s["articles"][0]["id"]): s for s in stories}


def _ids(story: dict) -> set[str]:
    return {i for a in story["articles"] for i in (a["id"], *a["copies"])}


def test_rename_merge_and_split_show_in_stories_and_queries(corpus):
    tmp, topic_of = corpus
    before = _by_topic(_stories(tmp), topic_of)
    assert sorted(before) == ["election", "flood", "strike", "vaccine"]
    flood, strike, election, vaccine = (before[t] for t in ("flood", "strike", "election", "vaccine"))
    moved = [a["id"] for a in vaccine["articles"][:2]]
    (tmp / "fixes.yaml").write_text(
        "stories:\n"
        f"  rename:\n    {flood['id']}: Danube floods\n"
        f"  merge:\n    {strike['id']}: \"{election['label']}\"\n"
        f"  split:\n    Vaccine trial row: [{moved[0]}, {moved[1]}]\n", encoding="utf-8")
    after = {s["label"]: s for s in _stories(tmp)}
    assert len(after) == 4  # four stories, less the merged one, plus the split one
    assert _ids(after["Danube floods"]) == _ids(flood)
    assert after["Danube floods"]["id"] == flood["id"]
    merged = after[election["label"]]
    assert _ids(merged) == _ids(election) | _ids(strike)
    assert set(merged["sources"]) == set(election["sources"]) | set(strike["sources"])
    split = after["Vaccine trial row"]
    assert {a["id"] for a in split["articles"]} == set(moved)
    rest = next(s for s in after.values() if s["id"] == vaccine["id"])
    assert _ids(rest) == _ids(vaccine) - _ids(split)
    # The fixed stories are the ones queries see: by the new label, and the merged whole.
    found = _cli(tmp, "search", 'story:"Danube floods"', "--limit", "500", "--json")
    assert found.returncode == 0, found.stderr
    assert {h["id"] for h in json.loads(found.stdout)} == _ids(flood)
    found = _cli(tmp, "search", f"story:{election['id']}", "--limit", "500", "--json")
    assert {h["id"] for h in json.loads(found.stdout)} == _ids(merged)
    text = _cli(tmp, "stories").stdout
    assert "Danube floods" in text and "Vaccine trial row" in text


def test_a_fix_naming_no_story_is_said_and_the_rest_still_apply(corpus):
    tmp, topic_of = corpus
    flood = _by_topic(_stories(tmp), topic_of)["flood"]
    (tmp / "fixes.yaml").write_text(
        f"stories:\n  rename:\n    {flood['id']}: Danube floods\n    sdeadbeef: Nothing\n"
        "  split:\n    Ghosts: [no-such-article]\n", encoding="utf-8")
    out = _cli(tmp, "stories", "--json")
    assert out.returncode == 0, out.stderr
    assert "Danube floods" in {s["label"] for s in json.loads(out.stdout)}
    assert "stories.rename.sdeadbeef: no story 'sdeadbeef'" in out.stderr
    assert "stories.split.Ghosts: no article 'no-such-article'" in out.stderr
    assert "Ghosts" not in {s["label"] for s in json.loads(out.stdout)}


@pytest.mark.parametrize("text, problem", [
    ("stories:\n  rname:\n    a: b\n", "stories.rname: unknown key"),
    ("stories:\n  merge: [a, b]\n", "stories.merge: expected a mapping"),
    ("stories:\n  split:\n    New: 3\n", "stories.split.New: expected a list of article ids"),
])
def test_a_malformed_stories_section_is_one_line_naming_the_key(corpus, text, problem):
    tmp, _ = corpus
    (tmp / "fixes.yaml").write_text(text, encoding="utf-8")
    out = _cli(tmp, "stories")
    assert out.returncode != 0
    assert problem in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("text, problem", [
    ("stories:\n  rename: {a: [b\n", "not valid YAML"),
    ("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 8)) + "stories: {split: {New: *l7}}\n",
     "values once its aliases are expanded"),
])
def test_a_broken_fixes_file_is_one_line_not_renames_silently_gone(corpus, text, problem):
    tmp, _ = corpus
    (tmp / "fixes.yaml").write_text(text, encoding="utf-8")
    for command in (["stories"], ["search", "story:s0 harbour"]):
        out = _cli(tmp, *command)
        assert out.returncode != 0, command
        assert problem in out.stderr and "fixes.yaml" in out.stderr and "Traceback" not in out.stderr
        assert len(out.stderr.strip().splitlines()) == 1
