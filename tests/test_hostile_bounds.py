"""Issue 15, findings 5 and 11: YAML and JSON that a user or another program wrote cost
milliseconds and one line whatever they hold (alias bombs, nesting thousands deep,
a config of 100 MB), and a corpus with such files is indexed whole."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from pathlib import Path

from briefing.config import Config
from briefing.corpus.frontmatter import split_front
from briefing.state import ReadingState

from tests.test_hostile_output import _console_script


def alias_bomb(key: str, indent: str = "") -> list[str]:
    """Ten lines standing for 9**10 (3.4 billion) strings, under ``key``."""
    lines = [f'{indent}a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"{indent}a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    lines.append(f"{indent}{key}: *a9")
    return lines


def _briefing(*args: str, env=None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([_console_script(), *args], capture_output=True, text=True, timeout=timeout, env=env)


def _one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr[-2000:]
    assert "internal error" not in lines[0] and "Traceback" not in proc.stderr
    return lines[0]


def test_config_keys_nested_50000_deep_is_one_line(tmp_path, seeds_copy):
    cfg = tmp_path / "deep.yaml"
    cfg.write_text("keys: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n", encoding="utf-8")
    line = _one_line_error(_briefing("--config", str(cfg), "--corpus", str(seeds_copy), "search", "drills"))
    assert "deep.yaml" in line and "nested more than" in line


def test_config_block_nesting_deeper_than_the_recursion_limit_is_one_line(tmp_path, seeds_copy):
    # Block style, which libyaml does not limit and the pure-Python composer recursed on.
    cfg = tmp_path / "block.yaml"
    cfg.write_text("keys:\n  " + "- " * 5000 + "x\n", encoding="utf-8")
    line = _one_line_error(_briefing("--config", str(cfg), "--corpus", str(seeds_copy), "search", "drills"))
    assert "nested more than" in line


def test_config_alias_bomb_is_one_line(tmp_path, seeds_copy):
    cfg = tmp_path / "bomb.yaml"
    cfg.write_text("\n".join(["anchors:"] + alias_bomb("x", "  ") + ["keys: *a9"]) + "\n", encoding="utf-8")
    line = _one_line_error(_briefing("--config", str(cfg), "--corpus", str(seeds_copy), "search", "drills"))
    assert "aliases" in line


def test_huge_config_is_refused_before_it_is_read(tmp_path, seeds_copy):
    cfg = tmp_path / "huge.yaml"
    with cfg.open("w", encoding="utf-8") as fh:
        fh.write("search:\n  limit: 20\n")
        fh.write(("# a comment line that pads the file out\n") * 2_700_000)  # about 110 MB
    line = _one_line_error(_briefing("--config", str(cfg), "--corpus", str(seeds_copy), "search", "drills"))
    assert "MB" in line and "at most 1 MB" in line


def test_front_matter_alias_bomb_and_deep_nesting_cost_one_warning_each(tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    for n in range(200):
        (corpus / f"n{n:03d}.md").write_text(
            f"---\ntitle: Drills report {n}\nsource: Wire\n---\nThe drills went on for day {n}.\n", encoding="utf-8")
    (corpus / "bomb.md").write_text(
        "\n".join(["---", "title: Bombed drills"] + alias_bomb("published") + ["---", "Drills in the bay."]) + "\n",
        encoding="utf-8")
    (corpus / "deep.md").write_text(
        "---\ntitle: Deep drills\nsource: " + "[" * 5000 + "]" * 5000 + "\n---\nDrills far down.\n", encoding="utf-8")
    (corpus / "deepblock.md").write_text(
        "---\ntitle: Block drills\nsource:\n  " + "- " * 5000 + "x\n---\nDrills stacked.\n", encoding="utf-8")
    proc = _briefing("--corpus", str(corpus), "index")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    out = proc.stdout
    assert "Indexed 203 new" in out, out
    bomb = [line for line in out.splitlines() if "bomb.md" in line]
    assert len(bomb) == 1 and "aliases" in bomb[0] and "read its plain lines (title)" in bomb[0], out
    for name in ("deep.md", "deepblock.md"):
        lines = [line for line in out.splitlines() if name in line]
        assert len(lines) == 1 and "nested more than" in lines[0], out
    found = _briefing("--corpus", str(corpus), "search", "title:bombed", "--json")
    assert found.returncode == 0, found.stderr
    assert [h["title"] for h in json.loads(found.stdout)] == ["Bombed drills"]


def test_front_matter_bounds_are_fast_in_process():
    # The figure that matters is milliseconds; 2 s leaves a loaded machine room and
    # still fails the 32 s the alias bomb cost before.
    text = "\n".join(["---", "title: T"] + alias_bomb("published") + ["---", "Body."]) + "\n"
    warnings: list[str] = []
    started = time.perf_counter()
    meta, body = split_front(text, warnings)
    assert time.perf_counter() - started < 2.0
    assert meta == {"title": "T"} and body.strip() == "Body."
    assert len(warnings) == 1


def test_theme_alias_bomb_in_variables_is_one_problem(tmp_path):
    from briefing.tui.themes import load_themes

    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "bomb.yaml").write_text(
        "\n".join(['primary: "#336699"', "variables:"] + alias_bomb("hit-background", "  ")) + "\n", encoding="utf-8")
    (themes / "deep.yaml").write_text('primary: "#336699"\nvariables: ' + "[" * 3000 + "]" * 3000 + "\n",
                                      encoding="utf-8")
    (themes / "good.yaml").write_text('name: good\nprimary: "#336699"\n', encoding="utf-8")
    loaded = load_themes([themes])
    assert [t.name for t in loaded.themes] == ["good"]
    problems = dict(loaded.problems)
    assert "aliases" in problems["bomb"] and "nested more than" in problems["deep"]


def test_app_starts_with_theme_bomb_and_deep_state(tmp_path, seeds_copy, monkeypatch):
    """The app opens, says what it dropped, and still searches."""
    from textual.widgets import Input

    from briefing.tui.app import BriefingApp
    from briefing.tui.widgets.article_list import ArticleList

    config_dir = tmp_path / "config"
    (config_dir / "themes").mkdir(parents=True)
    (config_dir / "themes" / "bomb.yaml").write_text(
        "\n".join(['name: bomb', 'primary: "#336699"', "variables:"] + alias_bomb("hit-background", "  ")) + "\n",
        encoding="utf-8")
    data_dir = tmp_path / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "state.json").write_text('{"version": 1, "read": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                         encoding="utf-8")
    config = Config(corpus=[str(seeds_copy)], index_dir=str(tmp_path / "ix"), theme="bomb")
    notes: list[str] = []

    async def run() -> None:
        app = BriefingApp(config)
        real_notify = app.notify

        def notify(message, *args, **kwargs):
            notes.append(str(message))
            return real_notify(message, *args, **kwargs)

        app.notify = notify
        async with app.run_test(size=(120, 36)) as pilot:
            for _ in range(200):
                await pilot.pause(0.05)
                if app.query_one(ArticleList).option_count:
                    break
            assert app.query_one(ArticleList).option_count > 0
            assert app.theme != "bomb"
            app.query_one("#search", Input).focus()
            await pilot.press(*"drills", "enter")
            await pilot.pause(0.5)

    asyncio.run(run())
    assert any("starting afresh" in n for n in notes), notes
    assert any("aliases" in n for n in notes), notes


def test_deep_state_json_starts_afresh(tmp_path):
    path = tmp_path / "state.json"
    path.write_text('{"read": {"k": ' + "[" * 200_000 + "]" * 200_000 + "}}", encoding="utf-8")
    state = ReadingState.load("k", path)
    assert state.read == set() and "starting afresh" in state.problem
    state.set_read("a")
    assert state.save()
    assert ReadingState.load("k", path).read == {"a"}


def test_oversized_state_is_not_read(tmp_path, monkeypatch):
    from briefing import state as state_module

    monkeypatch.setattr(state_module, "MAX_BYTES", 1000)
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"read": {"k": [f"id{n}" for n in range(500)]}}), encoding="utf-8")
    loaded = ReadingState.load("k", path)
    assert loaded.read == set() and "starting afresh" in loaded.problem


def test_bounds_leave_real_files_alone(write_config, seeds_copy):
    from briefing.config import load_config
    from briefing.tui.themes import load_themes

    path = write_config("search:\n  limit: 30\nkeys:\n  quit: ctrl+q\n")
    assert load_config(path, corpus=[str(seeds_copy)]).search.limit == 30
    shipped = load_themes([Path(__file__).resolve().parent.parent / "themes"])
    assert not shipped.problems and len(shipped.themes) >= 2
    meta, _ = split_front("---\ntitle: A\nsource: &s Wire\nauthor: *s\ntags: [a, [b, [c]]]\n---\nx\n", [])
    assert meta["author"] == "Wire" and meta["tags"] == ["a", ["b", ["c"]]]


def test_symlink_leaving_the_corpus_is_skipped_unless_allowed(tmp_path, write_config):
    """Issue 15, finding 13: a link to a file outside the corpus folder is not indexed."""
    corpus = tmp_path / "news"
    (corpus / "sub").mkdir(parents=True)
    for n in range(200):
        (corpus / f"a{n:03d}.txt").write_text(f"Harbour {n}\n\nDredging news {n}.\n", encoding="utf-8")
    secret = tmp_path / "private" / "key.txt"
    secret.parent.mkdir()
    secret.write_text("Private key\n\nzebraword secret material\n", encoding="utf-8")
    (corpus / "leak.txt").symlink_to(secret)
    (corpus / "sub" / "inside.txt").symlink_to(corpus / "a001.txt")
    proc = _briefing("--corpus", str(corpus), "index")
    assert proc.returncode == 0, proc.stderr
    assert "Indexed 201 new" in proc.stdout
    skipped = [line for line in proc.stdout.splitlines() if "leak.txt" in line]
    assert len(skipped) == 1 and "outside the corpus folder" in skipped[0] and "follow_symlinks_outside" in skipped[0]
    found = _briefing("--corpus", str(corpus), "search", "zebraword", "--json")
    assert json.loads(found.stdout) == []
    cfg = write_config("articles:\n  follow_symlinks_outside: true\n")
    allowed = _briefing("--config", str(cfg), "--corpus", str(corpus), "search", "zebraword", "--json")
    assert [h["id"] for h in json.loads(allowed.stdout)] == ["leak"]
