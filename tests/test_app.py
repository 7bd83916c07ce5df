"""Pilot tests: every binding in briefing/tui/keys.py pressed, and the app's states."""

from __future__ import annotations

import pytest

from briefing.scope import Scope
from briefing.tui.keys import KEYS
from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.entity_sidebar import EntitySidebar
from briefing.tui.widgets.notes_pane import NotesPane
from briefing.tui.widgets.reader import Reader
from briefing.tui.widgets.search_bar import SearchBar
from tests.app_support import demo_data, demo_index, make_app, settle, sync  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("demo_data")

#: binding id -> the test that presses it; test_every_binding_is_exercised keeps this
#: honest when a binding is added.
EXERCISED = {
    "search": "test_search_and_clear", "clear": "test_search_and_clear",
    "next_pane": "test_pane_keys", "prev_pane": "test_pane_keys", "pane_left": "test_pane_keys",
    "pane_right": "test_pane_keys", "entities": "test_entity_filter", "notes": "test_notes_pane",
    "export": "test_export_dialog", "next_hit": "test_hits_scroll_into_view",
    "prev_hit": "test_hits_scroll_into_view", "theme": "test_theme_key_cycles",
    "help": "test_help_lists_every_key", "palette": "test_palette_switches_theme", "quit": "test_quit",
    "down": "test_list_keys", "up": "test_list_keys", "top": "test_list_keys", "bottom": "test_list_keys",
    "toggle_read": "test_reading_state_persists", "reader_down": "test_reader_keys",
    "reader_up": "test_reader_keys", "reader_top": "test_reader_keys", "reader_bottom": "test_reader_keys",
    "reader_page": "test_reader_keys", "sidebar_scope": "test_entity_filter",
    "search_older": "test_reading_state_persists", "search_newer": "test_reading_state_persists",
    "export_cancel": "test_export_dialog", "help_close": "test_help_lists_every_key",
    "fetch_feeds": "_fetch_feeds_pressed", "stories": "_stories_pressed", "sort": "_sort_pressed",
    "group": "_group_pressed",
}


from tests.test_feeds_app import test_r_fetches_feeds_and_lists_the_new_article as _fetch_feeds_pressed  # noqa: E402,F401
from tests.test_app_stories import (  # noqa: E402,F401
    test_enter_on_a_story_scopes_everything_to_exactly_its_articles as _stories_pressed,
    test_grouping_by_story_keeps_each_story_together as _group_pressed,
    test_the_sort_key_reverses_the_order_by_date as _sort_pressed,
)


def test_every_binding_is_exercised():
    from tests import test_app_states

    assert set(EXERCISED) == {k.id for k in KEYS}
    for name in set(EXERCISED.values()):
        assert name in globals() or hasattr(test_app_states, name), name


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def search(pilot, text: str) -> None:
    await pilot.press("slash")
    pilot.app.query_one(SearchBar).value = text  # typing each key only costs time
    await pilot.press("enter")
    await settle(pilot)


async def palette(pilot, text: str) -> None:
    from textual.command import CommandInput

    await pilot.press("ctrl+p")
    await pilot.pause()
    pilot.app.screen.query_one(CommandInput).value = text
    await pilot.pause(0.3)


@sync
async def test_first_frame_lists_the_demo_corpus():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert len(app.query_one(ArticleList).hits) == 5
        assert app.status.index_state == "up to date"
        assert "5 articles" in app.status.text().plain
        assert isinstance(app.focused, ArticleList)


@sync
async def test_search_and_clear():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await search(pilot, "ishiba")
        assert app.scope.query == "ishiba"
        lst = app.query_one(ArticleList)
        assert 0 < len(lst.hits) < 5
        assert "result" in app.status.text().plain
        await pilot.press("escape")
        await settle(pilot)
        assert app.scope.query == "" and len(lst.hits) == 5
        # Esc in the box first drops an edit that was never run.
        await pilot.press("slash")
        await type_text(pilot, "abc")
        await pilot.press("escape")
        assert app.query_one(SearchBar).value == ""


@sync
async def test_list_keys():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        lst = app.query_one(ArticleList)
        await pilot.press("j")
        assert lst.highlighted == 1
        await pilot.press("k")
        assert lst.highlighted == 0
        await pilot.press("G")
        assert lst.highlighted == 4
        await pilot.press("g")
        assert lst.highlighted == 0
        await pilot.press("down", "pagedown", "up")
        assert lst.highlighted is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.focused, Reader)
        assert app.query_one(Reader).article.id == lst.current_id()


@sync
async def test_reader_keys():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.query_one(Reader)
        assert reader.max_scroll_y > 0
        await pilot.press("j")
        assert reader.scroll_y == 1
        await pilot.press("k")
        assert reader.scroll_y == 0
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y
        await pilot.press("g")
        assert reader.scroll_y == 0
        await pilot.press("space")
        assert reader.scroll_y > 1


@sync
async def test_pane_keys():
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        order = []
        for _ in range(5):
            await pilot.press("tab")
            order.append(app.focused.id)
        assert order == ["reader", "notes", "entity-options", "search", "list"]
        await pilot.press("shift+tab")
        assert app.focused.id == "search"
        await pilot.press("tab", "l")
        assert app.focused.id == "reader"
        await pilot.press("h")
        assert app.focused.id == "list"


@sync
async def test_narrow_layout_collapses_sidebar_and_notes():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sidebar, notes, reader = app.query_one(EntitySidebar), app.query_one(NotesPane), app.query_one(Reader)
        assert not sidebar.display and not notes.display and app.main.shown(reader)
        await pilot.press("e")
        assert app.main.shown(sidebar) and not app.main.shown(reader)
        await pilot.press("b")
        assert app.main.shown(notes) and not app.main.shown(sidebar) and not app.main.shown(reader)
        await pilot.press("escape")
        assert app.main.shown(reader) and not app.main.shown(notes)
        await pilot.press("e", "h")
        assert app.focused.id == "list"
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.shown(reader) and not app.main.shown(sidebar) and app.focused is reader


@sync
async def test_wide_layout_shows_everything_and_resizes():
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        for pane in (ArticleList, Reader, EntitySidebar, NotesPane):
            assert app.main.shown(app.query_one(pane)), pane
        assert "Key points" in app.query_one(NotesPane).markdown_text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.main.shown(app.query_one(EntitySidebar))
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert app.main.shown(app.query_one(EntitySidebar)) and not app.main.shown(app.query_one(NotesPane))


@sync
async def test_hits_scroll_into_view():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search(pilot, "korea")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.query_one(Reader)
        static = reader.query_one("#reader-text")
        assert len(reader.hits) > 5
        from textual.geometry import Region

        for key, expected in (("n", 0), ("n", 1), ("N", 0), ("N", len(reader.hits) - 1)):
            await pilot.press(key)
            await pilot.pause()
            assert reader.current == expected
        for i in range(len(reader.hits)):
            await pilot.press("n")
            start, end = reader.hits[reader.current]
            line = reader.line_of(start)
            top = reader.scroll_y
            assert top <= line < top + reader.scrollable_content_region.height, (i, line, top)
            # The line really holds the hit's word, as rendered on screen.
            rendered = static.render_lines(Region(0, line, static.size.width, 1))[0].text
            word = reader.article.text[start:end].split()[0]
            assert word.lower() in rendered.lower(), (word, rendered)
        assert "hit" in app.status.extra


@sync
async def test_entity_filter():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await search(pilot, "korea")
        total = len(app.query_one(ArticleList).hits)
        await pilot.press("e")
        assert app.focused.id == "entity-options"
        sidebar = app.query_one(EntitySidebar)
        # Down to a rarely mentioned person and choose them.
        name = next(r.name for r in sidebar.rows if r.type == "PERSON" and r.articles == 1)
        sidebar.highlight(name)
        await pilot.press("enter")
        await settle(pilot)
        assert app.scope == Scope("korea", name)
        assert len(app.query_one(ArticleList).hits) == 1 < total
        assert "entity: " + name in app.status.text().plain
        detail = sidebar.query_one("#entity-detail").render()
        assert name in str(detail)
        await pilot.press("a")
        await settle(pilot)
        assert sidebar.whole_corpus
        await pilot.press("escape")
        await settle(pilot)
        assert app.scope.entity is None and len(app.query_one(ArticleList).hits) == total
        await pilot.press("e")
        assert not sidebar.display


@sync
async def test_selected_entity_highlighted_in_reader():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.select_entity("Xi Jinping")
        await settle(pilot)
        await pilot.press("escape")  # back from the sidebar without clearing: focus list
        app.select_entity("Xi Jinping")
        await settle(pilot)
        app.query_one(ArticleList).focus()
        await pilot.press("enter")
        await settle(pilot)
        reader = app.query_one(Reader)
        assert reader.selected_entity == "Xi Jinping"
        styles = [s.style for s in reader.build_content().spans]
        assert any("underline" in str(st) and "$entity-person" in str(st) for st in styles)


@sync
async def test_notes_pane():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        notes = app.query_one(NotesPane)
        assert not notes.display
        await pilot.press("b")
        await settle(pilot)
        assert notes.display and app.focused is notes
        assert notes.markdown_text == app.library.note_markdown(Scope(), today=app.note_date)
        await search(pilot, "ishiba")
        await settle(pilot)
        assert notes.note_scope == Scope("ishiba")
        assert notes.markdown_text == app.library.note_markdown(Scope("ishiba"), today=app.note_date)
        notes.focus()
        await pilot.press("b")
        assert not notes.display


@sync
async def test_export_dialog(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await search(pilot, "ishiba")
        await pilot.press("x")
        await pilot.pause()
        field = app.screen.query_one("#export-path")
        assert field.value == "briefing-ishiba.md"
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        written = tmp_path / "briefing-ishiba.md"
        assert written.read_text(encoding="utf-8") == app.library.note_markdown(Scope("ishiba"), today=app.note_date)
        assert any(str(written) in str(n.message) for n in app._notifications)
        # A second export asks before overwriting.
        written.write_text("mine", encoding="utf-8")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "exists" in str(app.screen.query_one("#export-message").render())
        assert written.read_text(encoding="utf-8") == "mine"
        await pilot.press("enter")
        await settle(pilot)
        assert written.read_text(encoding="utf-8") != "mine"


@sync
async def test_export_matches_cli(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    out = tmp_path / "cli.md"
    subprocess.run([sys.executable, "-m", "briefing", "export", "--entity", "Xi Jinping", "-o", str(out)],
                   check=True, capture_output=True)
    app = make_app()
    app.note_date = None  # the CLI dates its note today, so the app must too
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.select_entity("Xi Jinping")
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.query_one("#export-path").value == "briefing-xi-jinping.md"
        await pilot.press("enter")
        await settle(pilot)
    assert (tmp_path / "briefing-xi-jinping.md").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


@sync
async def test_theme_key_cycles():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "briefing-dark"
        seen = []
        for _ in range(len(app.theme_names)):
            await pilot.press("t")
            seen.append(app.theme)
        assert set(seen) == {"briefing-dark", "briefing-light", "briefing-contrast"}
        assert seen[-1] == "briefing-dark"


@sync
async def test_help_lists_every_key():
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        for close in ("escape", "q", "question_mark"):
            await pilot.press("question_mark")
            await pilot.pause()
            text = app.screen.query_one("#help-text").render().plain
            for key in KEYS:
                assert key.id in text and key.description in text
            await pilot.press(close)
            await pilot.pause()
            assert len(app.screen_stack) == 1
        assert app.is_running


@sync
async def test_palette_switches_theme():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await palette(pilot, "theme light")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "briefing-light"


@sync
async def test_palette_jumps_to_entity_and_opens_article():
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await palette(pilot, "entity xi jinping")
        await pilot.press("enter")
        await settle(pilot)
        assert app.scope.entity == "Xi Jinping"
        app.clear_all()
        await settle(pilot)
        title = app.query_one(ArticleList).hits[3].title
        await palette(pilot, "open " + " ".join(title.split()[:4]))
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(Reader).article.title == title
        assert app.query_one(ArticleList).current_id() == app.query_one(Reader).article.id


@sync
async def test_quit():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        assert app.is_running and app.query_one(SearchBar).value == "q"
        await pilot.press("escape", "escape", "q")
        await pilot.pause()
    assert not app.is_running
