"""The help screen: every binding, by pane, with the key it has now (after the user's keymap)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from briefing.tui.keys import KEYS

PANE_NAMES = {"app": "Everywhere", "list": "Article list", "reader": "Reader", "sidebar": "Entity sidebar",
              "notes": "Briefing notes", "search": "Search box"}


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help_close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(self.help_text(), id="help-text")

    def help_text(self) -> Content:
        keymap = self.app._keymap if hasattr(self.app, "_keymap") else {}
        parts: list[Content] = [Content("briefing keys").stylize("bold"), Content("\n")]
        for pane in PANE_NAMES:
            rows = [k for k in KEYS if k.pane == pane]
            if not rows:
                continue
            parts.append(Content(f"\n{PANE_NAMES[pane]}\n").stylize("bold $accent"))
            for k in rows:
                keys = keymap.get(k.id, k.keys)
                shown = ", ".join(self.app.get_key_display(Binding(key.strip(), "")) for key in keys.split(","))
                parts.append(Content.assemble(Content(f"  {shown:<14}").stylize("bold"),
                                              Content(f"{k.description:<22}"),
                                              Content(f"id: {k.id}\n").stylize("$text-muted")))
        parts.append(Content("\nSearch: words, \"phrases\", AND OR NOT, title: source: entity:\"…\" type:PERSON, "
                             "wild*, fuzzy~, published:[2025 to 2026]\n").stylize("$text-muted"))
        parts.append(Content("Remap keys with `keys:` in config.yaml, by id. Esc closes.").stylize("$text-muted"))
        return Content.assemble(*parts)
