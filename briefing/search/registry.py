"""Which search engines there are: a name for config.yaml, the module that implements it, and
whether this Python can run it. Adding an engine is one line here and one module."""

from __future__ import annotations

import importlib
from pathlib import Path

from briefing.errors import EngineMissing

#: Engine name -> its module, which has ``ENGINE`` (the class, see briefing.search.engine),
#: ``available()`` (without importing the engine's package) and ``MISSING`` (how to install it).
ENGINES = {
    "whoosh": "briefing.search.whoosh_engine",
    "tantivy": "briefing.search.tantivy_engine",
}
DEFAULT = "whoosh"


def _module(name: str):
    if name not in ENGINES:
        raise ValueError(f"unknown search engine {name!r}")
    return importlib.import_module(ENGINES[name])


def installed() -> list[str]:
    """The engines this Python can run, the default first."""
    return [name for name in ENGINES if _module(name).available()]


def engine_class(name: str) -> type:
    """The engine class for a name; EngineMissing when its package is not installed."""
    module = _module(name)
    if not module.available():
        raise EngineMissing(module.MISSING)
    return module.ENGINE


def open_engine(name: str, directory: Path, roots: list[Path], resolve_entity=None):
    """(index, searcher) for an engine by name; the index opens on first use."""
    from briefing.search.searcher import Searcher
    from briefing.search.store import Index

    index = Index(directory, roots, engine_class(name))
    return index, Searcher(index, resolve_entity)
