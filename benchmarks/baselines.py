"""The same-run baselines: naive Whoosh (default schema, stored body, Whoosh highlights) and SQLite FTS5.

Both read files with briefing's own readers, so the parsing cost is the same for every
engine and the figures compare indexing and searching only.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import time
from pathlib import Path

from briefing.corpus import SkipFile, discover, read_article


def read_all(corpus: Path):
    entries, _ = discover([corpus])
    for e in entries:
        try:
            yield read_article(e.path, e.id)
        except SkipFile:
            continue


def rehash_all(corpus: Path) -> float:
    """What a sync costs without a stat pre-check: read and hash every file."""
    started = time.perf_counter()
    entries, _ = discover([corpus])
    for e in entries:
        with open(e.path, "rb") as fh:
            hashlib.blake2b(fh.read(), digest_size=16).hexdigest()
    return time.perf_counter() - started


class NaiveWhoosh:
    """What a first Whoosh program looks like: StandardAnalyzer, everything stored,
    one writer, results.highlights() for snippets."""

    name = "naive Whoosh"

    def __init__(self, directory: Path):
        self.directory = directory
        self.ix = None
        self.searcher = None

    def ingest(self, corpus: Path) -> int:
        from whoosh import fields, index

        if self.directory.exists():
            shutil.rmtree(self.directory)
        self.directory.mkdir(parents=True)
        schema = fields.Schema(id=fields.ID(stored=True, unique=True), title=fields.TEXT(stored=True),
                               body=fields.TEXT(stored=True), source=fields.TEXT(stored=True),
                               published=fields.DATETIME(stored=True))
        ix = index.create_in(str(self.directory), schema)
        writer = ix.writer()
        n = 0
        for a in read_all(corpus):
            writer.add_document(id=a.id, title=a.title, body=a.body, source=a.source)
            n += 1
        writer.commit()
        return n

    def open(self) -> None:
        from whoosh import index
        from whoosh.qparser import FuzzyTermPlugin, MultifieldParser

        self.ix = index.open_dir(str(self.directory))
        # One searcher reused for every query: the generous reading of "naive".
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema)
        self.parser.add_plugin(FuzzyTermPlugin())

    def search(self, q: str, snippets: bool = False) -> list[str]:
        results = self.searcher.search(self.parser.parse(q), limit=20)
        # The estimate, as briefing shows, rather than len(), which would re-run the query.
        results.estimated_length()
        for hit in results:
            hit["title"]
            if snippets:
                hit.highlights("body")
        return [hit["id"] for hit in results]

    def highlight(self, q: str, article_id: str) -> int:
        from whoosh import highlight

        results = self.searcher.search(self.parser.parse(q), limit=None)
        results.fragmenter = highlight.WholeFragmenter(charlimit=None)
        for hit in results:
            if hit["id"] == article_id:
                return len(hit.highlights("body", top=1))
        return 0


class Fts5:
    """SQLite FTS5 from the standard library: porter stemming, bm25 ranking, snippet()."""

    name = "SQLite FTS5"

    def __init__(self, directory: Path):
        self.path = directory / "fts5.sqlite"
        self.db = None

    def ingest(self, corpus: Path) -> int:
        if self.path.parent.exists():
            shutil.rmtree(self.path.parent)
        self.path.parent.mkdir(parents=True)
        db = sqlite3.connect(self.path)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, source, "
                   "tokenize='porter unicode61')")
        n = 0
        with db:
            for a in read_all(corpus):
                db.execute("INSERT INTO docs VALUES (?, ?, ?, ?)", (a.id, a.title, a.body, a.source))
                n += 1
        db.close()
        return n

    def open(self) -> None:
        self.db = sqlite3.connect(self.path)

    def search(self, q: str, snippets: bool = False) -> list[str]:
        snip = ", snippet(docs, 2, '[', ']', '…', 24)" if snippets else ""
        rows = self.db.execute(f"SELECT id, title{snip} FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 20",
                               (q,)).fetchall()
        self.db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (q,)).fetchone()
        return [r[0] for r in rows]

    def highlight(self, q: str, article_id: str) -> int:
        row = self.db.execute("SELECT highlight(docs, 2, '[', ']') FROM docs WHERE docs MATCH ? AND id = ?",
                              (q, article_id)).fetchone()
        return row[0].count("[") if row else 0
