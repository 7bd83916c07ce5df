"""The tantivy engine: the same index and searches as Whoosh's, for archives too large for it.

An optional extra (`pip install 'briefing[tantivy]'`, then `search.engine: tantivy` in
config.yaml). Files are read, analysed and their entities extracted by the same worker
processes as for any engine, and the manifest, vocabulary, entity table, query language,
highlighting and snippets are the index store's and the searcher's: this module holds
only the tantivy files, their writer, and the translation of briefing's query tree.

Text fields hold briefing's own terms (lower-cased, acronyms folded, Porter2 stems),
split on whitespace by tantivy, so a term in a query, a phrase's words and a hit span
mean exactly what they mean in every engine. Each article's fields are stored together
as one JSON blob: reading an article back is one stored-document fetch.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import importlib.util
import json
import os
import threading
from pathlib import Path
from typing import Iterator

from briefing.atomic import stamp
from briefing.corpus import Article
from briefing.errors import IndexDamaged, IndexLocked, QueryError
from briefing.search import tree as bq
from briefing.search.engine import TITLE_BOOST, WORD_FIELDS, Found
from briefing.search.tree import Node, Range, Wildcard

TOKENIZER = "briefing"
#: Writer memory. Tantivy splits it between its threads and flushes a segment when a
#: thread's share fills. With 96 MB the main process of a 100,000-article build peaked
#: at 424 MB of anonymous memory; 40 MB on one thread saved nothing at 10,000.
WRITER_HEAP = 96_000_000
WRITER_THREADS = max(1, min(os.cpu_count() or 1, 2))
MISSING = ("the tantivy engine is not installed: run `pip install 'briefing[tantivy]'` "
           "or set search.engine: whoosh in config.yaml")
#: The dates tantivy can index (nanoseconds in 64 bits), a day inside each end. An
#: article dated outside keeps its date but is not found by published: ranges.
FIRST_DATE = dt.datetime(1677, 9, 22)
LAST_DATE = dt.datetime(2262, 4, 10)


def available() -> bool:
    # The same test config.py makes, without importing the package.
    return importlib.util.find_spec("tantivy") is not None


def _tantivy():
    try:
        import tantivy
    except ImportError:
        raise QueryError(MISSING) from None
    return tantivy


def reading(fn):
    """Tantivy reports a damaged file as ValueError ("An IO error occurred", "Data
    corrupted") or as a Rust panic, whose Python class is not an Exception at all:
    either becomes IndexDamaged, which the Library answers with a rebuild and a
    retry instead of a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except UnicodeError:
            raise  # a string briefing passed (a lone surrogate), not the files
        except ValueError as exc:
            if not _is_damage(exc):
                # Tantivy refusing an argument is no reason to delete the index.
                raise QueryError(f"the tantivy engine refused this ({' '.join(str(exc).split())[:100]})") from exc
            raise IndexDamaged(" ".join(str(exc).split())[:120]) from exc
        except BaseException as exc:
            if type(exc).__name__ != "PanicException":
                raise
            raise IndexDamaged(f"tantivy: {' '.join(str(exc).split())[:120]}") from None

    return wrapper


#: How tantivy words a failure to read its files (I/O, checksums, format), as opposed
#: to an argument it refuses: only these are damage, answered with a rebuild.
DAMAGE_WORDS = ("io error", "corrupt", "checksum", "does not exist", "not found", "openread", "open read",
                "incompatible", "failed to open", "failed to read", "deserializ", "eof", "invalid data",
                "no such file", "version")


def _is_damage(exc: ValueError) -> bool:
    text = str(exc).lower()
    return any(w in text for w in DAMAGE_WORDS)


def make_schema():
    t = _tantivy()
    sb = t.SchemaBuilder()
    # raw: an id is one term, so deleting and filtering by id match it exactly.
    sb.add_text_field("id", tokenizer_name="raw")
    for name in WORD_FIELDS:
        sb.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
    sb.add_date_field("published", indexed=True, fast=True)
    sb.add_bytes_field("doc", stored=True, indexed=False)
    return sb.build()


class TantivyEngine:
    """Tantivy files in ``<index folder>/tantivy``, beside the store's manifest,
    vocabulary and entity table."""

    name = "tantivy"

    def __init__(self, directory: Path, lock: threading.RLock, reopen) -> None:
        self.directory = Path(directory)
        self.files = self.directory / "tantivy"
        self._lock = lock
        self._reopen = reopen
        self._ix = None
        self._schema = None
        self._generation = 0
        #: ((commit generation, meta.json stamp), searcher)
        self._cached: tuple[tuple, object] | None = None

    # ------------------------------------------------------------------ files

    def _register(self, ix) -> None:
        t = _tantivy()
        ix.register_tokenizer(TOKENIZER, t.TextAnalyzerBuilder(t.Tokenizer.whitespace()).build())

    @reading
    def open(self) -> None:
        t = _tantivy()
        if not t.Index.exists(str(self.files)):
            raise IndexDamaged("no tantivy index files")
        ix = t.Index.open(str(self.files))
        self._register(ix)
        ix.searcher().num_docs  # noqa: B018 - reading the segment list finds a damaged index now
        self._ix, self._schema, self._cached = ix, ix.schema, None

    def create(self) -> None:
        t = _tantivy()
        self.files.mkdir(parents=True, exist_ok=True)
        self._schema = make_schema()
        ix = t.Index(self._schema, path=str(self.files))
        self._register(ix)
        self._ix, self._cached = ix, None

    def close(self) -> None:
        with self._lock:
            # Tantivy has nothing to close: dropping the index and searcher releases
            # the memory maps.
            self._ix = self._cached = None

    @property
    def ix(self):
        ix = self._ix
        if ix is None:
            with self._lock:
                if self._ix is None:
                    self._reopen()  # closed under us: the store opens it, with its recovery
                ix = self._ix
        return ix

    @property
    def schema(self):
        self.ix  # noqa: B018 - opens the index, which sets the schema
        return self._schema

    def searcher(self):
        """A searcher of the last commit. Tantivy searchers are snapshots that any
        thread may share; one is kept until a commit, this process's or another's
        (the commit rewrites meta.json: one stat a call tells)."""
        key = (self._generation, stamp(self.files / "meta.json"))
        cached = self._cached
        if cached is not None and cached[0] == key:
            return cached[1]
        with self._lock:
            ix = self.ix
            ix.reload()
            s = ix.searcher()
            self._cached = (key, s)
        return s

    def writer(self, bulk: bool = False) -> _Writer:
        try:
            w = self.ix.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
        except ValueError as exc:
            if "lock" in str(exc).lower():
                raise IndexLocked(f"{self.directory}: another briefing process is updating the index; "
                                  "try again when it finishes") from None
            raise IndexDamaged(" ".join(str(exc).split())[:120]) from exc
        return _Writer(self, w)

    # ------------------------------------------------------------------ reading

    @reading
    def doc_count(self) -> int:
        return self.searcher().num_docs

    @reading
    def article(self, article_id: str) -> Article | None:
        s = self.searcher()
        found = s.search(_tantivy().Query.term_query(self.schema, "id", article_id), 1, count=False)
        return _article(s, found.hits[0][1]) if found.hits else None

    @reading
    def articles(self, ids: list[str]) -> list[Article]:
        if not ids:
            return []
        s = self.searcher()
        found = s.search(_tantivy().Query.term_set_query(self.schema, "id", list(ids)), len(ids), count=False)
        by_id = {a.id: a for a in (_article(s, addr) for _, addr in found.hits)}
        return [by_id[aid] for aid in ids if aid in by_id]

    def all_articles(self) -> Iterator[Article]:
        """One article at a time: at 100,000 articles a list of them all would hold
        every body in memory at once."""
        s = self.searcher()
        if not s.num_docs:
            return
        found = reading(s.search)(_tantivy().Query.all_query(), s.num_docs, count=False)
        read = reading(_article)
        for _, addr in found.hits:
            yield read(s, addr)

    @reading
    def newest(self, limit: int | None) -> list[Article]:
        """The date order comes from the fast field; the day at the cut is read whole."""
        t = _tantivy()
        s = self.searcher()
        want = limit if limit else max(1, s.num_docs)
        found = s.search(t.Query.all_query(), want, count=False, order_by_field="published", order=t.Order.Desc)
        arts = [_article(s, addr) for _, addr in found.hits]
        if limit and len(arts) == limit:
            edge = arts[-1].published
            if edge is None:
                rest = t.Query.boolean_query([(t.Occur.Must, t.Query.all_query()),
                                              (t.Occur.MustNot, t.Query.exists_query("published"))])
            else:
                day = dt.datetime.combine(edge, dt.time())
                rest = t.Query.range_query(self.schema, "published", t.FieldType.Date, day, day)
            seen = {a.id for a in arts}
            more = s.search(rest, max(1, s.num_docs), count=False)
            arts += [a for a in (_article(s, addr) for _, addr in more.hits) if a.id not in seen]
        return arts

    @reading
    def search(self, query: Node, limit: int | None) -> Found:
        s = self.searcher()
        tq = to_tantivy(query, self.schema)
        # tantivy wants a limit of at least 1; a count alone (limit 0) drops the hits.
        found = s.search(tq, max(1, limit if limit is not None else s.num_docs), count=True)
        return Found([(_article(s, addr), score) for score, addr in found.hits[:limit]], found.count)

    @reading
    def has_term(self, field: str, term: str) -> bool:
        if field not in WORD_FIELDS and field != "id":
            return False
        return self.searcher().doc_freq(field, term) > 0

    @reading
    def expand(self, node: Wildcard | Range, most: int | None) -> list[str]:
        """A wildcard's index terms, most frequent first; a range over words is not a
        query tantivy runs (to_tantivy refuses it), so it marks nothing."""
        if not isinstance(node, Wildcard) or (node.field not in WORD_FIELDS and node.field != "id"):
            return []
        pattern = node.pattern
        cut = min((i for i, ch in enumerate(pattern) if ch in "*?"), default=len(pattern))
        out: list[str] = []
        # Term dictionary order would be nicer than tantivy's by-frequency order, but
        # the most frequent words are the better ones to keep when the cap cuts.
        for text, _count in self.searcher().terms_with_prefix(node.field, pattern[:cut]):
            if cut < len(pattern) and not fnmatch.fnmatchcase(text, pattern):
                continue
            out.append(text)
            if most is not None and len(out) >= most:
                break
        return out


class _Writer:
    """A tantivy writer as briefing's Writer."""

    def __init__(self, engine: TantivyEngine, writer) -> None:
        self.engine = engine
        self.w = writer
        self.t = _tantivy()

    @reading
    def add(self, article: Article, terms: dict[str, str]) -> None:
        doc = self.t.Document()
        doc.add_text("id", article.id)
        for name in WORD_FIELDS:
            text = terms.get(name, "")
            if text:
                doc.add_text(name, text)
        when = dt.datetime.combine(article.published, dt.time()) if article.published else None
        if when and FIRST_DATE <= when <= LAST_DATE:
            doc.add_date("published", when)
        doc.add_bytes("doc", json.dumps(_stored(article), ensure_ascii=False).encode("utf-8"))
        self.w.add_document(doc)

    def update(self, article: Article, terms: dict[str, str]) -> None:
        self.delete(article.id)
        self.add(article, terms)

    @reading
    def delete(self, article_id: str) -> None:
        self.w.delete_documents_by_term("id", article_id)

    @reading
    def commit(self) -> None:
        self.w.commit()
        # Segments a failed or cancelled sync wrote and never committed.
        self.w.garbage_collect_files()
        # Merges run in the writer's threads; waiting keeps a finished sync from
        # leaving work (and memory) behind, and lets the next writer take the lock.
        self.w.wait_merging_threads()
        self.engine._generation += 1

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


def _article(searcher, addr) -> Article:
    """The article stored at ``addr``, from its one JSON blob."""
    raw = searcher.doc(addr).to_dict()["doc"][0]
    fields = json.loads(bytes(raw).decode("utf-8"))  # exactly the Article's fields (_stored)
    published = fields.get("published")
    fields["published"] = dt.date.fromisoformat(published) if published else None
    return Article(**fields)


# ---------------------------------------------------------------------- the tree


def to_tantivy(node: Node, schema):
    """The tantivy query for briefing's query tree."""
    t = _tantivy()
    Q, Occur = t.Query, t.Occur

    def boosted(q, boost: float):
        return q if boost == 1.0 else Q.boost_query(q, boost)

    def go(n: Node):
        if isinstance(n, (bq.Term, bq.Phrase, bq.Range, bq.Wildcard, bq.Fuzzy)):
            return _leaf(n, schema, t)
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
        if isinstance(n, bq.Require):  # b must match but adds nothing to the score
            return Q.boolean_query([(Occur.Must, go(n.a)), (Occur.Must, Q.boost_query(go(n.b), 0.0))])
        if isinstance(n, bq.Ids):
            return Q.term_set_query(schema, "id", sorted(n.ids)) if n.ids else Q.empty_query()
        if isinstance(n, bq.Every):
            return Q.all_query()
        if isinstance(n, bq.Nothing):
            return Q.empty_query()
        raise TypeError(f"not a query node: {n!r}")

    return go(node)


def _leaf(n: Node, schema, t):
    Q = t.Query
    field_boost = TITLE_BOOST if getattr(n, "field", None) == "title" else 1.0
    if isinstance(n, bq.Term):
        if n.field == "id":
            return Q.term_query(schema, "id", n.text)
        if n.field not in WORD_FIELDS:
            return Q.empty_query()
        return _boosted(Q, Q.term_query(schema, n.field, n.text), n.boost * field_boost)
    if isinstance(n, bq.Phrase):
        if n.field not in WORD_FIELDS or not n.words:
            return Q.empty_query()
        if len(n.words) == 1:
            return _leaf(bq.Term(n.field, n.words[0], n.boost), schema, t)
        if n.slop > 1:
            # tantivy's slop lets words swap places and a repeated word match one
            # position twice; Whoosh's keeps the order. Refused, not answered wrongly.
            raise QueryError(f'a phrase with a slop ("…"~{n.slop}) needs the whoosh engine; '
                             "tantivy runs exact phrases")
        return _boosted(Q, Q.phrase_query(schema, n.field, list(n.words)), n.boost * field_boost)
    if isinstance(n, bq.Range):
        return _range(n, schema, t)
    if isinstance(n, bq.Wildcard):
        # Searches expand wildcards first; a tree built by hand may still hold one.
        regex = fnmatch.translate(n.pattern).removeprefix("(?s:").removesuffix(")\\Z")
        return Q.regex_query(schema, n.field, regex)
    return Q.fuzzy_term_query(schema, n.field, n.text, distance=n.maxdist, prefix=n.prefix > 0)


def _boosted(Q, q, boost: float):
    return q if boost == 1.0 else Q.boost_query(q, boost)


def _range(n: bq.Range, schema, t):
    Q = t.Query
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


ENGINE = TantivyEngine
