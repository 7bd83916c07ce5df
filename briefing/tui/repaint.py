"""The one place the app holds repaints: while a search the user started is on its way."""

from __future__ import annotations

from contextlib import ExitStack

from textual.screen import Screen
from textual.timer import Timer

#: Longest a search the user started holds the screen's repaints (see RepaintHold): a
#: slower search shows the focus move and the old results until it answers.
HOLD_REPAINTS = 0.25


class RepaintHold:
    """Until the search the user started answers, paint nothing: otherwise the focus
    moving to the list, the footer's keys changing and the results arriving are each a
    frame of their own, and every frame repaints most of the screen while the search
    competes with it for the interpreter (keypress to results measured 10-15% slower
    without it, benchmarks/stages.py app, 10,000 articles)."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.held: ExitStack | None = None
        self.timer: Timer | None = None

    def hold(self) -> None:
        if self.held is None:
            self.held = ExitStack()
            self.held.enter_context(self.screen.app.batch_update())
            self.timer = self.screen.set_timer(HOLD_REPAINTS, self.release_now)

    def release(self) -> None:
        """Release once the widgets the results changed have told the screen so: the
        screen hears of them only after the handler that changed them returns, and
        released at once it painted the focus move first and the results a frame
        later (three frames a search instead of two)."""
        if self.held is not None:
            self.screen.call_after_refresh(self.release_now)

    def release_now(self) -> None:
        if self.held is not None:
            held, self.held = self.held, None
            self.timer.stop()
            held.close()
