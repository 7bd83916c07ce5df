"""The command palette's provider: the app's actions, themes, entities and articles by title."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

#: Entities and titles offered before the user types anything; typing searches them all.
DISCOVER_LIMIT = 12


class BriefingCommands(Provider):
    async def startup(self) -> None:
        app = self.app
        self.commands: list[tuple[str, Callable[[], object], str]] = [
            ("Search", app.action_focus_search, "Focus the search box"),
            ("Clear search and entity filter", app.clear_all, "Show every article"),
            ("Export briefing note…", app.action_export, "Write the note for the current scope as Markdown"),
            ("Toggle entity sidebar", app.action_toggle_entities, "People, organisations and places"),
            ("Toggle briefing notes", app.action_toggle_notes, "The note for the current scope"),
            ("Rebuild index", partial(app.open_and_sync, True), "Read every file again"),
            ("Keys", app.action_help, "Every key, by pane"),
        ]
        for name in app.theme_names:
            self.commands.append((f"Theme: {name}", partial(app.set_theme, name), "Switch theme"))
        self.entities: list[tuple[str, str]] = []
        self.articles: list[tuple[str, str]] = []
        # Whoosh and the entity table are read off the UI thread, like every other core call.
        try:
            self.entities = await asyncio.to_thread(app.entity_names)
            self.articles = await asyncio.to_thread(app.article_titles)
        except Exception:
            pass

    def _items(self):
        app = self.app
        for text, callback, help_text in self.commands:
            yield text, callback, help_text
        for name, etype in self.entities:
            yield f"Entity: {name}", partial(app.select_entity, name), f"Filter to articles mentioning this {etype}"
        for article_id, title in self.articles:
            yield f"Open: {title}", partial(app.open_article, article_id), "Open in the reader"

    async def discover(self) -> Hits:
        entities = articles = 0
        for text, callback, help_text in self._items():
            if text.startswith("Entity: "):
                entities += 1
                if entities > DISCOVER_LIMIT:
                    continue
            if text.startswith("Open: "):
                articles += 1
                if articles > DISCOVER_LIMIT:
                    continue
            yield DiscoveryHit(Content(text), callback, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._items():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, query, text), callback, text=text, help=help_text)


def _highlight(matcher, query: str, text: str) -> Content:
    """Like Matcher.highlight, but titles and names stay plain text, never markup."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content
