"""The tantivy engine: the same index and searches as Whoosh's, for archives too large for it.

An optional extra (`pip install 'briefing[tantivy]'`, then `search.engine: tantivy` in
config.yaml). Everything above the engine is shared: files are read, analysed and
their entities extracted by the same worker processes; the manifest, incremental sync,
vocabulary, entity table, query language, highlighting and snippets are the Whoosh
backend's. What differs is below briefing.query's tree: the index files and the search.

Text fields hold briefing's own terms (lower-cased, acronyms folded, Porter2 stems),
split on whitespace by tantivy, so a term in a query, a phrase's words and a hit span
mean exactly what they mean with Whoosh. Each article's fields are stored together as
one JSON blob: reading an article back is one stored-document fetch.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import importlib.util
import json
import os
from typing import Iterator

from whoosh import query as wq

from briefing.search import tree as bq
from briefing.corpus import Article
from briefing.search.whoosh_queries import _Capped, term_text
from briefing.search.store import Index, IndexDamaged, IndexLocked, _article, _stamp
from briefing.search.searcher import MAX_EXPANSION, Highlighter, QueryError, Results, Searcher, _hit, _nodes, fill_snippet

#: Fields searched by words, all indexed from briefing's terms.
ANALYSED = ("title", "body", "source", "author")
#: Whoosh's schema gives the title field_boost=2.0; tantivy's BM25 gets it per query.
TITLE_BOOST = 2.0
TOKENIZER = "briefing"
#: Writer memory. Tantivy splits it between its threads and flushes a segment when a
#: thread's share fills. With 96 MB the main process of a 100,000-article build peaked
#: at 424 MB of anonymous memory; 40 MB on one thread saved nothing at 10,000.
WRITER_HEAP = 96_000_000
WRITER_THREADS = max(1, min(os.cpu_count() or 1, 2))
MISSING = ("the tantivy engine is not installed: run `pip install 'briefing[tantivy]'` "
           "or set search.engine: whoosh in config.yaml")


def available() -> bool:
    # The same test config.py makes, without importing the package.
    return importlib.util.find_spec("tantivy") is not None


def _tantivy():
    try:
        import tantivy
    except ImportError:
        raise QueryError(MISSING) from None
    return tantivy


#: The dates tantivy can index (nanoseconds in 64 bits), a day inside each end. An
#: article dated outside keeps its date but is not found by published: ranges.
FIRST_DATE = dt.datetime(1677, 9, 22)
LAST_DATE = dt.datetime(2262, 4, 10)


def reading(fn):
    """Tantivy reports a damaged file as ValueError ("An IO error occurred", "Data
    corrupted") or as a Rust panic, whose Python class is not an Exception at all:
    either becomes IndexDamaged, which the Library answers with a rebuild and a
    retry instead of a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValueError as exc:
            raise IndexDamaged(' '.join(str(exc).split())[:120]) from exc
        except BaseException as exc:
            if type(exc).__name__ != "PanicException":
                raise
            raise IndexDamaged(f"tantivy: {' '.join(str(exc).split())[:120]}") from None

    return wrapper


def make_schema():
    t = _tantivy()
    sb = t.SchemaBuilder()
    # raw: an id is one term, so deleting and filtering by id match it exactly.
    sb.add_text_field("id", tokenizer_name="raw")
    for name in ANALYSED:
        sb.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
    sb.add_date_field("published", indexed=True, fast=True)
    sb.add_bytes_field("doc", stored=True, indexed=False)
    return sb.build()


class TantivyIndex(Index):
    """Index with tantivy files in ``<directory>/tantivy`` beside the shared manifest,
    vocabulary and entity table."""

    ENGINE = "tantivy"

    def __init__(self, directory, roots):
        super().__init__(directory, roots)
        self._schema = None
        #: ((sync generation, meta.json stamp), searcher)
        self._cached: tuple[tuple, object] | None = None

    @property
    def engine_dir(self):
        return self.directory / "tantivy"

    def _register(self, ix) -> None:
        t = _tantivy()
        ix.register_tokenizer(TOKENIZER, t.TextAnalyzerBuilder(t.Tokenizer.whitespace()).build())

    @reading
    def _open_engine(self) -> None:
        t = _tantivy()
        if not t.Index.exists(str(self.engine_dir)):
            raise IndexDamaged("no tantivy index files")
        ix = t.Index.open(str(self.engine_dir))
        self._register(ix)
        ix.searcher().num_docs  # noqa: B018 - reading the segment list finds a damaged index now
        self._ix, self._schema = ix, ix.schema

    def _create_engine(self) -> None:
        t = _tantivy()
        self.engine_dir.mkdir(parents=True, exist_ok=True)
        self._schema = make_schema()
        ix = t.Index(self._schema, path=str(self.engine_dir))
        self._register(ix)
        self._ix = ix

    def close(self) -> None:
        with self._lock:
            # Tantivy has nothing to close: dropping the index and searcher releases
            # the memory maps.
            self._ix = self._cached = None

    @property
    def schema(self):
        self.ix  # noqa: B018 - opens the index, which sets the schema
        return self._schema

    def searcher(self):
        """A searcher of the last commit. Tantivy searchers are snapshots that any
        thread may share; one is kept until a commit, this process's or another's
        (the commit rewrites meta.json: one stat a call tells)."""
        key = (self._generation, _stamp(self.engine_dir / "meta.json"))
        cached = self._cached
        if cached is not None and cached[0] == key:
            return cached[1]
        with self._lock:
            ix = self.ix
            ix.reload()
            s = ix.searcher()
            self._cached = (key, s)
        return s

    def doc_count(self) -> int:
        return self.searcher().num_docs

    @reading
    def article(self, article_id: str) -> Article | None:
        t = _tantivy()
        s = self.searcher()
        found = s.search(t.Query.term_query(self.schema, "id", article_id), 1, count=False)
        return _article(stored(s, found.hits[0][1])) if found.hits else None

    def all_articles(self) -> Iterator[Article]:
        """One article at a time: at 100,000 articles a list of them all would hold
        every body in memory at once."""
        t = _tantivy()
        s = self.searcher()
        if not s.num_docs:
            return
        found = reading(s.search)(t.Query.all_query(), s.num_docs, count=False)
        read = reading(stored)
        for _, addr in found.hits:
            yield _article(read(s, addr))

    def _document(self, art: Article, analysed: dict[str, str]) -> dict:
        return {"art": art, "analysed": analysed}

    def _writer(self, bulk: bool = False):
        try:
            w = self.ix.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
        except ValueError as exc:
            if "lock" in str(exc).lower():
                raise IndexLocked(f"{self.directory}: another briefing process is updating the index; "
                                  "try again when it finishes") from None
            raise
        return _Writer(self, w)


class _Writer:
    """Whoosh's writer calls, as Index.sync makes them, on a tantivy writer."""

    def __init__(self, index: TantivyIndex, writer) -> None:
        self.index = index
        self.w = writer
        self.t = _tantivy()

    def add_document(self, art: Article, analysed: dict[str, str]) -> None:
        doc = self.t.Document()
        doc.add_text("id", art.id)
        for name in ANALYSED:
            text = analysed.get(name, "")
            if text:
                doc.add_text(name, text)
        when = dt.datetime.combine(art.published, dt.time()) if art.published else None
        if when and FIRST_DATE <= when <= LAST_DATE:
            doc.add_date("published", when)
        doc.add_bytes("doc", json.dumps(_stored(art), ensure_ascii=False).encode("utf-8"))
        self.w.add_document(doc)

    def update_document(self, art: Article, analysed: dict[str, str]) -> None:
        self.w.delete_documents_by_term("id", art.id)
        self.add_document(art, analysed)

    def delete_by_term(self, fieldname: str, value: str) -> None:
        self.w.delete_documents_by_term(fieldname, value)

    def commit(self, optimize: bool = False) -> None:
        self.w.commit()
        # Segments a failed or cancelled sync wrote and never committed.
        self.w.garbage_collect_files()
        # Merges run in the writer's threads; waiting keeps a finished sync from
        # leaving work (and memory) behind, and lets the next writer take the lock.
        self.w.wait_merging_threads()

    def cancel(self) -> None:
        try:
            self.w.rollback()
        finally:
            del self.w


def _stored(art: Article) -> dict:
    return {
        "id": art.id, "path": art.path, "title": art.title, "body": art.body, "source": art.source,
        "author": art.author, "published": art.published.isoformat() if art.published else None,
        "url": art.url, "format": art.format, "hash": art.hash,
    }


def stored(searcher, addr) -> dict:
    """An article's stored fields in the form the Whoosh backend's stored fields have
    (``published`` a datetime), so hits, snippets and articles are built by one code."""
    raw = searcher.doc(addr).to_dict()["doc"][0]
    doc = json.loads(bytes(raw).decode("utf-8"))
    published = doc.get("published")
    doc["published"] = dt.datetime.fromisoformat(published) if published else None
    return doc


class TantivySearcher(Searcher):
    """Parsing, rewriting (entities, fuzzy words), highlighting and did-you-mean are
    the Whoosh backend's; the query tree is translated to tantivy to run it."""

    index: TantivyIndex

    @reading
    def _has_term(self, fieldname: str, text: str) -> bool:
        if fieldname not in ANALYSED and fieldname != "id":
            return False
        return self.index.searcher().doc_freq(fieldname, text) > 0

    def _leaf_terms(self, leaf) -> set[str]:
        # Wildcards and fuzzy words are expanded to index terms before this is asked.
        return set()

    @reading
    def _expand(self, q) -> wq.Query:
        """A wildcard or prefix as an Or of at most MAX_EXPANSION index terms, as the
        Whoosh backend expands it (so both highlight the same words)."""
        if q.fieldname not in ANALYSED and q.fieldname != "id":
            return wq.NullQuery
        pattern = term_text(q.text) + ("*" if isinstance(q, wq.Prefix) else "")
        if isinstance(q, wq.Regex):
            return wq.NullQuery  # not part of briefing's query language
        cut = min((i for i, ch in enumerate(pattern) if ch in "*?"), default=len(pattern))
        prefix = pattern[:cut]
        found: list[wq.Query] = []
        # Term dictionary order would be nicer than tantivy's by-frequency order, but
        # the most frequent words are the better ones to keep when the cap cuts.
        for text, _count in self.index.searcher().terms_with_prefix(q.fieldname, prefix):
            if cut < len(pattern) and not fnmatch.fnmatchcase(text, pattern):
                continue
            if len(found) >= MAX_EXPANSION:
                return _Capped(found)
            found.append(wq.Term(q.fieldname, text, boost=q.boost))
        return wq.Or(found) if found else wq.NullQuery

    def search(self, text: str, limit: int | None = 20, snippets: int | None = None,
               within: set[str] | None = None) -> Results:
        q = self._within(self.parse(text), within)
        s = self.index.searcher()
        if isinstance(q, wq.Every):
            return Results(text, self._all(s, limit, snippets), s.num_docs)
        tq = to_tantivy(bq.from_whoosh(q), self.index.schema)
        # tantivy wants a limit of at least 1; a count alone (limit 0) drops the hits.
        found = reading(s.search)(tq, max(1, limit if limit is not None else s.num_docs), count=True)
        read = reading(stored)
        docs = [(read(s, addr), score) for score, addr in found.hits[:limit]]
        timed_out = any(isinstance(node, _Capped) for node in _nodes(q))
        return self._results(text, q, docs, len(docs) if timed_out else found.count, timed_out, snippets)

    @reading
    def _all(self, s, limit: int | None, snippets: int | None = None):
        """Newest first, then by title, as the Whoosh backend lists them: the date
        order comes from the fast field, and the day at the cut is read whole so its
        titles settle the tie."""
        t = _tantivy()
        if limit == 0:
            return []
        want = limit if limit is not None else max(1, s.num_docs)
        found = s.search(t.Query.all_query(), want, count=False, order_by_field="published", order=t.Order.Desc)
        docs = [stored(s, addr) for _, addr in found.hits]
        if limit and len(docs) == limit:
            edge = docs[-1].get("published")
            if edge is None:
                rest = t.Query.boolean_query([(t.Occur.Must, t.Query.all_query()),
                                              (t.Occur.MustNot, t.Query.exists_query("published"))])
            else:
                rest = t.Query.range_query(self.index.schema, "published", t.FieldType.Date, edge, edge)
            seen = {d["id"] for d in docs}
            more = s.search(rest, max(1, s.num_docs), count=False)
            docs += [d for d in (stored(s, a) for _, a in more.hits) if d["id"] not in seen]
        docs.sort(key=lambda d: (-(d["published"].toordinal() if d.get("published") else 0),
                                 d.get("title", "").lower()))
        out = []
        for n, doc in enumerate(docs[:limit] if limit else docs):
            hit = _hit(doc, 0.0)
            if snippets is None or n < snippets:
                fill_snippet(hit, doc, Highlighter())  # a listing marks no words
            out.append(hit)
        return out

    @reading
    def hits_for(self, ids: list[str]):
        t = _tantivy()
        if not ids:
            return []
        s = self.index.searcher()
        found = s.search(t.Query.term_set_query(self.index.schema, "id", list(ids)), len(ids), count=False)
        by_id = {d["id"]: d for d in (stored(s, a) for _, a in found.hits)}
        return [_hit(by_id[aid], 0.0) for aid in ids if aid in by_id]

    @reading
    def fill(self, hit, text: str):
        t = _tantivy()
        s = self.index.searcher()
        found = s.search(t.Query.term_query(self.index.schema, "id", hit.id), 1, count=False)
        if found.hits:
            fill_snippet(hit, stored(s, found.hits[0][1]), self.highlighter(self.parse(text)))
        return hit


# ---------------------------------------------------------------------- the tree


def to_tantivy(node: bq.Node, schema):
    """The tantivy query for briefing's query tree."""
    t = _tantivy()
    Q, Occur = t.Query, t.Occur

    def boosted(q, boost: float):
        return q if boost == 1.0 else Q.boost_query(q, boost)

    def field_boost(fieldname: str) -> float:
        return TITLE_BOOST if fieldname == "title" else 1.0

    def go(n: bq.Node):
        if isinstance(n, bq.Term):
            if n.field == "id":
                return Q.term_query(schema, "id", n.text)
            if n.field not in ANALYSED:
                return Q.empty_query()
            return boosted(Q.term_query(schema, n.field, n.text), n.boost * field_boost(n.field))
        if isinstance(n, bq.Phrase):
            if n.field not in ANALYSED or not n.words:
                return Q.empty_query()
            if len(n.words) == 1:
                return go(bq.Term(n.field, n.words[0], n.boost))
            if n.slop > 1:
                # tantivy's slop lets words swap places and a repeated word match one
                # position twice; Whoosh's keeps the order. Refused, not answered wrongly.
                raise QueryError(f'a phrase with a slop ("…"~{n.slop}) needs the whoosh engine; '
                                 "tantivy runs exact phrases")
            q = Q.phrase_query(schema, n.field, list(n.words))
            return boosted(q, n.boost * field_boost(n.field))
        if isinstance(n, bq.Ids):
            return Q.term_set_query(schema, "id", sorted(n.ids)) if n.ids else Q.empty_query()
        if isinstance(n, bq.Range):
            if n.field != "published":
                raise QueryError(f"a range over the {n.field} field is not supported by the tantivy engine "
                                 "(only published: ranges are)")
            start, end = n.start, n.end
            if (start is not None and start > LAST_DATE) or (end is not None and end < FIRST_DATE):
                return Q.empty_query()  # no indexed date can be there
            start = None if start is not None and start < FIRST_DATE else start
            end = None if end is not None and end > LAST_DATE else end
            if start is None and end is None:
                return Q.exists_query("published")
            return Q.range_query(schema, "published", t.FieldType.Date, start, end,
                                 include_lower=not n.start_excl or start is None,
                                 include_upper=not n.end_excl or end is None)
        if isinstance(n, bq.And):
            return boosted(Q.boolean_query([(Occur.Must, go(c)) for c in n.items]), n.boost)
        if isinstance(n, bq.Or):
            return boosted(Q.boolean_query([(Occur.Should, go(c)) for c in n.items]), n.boost)
        if isinstance(n, bq.Not):
            return Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, go(n.item))])
        if isinstance(n, bq.AndNot):
            return Q.boolean_query([(Occur.Must, go(n.a)), (Occur.MustNot, go(n.b))])
        if isinstance(n, bq.AndMaybe):
            return Q.boolean_query([(Occur.Must, go(n.a)), (Occur.Should, go(n.b))])
        if isinstance(n, bq.Every):
            return Q.all_query()
        if isinstance(n, bq.Nothing):
            return Q.empty_query()
        if isinstance(n, bq.Wildcard):
            # Searches expand wildcards first; a tree built by hand may still hold one.
            return Q.regex_query(schema, n.field, fnmatch.translate(n.pattern).removeprefix("(?s:").removesuffix(")\\Z"))
        if isinstance(n, bq.Fuzzy):
            return Q.fuzzy_term_query(schema, n.field, n.text, distance=n.maxdist, prefix=n.prefix > 0)
        raise QueryError("this query needs the whoosh engine (set search.engine: whoosh in config.yaml)")

    return go(node)

