"""Snapshots of whole screens: the main screen at 80x24 and 160x48, help, export, each theme.

Each runs with its own config and data dirs (conftest), a fixed note date and no cursor
blink, and waits for the index and every worker before the picture is taken.
"""

from __future__ import annotations

import pytest

from briefing.tui.widgets.search_bar import SearchBar
from tests.app_support import demo_data, demo_index, make_app, settle  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("demo_data")


def searched(query: str, *keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        if query:
            await pilot.press("slash")
            pilot.app.query_one(SearchBar).value = query
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_main_80x24(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=searched(""))


def test_main_80x24_entities_open(snap_compare):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=searched("", "e"))


def test_main_160x48_search(snap_compare):
    assert snap_compare(make_app(), terminal_size=(160, 48), run_before=searched("korea", "enter", "n"))


def test_help_screen(snap_compare):
    assert snap_compare(make_app(), terminal_size=(100, 40), run_before=searched("", "question_mark"))


def test_export_dialog(snap_compare):
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=searched("ishiba", "x"))


@pytest.mark.parametrize("theme", ["briefing-dark", "briefing-light", "briefing-contrast"])
def test_theme(snap_compare, theme, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(f"theme: {theme}\n", encoding="utf-8")
    app = make_app(config)
    assert snap_compare(app, terminal_size=(120, 32), run_before=searched("korea", "enter", "n", "n"))
