"""Keys that arrive in one burst (a terminal sends three Esc presses in one read) act one
after another on the state each leaves, as if pressed slowly."""

from __future__ import annotations

import pytest
from textual import events

from briefing.scope import Scope
from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.entity_sidebar import EntitySidebar
from briefing.tui.widgets.search_bar import SearchBar
from tests.app_support import demo_data, demo_index, make_app, settle, sync  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("demo_data")


async def _scoped(pilot) -> tuple[str, int]:
    """Search for korea and choose a rarely mentioned person from the sidebar."""
    app = pilot.app
    await pilot.press("slash")
    app.query_one(SearchBar).value = "korea"
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("e")
    sidebar = app.query_one(EntitySidebar)
    name = next(r.name for r in sidebar.rows if r.type == "PERSON" and r.articles == 1)
    sidebar.highlight(name)
    await pilot.press("enter")
    await settle(pilot)
    assert app.scope == Scope("korea", name)
    return name, len(app.query_one(ArticleList).hits)


def _burst(app, count: int) -> None:
    # Posted back to back with no pause, as a terminal's single read delivers them; Pilot's
    # press() would wait for each key to be handled.
    for _ in range(count):
        app.post_message(events.Key("escape", None))


@sync
async def test_three_escapes_in_one_burst_clear_entity_then_query():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        total = app.library.article_count()
        await _scoped(pilot)
        _burst(app, 3)
        await settle(pilot)
        await pilot.pause(0.1)
        await settle(pilot)
        assert app.scope == Scope()
        assert app.query_one(SearchBar).value == ""
        assert len(app.query_one(ArticleList).hits) == total
        assert app.focused is app.query_one(ArticleList)


@sync
async def test_escapes_one_at_a_time_clear_entity_then_query():
    """The slow path the burst must match: the first Esc clears the entity only, the second
    the query."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await _scoped(pilot)
        _burst(app, 1)
        await settle(pilot)
        assert app.scope == Scope("korea")
        _burst(app, 1)
        await settle(pilot)
        assert app.scope == Scope()
