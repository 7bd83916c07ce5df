"""The article list builds rows as the cursor needs them, so a 500-result search
answers at once, and every result can still be reached."""

from __future__ import annotations

import asyncio

from textual.app import App

from briefing.search import Hit
from briefing.tui.widgets.article_list import PAGE, ArticleList


class _Host(App):
    def compose(self):
        yield ArticleList(id="list")


def _hits(n: int) -> list[Hit]:
    return [Hit(id=f"a{i}", title=f"Article {i}", score=1.0) for i in range(n)]


def test_rows_are_built_a_page_at_a_time_and_all_reachable():
    async def run():
        app = _Host()
        async with app.run_test(size=(60, 30)) as pilot:
            lst = app.query_one(ArticleList)
            lst.focus()
            lst.show(_hits(500))
            await pilot.pause()
            assert lst.option_count == PAGE < 500
            # Walking down loads more before the cursor runs out of rows.
            for _ in range(PAGE):
                await pilot.press("down")
            assert lst.option_count > PAGE
            assert lst.current_id() == f"a{PAGE}"
            # G goes to the true end.
            await pilot.press("G")
            assert lst.option_count == 500
            assert lst.current_id() == "a499"
            # Keeping an article far down the list loads up to it.
            lst.show(_hits(500), keep="a300")
            await pilot.pause()
            assert lst.current_id() == "a300"

    asyncio.run(run())
