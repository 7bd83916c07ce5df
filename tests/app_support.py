"""Shared by the Pilot and snapshot tests: a prebuilt demo index and an app that settles."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.library import Library

#: Notes carry a "generated" date; a fixed one keeps snapshots the same every day.
NOTE_DATE = dt.date(2025, 9, 1)


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory) -> Path:
    """The demo corpus indexed once per session; each test copies it into its own data
    dir, so starting the app costs a no-op sync instead of a build."""
    data = tmp_path_factory.mktemp("demo-data")
    old = os.environ.get("BRIEFING_DATA_DIR")
    os.environ["BRIEFING_DATA_DIR"] = str(data)
    try:
        lib = Library(load_config())
        lib.sync()
        lib.close()
    finally:
        if old is None:
            os.environ.pop("BRIEFING_DATA_DIR", None)
        else:
            os.environ["BRIEFING_DATA_DIR"] = old
    return data / "indexes"


@pytest.fixture
def demo_data(demo_index, isolated_dirs) -> Path:
    shutil.copytree(demo_index, isolated_dirs / "data" / "indexes")
    return isolated_dirs / "data"


def make_app(config: Path | None = None, corpus: list[str] | None = None):
    from briefing.tui.app import BriefingApp

    return BriefingApp(load_config(config, corpus), cursor_blink=False, note_date=NOTE_DATE)


async def settle(pilot, timeout: float = 20.0) -> None:
    """Wait until the index is up to date and every worker has finished."""
    app = pilot.app
    waited = 0.0
    while not app.status.index_state.startswith(("up to date", "error")) and waited < timeout:
        await pilot.pause(0.02)
        waited += 0.02
    from textual.worker import WorkerState

    # wait_for_complete raises on a worker an exclusive newer one cancelled, so poll.
    for _ in range(2):
        while any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers) and waited < timeout:
            await pilot.pause(0.02)
            waited += 0.02
        await pilot.pause()


def screen_text(app) -> str:
    """Everything on screen as plain text, for asserting what a user would see."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def sync(test):
    """Run an async Pilot test with asyncio.run: no async pytest plugin is needed."""
    import asyncio
    import functools

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return wrapper
