"""The sidebar lists the most mentioned entities of each type, not thousands of rows."""

from __future__ import annotations

from briefing.tui.widgets.entity_sidebar import GROUP_ROWS, EntityRow, EntitySidebar
from textual.app import App


class _Host(App):
    def compose(self):
        yield EntitySidebar(id="sidebar")


def _rows(n: int) -> list[EntityRow]:
    return [EntityRow(f"Person {i}", "PERSON", n - i, 1, []) for i in range(n)]


def test_each_type_is_capped_and_says_how_many_more():
    import asyncio

    async def run():
        app = _Host()
        async with app.run_test(size=(60, 40)) as pilot:
            bar = app.query_one(EntitySidebar)
            bar.selected = "Person 120"
            bar.show(_rows(200))
            await pilot.pause()
            options = bar.query_one("#entity-options")
            ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
            named = [i for i in ids if i]
            assert len(named) == GROUP_ROWS + 1  # the top rows, plus the selected one
            assert "entity:Person 0" in named and "entity:Person 120" in named
            texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            assert any("149 more" in t for t in texts)

    asyncio.run(run())


def test_other_names_have_a_group_of_their_own():
    import asyncio

    async def run():
        app = _Host()
        async with app.run_test(size=(60, 40)) as pilot:
            bar = app.query_one(EntitySidebar)
            bar.show([EntityRow("Mara Quint", "PERSON", 5, 2, []),
                      EntityRow("MV Sea Lark", "MISC", 4, 2, [])])
            await pilot.pause()
            options = bar.query_one("#entity-options")
            texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
            assert any(t.startswith("Other names") for t in texts)
            assert "entity:MV Sea Lark" in ids

    asyncio.run(run())
