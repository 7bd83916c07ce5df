"""h and l walk the panes without ever landing in the search box (where the next
letters would be typed as a query)."""

from __future__ import annotations

from briefing.tui.widgets.search_bar import SearchBar
from tests.app_support import demo_data, demo_index, make_app, settle, sync  # noqa: F401


@sync
async def test_h_and_l_skip_the_search_box(demo_data):
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        seen = set()
        for key in ["l"] * 6 + ["h"] * 6:
            await pilot.press(key)
            assert not isinstance(app.focused, SearchBar), f"{key} focused the search box"
            seen.add(type(app.focused).__name__)
        assert len(seen) >= 3  # it did move between panes
        await pilot.press("tab")
        for _ in range(6):
            if isinstance(app.focused, SearchBar):
                break
            await pilot.press("tab")
        assert isinstance(app.focused, SearchBar)  # tab still reaches the search box
        assert app.query_one(SearchBar).value == ""


@sync
async def test_e_then_enter_filters_by_the_top_entity(demo_data):
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("e", "enter")
        await settle(pilot)
        assert app.scope.entity == "Lee Jae-myung"
