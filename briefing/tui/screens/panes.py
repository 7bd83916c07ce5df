"""Which panes of the main screen show at which width, and moving the focus between them."""

from __future__ import annotations

from typing import Callable

from textual.widget import Widget

#: Below this width the sidebar and notes are toggles that take the reader's place;
#: from WIDE up every pane shows.
NARROW = 110
WIDE = 160


class Panes:
    """Sets -narrow, -sidebar, -stories and -notes on #main; briefing.tcss does the rest.
    The screen hands it the panes in focus order and hears when the layout changed. The
    Stories pane takes the entity sidebar's place: one of the two shows at a time."""

    def __init__(self, main: Widget, order: list[Widget], changed: Callable[[], None]) -> None:
        self.main = main
        self.search, self.articles, self.reader, self.notes, self.sidebar, self.stories = order
        self.changed = changed
        self.mode = ""
        self.show_sidebar = False
        self.show_notes = False
        self.show_stories = False

    def fit(self, width: int) -> None:
        mode = "narrow" if width < NARROW else "wide" if width >= WIDE else "medium"
        if mode != self.mode:
            # Crossing a breakpoint resets the panes to what fits there.
            self.mode = mode
            self.show_sidebar = mode != "narrow" and not self.show_stories
            self.show_stories = self.show_stories and mode != "narrow"
            self.show_notes = mode == "wide"
        self.apply()

    def apply(self) -> None:
        self.main.set_class(self.mode == "narrow", "-narrow")
        self.main.set_class(self.show_sidebar, "-sidebar")
        self.main.set_class(self.show_notes, "-notes")
        self.main.set_class(self.show_stories, "-stories")
        focused = self.main.screen.focused
        if focused is not None and not shown(focused):
            self.articles.focus()
        self.changed()

    @property
    def side_pane_over_reader(self) -> bool:
        """On a narrow screen the sidebar or the notes are standing in for the reader."""
        return self.mode == "narrow" and (self.show_sidebar or self.show_notes or self.show_stories)

    def cycle(self, step: int, with_search: bool = True) -> None:
        panes = [self.search, self.articles, self.reader, self.notes, self.sidebar.options,
                 self.stories.options, self.stories.facet]
        panes = [w for w in panes if shown(w)]
        if not with_search:
            # h and l are letters: landing in the search box would type the next ones.
            panes = [w for w in panes if w is not self.search] or panes
        focused = self.main.screen.focused
        index = next((i for i, w in enumerate(panes) if focused is w or (focused and w in focused.ancestors)), -1)
        if index == -1 and step < 0:
            index = 0
        panes[(index + step) % len(panes)].focus()

    def show_reader(self, focus: bool = True) -> None:
        """Reading brings the reader back where a side pane stood in for it."""
        if self.side_pane_over_reader:
            self.show_sidebar = self.show_notes = self.show_stories = False
            self.apply()
        if focus:
            self.reader.focus()

    def toggle_sidebar(self) -> None:
        if self.show_sidebar and self.sidebar.options.has_focus:
            self.show_sidebar = False
            self.apply()
            self.articles.focus()
            return
        self.show_sidebar = True
        self.show_stories = False
        if self.mode == "narrow":
            self.show_notes = False
        self.apply()
        self.sidebar.focus()

    def toggle_stories(self) -> None:
        if self.show_stories and self.stories.has_focus_within:
            # Closing it brings back the entities it stood in for.
            self.show_stories = False
            self.show_sidebar = self.mode != "narrow"
            self.apply()
            self.articles.focus()
            return
        self.show_stories = True
        self.show_sidebar = False
        if self.mode == "narrow":
            self.show_notes = False
        self.apply()
        self.stories.focus()

    def toggle_notes(self) -> None:
        if self.show_notes and self.notes.has_focus:
            self.show_notes = False
            self.apply()
            self.articles.focus()
            return
        self.show_notes = True
        if self.mode == "narrow":
            self.show_sidebar = self.show_stories = False
        self.apply()
        self.notes.focus()


def shown(widget: Widget) -> bool:
    return widget.display and all(a.display for a in widget.ancestors if hasattr(a, "display"))
