"""People, organisations, places and other named things: found in articles, merged across the corpus, cross-referenced."""

from .model import MISC, ORG, PERSON, PLACE, TYPES, DocExtraction, EntityError
from .overrides import Overrides, load_overrides
from .store import EntityStore
from .table import Entity, EntityTable, MentionSpan

__all__ = [
    "Entity",
    "EntityError",
    "EntityStore",
    "EntityTable",
    "MentionSpan",
    "Overrides",
    "load_overrides",
    "DocExtraction",
    "PERSON",
    "ORG",
    "PLACE",
    "MISC",
    "TYPES",
]
