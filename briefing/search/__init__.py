"""Search: engines behind one protocol (engine.py), briefing's own query tree, the index store and its sync.

    language.read(text) -> tree (tree.py) -> queries.Rewriter -> an engine's search -> Results
    corpus files -> ingest (worker processes) -> store.Index.sync -> an engine's writer

Names other parts of briefing use are importable from here; each is loaded on first use,
so a worker process that imports ``briefing.search.ingest`` loads no engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what the names below are, for readers and type checkers
    from briefing.errors import QueryError
    from briefing.search.highlight import Highlighter, Span, make_snippet
    from briefing.search.records import Hit, Progress, Results, SyncReport
    from briefing.search.registry import installed, open_engine
    from briefing.search.searcher import Searcher
    from briefing.search.store import Index

_NAMES = {
    "Hit": "records", "Results": "records", "SyncReport": "records", "Progress": "records",
    "Span": "highlight", "Highlighter": "highlight", "make_snippet": "highlight",
    "Index": "store", "Searcher": "searcher", "installed": "registry", "open_engine": "registry",
}

__all__ = ["QueryError", *_NAMES]


def __getattr__(name: str):
    if name == "QueryError":
        from briefing.errors import QueryError

        return QueryError
    if name in _NAMES:
        return getattr(importlib.import_module(f"briefing.search.{_NAMES[name]}"), name)
    raise AttributeError(f"module 'briefing.search' has no attribute {name!r}")
