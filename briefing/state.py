"""Reading state kept across launches: which articles were read, and recent searches.

Plain JSON in the user data folder. Losing it costs a user nothing they wrote, so a
missing, unreadable or corrupt file starts afresh instead of stopping the app, and
every save replaces the file atomically so a crash mid-write never leaves half a file.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefing import paths
from briefing.atomic import replace_file

VERSION = 1
#: Enough to walk back through a working session; older ones drop off.
MAX_SEARCHES = 50
#: Per corpus: a reader of a big corpus may open thousands, but the file stays small.
MAX_READ = 20000
#: Far above what the caps above let the file reach (about 1 MB per corpus); a bigger
#: file is not briefing's and is not read.
MAX_BYTES = 64_000_000


def state_path() -> Path:
    return paths.data_dir() / "state.json"


class ReadingState:
    """Read marks (per corpus, keyed by the corpus's index folder) and recent searches
    (shared by all corpora: a query is about the story, not the folder)."""

    def __init__(self, path: Path, corpus_key: str):
        self.path = path
        self.corpus_key = corpus_key
        self._data: dict = {"version": VERSION, "read": {}, "searches": []}
        self.problem: str | None = None
        """Why the saved state could not be loaded or saved, for a notification."""

    @classmethod
    def load(cls, corpus_key: str, path: Path | None = None) -> "ReadingState":
        state = cls(path or state_path(), corpus_key)
        try:
            size = state.path.stat().st_size
            if size > MAX_BYTES:
                state.problem = (f"reading state was {size / 1e6:.0f} MB, over the {MAX_BYTES // 1_000_000} MB "
                                 "it can grow to; starting afresh")
                return state
            raw = state.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return state
        except (OSError, UnicodeDecodeError) as exc:
            state.problem = f"reading state not loaded: {getattr(exc, 'strerror', None) or exc}"
            return state
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            # RecursionError: JSON nested thousands deep, which this file never holds.
            state.problem = "reading state was corrupt; starting afresh"
            return state
        if not isinstance(data, dict):
            state.problem = "reading state was corrupt; starting afresh"
            return state
        read = data.get("read")
        if isinstance(read, dict):
            state._data["read"] = {str(k): [str(i) for i in v if isinstance(i, str)]
                                   for k, v in read.items() if isinstance(v, list)}
        searches = data.get("searches")
        if isinstance(searches, list):
            state._data["searches"] = [s for s in searches if isinstance(s, str) and s.strip()][-MAX_SEARCHES:]
        return state

    # ------------------------------------------------------------------ read marks

    @property
    def read(self) -> set[str]:
        return set(self._data["read"].get(self.corpus_key, []))

    def set_read(self, article_id: str, read: bool = True) -> bool:
        """Mark an article read or unread; True when that changed anything."""
        ids = self._data["read"].setdefault(self.corpus_key, [])
        if read == (article_id in ids):
            return False
        if read:
            ids.append(article_id)
            del ids[:-MAX_READ]
        else:
            ids.remove(article_id)
        return True

    # ------------------------------------------------------------------ searches

    @property
    def searches(self) -> list[str]:
        """Oldest first, most recent last."""
        return list(self._data["searches"])

    def add_search(self, query: str) -> bool:
        query = query.strip()
        if not query:
            return False
        searches = self._data["searches"]
        if searches and searches[-1] == query:
            return False
        if query in searches:
            searches.remove(query)
        searches.append(query)
        del searches[:-MAX_SEARCHES]
        return True

    # ------------------------------------------------------------------ saving

    def save(self) -> bool:
        """Write atomically; on failure keep going in memory and say why in ``problem``."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(self.path, json.dumps(self._data, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            self.problem = f"reading state not saved: {exc.strerror or exc}"
            return False
        return True
