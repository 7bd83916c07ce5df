"""Notifications render: a toast with a path, a theme name or a config problem is drawn
on screen as plain text (a Content message once crashed the toast renderer)."""

from __future__ import annotations

from tests.app_support import demo_data, demo_index, make_app, screen_text, settle, sync  # noqa: F401


async def _toast_drawn(pilot, text: str) -> bool:
    for _ in range(50):
        await pilot.pause(0.05)
        if text in screen_text(pilot.app):
            return True
    return False


@sync
async def test_theme_toast_is_drawn(demo_data):
    app = make_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert await _toast_drawn(pilot, f"Theme: {app.theme}")
        await pilot.press("t")
        assert await _toast_drawn(pilot, f"Theme: {app.theme}")


@sync
async def test_bad_config_theme_and_key_show_a_toast_not_a_crash(demo_data, write_config):
    path = write_config("theme: no-such-theme\nkeys:\n  quitt: ctrl+q\n")
    app = make_app(path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert await _toast_drawn(pilot, "no-such-theme")
        assert "quitt" in screen_text(app)
        assert app.theme == "briefing-dark"


@sync
async def test_markup_like_text_in_a_toast_shows_literally(demo_data):
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        app.notify("[bold]not bold[/] [CORRECTED 14:06 GMT]", markup=False)
        assert await _toast_drawn(pilot, "[bold]not bold[/] [CORRECTED 14:06 GMT]")
