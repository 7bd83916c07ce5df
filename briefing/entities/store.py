"""The entity store: per-article extractions and the resolved table, kept beside the index."""

from __future__ import annotations

import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from .extract import extract_builtin
from .lexicon import load_lexicon
from .model import DATA_VERSION, DocExtraction, EntityError
from .overrides import Overrides
from .resolve import Resolved, resolve
from .table import EntityTable

FILE_NAME = "entities.pickle"
_FORMAT = 1
ENGINES = ("builtin", "spacy")


class _PlainUnpickler(pickle.Unpickler):
    """Only plain containers, strings, numbers and bytes: a tampered file cannot run code."""

    def find_class(self, module, name):  # noqa: ARG002
        raise pickle.UnpicklingError("unexpected object in entity store")


class EntityStore:
    """Extractions per article (so an update re-extracts only what changed) and the
    table resolved from them (so a launch loads it instead of recomputing it)."""

    def __init__(self, directory: Path, engine: str, overrides: Overrides,
                 extractor: Callable[[str], DocExtraction], extract_key: str) -> None:
        self.directory = Path(directory)
        self.engine = engine
        self.overrides = overrides
        self._extract = extractor
        self._extract_key = extract_key
        self._raw: dict[str, tuple] = {}  # article id -> packed DocExtraction
        self._resolved = Resolved()
        self._table: EntityTable | None = None
        self.needs_full_update = True
        self.dirty = False

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, directory: Path, engine: str = "builtin", overrides: Overrides | None = None) -> "EntityStore":
        """Load the store in ``directory``; a missing or unreadable file gives an empty
        store (``needs_full_update`` is then True). Only an unusable engine raises."""
        overrides = overrides or Overrides()
        if engine == "builtin":
            lex = load_lexicon(overrides.add)

            def extractor(text: str) -> DocExtraction:
                return extract_builtin(text, lex)

            key = f"builtin/{DATA_VERSION}/{lex.fingerprint}"
        elif engine == "spacy":
            from .spacy_engine import make_extractor  # noqa: PLC0415 - optional engine

            extractor = make_extractor()
            key = f"spacy/{DATA_VERSION}"
        else:
            raise EntityError(f"unknown entity engine {engine!r} (expected one of: {', '.join(ENGINES)})")
        store = cls(Path(directory), engine, overrides, extractor, key)
        store._load()
        return store

    @property
    def path(self) -> Path:
        return self.directory / FILE_NAME

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                data = _PlainUnpickler(io.BytesIO(fh.read())).load()
            if not isinstance(data, dict) or data.get("format") != _FORMAT:
                return
            if data.get("extract_key") != self._extract_key:
                return  # another engine or data version: every article must be redone
            raw = data["docs"]
            entities, maps = data["entities"], data["maps"]
            if not isinstance(raw, dict) or not isinstance(entities, list) or not isinstance(maps, dict):
                return
        except Exception:  # noqa: BLE001 - any damage means "start empty", never a crash
            return
        self._raw = raw
        self.needs_full_update = False
        if data.get("resolve_key") != self.overrides.resolution_key():
            # Overrides changed what merges with what: re-resolve, no re-extraction.
            self._resolve()
            self.dirty = True
        else:
            self._resolved = Resolved(entities, maps)

    # ------------------------------------------------------------------ updating

    def update(self, changed: Iterable, removed: Iterable[str] = ()) -> None:
        """Extract ``changed`` articles, forget ``removed`` ids, then re-resolve the
        corpus from stored extractions (no article is read again)."""
        for article in changed:
            try:
                doc = self._extract(article.text)
            except EntityError:
                raise
            except Exception:  # noqa: BLE001 - one odd article must not stop a sync
                doc = DocExtraction()
            self._raw[article.id] = doc.pack()
        for aid in removed:
            self._raw.pop(aid, None)
        self._resolve()
        self.needs_full_update = False
        self.dirty = True

    def _resolve(self) -> None:
        docs = {aid: DocExtraction.unpack(raw) for aid, raw in self._raw.items()}
        lex = load_lexicon(self.overrides.add)
        self._resolved = resolve(docs, lex, self.overrides)
        self._table = None

    # ------------------------------------------------------------------ reading

    @property
    def table(self) -> EntityTable:
        if self._table is None:
            self._table = EntityTable(self._resolved.entities, self._resolved.maps, self._mentions,
                                      load_lexicon(self.overrides.add).aliases)
        return self._table

    @property
    def article_ids(self) -> set[str]:
        return set(self._raw)

    def _mentions(self, article_id: str):
        raw = self._raw.get(article_id)
        if raw is None:
            return None
        from array import array  # noqa: PLC0415

        arr = array("i")
        arr.frombytes(raw[1])
        return arr

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        """Write atomically: a temp file in the same directory, then os.replace."""
        self.directory.mkdir(parents=True, exist_ok=True)
        data = {
            "format": _FORMAT,
            "engine": self.engine,
            "extract_key": self._extract_key,
            "resolve_key": self.overrides.resolution_key(),
            "docs": self._raw,
            "entities": self._resolved.entities,
            "maps": self._resolved.maps,
        }
        fd, tmp = tempfile.mkstemp(prefix=".entities-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        self.dirty = False
