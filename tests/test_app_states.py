"""Pilot tests for what the app keeps and how it fails: reading state, remapped keys,
themes, hostile titles, empty and error states, start-up before the index exists."""

from __future__ import annotations

import threading

import pytest

from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.reader import Reader
from briefing.tui.widgets.search_bar import SearchBar
from tests.app_support import demo_data, demo_index, make_app, screen_text, settle, sync  # noqa: F401


def option_text(lst: ArticleList) -> str:
    return "\n".join(str(lst.get_option_at_index(i).prompt) for i in range(lst.option_count))


@sync
@pytest.mark.usefixtures("demo_data")
async def test_reading_state_persists():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        lst = app.query_one(ArticleList)
        first = lst.current_id()
        assert first not in lst.read
        await pilot.press("enter")
        await settle(pilot)
        assert first in lst.read
        lst.focus()
        await pilot.press("j", "m")
        second = lst.current_id()
        assert second in lst.read
        await pilot.press("m")
        assert second not in lst.read
        for query in ("japan", "ishiba"):
            await pilot.press("slash")
            app.query_one(SearchBar).value = query
            await pilot.press("enter")
            await settle(pilot)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert app.query_one(ArticleList).read == {first}
        bar = app.query_one(SearchBar)
        await pilot.press("slash", "up")
        assert bar.value == "ishiba"
        await pilot.press("up")
        assert bar.value == "japan"
        await pilot.press("down")
        assert bar.value == "ishiba"
        await pilot.press("down")
        assert bar.value == ""


@sync
@pytest.mark.usefixtures("demo_data")
async def test_remapped_keys_change_footer_help_and_behaviour(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("keys:\n  entities: ctrl+e\n  quit: ctrl+q\n  down: ctrl+n\n  nonsense: z\n", encoding="utf-8")
    app = make_app(config)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "^e Entities" in footer and "^q Quit" in footer and "e Entities" not in footer.replace("^e", "")
        assert any("nonsense" in str(n.message) for n in app._notifications)
        lst = app.query_one(ArticleList)
        await pilot.press("j")
        assert lst.highlighted == 0
        await pilot.press("ctrl+n")
        assert lst.highlighted == 1
        await pilot.press("e")
        assert app.focused is lst
        await pilot.press("ctrl+e")
        assert app.focused.id == "entity-options"
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = app.screen.query_one("#help-text").render().plain
        assert "^e" in help_text and "^n" in help_text
        await pilot.press("escape", "q")
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


@sync
@pytest.mark.usefixtures("demo_data")
async def test_broken_selected_theme_falls_back_with_the_problem_named(isolated_dirs, tmp_path):
    themes = isolated_dirs / "config" / "themes"
    themes.mkdir(parents=True)
    (themes / "mine.yaml").write_text("name: mine\nprimary: [not, a, colour\n", encoding="utf-8")
    (themes / "paper.yaml").write_text("name: paper\ndark: false\nprimary: '#224466'\n"
                                       "variables:\n  hit-background: '#ffee00'\n", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text("theme: mine\n", encoding="utf-8")
    app = make_app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "briefing-dark"
        messages = [str(n.message) for n in app._notifications]
        assert any("mine.yaml" in m and "YAML" in m and "briefing-dark" in m for m in messages), messages
        assert "paper" in app.theme_names
    config.write_text("theme: paper\n", encoding="utf-8")
    app = make_app(config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "paper"
        assert app.theme_variables["hit-background"] == "#ffee00"
        assert app.theme_variables["entity-person"]  # defaults fill what the file leaves out


@sync
async def test_bracketed_titles_show_as_typed(tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    title = "[CORRECTED 14:06 GMT] Talks resume [bold]x[/] in [red]Seoul"
    (corpus / "a.txt").write_text(f"{title}\nMinisters met in Seoul on [Tuesday] to talk [b]trade[/b].\n",
                                  encoding="utf-8")
    app = make_app(corpus=[str(corpus)])
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        lst = app.query_one(ArticleList)
        assert "[CORRECTED 14:06 GMT]" in option_text(lst) and "[bold]x[/]" in option_text(lst)
        await pilot.press("enter")
        await settle(pilot)
        text = app.query_one(Reader).query_one("#reader-text").render()
        assert title in text.plain and "[b]trade[/b]" in text.plain
        shown = screen_text(app)
        assert "[CORRECTED 14:06 GMT]" in shown and "[b]trade[/b]" in shown


@sync
async def test_empty_corpus_says_how_to_add_articles(tmp_path):
    corpus = tmp_path / "empty"
    corpus.mkdir()
    app = make_app(corpus=[str(corpus)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = option_text(app.query_one(ArticleList))
        assert "No articles yet" in text and "--corpus" in text
        assert "0 articles" in app.status.text().plain


@sync
@pytest.mark.usefixtures("demo_data")
async def test_no_results_offers_did_you_mean():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.query_one(SearchBar).value = "ishbia"
        await pilot.press("enter")
        await settle(pilot)
        lst = app.query_one(ArticleList)
        assert "No results for ishbia" in option_text(lst)
        assert lst.suggestion
        await pilot.press("enter")
        await settle(pilot)
        assert app.scope.query == lst.suggestion or lst.hits
        assert lst.hits


@sync
@pytest.mark.usefixtures("demo_data")
async def test_failed_search_says_why_and_app_stays_usable():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.library.search = _raise  # a corrupt index or a query the parser chokes on
        await pilot.press("slash")
        app.query_one(SearchBar).value = "korea"
        await pilot.press("enter")
        await settle(pilot)
        assert "Search failed: index unreadable [x]" in " ".join(option_text(app.query_one(ArticleList)).split())
        await pilot.press("question_mark")
        assert app.screen is not app.main


def _raise(*args, **kwargs):
    raise RuntimeError("index unreadable [x]")


@sync
async def test_first_frame_comes_before_indexing_and_progress_shows():
    """The build is held open: the app must draw, take keys and show progress meanwhile."""
    app = make_app()
    release = threading.Event()
    real_sync = app.library.sync

    def slow_sync(progress=None, cancelled=None, rebuild=False):
        progress(1, 5, "reading")
        release.wait(10)
        return real_sync(progress=progress, cancelled=cancelled, rebuild=rebuild)

    app.library.sync = slow_sync
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if app.status.index_state.startswith("building"):
                break
        assert app.status.index_state == "building 1/5"
        assert "index building 1/5" in screen_text(app)
        await pilot.press("slash", "k")
        assert app.query_one(SearchBar).value == "k"
        release.set()
        await settle(pilot)
        assert app.status.index_state == "up to date"
        assert len(app.query_one(ArticleList).hits) == 5


@sync
async def test_while_indexing_the_list_does_not_call_the_folder_empty(seeds_copy):
    app = make_app(corpus=[str(seeds_copy)])
    release = threading.Event()
    real_sync = app.library.sync

    def slow_sync(progress=None, cancelled=None, rebuild=False):
        release.wait(10)
        return real_sync(progress=progress, cancelled=cancelled, rebuild=rebuild)

    app.library.sync = slow_sync
    async with app.run_test(size=(100, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if app.query_one(ArticleList).option_count:
                break
        text = " ".join(option_text(app.query_one(ArticleList)).split())
        assert "Indexing the articles in" in text and "No articles yet" not in text
        release.set()
        await settle(pilot)
        assert len(app.query_one(ArticleList).hits) == 5


@sync
async def test_a_failed_index_says_it_failed_why_and_what_to_do(seeds_copy):
    app = make_app(corpus=[str(seeds_copy)])

    def broken_sync(progress=None, cancelled=None, rebuild=False):
        raise OSError("No space left on device")

    app.library.sync = broken_sync
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        text = " ".join(option_text(app.query_one(ArticleList)).split())
        assert "No articles yet" not in text
        assert ("Indexing failed: No space left on device. Press ctrl+p → Rebuild index, or run `briefing index` "
                "in a shell to see details.") in text
        assert app.status.index_state == "error"
        assert any("Indexing failed" in str(n.message) for n in app._notifications)
