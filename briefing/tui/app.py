"""The App: config, themes, the main screen, and the keys that work on every screen."""

from __future__ import annotations

import datetime as dt

from textual import events
from textual.app import App

from briefing.config import Config
from briefing.library import Library
from briefing.safe import clean
from briefing.tui.commands import BriefingCommands
from briefing.tui.keys import bindings, key_ids, keys_for, user_keymap
from briefing.tui.screens.main import MainScreen
from briefing.tui.themes import install_themes


class BriefingApp(App):
    CSS_PATH = "briefing.tcss"
    TITLE = "briefing"
    BINDINGS = bindings("app")
    COMMANDS = App.COMMANDS | {BriefingCommands}

    def __init__(self, config: Config, library: Library | None = None, *, cursor_blink: bool = True,
                 note_date: dt.date | None = None):
        """``cursor_blink`` and ``note_date`` exist so snapshots are the same on every run."""
        super().__init__()
        self.config = config
        self.library = library or Library(config)
        self.library.watch()
        self.cursor_blink = cursor_blink
        self.note_date = note_date
        self.reading = self.library.reading_state()
        self.theme_names: list[str] = []
        self.keymap = user_keymap(config.keys)
        """Binding id -> keys, the user's remaps; keys.keys_for reads it."""
        self.bad_keys = sorted(set(config.keys) - key_ids())
        if "palette" in self.keymap:
            # The footer's palette hint looks the binding up by this key.
            self.COMMAND_PALETTE_BINDING = keys_for(self.keymap, "palette")[0]
        self.set_keymap(self.keymap)

    def notify(self, message: str, *, title: str = "", **kwargs) -> None:
        # Every notification, whoever raises it, may carry a file name or an error
        # from outside: no control character of theirs reaches the terminal.
        super().notify(clean(message), title=clean(title), **kwargs)

    def get_default_screen(self) -> MainScreen:
        return MainScreen()

    @property
    def main(self) -> MainScreen:
        """The main screen, under whatever dialog is open."""
        return self.screen_stack[0]

    def on_mount(self) -> None:
        self.theme_names = install_themes(self, self.config.theme)
        if self.bad_keys:
            self.notify(f"config keys: no binding with id {', '.join(self.bad_keys)}; press ? for the ids",
                        title="Keys not remapped", severity="warning", markup=False, timeout=8)
        if self.reading.problem:
            self.notify(self.reading.problem, severity="warning", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        # The event's size is the new one; the screen's can still be the old one here.
        # Heard here, not on the screen, so the layout follows under a dialog too.
        if self.screen_stack and isinstance(self.screen_stack[0], MainScreen):
            self.main.fit(event.size.width)

    def get_system_commands(self, screen):
        # The palette's own theme picker lists Textual's themes and its key list is not
        # ours; BriefingCommands has both.
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):
                yield command

    def save_reading(self) -> None:
        if not self.reading.save() and self.reading.problem:
            self.notify(self.reading.problem, severity="warning", markup=False)

    def set_theme(self, name: str) -> None:
        self.theme = name
        self.notify(f"Theme: {name}", markup=False, timeout=2)

    def action_next_theme(self) -> None:
        names = self.theme_names or list(self.available_themes)
        current = names.index(self.theme) if self.theme in names else -1
        self.set_theme(names[(current + 1) % len(names)])

    def action_help(self) -> None:
        from briefing.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # What tests and benchmarks read; the main screen holds them.

    @property
    def scope(self):
        return self.main.scope

    @property
    def results(self):
        return self.main.results

    @property
    def status(self):
        return self.main.status

    def refresh_results(self) -> None:
        self.main.refresh_results()

    def select_entity(self, name: str) -> None:
        self.main.select_entity(name)

    def clear_all(self) -> None:
        self.main.clear_all()
