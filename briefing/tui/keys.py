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
#: `keys:` map remaps; descriptions are short because the footer shows them at 80 columns.
KEYS: tuple[Key, ...] = (
    # Priority, so the keys typed right after / reach the box even in one burst (a paste,
    # a fast typist); in a text field the app types the / itself.
    Key("search", "slash", "focus_search", "Search", "app", priority=True),
    Key("clear", "escape", "clear", "Clear", "app"),
    Key("next_pane", "tab", "next_pane", "Next pane", "app", show=False, priority=True),
    Key("prev_pane", "shift+tab", "prev_pane", "Previous pane", "app", show=False, priority=True),
    Key("pane_left", "h", "pane_left", "Pane left", "app", show=False),
    Key("pane_right", "l", "pane_right", "Pane right", "app", show=False),
    Key("entities", "e", "toggle_entities", "Entities", "app"),
    Key("stories", "S", "toggle_stories", "Stories", "app"),
    Key("sort", "s", "sort_list", "Sort: date/relevance", "app", show=False),
    Key("group", "v", "group_list", "Group by story", "app", show=False),
    Key("notes", "b", "toggle_notes", "Notes", "app"),
    Key("export", "x", "export", "Export", "app"),
    Key("fetch_feeds", "r", "fetch_feeds", "Fetch feeds", "app"),
    Key("next_hit", "n", "next_hit", "Next hit", "app", show=False),
    Key("prev_hit", "N", "prev_hit", "Previous hit", "app", show=False),
    Key("theme", "t", "next_theme", "Next theme", "app", show=False),
    Key("help", "question_mark", "help", "Help", "app"),
    Key("palette", "ctrl+p", "command_palette", "Commands", "app", show=False, priority=True),
    Key("quit", "q", "quit", "Quit", "app"),
    # Shared by the article list and the entity list, so one remap moves both.
    Key("down", "j", "cursor_down", "Down", "list", show=False),
    Key("up", "k", "cursor_up", "Up", "list", show=False),
    Key("top", "g", "first", "Top", "list", show=False),
    Key("bottom", "G", "last", "Bottom", "list", show=False),
    Key("toggle_read", "m", "toggle_read", "Read/unread", "articles", show=False),
    Key("reader_down", "j", "scroll_down", "Scroll down", "reader", show=False),
    Key("reader_up", "k", "scroll_up", "Scroll up", "reader", show=False),
    Key("reader_top", "g", "scroll_home", "Top", "reader", show=False),
    Key("reader_bottom", "G", "scroll_end", "Bottom", "reader", show=False),
    Key("reader_page", "space", "page_down", "Page down", "reader", show=False),
    Key("sidebar_scope", "a", "toggle_scope", "Scope", "sidebar", show=False),  # the sidebar names it
    Key("search_older", "up", "older", "Older search", "search", show=False),
    Key("search_newer", "down", "newer", "Newer search", "search", show=False),
    Key("export_cancel", "escape", "cancel", "Cancel", "export"),
    Key("help_close", "escape,q,question_mark", "dismiss", "Close", "help"),
)

#: Where each pane's keys work, in the help screen's order.
PANES = {"app": "Everywhere", "list": "Article and entity lists", "articles": "Article list",
         "reader": "Reader and notes", "sidebar": "Entity sidebar", "stories": "Stories and sources",
         "search": "Search box",
         "export": "Export dialog", "help": "This help"}

#: Keys the widgets already handle; listed in help so nothing a user can press is hidden.
BUILT_IN: dict[str, tuple[tuple[str, str], ...]] = {
    "list": (("↑ ↓", "Move"), ("PgUp PgDn", "Page"), ("Home End", "Top / bottom"), ("Enter", "Open / select")),
    "reader": (("↑ ↓", "Scroll"), ("PgUp PgDn", "Page"), ("Home End", "Top / bottom")),
    "stories": (("Enter", "Only this story / source"), ("Esc", "Back to every story")),
    "search": (("Enter", "Run the search"),),
    "export": (("Enter", "Export (twice to overwrite)"),),
}


#: The "app" pane's keys whose actions are the App's own (themes, screens, quitting);
#: the main screen holds the rest of that pane's keys, as bindings("main").
APP_ACTIONS = frozenset({"next_theme", "help", "command_palette", "quit"})


def bindings(pane: str) -> list[Binding]:
    if pane == "main":
        keys = [k for k in KEYS if k.pane == "app" and k.action not in APP_ACTIONS]
    elif pane == "app":
        keys = [k for k in KEYS if k.pane == "app" and k.action in APP_ACTIONS]
    else:
        keys = [k for k in KEYS if k.pane == pane]
    return [Binding(k.keys, k.action, k.description, show=k.show, id=k.id, priority=k.priority) for k in keys]


def key_ids() -> set[str]:
    return {k.id for k in KEYS}


def by_id(key_id: str) -> Key:
    return next(k for k in KEYS if k.id == key_id)


def user_keymap(config_keys: dict[str, str]) -> dict[str, str]:
    """The config's `keys:` remaps that name a binding id (the rest are reported), in
    the form the bindings hold them."""
    from briefing.tui.textual_compat import normalize_keys

    return {k: normalize_keys(v) for k, v in config_keys.items() if k in key_ids()}


def keys_for(keymap: dict[str, str], key_id: str) -> list[str]:
    """The keys a binding has now: the user's remap, else the table's default."""
    return [key.strip() for key in keymap.get(key_id, by_id(key_id).keys).split(",")]
