"""The main screen's part in stories, sources and the list's order.

A mixin of MainScreen (kept apart so the screen stays one readable file): a story chosen
in the Stories pane, like an entity chosen in the sidebar, becomes part of the one Scope;
a source chosen in the facet becomes a ``source:`` term of its search.
"""

from __future__ import annotations

from briefing.tui.screens.panes import shown
from briefing.tui.widgets.source_facet import SourceFacet, with_source
from briefing.tui.widgets.stories_pane import StoriesPane


class StoriesView:
    """Needs the screen's scope, panes, articles, stories, reader and search_bar."""

    def on_stories_pane_chosen(self, msg: StoriesPane.Chosen) -> None:
        self.new_query = True  # a new set of articles: the cursor starts at the top
        found = self.stories.story(msg.story)
        self.scope = self.scope.with_story(msg.story, found.label if found else None)

    def on_stories_pane_loaded(self, msg: StoriesPane.Loaded) -> None:
        self.articles.set_order(stories=msg.map)

    def on_source_facet_chosen(self, msg: SourceFacet.Chosen) -> None:
        query = with_source(self.scope.query, msg.source)
        self.search_bar.value = query
        self.new_query = True
        self.scope = self.scope.with_query(query)

    def action_toggle_stories(self) -> None:
        self.panes.toggle_stories()
        if shown(self.stories):
            self.stories.facet.load(self.scope)

    def action_sort_list(self) -> None:
        self.articles.action_sort()

    def action_group_list(self) -> None:
        self.articles.action_group()
