"""Briefing notes: the note for a scope, its sections, the ranking behind them, and export.

articles -> choose (past MAX_ARTICLES) -> sections/ (key_points via stories + ranking, actors,
timeline, quotes) -> records.Note -> markdown.render_markdown -> export.write_atomic.
"""

from briefing.notes.choose import choose_articles
from briefing.notes.export import write_atomic, write_note
from briefing.notes.markdown import NONE_FOUND, default_filename, escape, render_markdown
from briefing.notes.note import MAX_ARTICLES, SPREAD, build_note
from briefing.notes.ranking import DEFAULT_METHOD, METHODS, candidate, rank_sentences
from briefing.notes.records import Actor, Evidence, KeyPoint, Note, Quote, Source, TimelineEntry
from briefing.notes.sections.actors import MAX_ACTORS
from briefing.notes.sections.quotes import MAX_QUOTES
from briefing.notes.sections.timeline import MAX_TIMELINE
from briefing.notes.stories import LEAD_WORDS, article_text, group_similar
from briefing.notes.terms import terms

__all__ = [
    "DEFAULT_METHOD", "LEAD_WORDS", "MAX_ACTORS", "MAX_ARTICLES", "MAX_QUOTES", "MAX_TIMELINE", "METHODS", "NONE_FOUND",
    "SPREAD", "Actor", "Evidence", "KeyPoint", "Note", "Quote", "Source", "TimelineEntry", "article_text",
    "build_note", "candidate", "choose_articles", "default_filename", "escape", "group_similar", "rank_sentences",
    "render_markdown", "terms", "write_atomic", "write_note",
]
