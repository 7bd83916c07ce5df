"""The key footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

from briefing.tui.textual_compat import FOOTER_KEY, TUNED, footer_bindings_ready


class Footer(TextualFooter):
    """Textual's Footer rebuilds all its keys (a remove and a mount of a dozen widgets,
    then a layout) every time the bindings might have changed: twice for every focus
    change, and running a search moves the focus. Most of those rebuilds show the same
    keys again, and the rest (the search box hides the letter keys, which type there)
    only hide or bring back keys it already has, so that is what this one does."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None
        self._composed: tuple | None = None

    def compose(self):
        self._composed = self._keys(self.screen) if footer_bindings_ready(self) else None
        self._shown = self._composed
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if TUNED and screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = self._keys(screen)
            if shown == self._shown:
                return
            if self._composed is not None and _in_order(shown, self._composed):
                self._shown = shown
                keep = {(binding.key, binding.action) for _, binding, _, _ in shown}
                for widget in self.query(FOOTER_KEY):
                    widget.display = (widget.key, widget.action) in keep
                return
            self._shown = shown
        super().bindings_changed(screen)

    def _keys(self, screen: Screen) -> tuple:
        """Everything Footer.compose reads from the bindings."""
        return tuple((key, binding, enabled, tooltip)
                     for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
                     if binding.show or key == self.app.COMMAND_PALETTE_BINDING)


def _in_order(part: tuple, whole: tuple) -> bool:
    """``part`` is ``whole`` with some entries left out, the rest in the same order."""
    rest = iter(whole)
    return all(any(entry == other for other in rest) for entry in part)
