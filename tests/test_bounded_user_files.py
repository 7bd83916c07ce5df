"""The fixes file and the feed list are YAML a user edits by hand: read within the same
bounds as the config, so an alias bomb ("billion laughs") is one line, not minutes and
gigabytes; through the real console script."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml


def bomb(key: str) -> str:
    lines = ['l0: &l0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for i in range(1, 9):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(lines) + f"\n{key}: [*l8]\n"  # a billion strings once expanded


def run(tmp_path, *args):
    env = {**os.environ, "BRIEFING_DATA_DIR": str(tmp_path / "data"), "BRIEFING_CONFIG_DIR": str(tmp_path / "conf")}
    return subprocess.run([sys.executable, "-m", "briefing", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def test_alias_bomb_in_the_fixes_file_is_one_line(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("---\ntitle: Quay works\n---\nMara Velt opened the quay in Ostrand.\n")
    fixes = tmp_path / "fixes.yaml"
    fixes.write_text(bomb("ignore"))
    cfg = tmp_path / "config.yaml"
    cfg.write_text(yaml.safe_dump({"corpus": [str(corpus)], "entities": {"aliases": str(fixes)}}))
    out = run(tmp_path, "--config", str(cfg), "entities")
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "fixes.yaml" in lines[0] and "values" in lines[0], out.stderr[-500:]
    assert "Traceback" not in out.stderr


def test_alias_bomb_in_the_feed_list_is_one_line(tmp_path):
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "feeds.yaml").write_text(bomb("feeds"))
    out = run(tmp_path, "feeds", "list")
    assert out.returncode != 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "feeds.yaml" in lines[0] and "values" in lines[0], out.stderr[-500:]


def test_feed_state_nested_thousands_deep_starts_afresh(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "feeds-state.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "feeds.yaml").write_text(yaml.safe_dump({"feeds": [{"name": "gazette",
                                                                              "url": "http://127.0.0.1:9/f.xml"}]}))
    out = run(tmp_path, "feeds", "list")
    assert out.returncode == 0, out.stderr[-500:]
    assert "gazette" in out.stdout
