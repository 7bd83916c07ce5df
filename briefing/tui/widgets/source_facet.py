"""The source facet: the outlets of the list on screen with their counts; Enter keeps one.

Choosing a source adds ``source:"NAME"`` to the search, so the list, the note, the
export and the search box all say the same thing, and Esc (clearing the search) or
Enter on the same source again takes it away.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from textual import work
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from briefing.safe import clean
from briefing.scope import Scope
from briefing.tui.keys import bindings
from briefing.tui.widgets.options import Options, Rows

#: A source term as this facet writes it, and as a user may type it.
SOURCE_TERM = re.compile(r'(?<![\w:])source:(?:"([^"]*)"|(\S+))', re.IGNORECASE)


def source_term(name: str) -> str:
    # The term is a phrase: a quote inside a name would end it early.
    return 'source:"' + name.replace('"', " ").strip() + '"'


def chosen_source(query: str) -> str | None:
    """The source a query keeps, when it has exactly one source term."""
    found = SOURCE_TERM.findall(query)
    if len(found) != 1:
        return None
    quoted, bare = found[0]
    return quoted or bare


def without_source(query: str) -> str:
    return " ".join(SOURCE_TERM.sub(" ", query).split())


def with_source(query: str, name: str | None) -> str:
    """``query`` keeping only ``name``'s articles (None: every source)."""
    rest = without_source(query)
    return rest if name is None else " ".join(x for x in (rest, source_term(name)) if x)


class SourceFacet(Options):
    BINDINGS = bindings("list")

    @dataclass
    class Chosen(Message):
        """Enter on a source: the screen's search keeps only it (None: all again)."""

        source: str | None

    @dataclass
    class Counted(Message, bubble=False):
        counts: list

    def __init__(self, library=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.library = library
        self.counts: list[tuple[str, int]] = []
        self.selected: str | None = None

    def load(self, scope: Scope) -> None:
        """Count the sources of what the list shows for ``scope`` without its source
        term, so every outlet stays on offer while one is chosen."""
        self.selected = chosen_source(scope.query)
        self.count_sources(Scope(without_source(scope.query), scope.entity, scope.story))

    @work(thread=True, exclusive=True, exit_on_error=False, group="source-facet")
    def count_sources(self, scope: Scope) -> None:
        if self.library is None or not self.library.article_count():
            counts: list[tuple[str, int]] = []
        else:
            # Every article of the scope, not the first screenful the list holds.
            hits = self.library.browse(scope, limit=None, snippets=0).hits
            counts = sorted(Counter(h.source or "" for h in hits).items(), key=lambda kv: (-kv[1], kv[0].lower()))
        if not get_current_worker().is_cancelled:
            self.post_message(self.Counted(counts))

    def on_source_facet_counted(self, msg: Counted) -> None:
        self.show(msg.counts)

    def show(self, counts: list[tuple[str, int]]) -> None:
        self.counts = counts
        width = max((len(str(n)) for _, n in counts), default=1)
        items: list[Option | None] = []
        for name, n in counts:
            mark = "●" if self.selected and name.lower() == self.selected.lower() else " "
            shown = clean(name) if name else "(no source)"
            items.append(Option(Rows.assemble(Content(f"{n:>{width}} ").stylize("$text-muted"),
                                              Content(mark).stylize("bold $accent"), Content(shown)),
                                id=f"source:{name}", disabled=not name))
        named = sum(1 for name, _ in counts if name)
        head = f"{named} source{'s' if named != 1 else ''} · Enter: only one" if named else "No sources in this list."
        items.insert(0, Option(Content(head).stylize("$text-muted"), disabled=True))
        keep = self.highlighted
        self.set_options(items)
        if keep is not None and keep < len(items):
            self.highlighted = keep

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        name = (event.option.id or "").split(":", 1)[1] if event.option.id else ""
        if not name:
            return
        same = self.selected is not None and name.lower() == self.selected.lower()
        self.selected = None if same else name
        self.post_message(self.Chosen(self.selected))
