"""Which panes show at which width, and moving focus between them (a mixin of the App)."""

from __future__ import annotations

from textual import events

from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.entity_sidebar import EntitySidebar
from briefing.tui.widgets.notes_pane import NotesPane
from briefing.tui.widgets.reader import Reader
from briefing.tui.widgets.search_bar import SearchBar

#: Below this width the sidebar and notes are toggles that take the reader's place;
#: from WIDE up every pane shows.
NARROW = 110
WIDE = 160


class PaneLayout:
    """Sets -narrow, -sidebar and -notes on #main; briefing.tcss does the rest."""

    layout_mode = ""
    show_sidebar = False
    show_notes = False

    def on_resize(self, event: events.Resize) -> None:
        # The event's size is the new one; self.size can still be the old one here.
        self._fit_layout(event.size.width)

    def _fit_layout(self, width: int | None = None) -> None:
        width = width or self.size.width
        mode = "narrow" if width < NARROW else "wide" if width >= WIDE else "medium"
        if mode != self.layout_mode:
            # Crossing a breakpoint resets the panes to what fits there.
            self.layout_mode = mode
            self.show_sidebar = mode != "narrow"
            self.show_notes = mode == "wide"
        self._apply_layout()

    def _apply_layout(self) -> None:
        main = self.query_one("#main")
        main.set_class(self.layout_mode == "narrow", "-narrow")
        main.set_class(self.show_sidebar, "-sidebar")
        main.set_class(self.show_notes, "-notes")
        if self.focused is not None and not self._shown(self.focused):
            self.query_one(ArticleList).focus()
        self._refresh_note_if_shown()

    def _shown(self, widget) -> bool:
        return widget.display and all(a.display for a in widget.ancestors if hasattr(a, "display"))

    def _panes(self) -> list:
        panes = (self.query_one(SearchBar), self.query_one(ArticleList), self.query_one(Reader),
                 self.query_one(NotesPane), self.query_one(EntitySidebar).query_one("#entity-options"))
        return [w for w in panes if self._shown(w)]

    def _cycle(self, step: int, with_search: bool = True) -> None:
        panes = self._panes()
        if not with_search:
            # h and l are letters: landing in the search box would type the next ones.
            panes = [w for w in panes if not isinstance(w, SearchBar)] or panes
        focused = self.focused
        index = next((i for i, w in enumerate(panes) if focused is w or (focused and w in focused.ancestors)), -1)
        if index == -1 and step < 0:
            index = 0
        panes[(index + step) % len(panes)].focus()

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_prev_pane(self) -> None:
        self._cycle(-1)

    def action_pane_right(self) -> None:
        self._cycle(1, with_search=False)

    def action_pane_left(self) -> None:
        self._cycle(-1, with_search=False)

    def _show_reader(self, focus: bool = True) -> None:
        """On a narrow screen the sidebar and notes stand in for the reader; reading
        brings it back."""
        if self.layout_mode == "narrow" and (self.show_sidebar or self.show_notes):
            self.show_sidebar = self.show_notes = False
            self._apply_layout()
        if focus:
            self.query_one(Reader).focus()

    def action_toggle_entities(self) -> None:
        options = self.query_one(EntitySidebar).query_one("#entity-options")
        if self.show_sidebar and options.has_focus:
            self.show_sidebar = False
            self._apply_layout()
            self.query_one(ArticleList).focus()
            return
        self.show_sidebar = True
        if self.layout_mode == "narrow":
            self.show_notes = False
        self._apply_layout()
        self.query_one(EntitySidebar).focus()

    def action_toggle_notes(self) -> None:
        notes = self.query_one(NotesPane)
        if self.show_notes and notes.has_focus:
            self.show_notes = False
            self._apply_layout()
            self.query_one(ArticleList).focus()
            return
        self.show_notes = True
        if self.layout_mode == "narrow":
            self.show_sidebar = False
        self._apply_layout()
        notes.focus()
