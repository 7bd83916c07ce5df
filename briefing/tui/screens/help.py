"""The help screen: every binding, by pane, with the key it has now (after the user's keymap)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from briefing.tui.keys import BUILT_IN, KEYS, PANES, bindings, keys_for

KEY_WIDTH = 16
DESCRIPTION_WIDTH = 24


class HelpScreen(ModalScreen):
    BINDINGS = bindings("help")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "Esc closes"
            yield Static(self.help_text(), id="help-text")

    def key_for(self, key_id: str) -> str:
        """What the footer would show for this binding now, remaps included."""
        keys = keys_for(getattr(self.app, "keymap", {}), key_id)
        return ", ".join(self.app.get_key_display(Binding(key, "")) for key in keys)

    def help_text(self) -> Content:
        parts: list[Content] = []
        for pane, title in PANES.items():
            rows = [(self.key_for(k.id), k.description, k.id) for k in KEYS if k.pane == pane]
            rows += [(key, description, "") for key, description in BUILT_IN.get(pane, ())]
            if not rows:
                continue
            parts.append(Content(f"{title}\n").stylize("bold $accent"))
            for key, description, key_id in rows:
                parts.append(Content.assemble(Content(f"  {key:<{KEY_WIDTH}}").stylize("bold"),
                                              Content(f"{description:<{DESCRIPTION_WIDTH}}"),
                                              Content(f"{key_id}\n").stylize("$text-muted")))
            parts.append(Content("\n"))
        parts.append(Content("Search: words, \"phrases\", AND OR NOT, title: source: entity:\"…\" type:PERSON, "
                             "wild*, fuzzy~, published:[2025 to 2026]\n").stylize("$text-muted"))
        parts.append(Content("Remap any key with `keys:` in config.yaml, by the id in the right-hand column, "
                             "e.g. `quit: ctrl+q`.").stylize("$text-muted"))
        return Content.assemble(*parts)
