"""Every private Textual name the app relies on exists in the installed Textual, each
checked by name, and without them the widgets fall back to Textual's own behaviour."""

from __future__ import annotations

import inspect

import pytest

from briefing.tui import textual_compat
from briefing.tui.textual_compat import FOOTER_KEY_FIELDS, PRIVATE_NAMES


@pytest.mark.parametrize("owner, name, where", PRIVATE_NAMES,
                         ids=[f"{getattr(o, '__name__', o)}.{n}" for o, n, _ in PRIVATE_NAMES])
def test_private_name_exists(owner, name, where):
    target = owner() if where == "instance" else owner
    assert hasattr(target, name), f"Textual no longer has {owner.__name__}.{name}"


def test_size_updated_still_takes_layout():
    # The tuned widgets pass layout=False to skip the second layout pass.
    from textual.widget import Widget

    assert "layout" in inspect.signature(Widget._size_updated).parameters


def test_footer_key_class_and_fields_exist():
    key = textual_compat.footer_key_class()
    assert key is not None, f"Textual's footer module no longer has {textual_compat.FOOTER_KEY}"
    widget = key("k", "k", "", "a")
    for name in FOOTER_KEY_FIELDS:
        assert hasattr(widget, name), f"{textual_compat.FOOTER_KEY}.{name} is gone"


def test_version_read_as_the_package_metadata_says():
    from importlib.metadata import version

    major, minor = version("textual").split(".")[:2]
    assert textual_compat._textual_version() == (int(major), int(minor))


def test_tuned_on_the_tested_textual():
    # The test extra pins the Textual the snapshots were drawn with; on it the tuned
    # paths must be the ones running, or the snapshots and keypress figures lie.
    assert textual_compat.TUNED


def test_keys_normalized_as_the_keymap_holds_them(monkeypatch):
    assert textual_compat.normalize_keys("?, ctrl+e") == "question_mark,ctrl+e"
    monkeypatch.setattr(textual_compat, "TUNED", False)
    assert textual_compat.normalize_keys("ctrl+e , q") == "ctrl+e,q"


def test_untuned_widgets_behave_as_stock(monkeypatch):
    """With the tuning off (another Textual), the widgets still lay out and scroll."""
    import asyncio

    from textual.app import App
    from textual.content import Content

    from briefing.tui.widgets.options import Options
    from briefing.tui.widgets.reader import Reader

    class Host(App):
        def compose(self):
            yield Options(*[f"row {i}" for i in range(50)], id="options")
            yield Reader(id="reader")

    monkeypatch.setattr(textual_compat, "TUNED", False)

    async def run() -> None:
        app = Host()
        async with app.run_test(size=(60, 20)) as pilot:
            reader = app.query_one(Reader)
            reader.query_one("#reader-text").update(Content("\n".join(f"line {i}" for i in range(80))))
            await pilot.pause()
            assert reader.max_scroll_y > 0
            options = app.query_one(Options)
            options.focus()
            await pilot.press("end")
            assert options.highlighted == 49 and options.scroll_y > 0

    asyncio.run(run())
