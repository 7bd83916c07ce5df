"""The one module that touches Textual names starting with `_`: each use checked against the installed Textual."""

from __future__ import annotations

import sys
from pathlib import Path

import textual
import textual.keys
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static

#: Every private name used below, as (owner, name, where it lives): "class" and "module"
#: names are looked up on the owner, "instance" names on a fresh instance (set in __init__).
#: tests/test_textual_compat.py checks each one by name against the installed Textual.
PRIVATE_NAMES: tuple[tuple[type, str, str], ...] = (
    (Widget, "_size_updated", "class"),
    (Widget, "_size", "instance"),
    (Widget, "_container_size", "instance"),
    (Widget, "_repaint_required", "instance"),
    (Widget, "_vertical_scrollbar", "instance"),
    (Widget, "_horizontal_scrollbar", "instance"),
    (Footer, "_bindings_ready", "class"),
    (textual.keys, "_normalize_key_list", "module"),
    (OptionList, "_lines", "class"),
)
#: The footer's key widgets: a class of Footer's own (private) module, queried by its
#: type name so that module is never imported here. Its `key` and `action` are read.
FOOTER_KEY = "FooterKey"
FOOTER_KEY_FIELDS = ("key", "action")


def footer_key_class() -> type | None:
    return getattr(sys.modules.get(Footer.__module__), FOOTER_KEY, None)


def _textual_version() -> tuple[int, int]:
    # The dist-info folder beside the package names the version; importlib.metadata
    # finds it too but scans every path entry, which cost start-up 10-40 ms.
    site = Path(textual.__file__).parent.parent
    found = [p.name[len("textual-"):-len(".dist-info")] for p in site.glob("textual-*.dist-info")]
    try:
        if len(found) == 1:
            text = found[0]
        else:
            from importlib.metadata import version

            text = version("textual")
        major, minor = text.split(".")[:2]
        return int(major), int("".join(ch for ch in minor if ch.isdigit()) or 0)
    except (ValueError, ImportError):  # PackageNotFoundError is an ImportError
        return (0, 0)


def _names_present() -> bool:
    key = footer_key_class()
    if key is None or not all(hasattr(key("k", "k", "", "a"), name) for name in FOOTER_KEY_FIELDS):
        return False
    for owner, name, where in PRIVATE_NAMES:
        target = _fresh(owner) if where == "instance" else owner
        if target is None or not hasattr(target, name):
            return False
    return True


def _fresh(owner: type) -> object | None:
    try:
        return owner()
    except Exception:
        return None


#: The tuned behaviour below was written against Textual 8.2 and is kept for 8.x while
#: every private name it uses is still there; any other Textual gets the stock
#: behaviour (correct, only a frame or two more per search).
TUNED = (8, 2) <= _textual_version() < (9, 0) and _names_present()


class SteadyOptionList(OptionList):
    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # ScrollView compares the compositor's idea of the virtual size with the one the
        # option list keeps itself, which never agree, so every layout refreshed the
        # scrollbar, and that refresh, coming after the frame was painted, was a frame
        # of its own after every search. The list updates its scrollbar itself when its
        # rows change, so only a new size needs it here.
        if TUNED and self._size == size and self._container_size == size - self.styles.gutter.totals:
            return False
        return super()._size_updated(size, virtual_size, container_size, layout)


class PlacedStatic(Static):
    """A Static inside a pane whose layout already placed it (see SingleLayoutScroll)."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=layout and not TUNED)


class SingleLayoutScroll(VerticalScroll):
    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # New content changes the text's height, and Textual answers a changed virtual
        # size with a second layout of the whole screen, then a third frame for the
        # scrollbar, although the first layout already placed everything (a scrollbar
        # appearing or going still asks for its own layout). As ScrollView does, take the
        # size without that extra pass.
        if not TUNED:
            return super()._size_updated(size, virtual_size, container_size, layout)
        changed = super()._size_updated(size, virtual_size, container_size, layout=False)
        if changed:
            # The scrollbars were refreshed for the new size, and would ask for a frame
            # of their own after this one; but the size changed in this layout, so the
            # compositor repaints the whole pane, scrollbars included, with their new
            # state in the frame it is about to paint.
            for bar in (self._vertical_scrollbar, self._horizontal_scrollbar):
                if bar is not None:
                    bar._repaint_required = False
        return changed


def footer_bindings_ready(footer: Footer) -> bool:
    """Whether Footer.compose would show keys now (it shows none before the screen's
    bindings are first announced)."""
    return bool(getattr(footer, "_bindings_ready", True))


def normalize_keys(keys: str) -> str:
    """A comma-separated key list as Textual's keymap stores it ("?" is "question_mark"),
    so the keys the app shows and types are the ones the bindings really have."""
    if TUNED:
        return textual.keys._normalize_key_list(keys)
    return ",".join(key.strip() for key in keys.split(","))


def option_at_line(option_list: OptionList, y: int) -> int | None:
    """The index of the option drawn on line ``y`` of the list's content (rows differ in
    height, so the scroll offset alone does not tell which row is on screen)."""
    try:
        lines = option_list._lines
        return lines[max(0, min(y, len(lines) - 1))][0] if lines else None
    except (AttributeError, IndexError, TypeError):
        return None
