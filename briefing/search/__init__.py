"""Search: engines behind one protocol, briefing's own query tree, the index store and its sync."""

from briefing.errors import QueryError
from briefing.search.highlight import Highlighter, Span, make_snippet
from briefing.search.registry import installed, open_engine
from briefing.search.searcher import Hit, Results, Searcher
from briefing.search.store import Index, Progress, SyncReport

__all__ = ["Highlighter", "Hit", "Index", "Progress", "QueryError", "Results", "Searcher", "Span", "SyncReport",
           "installed", "make_snippet", "open_engine"]
