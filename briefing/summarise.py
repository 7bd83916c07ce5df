"""Moved to briefing.notes.ranking; kept until its last importer moves."""

from briefing.notes.ranking import DEFAULT_METHOD, METHODS, candidate, rank_sentences

__all__ = ["DEFAULT_METHOD", "METHODS", "candidate", "rank_sentences"]
