"""What the user is looking at: one immutable value for the search, the entity filter and
the whole corpus. The app's list, the sidebar counts, the note, the export file name and
`briefing export` are all computed from the same Scope, so they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Scope:
    """Given both a query and an entity, the scope is the articles that match both."""

    query: str = ""
    """Search text as typed (surrounding space dropped); empty for no search."""
    entity: str | None = None
    """An entity's canonical name: only the articles that mention it. None for no filter."""
    story: str | None = None
    """A story's id (briefing.stories): only its articles, copies included. None for all."""
    story_label: str | None = field(default=None, compare=False)
    """The story's label, for titles and file names (Library.resolve looks it up)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "query", (self.query or "").strip())
        object.__setattr__(self, "entity", (self.entity or "").strip() or None)
        object.__setattr__(self, "story", (self.story or "").strip() or None)

    @property
    def whole_corpus(self) -> bool:
        return not self.query and not self.entity and not self.story

    def with_query(self, query: str) -> Scope:
        return replace(self, query=query)

    def with_entity(self, entity: str | None) -> Scope:
        return replace(self, entity=entity)

    def with_story(self, story: str | None, label: str | None = None) -> Scope:
        return replace(self, story=story, story_label=label if story else None)

    def label(self, corpus_label: str = "") -> str:
        """A short name: the query, the entity, both, or the corpus's name."""
        if self.story:
            return " · ".join(x for x in (self.query, self.entity, f"story {self.story_label or self.story}") if x)
        if self.query and self.entity:
            return f"{self.query} · {self.entity}"
        return self.query or self.entity or corpus_label

    def title(self) -> str:
        """The note's title."""
        return "Briefing: the whole corpus" if self.whole_corpus else f"Briefing: {self.label()}"

    def description(self) -> str:
        """What the articles are, for the note's header."""
        if self.story:
            rest = Scope(self.query, self.entity)
            return f"Story {self.story_label or self.story}" + ("" if rest.whole_corpus else f": {rest.description()[0].lower()}{rest.description()[1:]}")
        if self.query and self.entity:
            return f"Search results for “{self.query}” mentioning {self.entity}"
        if self.query:
            return f"Search results for “{self.query}”"
        if self.entity:
            return f"Articles mentioning {self.entity}"
        return "The whole corpus"
