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
        main = app.main
        self.commands: list[tuple[str, Callable[[], object], str]] = [
            ("Search", main.action_focus_search, "Focus the search box"),
            ("Clear search and entity filter", main.clear_all, "Show every article"),
            ("Export briefing note…", main.action_export, "Write the note for the current scope as Markdown"),
            ("Toggle entity sidebar", main.action_toggle_entities, "People, organisations and places"),
            ("Toggle briefing notes", main.action_toggle_notes, "The note for the current scope"),
            ("Rebuild index", partial(main.index_watch.open_and_sync, True), "Read every file again"),
            ("Keys", app.action_help, "Every key, by pane"),
        ]
        for name in app.theme_names:
            self.commands.append((f"Theme: {name}", partial(app.set_theme, name), "Switch theme"))
        self.entities: list[tuple[str, str]] = []
        self.articles: list[tuple[str, str]] = []
        # Whoosh and the entity table are read off the UI thread, like every other core call.
        try:
            self.entities = await asyncio.to_thread(entity_names, app.library)
            self.articles = await asyncio.to_thread(article_titles, app.library)
        except Exception:
            pass

    def _items(self):
        main = self.app.main
        for text, callback, help_text in self.commands:
            yield text, callback, help_text
        for name, etype in self.entities:
            yield f"Entity: {name}", partial(main.select_entity, name), f"Filter to articles mentioning this {etype}"
        for article_id, title in self.articles:
            yield f"Open: {title}", partial(main.open_article, article_id), "Open in the reader"

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
        words = query.casefold().split()
        for text, callback, help_text in self._items():
            spans = _word_spans(words, text)
            if spans is not None:
                # Every word found as typed: ranked above fuzzy matches, earlier first.
                score = 1.0 - min(spans[0][0], 99) / 100 if spans else 0.5
                yield Hit(score, _styled(text, spans), callback, text=text, help=help_text)
            elif len(query) <= FUZZY_CHARS and len(text) <= FUZZY_CHARS * 4:
                score = matcher.match(text)
                if score > 0:
                    _, offsets = matcher.fuzzy_search.match(query, text)
                    yield Hit(score * 0.5, _styled(text, [(o, o + 1) for o in offsets if not text[o].isspace()]),
                              callback, text=text, help=help_text)


def entity_names(library) -> list[tuple[str, str]]:
    return [(e.name, e.type.lower()) for e in library.entities()]


def article_titles(library) -> list[tuple[str, str]]:
    return [(h.id, h.title or h.id) for h in library.search("", limit=None, snippets=0).hits]


#: Textual's fuzzy search tries every alignment of the query, which grows steeply with
#: long queries over long titles (seconds per key over a few headlines); so only short
#: queries against short texts (commands, names, themes) are matched fuzzily.
FUZZY_CHARS = 12


def _word_spans(words: list[str], text: str) -> list[tuple[int, int]] | None:
    folded = text.casefold()
    spans = []
    for word in words:
        at = folded.find(word)
        if at < 0:
            return None
        spans.append((at, at + len(word)))
    return sorted(spans)


def _styled(text: str, spans: list[tuple[int, int]]) -> Content:
    """Titles and names stay plain text, never markup (Matcher.highlight parses markup)."""
    content = Content(text)
    for start, end in spans:
        content = content.stylize("bold underline", start, end)
    return content
