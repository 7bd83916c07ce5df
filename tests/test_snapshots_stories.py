"""Snapshots of the Stories view, the sort toggle and the source facet at 80x24 and 200x60.

On the demo corpus (one story, five outlets), with the same fixed note date, data dirs
and settling as tests/test_snapshots.py.
"""

from __future__ import annotations

import pytest

from tests.app_support import demo_data, demo_index, make_app, settle  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("demo_data")

SIZES = [(80, 24), (200, 60)]


def pressed(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stories_view(snap_compare, size):
    # Enter on the demo's one story: the list, status and note are that story's.
    assert snap_compare(make_app(), terminal_size=size, run_before=pressed("S", "down", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sort_toggle(snap_compare, size):
    # The whole corpus lists newest first; s turns it oldest first.
    assert snap_compare(make_app(), terminal_size=size, run_before=pressed("s"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_source_facet(snap_compare, size):
    # The facet's second source chosen: one article, the search box says which outlet.
    assert snap_compare(make_app(), terminal_size=size,
                        run_before=pressed("S", "tab", "home", "down", "enter"))
