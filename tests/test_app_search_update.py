"""A search updates every pane at once: the reader is filled with the list, the article
is read once, repaints held during the search always resume, and the footer still
follows the focus."""

from __future__ import annotations

import pytest

from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.footer import Footer
from briefing.tui.widgets.reader import Reader
from briefing.tui.widgets.search_bar import SearchBar
from tests.app_support import demo_data, demo_index, make_app, screen_text, settle, sync  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("demo_data")


async def search(pilot, text: str) -> None:
    await pilot.press("slash")
    pilot.app.query_one(SearchBar).value = text
    await pilot.press("enter")
    await settle(pilot)


@sync
async def test_search_fills_the_reader_with_its_best_match_reading_it_once():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        reads = []
        article = app.library.article
        app.library.article = lambda article_id: reads.append(article_id) or article(article_id)
        await search(pilot, "japan")
        lst, reader = app.query_one(ArticleList), app.query_one(Reader)
        assert reader.article is not None and reader.article.id == lst.current_id() == lst.hits[0].id
        assert reader.hits and reader.entity_spans
        assert reads == [lst.hits[0].id]
        assert "hits · n/N" in reader.border_subtitle
        assert not app._batch_count


@sync
async def test_refresh_keeps_the_article_being_read():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await search(pilot, "korea")
        await pilot.press("j")
        await settle(pilot)
        second = app.query_one(ArticleList).current_id()
        assert app.query_one(Reader).article.id == second
        app.refresh_results()
        await settle(pilot)
        assert app.query_one(ArticleList).current_id() == second
        assert app.query_one(Reader).article.id == second


@sync
async def test_failed_search_releases_held_repaints():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        browse = app.library.browse
        app.library.browse = _raise
        await search(pilot, "korea")
        assert not app._batch_count
        assert "Search failed" in screen_text(app)
        app.library.browse = browse
        await search(pilot, "korea")
        assert "Articles · 5" in screen_text(app)


@sync
async def test_footer_follows_the_focus():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        footer = app.query_one(Footer)
        keys = lambda: [k.key for k in footer.query("FooterKey") if k.display]  # noqa: E731
        assert "q" in keys()
        await pilot.press("slash")
        await pilot.pause(0.1)
        assert "q" not in keys()  # typing q in the box types it
        assert " q Quit" not in screen_text(app)
        app.query_one(SearchBar).value = "korea"
        await pilot.press("enter")
        await settle(pilot)
        assert "q" in keys()
        assert " q Quit" in screen_text(app)


def _raise(*args, **kwargs):
    raise RuntimeError("index unreadable")
