"""The one facade that the CLI and the app both call: config, sync, search, entities, notes."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from briefing.atomic import stamp
from briefing.config import Config, load_config
from briefing.corpus import Article
from briefing.paths import packaged
from briefing.errors import IndexDamaged, IndexLocked, UnknownEntity
from briefing.scope import Scope
from briefing.search import Hit, Progress, Results, Span, SyncReport
from briefing.syncing import (ENTITIES_PENDING, STORIES_DIR, disk_stamp, entity_changes,  # noqa: F401 - re-exported
                              has_article_files, read_only_fallback, story_filter, sync_lock, update_stories)

#: Rows of the app's list that get a hit count straight away: counting needs each
#: article's text, and 500 of them took longer than a keypress may.
BROWSE_SNIPPETS = 50


@dataclass
class Stats:
    corpus: str
    articles: int
    entities: int
    index_dir: str


class Library:
    """A corpus, its index and its entity table, opened from a config."""

    def __init__(self, config: Config):
        self.config = config
        self.roots = config.corpus_roots()
        from briefing.search.registry import open_engine

        # EngineMissing, when the engine's package is not installed, is a ConfigError.
        self.index, self.searcher = open_engine(config.search.engine, config.index_path(), self.roots,
                                                self._resolve_entity)
        self._store = None
        self._store_stamp: tuple | None = None
        self._lock = threading.RLock()
        self._store_guard = threading.RLock()
        self._digest_cache: tuple | None = None
        #: What index_changed compares with; taken by watch(), since a one-shot command
        #: never asks and reading it costs the entity modules' import.
        self._seen: tuple | None = None
        self._stories = None

    @classmethod
    def open(cls, config_path: str | None = None, corpus: list[str] | None = None) -> "Library":
        return cls(load_config(config_path, corpus))

    @property
    def corpus_label(self) -> str:
        # No corpus folders but fetched feeds: the feeds are the corpus, not the demo.
        if self.config.is_demo and self.roots == [packaged("seeds")]:
            return "demo corpus"
        return ", ".join(r.name or str(r) for r in self.roots)

    # ------------------------------------------------------------------ sync

    def open_index(self) -> None:
        """Open the index (creating it if needed) so searches work before a sync."""
        self.index.open()

    def watch(self) -> None:
        """From now on, index_changed tells of syncs by other processes (the app)."""
        self._seen = self._disk_stamp()

    def index_changed(self) -> bool:
        """Whether the index or entity table on disk changed since the last call (a sync
        by another process, or by this one): two stats, and the manifest read only when its
        stat moved, so cheap enough to ask every second.
        An entity table another process rewrote is let go, so the next read loads it."""
        now = self._disk_stamp()
        changed, self._seen = self._seen is not None and now != self._seen, now
        # Not while this process syncs: the sync holds the store it is writing.
        if changed and self._lock.acquire(blocking=False):
            try:
                with self._store_guard:
                    if self._store is not None and self._store_stamp != stamp(self._store.path):
                        self._drop_store()
            finally:
                self._lock.release()
        return changed

    def _disk_stamp(self) -> tuple:
        self._digest_cache, now = disk_stamp(self.index.directory, self._digest_cache)
        return now

    def corpus_has_files(self) -> bool:  # any file briefing reads, looked for up to the first
        return has_article_files(self.roots)

    @read_only_fallback  # a full disk or read-only folder: the index searched as it is
    def sync(self, progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
             rebuild: bool = False, entities: bool = True) -> SyncReport:
        """Bring index and entity table up to date with the corpus folders. A rebuild is built beside
        the current index, which answers searches until the new one is complete and swapped in;
        a rebuild that fails or is cancelled leaves it as it was.
        ``entities=False`` (a plain search) leaves the entity table alone when no file
        changed: then it is as current as the index, unless it needs redoing for another
        reason (a new extractor, changed fixes), which the next sync with entities does."""
        with self._lock, sync_lock(self.index.directory, progress, cancelled):
            # An index to start afresh is built beside the old one, which other processes may be reading.
            if rebuild or (reason := self.index.recovery_needed()):
                return self._rebuild(progress, cancelled, "" if rebuild else reason)
            self.index.open()
            if self._store is not None and self._store_stamp != stamp(self._store.path):
                self._drop_store()  # another process updated it: our in-memory state is stale
            # Present while a sync runs: the entity store is saved after the index
            # commit, and a sync killed in between leaves a store that misses what the
            # index gained. Finding it next time, the store is rebuilt from the index.
            interrupted = (self.index.directory / ENTITIES_PENDING).exists()
            reset = bool(self.index.recovered) or interrupted
            if not entities and not reset:
                return self._sync_lazily(progress, cancelled)
            store = self.entity_store(reset=reset)
            return self._sync_into(self.index, store, progress, cancelled)

    def _sync_lazily(self, progress: Progress | None, cancelled: Callable[[], bool] | None) -> SyncReport:
        """A sync that opens the entity store (and imports the extractor) only when a
        file changed; then it is the same as a full one."""
        opened = []

        def extractor():
            opened.append(self.entity_store())
            (self.index.directory / ENTITIES_PENDING).touch()
            return opened[0].extractor

        report = self.index.sync(progress=progress, cancelled=cancelled, extractor_for=extractor)
        if opened:
            self._finish_entities(self.index, opened[0], report, progress)
        self._update_stories(self.index, report, progress)
        return report

    def _rebuild(self, progress: Progress | None, cancelled: Callable[[], bool] | None, reason: str = "") -> SyncReport:
        fresh = self.index.beside()
        fresh.recovered = f"{reason}; rebuilding it from the corpus" if reason else ""
        store = self._open_store(fresh.directory / "entities")
        try:
            report = self._sync_into(fresh, store, progress, cancelled)
        except BaseException:
            store.close()
            fresh.discard()
            raise
        store.close()
        if cancelled and cancelled():
            fresh.discard()
            report.notices.append("rebuild cancelled; the index is as it was")
            return report
        with self._store_guard:
            self._drop_store()
            self.index.replace_with(fresh)
        return report

    def _sync_into(self, index, store, progress: Progress | None,
                   cancelled: Callable[[], bool] | None) -> SyncReport:
        # The store is opened first so that the sync's worker processes, which
        # already read every changed file, extract its entities too: the entity
        # pass then overlaps the index writer instead of running after it.
        (index.directory / ENTITIES_PENDING).touch()
        report = index.sync(progress=progress, cancelled=cancelled, extractor=store.extractor)
        self._finish_entities(index, store, report, progress)
        self._update_stories(index, report, progress)
        return report

    def _update_stories(self, index, report: SyncReport, progress: Progress | None) -> None:
        update_stories(index, report, progress)
        self._stories = None

    def _finish_entities(self, index, store, report: SyncReport, progress: Progress | None) -> None:
        """The entity store brought level with what the index sync just did."""
        summaries = report.summaries or {}
        try:
            if store.needs_full_update or report.changed or report.removed:
                if progress:
                    progress(0, 0, "finding people, places and organisations")
                self._update_entities(index, store, report, summaries)
        finally:
            if report.summaries is not None:
                report.summaries.close()
                report.summaries = None
        (index.directory / ENTITIES_PENDING).unlink(missing_ok=True)

    def _update_entities(self, index, store, report: SyncReport, summaries) -> None:
        changed, removed = entity_changes(index, store, report, summaries)
        try:
            if changed is None:
                store.update_from_summaries(summaries, removed, ids=report.changed)
            else:
                store.update(changed, removed, summaries=summaries)
            store.save()
        except sqlite3.OperationalError as exc:
            # Syncs of one index are serialised by _sync_lock, so this is some other
            # program holding the file (or a full disk): one line, not a traceback.
            if store is self._store:
                self._drop_store()
            raise IndexLocked(f"{store.path}: could not update the entity table ({exc}); try again") from None
        if store is self._store:
            self._store_stamp = stamp(store.path)

    # ------------------------------------------------------------------ entities

    def entity_store(self, reset: bool = False):
        # Workers on several threads ask for the store at once; one of them opens it.
        with self._store_guard:
            if self._store is None or reset:
                directory = self.index.directory / "entities"
                self._drop_store()
                if reset and directory.exists():
                    import shutil

                    shutil.rmtree(directory, ignore_errors=True)
                self._store = self._open_store(directory)
                self._store_stamp = stamp(self._store.path)
            return self._store

    def _open_store(self, directory: Path):
        from briefing.entities import EntityStore, load_overrides

        path = self.config.aliases_path()
        overrides = load_overrides(path) if path is not None else None
        return EntityStore.open(directory, engine=self.config.entities.engine, overrides=overrides)

    def _drop_store(self) -> None:
        """Close the store's database before forgetting it: an abandoned SQLite
        connection collected later, after its files were replaced, broke the next sync."""
        store, self._store = self._store, None
        if store is not None:
            store.close()

    @property
    def table(self):
        return self.entity_store().table

    def entities(self, type: str | None = None) -> list:
        return self.table.entities(type.upper() if type else None)

    def _resolve_entity(self, field: str, value: str) -> set[str]:
        table = self.table
        if field == "type":
            ids: set[str] = set()
            for ent in table.entities(value.upper()):
                ids.update(ent.articles)
            return ids
        ent = table.find(value)
        return set(ent.articles) if ent else set()

    # ------------------------------------------------------------------ stories

    def story_store(self):
        """The stories found at the last sync (briefing.stories), read from disk once
        and again after each sync."""
        from briefing.stories import StoryStore

        if self._stories is None:
            self._stories = StoryStore.open(self.index.directory / STORIES_DIR, self.config.aliases_path())
        return self._stories

    def stories(self) -> list:
        return self.story_store().stories()

    def find_story(self, key: str):
        """A story by id or label; UnknownStory when there is none."""
        from briefing.stories.store import UnknownStory

        story = self.story_store().find(key)
        if story is None:
            raise UnknownStory(f"no story called {key!r} in this corpus (see `briefing stories`)")
        return story

    # ------------------------------------------------------------------ reading

    def _repairing(self, call: Callable[[], object]) -> tuple[object, str]:
        """``call()``, and when it finds the index damaged, a rebuild from the corpus and
        one retry: damage that opening could not see (a segment whose header is fine and
        whose postings are not) shows up on first use. Returns (result, notice)."""
        try:
            return call(), ""
        except IndexDamaged as exc:
            cause = exc.cause
        self.sync(rebuild=True)
        return call(), f"the index was damaged ({cause}); rebuilt it from the corpus"

    def search(self, query: str, limit: int | None = 20, snippets: int | None = None,
               within: set[str] | None = None) -> Results:
        query_text, story_ids = story_filter(self.story_store, query)
        if story_ids is not None:
            within = story_ids if within is None else within & story_ids
        results, notice = self._repairing(lambda: self.searcher.search(query_text, limit=limit, snippets=snippets,
                                                                       within=within))
        results.notice = results.notice or notice
        results.query = query
        return results

    def browse(self, scope: Scope, limit: int | None = 500, snippets: int | None = BROWSE_SNIPPETS) -> Results:
        """The scope's articles, best first: the search's results, narrowed to the
        articles that mention the entity when there is one (a filter respects the
        search); the whole corpus newest first. The app's list, and every note."""
        within = None
        if scope.story:
            story = self.story_store().find(scope.story)
            within = story.article_ids if story else set()
        if not scope.entity:
            return self.search(scope.query, limit=limit, snippets=snippets, within=within)
        query, entity = scope.query, scope.entity
        results, notice = self._repairing(lambda: self._browse_entity(query, entity, limit, snippets, within))
        results.notice = results.notice or notice
        return results

    def _browse_entity(self, query: str, entity: str, limit: int | None, snippets: int | None,
                       within: set[str] | None = None) -> Results:
        ent = self.table.find(entity)
        wanted = set(ent.articles) if ent else set()
        if within is not None:
            wanted &= within
        if not query.strip():
            # Most mentions first; only the listed articles' stored fields are read
            # (searching everything and filtering read all 100,000 at that size).
            ranked = sorted(wanted, key=lambda aid: (-ent.articles[aid], aid))
            hits = self.searcher.hits_for(ranked[:limit] if limit else ranked)
            for n, h in enumerate(hits):
                if snippets is None or n < snippets:
                    self.searcher.fill(h, query)
            return Results(query, hits, len(wanted))
        # The entity narrows the query inside the engine (one list of document
        # numbers), so the collector stops at ``limit`` as for any search.
        return self.search(query, limit=limit, snippets=snippets, within=wanted)

    def scope_entities(self, article_ids: list[str] | None) -> list[tuple[object, int]]:
        """Entities with their mention counts within the given articles (None: the whole
        corpus), most mentioned first."""
        table = self.table
        if article_ids is None:
            # The app asks this first, at start: the index behind counts_within is
            # built now, off this thread, rather than on the first search's keypress.
            threading.Thread(target=table.counts_within, args=((),), daemon=True).start()
            return [(e, e.mentions) for e in table.entities()]
        # In memory rather than each article's row in the store: two SQLite reads per
        # article made a 500-result keypress spend 160 ms here.
        return table.counts_within(set(article_ids))

    def cooccurring(self, name: str, limit: int = 6) -> list[tuple[object, int]]:
        return self.table.cooccurring(name, limit=limit)

    def entity_spans(self, article_id: str) -> list:
        """Every entity mention in one article (name, type, start, end), by position."""
        return self.table.spans(article_id)

    def fill(self, hit: Hit, query: str) -> Hit:
        return self.searcher.fill(hit, query)

    def article(self, article_id: str) -> Article | None:
        return self._repairing(lambda: self.index.article(article_id))[0]

    def hit_spans(self, query: str, article: Article) -> list[Span]:
        return self.searcher.hit_spans(query, article)

    def article_count(self) -> int:
        return self.index.doc_count()

    def reading_state(self):
        """Read marks and recent searches saved in the user data folder (briefing.state)."""
        from briefing.state import ReadingState

        # The index folder already names this set of corpus folders uniquely.
        return ReadingState.load(corpus_key=self.index.directory.name)

    def stats(self) -> Stats:
        return Stats(self.corpus_label, self.index.doc_count(), len(self.table.entities()), str(self.index.directory))

    # ------------------------------------------------------------------ notes

    def resolve(self, scope: Scope) -> Scope:
        """The scope with its story's label, and its entity under the table's canonical name (the command
        line may name it by an alias, "President Lee"); UnknownEntity when there is none."""
        if scope.story and not scope.story_label and (found := self.story_store().find(scope.story)):
            scope = scope.with_story(scope.story, found.label)
        if not scope.entity:
            return scope
        ent = self.table.find(scope.entity)
        if ent is None:
            raise UnknownEntity(f"no entity called {scope.entity!r} in this corpus (see `briefing entities`)")
        return scope.with_entity(ent.name)

    def scope_quotes(self, scope: Scope) -> list:
        """Every quotation in every article of ``scope`` (no cap), in list order."""
        from briefing.quotes import find_quotes

        table = self.table
        return [q for art in self._every_article(scope) for q in find_quotes(art, table)]

    def scope_timeline(self, scope: Scope) -> list:
        """Every dated statement in every article of ``scope`` (no cap), earliest first."""
        from briefing.notes.timeline import dated_statements

        found = [d for art in self._every_article(scope) for d in dated_statements(art)]
        return sorted(found, key=lambda d: (d.date, d.article_id, d.start))

    def _every_article(self, scope: Scope):
        hits = self.browse(self.resolve(scope), limit=None, snippets=0).hits
        return self.index.articles(h.id for h in hits)

    def scope_articles(self, scope: Scope) -> tuple[list[Article], int]:
        """The articles a note on ``scope`` is built from, and how many the scope has
        (briefing.notes.scope_notes)."""
        from briefing.notes.scope_notes import scope_articles

        return scope_articles(self.browse(scope, limit=None, snippets=0).hits, self.index.articles)

    def note(self, scope: Scope, today: dt.date | None = None):
        from briefing.notes import build_note
        from briefing.notes.scope_notes import leaning

        scope = self.resolve(scope)
        arts, total = self.scope_articles(scope)
        terms = self.searcher.highlighter(scope.query).terms if scope.query else ()
        lean = leaning(terms, self.table.find(scope.entity) if scope.entity else None)
        return build_note(arts, scope, table=self.table, today=today, query_terms=lean, total=total,
                          key_points_words=self.config.notes.key_points_words)

    def note_markdown(self, scope: Scope, today: dt.date | None = None) -> str:
        from briefing.notes import render_markdown

        return render_markdown(self.note(scope, today))

    def export_filename(self, scope: Scope) -> str:
        """The default file name for a scope's note: the same slug `briefing export` uses. No look-up: the
        app calls this on its UI thread, with the canonical entity (the command line resolves its own first)."""
        from briefing.notes import default_filename

        return default_filename(scope, self.corpus_label)

    def export_note(self, path: str | Path, scope: Scope, force: bool = False, today: dt.date | None = None) -> Path:
        """Write the scope's note atomically; ExportError (one line) when it cannot."""
        from briefing.notes import write_atomic

        return write_atomic(path, self.note_markdown(scope, today), force=force)

    def close(self) -> None:
        with self._store_guard:
            self._drop_store()
        self.index.close()
