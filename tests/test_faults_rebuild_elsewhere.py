"""Issue 15, finding 9: while another process rebuilds the index (`briefing index
--rebuild`, or a repair that starts afresh), the open app keeps listing the complete
index it had, or says the index is being rebuilt; it never shows an empty or partial
list as "index up to date"."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from pathlib import Path

import pytest

from tests.app_support import make_app, settle, sync
from tests.test_faults_disk import _engines
from tests.test_follow import BRIEFING

ARTICLES = 900


def _corpus(root: Path) -> Path:
    root.mkdir()
    for n in range(ARTICLES):
        (root / f"r{n:04d}.txt").write_text(
            f"Harbour report {n}\n\nThe harbour board met about the berth, day {n}. "
            "Fishing crews asked for a share of the new moorings and the dredging plan.\n" * 3, encoding="utf-8")
    return root


def _setup(tmp_path: Path, engine: str) -> Path:
    corpus = _corpus(tmp_path / "corpus")
    config = tmp_path / "config.yaml"
    config.write_text(f"corpus: [{corpus}]\nindex_dir: {tmp_path / 'index'}\nsearch:\n  limit: 2000\n  engine: {engine}\n",
                      encoding="utf-8")
    done = subprocess.run([BRIEFING, "--config", str(config), "index"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return config


def _status(app) -> str:
    from textual.widgets import Static

    rendered = app.query_one("#status", Static).render()
    return getattr(rendered, "plain", None) or str(rendered)


async def _watch_while(pilot, proc: subprocess.Popen) -> list[tuple[int, str]]:
    """(rows listed, status line) every 50 ms until ``proc`` ends, then 3 s more."""
    from briefing.tui.widgets.article_list import ArticleList

    app = pilot.app
    seen: list[tuple[int, str]] = []
    ended = None
    while ended is None or time.monotonic() - ended < 3.0:
        if ended is None and proc.poll() is not None:
            ended = time.monotonic()
        seen.append((len(app.query_one(ArticleList).hits), _status(app)))
        await pilot.pause(0.05)
    return seen


def _check(seen: list[tuple[int, str]], proc: subprocess.Popen) -> None:
    assert proc.wait() == 0, proc.stderr.read() if proc.stderr else ""
    short = [(n, s) for n, s in seen if n < ARTICLES]
    changes = [x for i, x in enumerate(seen) if i == 0 or x != seen[i - 1]]
    assert not short, f"the app listed {short[0][0]} of {ARTICLES} ({short[0][1]!r}); as it went: {changes}"
    wrong = [s for n, s in seen if f"{ARTICLES} articles" not in s and "rebuil" not in s and "another" not in s]
    assert not wrong, wrong[0]
    assert seen[-1][0] == ARTICLES and "up to date" in seen[-1][1], seen[-1]


@pytest.mark.parametrize("engine", _engines())
@pytest.mark.parametrize("how", ["rebuild", "repair"])
@sync
async def test_app_keeps_the_whole_list_while_another_process_rebuilds(tmp_path, how, engine):
    config = _setup(tmp_path, engine)
    app = make_app(config=config)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        from briefing.tui.widgets.article_list import ArticleList

        assert len(app.query_one(ArticleList).hits) == ARTICLES
        args = [BRIEFING, "--config", str(config), "index"]
        if how == "rebuild":
            args.append("--rebuild")
        else:
            # A marker from another version of briefing: the other process starts the
            # index afresh (what damage recovery does too).
            marker = tmp_path / "index" / "briefing-index.json"
            info = json.loads(marker.read_text(encoding="utf-8"))
            info["briefing_index"] = -1
            marker.write_text(json.dumps(info), encoding="utf-8")
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen = await _watch_while(pilot, proc)
        await asyncio.sleep(0)
    _check(seen, proc)
