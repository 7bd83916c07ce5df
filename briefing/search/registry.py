"""Which search engine a library uses: Whoosh always, tantivy when its extra is installed."""

from __future__ import annotations

from pathlib import Path

from briefing.errors import EngineMissing
from briefing.search.store import Index
from briefing.search.searcher import EntityResolver, Searcher


def installed() -> list[str]:
    """The engines this Python can run, Whoosh first."""
    from briefing.search import tantivy_engine

    return ["whoosh"] + (["tantivy"] if tantivy_engine.available() else [])


def open_engine(name: str, directory: Path, roots: list[Path],
                resolve_entity: EntityResolver | None = None) -> tuple[Index, Searcher]:
    """An engine's index and searcher; the index opens on first use."""
    if name == "tantivy":
        from briefing.search.tantivy_engine import MISSING, TantivyIndex, TantivySearcher, available

        if not available():
            raise EngineMissing(MISSING)
        index = TantivyIndex(directory, roots)
        return index, TantivySearcher(index, resolve_entity)
    if name != "whoosh":
        raise ValueError(f"unknown search engine {name!r}")
    index = Index(directory, roots)
    return index, Searcher(index, resolve_entity)
