"""Fault injection, app side: titles and bodies that look like Textual markup, ANSI,
bidi and combining text show literally in the list and the reader, and a corpus of bad
files opens with the skipped count in the status line."""

from __future__ import annotations

import asyncio

from briefing.config import Config

from tests.test_faults_corpus import HOSTILE_TITLE, build_hostile_corpus


async def _settle(pilot, timeout: float = 30.0) -> None:
    from textual.worker import WorkerState

    app = pilot.app
    waited = 0.0
    await pilot.pause(0.1)
    for _ in range(3):
        while any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers) and waited < timeout:
            await pilot.pause(0.05)
            waited += 0.05
        await pilot.pause(0.05)


def _plain(renderable) -> str:
    return getattr(renderable, "plain", None) or str(renderable)


def test_hostile_titles_show_literally(seeds_copy, tmp_path):
    from textual.widgets import Static

    from briefing.tui.app import BriefingApp
    from briefing.tui.widgets.article_list import ArticleList

    corpus = build_hostile_corpus(seeds_copy)
    config = Config(corpus=[str(corpus)], index_dir=str(tmp_path / "ix"))

    async def run() -> None:
        app = BriefingApp(config)
        async with app.run_test(size=(160, 40)) as pilot:
            await _settle(pilot)
            lst = app.query_one(ArticleList)
            # Joined on whitespace: the list may wrap a long title over two lines.
            prompts = [" ".join(_plain(lst.get_option_at_index(i).prompt).split()) for i in range(lst.option_count)]
            assert any(HOSTILE_TITLE in p for p in prompts), prompts
            index = next(i for i, p in enumerate(prompts) if HOSTILE_TITLE in p)
            lst.highlighted = index
            await _settle(pilot)
            reader_text = " ".join(_plain(app.query_one("#reader-text", Static).render()).split())
            assert HOSTILE_TITLE in reader_text
            assert "[/] closes nothing" in reader_text
            status = _plain(app.query_one("#status", Static).render())
            assert "skipped" in status, status

    asyncio.run(run())
