"""Every key binding in one table: the footer, the help screen and the user keymap all read it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    id: str
    keys: str
    action: str
    description: str
    pane: str
    show: bool = True
    priority: bool = False


#: pane: where the binding lives ("app" = everywhere). Ids are what config.yaml's
#: `keys:` map remaps.
KEYS: tuple[Key, ...] = (
    Key("search", "slash", "focus_search", "Search", "app"),
    Key("clear", "escape", "clear", "Clear / back", "app"),
    Key("next_pane", "tab", "next_pane", "Next pane", "app", show=False, priority=True),
    Key("prev_pane", "shift+tab", "prev_pane", "Previous pane", "app", show=False, priority=True),
    Key("pane_left", "h", "prev_pane", "Pane left", "app", show=False),
    Key("pane_right", "l", "next_pane", "Pane right", "app", show=False),
    Key("entities", "e", "toggle_entities", "Entities", "app"),
    Key("notes", "b", "toggle_notes", "Briefing", "app"),
    Key("export", "x", "export", "Export", "app"),
    Key("theme", "t", "next_theme", "Theme", "app", show=False),
    Key("help", "question_mark", "help", "Help", "app"),
    Key("quit", "q", "quit", "Quit", "app"),
    Key("next_hit", "n", "next_hit", "Next hit", "app"),
    Key("prev_hit", "N", "prev_hit", "Previous hit", "app", show=False),
    Key("down", "j", "cursor_down", "Down", "list", show=False),
    Key("up", "k", "cursor_up", "Up", "list", show=False),
    Key("top", "g", "first", "Top", "list", show=False),
    Key("bottom", "G", "last", "Bottom", "list", show=False),
    Key("sidebar_scope", "a", "toggle_scope", "Results / whole corpus", "sidebar"),
    Key("reader_down", "j", "scroll_down", "Scroll down", "reader", show=False),
    Key("reader_up", "k", "scroll_up", "Scroll up", "reader", show=False),
    Key("reader_top", "g", "scroll_home", "Top", "reader", show=False),
    Key("reader_bottom", "G", "scroll_end", "Bottom", "reader", show=False),
)


def bindings(pane: str) -> list[Binding]:
    return [
        Binding(k.keys, k.action, k.description, show=k.show, id=k.id, priority=k.priority)
        for k in KEYS
        if k.pane == pane
    ]


def key_ids() -> set[str]:
    return {k.id for k in KEYS}
