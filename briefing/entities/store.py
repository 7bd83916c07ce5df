"""The entity store: per-article summaries and the resolved table, in one SQLite file beside the index."""

from __future__ import annotations

import io
import pickle
import sqlite3
import threading
import zlib
from array import array
from pathlib import Path
from typing import Iterable, Mapping

from .extract import Extractor
from .lexicon import load_lexicon
from .model import EntityError, Key, Summary
from .overrides import Overrides
from .resolve import Resolved, resolve
from .table import EntityTable

#: What an article whose extraction failed keeps: no entities.
_EMPTY: Summary = ([], [], b"", [], [])
FILE_NAME = "entities.sqlite3"
OLD_FILE_NAME = "entities.pickle"  # format 1: one big pickle, replaced on the next save
_FORMAT = 3
ENGINES = ("builtin", "spacy")

# Opening reads two short meta rows; the table reads "table" (names, types, aliases
# and per-article counts as arrays); "maps" (what each key became) and a document's
# detail (mention spans, first-mention sentences) are read only when asked for.
# Every write happens inside one SQLite transaction that save() commits, so a store
# killed mid-update or mid-save keeps its previous state.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS docs (aid TEXT PRIMARY KEY, kids BLOB, counts BLOB, paras BLOB, detail BLOB);
"""


class _PlainUnpickler(pickle.Unpickler):
    """Only plain containers, strings, numbers and bytes: a tampered file cannot run code."""

    def find_class(self, module, name):  # noqa: ARG002
        raise pickle.UnpicklingError("unexpected object in entity store")


def _loads(blob: bytes):
    return _PlainUnpickler(io.BytesIO(blob)).load()


def _dumps(obj) -> bytes:
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


class EntityStore:
    """Summaries per article (so an update re-extracts only what changed and
    re-resolves from distinct surface forms) and the table resolved from them
    (so a launch loads it instead of recomputing it)."""

    def __init__(self, directory: Path, engine: str, overrides: Overrides, extractor: Extractor) -> None:
        self.directory = Path(directory)
        self.engine = engine
        self.overrides = overrides
        self.extractor = extractor  # picklable: call it in worker processes
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._keys: list[Key] | None = None  # loaded by the first update
        self._key_index: dict[tuple, int] = {}
        self._docs: dict[str, tuple[array, array]] | None = None
        self._resolved: Resolved | None = None
        self._maps: tuple[list, dict] | None = None
        self._table: EntityTable | None = None
        self._stale = False  # overrides changed since the table was resolved
        self.needs_full_update = True
        self.dirty = False
        #: Article id -> why its entities could not be extracted, for the last update.
        self.failed: dict[str, str] = {}

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, directory: Path, engine: str = "builtin", overrides: Overrides | None = None) -> "EntityStore":
        """Open the store in ``directory`` (cheap: nothing big is read); a missing,
        old or unreadable file gives an empty store with ``needs_full_update`` True.
        Only an unusable engine raises."""
        overrides = overrides or Overrides()
        if engine not in ENGINES:
            raise EntityError(f"unknown entity engine {engine!r} (expected one of: {', '.join(ENGINES)})")
        extractor = Extractor(engine, overrides.add)
        extractor.check()
        store = cls(Path(directory), engine, overrides, extractor)
        store._open()
        return store

    @property
    def path(self) -> Path:
        return self.directory / FILE_NAME

    def _open(self) -> None:
        if not self.path.exists():
            return
        try:
            meta = dict(self._conn().execute(
                "SELECT name, value FROM meta WHERE name IN ('format', 'extract_key', 'resolve_key')"))
            meta = {k: v.decode() if isinstance(v, bytes) else v for k, v in meta.items()}
        except sqlite3.Error:
            self._discard()
            return
        if meta.get("format") != str(_FORMAT) or meta.get("extract_key") != self.extractor.key:
            self._discard()  # another layout, engine or data version: every article must be redone
            return
        self.needs_full_update = False
        if meta.get("resolve_key") != self.overrides.resolution_key():
            # Overrides changed what merges with what: re-resolve, no re-extraction.
            self._stale = True
            self.dirty = True

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            try:
                db.executescript(_SCHEMA)
            except sqlite3.Error:
                db.close()
                raise
            self._db = db
        return self._db

    def _discard(self) -> None:
        """A damaged file: start a new one."""
        if self._db is not None:
            self._db.close()
            self._db = None
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                Path(str(self.path) + suffix).unlink()
            except OSError:
                pass

    def _meta(self, name: str):
        with self._lock:
            if self.needs_full_update and self._docs is None:
                return None
            try:
                row = self._conn().execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
                return _loads(row[0]) if row else None
            except Exception:  # noqa: BLE001 - damage reads as "nothing stored"
                return None

    def _begin(self) -> sqlite3.Connection:
        try:
            db = self._conn()
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            # "database is locked" is another process at work, not damage: never
            # discard a store someone else holds. The caller reports it in one line.
            raise
        except sqlite3.DatabaseError:
            self._discard()
            db = self._conn()
            db.execute("BEGIN IMMEDIATE")
            self.needs_full_update = True
        return db

    def _load_state(self) -> None:
        """Keys and per-article key ids: what re-resolution needs, read once per session."""
        if self._docs is not None:
            return
        self._keys, self._key_index, self._docs = [], {}, {}
        if self.needs_full_update:
            return
        try:
            keys = self._meta("keys") or []
            docs = {}
            for aid, kids, counts in self._conn().execute("SELECT aid, kids, counts FROM docs"):
                k, c = array("i"), array("i")
                k.frombytes(kids)
                c.frombytes(counts)
                docs[aid] = (k, c)
        except Exception:  # noqa: BLE001
            self.needs_full_update = True
            return
        self._keys = [Key._make(k) for k in keys]
        self._key_index = {tuple(k): i for i, k in enumerate(self._keys)}
        self._docs = docs

    # ------------------------------------------------------------------ updating

    def update(self, changed: Iterable, removed: Iterable[str] = (),
               summaries: Mapping[str, Summary] | None = None) -> None:
        """Take in ``changed`` articles, forget ``removed`` ids, then re-resolve the
        corpus from stored summaries (no article is read again). ``summaries`` holds
        precomputed ``self.extractor(article.text)`` results by article id (made in
        worker processes); an article without one is extracted here."""
        summaries = summaries or {}
        with self._lock:
            try:
                self._update_locked(changed, removed, summaries)
            except BaseException:
                # Leave nothing half-applied: the database rolls back, and the
                # in-memory state is read again from it on the next update.
                if self._db is not None and self._db.in_transaction:
                    self._db.rollback()
                self._docs = None
                raise

    def _update_locked(self, changed: Iterable, removed: Iterable[str], summaries: Mapping[str, Summary]) -> None:
        full = self.needs_full_update
        self._load_state()
        db = self._begin()
        if full:
            db.execute("DELETE FROM docs")
            self._docs.clear()
        rows = []
        self.failed = {}
        for article in changed:
            summary = summaries.get(article.id)
            try:
                if summary is None:
                    summary = self.extractor(article.text)
                row = self._take(article.id, summary)
            except EntityError:
                raise  # the engine itself cannot run: every article would fail alike
            except Exception as exc:  # noqa: BLE001 - one odd article must not stop a sync
                self.failed[article.id] = f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"
                row = self._take(article.id, _EMPTY)
            rows.append(row)
            if len(rows) >= 500:
                db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?)", rows)
                rows = []
        db.executemany("INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?)", rows)
        gone = [aid for aid in removed if self._docs.pop(aid, None) is not None]
        db.executemany("DELETE FROM docs WHERE aid = ?", [(aid,) for aid in gone])
        self._resolve()
        self.needs_full_update = False
        self.dirty = True

    def update_from_summaries(self, summaries: Mapping[str, Summary], removed: Iterable[str] = (),
                              ids: Iterable[str] | None = None) -> None:
        """``update`` for articles extracted elsewhere: ``summaries`` by article id, taken
        in the order of ``ids`` (every one of them summarised) or else of ``summaries``."""
        self.update([_Id(aid) for aid in (summaries if ids is None else ids)], removed, summaries)

    def _take(self, aid: str, summary: Summary) -> tuple:
        keys, counts, spans, key_sentence, sentences = summary
        # Everything is converted before any key is registered: a malformed summary
        # raises here and leaves the store as it was.
        keys = [tuple(key) for key in keys]
        if any(len(key) != len(Key._fields) for key in keys):
            raise ValueError("malformed entity summary")
        cnt = array("i", counts)
        flat = array("i")
        flat.frombytes(spans)
        detail = zlib.compress(_dumps((bytes(spans), list(key_sentence), list(sentences))), 1)
        kids = array("i")
        for key in keys:
            kid = self._key_index.get(key)
            if kid is None:
                kid = self._key_index[key] = len(self._keys)
                self._keys.append(Key._make(key))
            kids.append(kid)
        self._docs[aid] = (kids, cnt)
        # Distinct (key, paragraph) pairs: what co-occurrence needs, small and uncompressed.
        pairs = array("i")
        for k, para in sorted(set(zip(flat[2::4], flat[3::4]))):
            pairs.extend((k, para))
        return aid, kids.tobytes(), cnt.tobytes(), pairs.tobytes(), detail

    def _resolve(self) -> None:
        docs = [(aid, kids, counts) for aid, (kids, counts) in self._docs.items()]
        self._resolved = resolve(self._keys, docs, load_lexicon(self.overrides.add), self.overrides)
        self._maps = (self._resolved.kmap, self._resolved.exceptions)
        self._table = None
        self._stale = False

    # ------------------------------------------------------------------ reading

    @property
    def table(self) -> EntityTable:
        with self._lock:
            if self._table is None:
                if self._stale:
                    self._load_state()
                    self._begin()
                    self._resolve()
                if self._resolved is not None:
                    records, aids = self._resolved.entities, self._resolved.aids
                else:
                    got = self._meta("table") or {}
                    records, aids = got.get("entities", []), got.get("aids", [])
                self._table = EntityTable(records, aids, self._doc_maps, self._detail, self._key_paras,
                                          lambda: load_lexicon(self.overrides.add).aliases)
            return self._table

    @property
    def article_ids(self) -> set[str]:
        with self._lock:
            self._load_state()
            return set(self._docs)

    def _doc_maps(self, aid: str) -> list | None:
        """What each of an article's keys became (None, an entity index or sub-spans)."""
        with self._lock:
            if self._maps is None:
                self._maps = self._meta("maps") or ([], {})
            kmap, exceptions = self._maps
            kids = self._docs[aid][0] if self._docs is not None and aid in self._docs else None
            if kids is None:
                row = self._row(aid, "kids")
                if row is None:
                    return None
                kids = array("i")
                kids.frombytes(row)
            exc = exceptions.get(aid) or {}
            return [exc[k] if k in exc else (kmap[k] if k < len(kmap) else None) for k in kids]

    def _row(self, aid: str, column: str):
        if self.needs_full_update and self._docs is None:
            return None
        try:
            row = self._conn().execute(f"SELECT {column} FROM docs WHERE aid = ?", (aid,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def _key_paras(self, aids: list[str]) -> dict[str, array]:
        out: dict[str, array] = {}
        with self._lock:
            if self.needs_full_update and self._docs is None:
                return out
            for i in range(0, len(aids), 500):
                chunk = aids[i:i + 500]
                try:
                    rows = self._conn().execute(
                        f"SELECT aid, paras FROM docs WHERE aid IN ({','.join('?' * len(chunk))})", chunk).fetchall()
                except sqlite3.Error:
                    return out
                for aid, blob in rows:
                    arr = array("i")
                    arr.frombytes(blob)
                    out[aid] = arr
        return out

    def _detail(self, aid: str):
        """(spans array, key -> sentence index, sentences) for one article, or None."""
        with self._lock:
            blob = self._row(aid, "detail")
        if blob is None:
            return None
        try:
            spans, key_sentence, sentences = _loads(zlib.decompress(blob))
        except Exception:  # noqa: BLE001
            return None
        arr = array("i")
        arr.frombytes(spans)
        return arr, key_sentence, sentences

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        """Commit: summaries written by updates, keys and the resolved table, at once."""
        with self._lock:
            if self._resolved is None and not self._stale:
                return
            if self._stale:
                self.table  # noqa: B018 - resolves
            db = self._begin()
            r = self._resolved
            try:
                meta = {
                    "format": str(_FORMAT).encode(),
                    "extract_key": self.extractor.key.encode(),
                    "resolve_key": self.overrides.resolution_key().encode(),
                    "keys": _dumps([tuple(k) for k in self._keys]),
                    "table": _dumps({"entities": r.entities, "aids": r.aids}),
                    "maps": _dumps((r.kmap, r.exceptions)),
                }
                db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(meta.items()))
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                # The file keeps its last committed state; what this session added is
                # gone from it, so the next update starts over.
                self.needs_full_update = True
                self._docs = None
                raise
            try:
                (self.directory / OLD_FILE_NAME).unlink()
            except OSError:
                pass
            self.dirty = False

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


class _Id:
    """An article by id alone: all ``update`` reads of an article whose summary it has."""

    __slots__ = ("id",)

    def __init__(self, aid: str) -> None:
        self.id = aid
