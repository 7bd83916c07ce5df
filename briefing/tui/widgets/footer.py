"""The key footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's Footer rebuilds all its keys (a remove and a mount of a dozen widgets,
    then a layout) every time the bindings might have changed: twice for every focus
    change, and running a search moves the focus. Most of those rebuilds show the same
    keys again, and they cost a frame each while the search is answering."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = self._keys(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

    def _keys(self, screen: Screen) -> tuple:
        """Everything Footer.compose reads from the bindings."""
        return tuple((key, binding, enabled, tooltip)
                     for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
                     if binding.show or key == self.app.COMMAND_PALETTE_BINDING)
