"""The App: layout, bindings, workers and message handlers over briefing.library."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import time
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.worker import Worker, WorkerState, get_current_worker

from briefing.config import Config
from briefing.corpus import Article
from briefing.library import Library
from briefing.scope import Scope
from briefing.search import Hit, Results, SyncReport
from briefing.tui.commands import BriefingCommands
from briefing.tui.keys import bindings, key_ids, keys_for, user_keymap
from briefing.tui.panes import PaneLayout
from briefing.tui.themes import DEFAULT, load_themes
from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.entity_sidebar import EntityRow, EntitySidebar
from briefing.tui.widgets.footer import Footer
from briefing.tui.widgets.notes_pane import NotesPane
from briefing.tui.widgets.reader import Reader
from briefing.tui.widgets.search_bar import SearchBar
from briefing.tui.widgets.status_line import StatusLine

#: Progress messages closer together than this replace each other instead of
#: flooding the message queue.
PROGRESS_INTERVAL = 0.1
#: Longest a search the user started holds the screen's repaints (see _hold_repaints):
#: a slower search shows the focus move and the old results until it answers.
HOLD_REPAINTS = 0.25
#: How often the app looks whether another process (`briefing index` in a shell)
#: changed the index: two stats, so a second costs nothing and feels immediate.
FOLLOW_INTERVAL = 1.0


def _late_messages_dropped(handler):
    """A worker's result that arrives while the app is closing finds its widgets gone;
    dropping it is right (a result for a screen nobody sees), raising made quitting fail.
    While the main layout exists, a missing widget is a real bug and still raises."""
    @functools.wraps(handler)
    def wrapper(self, msg):
        try:
            return handler(self, msg)
        except NoMatches:
            if any(screen.query("#main") for screen in self.screen_stack):
                raise
            return None

    return wrapper


class BriefingApp(PaneLayout, App):
    CSS_PATH = "briefing.tcss"
    TITLE = "briefing"
    BINDINGS = bindings("app")
    COMMANDS = App.COMMANDS | {BriefingCommands}

    @dataclass
    class SyncProgress(Message):
        done: int
        total: int
        message: str

    @dataclass
    class SyncDone(Message):
        report: SyncReport

    @dataclass
    class IndexReady(Message):
        """The index is open: searching works, even while it is being updated."""

    @dataclass
    class IndexChanged(Message):
        """Another process synced the index: what the app shows is out of date."""

    @dataclass
    class SearchDone(Message):
        scope: Scope
        results: Results
        entities: list
        articles: int
        preview: BriefingApp.ArticleLoaded | None = None
        """The article the list will land on, read by the search worker so the reader
        is filled in the same update as the list instead of a frame or two later."""
        has_files: bool = True
        """With no articles indexed: whether the corpus folders hold any article file."""

    @dataclass
    class NoteReady(Message):
        scope: Scope
        markdown: str

    @dataclass
    class ArticleLoaded(Message):
        article: Article | None
        hits: list
        entity_spans: list
        opened: bool
        """Opened on purpose (Enter, a click, the palette), not just passed over: only
        that marks it read."""

    @dataclass
    class CooccurringReady(Message):
        name: str
        pairs: list

    @dataclass
    class Exported(Message):
        path: Path

    def __init__(self, config: Config, library: Library | None = None, *, cursor_blink: bool = True,
                 note_date: dt.date | None = None):
        """``cursor_blink`` and ``note_date`` exist so snapshots are the same on every run."""
        super().__init__()
        self.config = config
        self.library = library or Library(config)
        self.cursor_blink = cursor_blink
        self.note_date = note_date
        self.reading = self.library.reading_state()
        self.scope = Scope()
        """What the user is looking at; the list, sidebar, note and export all follow it."""
        self._new_query = False
        self.results: Results | None = None
        self._index_failure = ""
        self._skipped = 0
        self.theme_names: list[str] = []
        self.layout_mode = ""
        self.show_sidebar = False
        self.show_notes = False
        self._last_progress = 0.0
        self._pending_jumps: list[int] = []
        self._held = None
        self._freeze_pending = False
        self.keymap = user_keymap(config.keys)
        """Binding id -> keys, the user's remaps; keys.keys_for reads it."""
        self.bad_keys = sorted(set(config.keys) - key_ids())
        if "palette" in self.keymap:
            # The footer's palette hint looks the binding up by this key.
            self.COMMAND_PALETTE_BINDING = keys_for(self.keymap, "palette")[0]
        self.set_keymap(self.keymap)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        bar = SearchBar(history=self.reading.searches, id="search")
        bar.cursor_blink = self.cursor_blink
        yield bar
        with Horizontal(id="main"):
            yield ArticleList(id="list")
            with Vertical(id="centre"):
                yield Reader(id="reader")
                yield NotesPane(id="notes")
            yield EntitySidebar(id="sidebar")
        yield StatusLine(self.library.corpus_label, id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._register_themes()
        self.query_one(ArticleList).read = self.reading.read
        self.query_one(ArticleList).border_title = "Articles"
        self.query_one(Reader).border_title = "Reader"
        self.query_one(NotesPane).border_title = "Briefing note"
        self.query_one(EntitySidebar).border_title = "Entities"
        if self.bad_keys:
            self.notify(f"config keys: no binding with id {', '.join(self.bad_keys)}; press ? for the ids",
                        title="Keys not remapped", severity="warning", markup=False, timeout=8)
        if self.reading.problem:
            self.notify(self.reading.problem, severity="warning", markup=False)
        self._fit_layout()
        self.query_one(ArticleList).focus()
        self.status.set()
        self.open_and_sync()
        self.set_interval(FOLLOW_INTERVAL, self._follow_index)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def _register_themes(self) -> None:
        loaded = load_themes()
        for theme in loaded.themes:
            self.register_theme(theme)
        self.theme_names = [t.name for t in loaded.themes]
        wanted = self.config.theme
        for name, problem in loaded.problems:
            if name == wanted:
                self.notify(f"{problem}; using {DEFAULT}", title="Theme not loaded", severity="error",
                            markup=False, timeout=10)
            else:
                self.notify(problem, title="Theme skipped", severity="warning", markup=False)
        if wanted in self.theme_names:
            self.theme = wanted
        else:
            if wanted not in (name for name, _ in loaded.problems):
                self.notify(f"theme {wanted!r} not found; using {DEFAULT}", severity="warning", markup=False)
            self.theme = DEFAULT if DEFAULT in self.available_themes else "textual-dark"

    def get_system_commands(self, screen):
        # The palette's own theme picker lists Textual's themes and its key list is not
        # ours; BriefingCommands has both.
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Keys"):
                yield command

    # ------------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def open_and_sync(self, rebuild: bool = False) -> None:
        worker = get_current_worker()
        if not rebuild:
            self.library.open_index()
            self.post_message(self.IndexReady())

        def progress(done: int, total: int, message: str) -> None:
            now = time.monotonic()
            if now - self._last_progress >= PROGRESS_INTERVAL or done == total:
                self._last_progress = now
                self.post_message(self.SyncProgress(done, total, message))

        report = self.library.sync(progress=progress, cancelled=lambda: worker.is_cancelled, rebuild=rebuild)
        self.post_message(self.SyncDone(report))

    def refresh_results(self, hold: bool = False) -> None:
        if hold:
            self._hold_repaints()
        reader = self.query_one(Reader).article
        self.run_search(self.scope, self.query_one(EntitySidebar).whole_corpus, self._list_keeps(),
                        reader.id if reader else None)

    def _hold_repaints(self) -> None:
        """Until the search answers, paint nothing: otherwise the focus moving to the list,
        the footer's keys changing and the results arriving are each a frame of their
        own, and every frame repaints most of the screen while the search competes with
        it for the interpreter."""
        if self._held is None:
            batch = self.batch_update()
            batch.__enter__()
            self._held = (batch, self.set_timer(HOLD_REPAINTS, self._release_repaints))

    def _release_repaints(self) -> None:
        if self._held is not None:
            (batch, timer), self._held = self._held, None
            timer.stop()
            batch.__exit__(None, None, None)

    def _list_keeps(self) -> str | None:
        """The article a finished search keeps the cursor on: a new search starts at its
        best match; a refresh (sync, entity filter) keeps the one being read."""
        return None if self._new_query else self.query_one(ArticleList).current_id()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, scope: Scope, whole_corpus: bool, keep: str | None = None,
                   reading: str | None = None) -> None:
        lib = self.library
        query = scope.query
        articles = lib.article_count()
        if not articles:
            # Nothing to search; the list explains why: no files, indexing, or a failure.
            self.post_message(self.SearchDone(scope, Results(query, [], 0), [], 0, has_files=lib.corpus_has_files()))
            return
        results = lib.browse(scope, limit=self.config.search.limit)
        if get_current_worker().is_cancelled:
            return
        ids = None if whole_corpus or scope.whole_corpus else [h.id for h in results.hits]
        rows = [EntityRow(ent.name, ent.type, count, len(ent.articles), list(ent.aliases))
                for ent, count in lib.scope_entities(ids)]
        preview = None
        if results.hits and not get_current_worker().is_cancelled:
            target = _landing(results.hits, keep)
            if keep is None or target != reading:
                try:
                    preview = self._read_article(target, query)
                except Exception:
                    pass  # the results still show; load_article then reports the problem
        self.post_message(self.SearchDone(scope, results, rows, articles, preview))

    @work(thread=True, exclusive=True, exit_on_error=False, group="entity-detail")
    def load_cooccurring(self, name: str) -> None:
        pairs = [(e.name, n) for e, n in self.library.cooccurring(name)]
        if not get_current_worker().is_cancelled:
            self.post_message(self.CooccurringReady(name, pairs))

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes")
    def build_note(self, scope: Scope) -> None:
        markdown = self.library.note_markdown(scope, today=self.note_date)
        if not get_current_worker().is_cancelled:
            self.post_message(self.NoteReady(scope, markdown))

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export_note(self, scope: Scope, path: Path, force: bool) -> None:
        written = self.library.export_note(path, scope, force=force, today=self.note_date)
        self.post_message(self.Exported(Path(written).resolve()))

    @work(thread=True, exclusive=True, exit_on_error=False, group="follow")
    def check_index(self) -> None:
        if self.library.index_changed():
            self.post_message(self.IndexChanged())

    def _follow_index(self) -> None:
        # The app's own sync refreshes when it is done; one look at a time is enough.
        if not any(w.group in ("sync", "follow") and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
                   for w in self.workers):
            self.check_index()

    @work(thread=True, exclusive=True, exit_on_error=False, group="article")
    def load_article(self, article_id: str, query: str, opened: bool = False) -> None:
        loaded = self._read_article(article_id, query, opened)
        if not get_current_worker().is_cancelled:
            self.post_message(loaded)

    def _read_article(self, article_id: str, query: str, opened: bool = False) -> ArticleLoaded:
        """Off the UI thread: the article with its hit and entity spans."""
        article = self.library.article(article_id)
        hits = self.library.hit_spans(query, article) if article and query else []
        try:
            spans = self.library.entity_spans(article_id)
        except Exception:
            spans = []  # highlighting entities is a nicety; the article still reads
        return self.ArticleLoaded(article, hits, spans, opened)

    def entity_names(self) -> list[tuple[str, str]]:
        """For the command palette (called off the UI thread)."""
        return [(e.name, e.type.lower()) for e in self.library.entities()]

    def article_titles(self) -> list[tuple[str, str]]:
        return [(h.id, h.title or h.id) for h in self.library.search("", limit=None, snippets=0).hits]

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        message = " ".join(str(error).split()) or type(error).__name__
        group = event.worker.group
        if group == "search":
            self._release_repaints()
            self.query_one(ArticleList).show_message(f"Search failed: {message}")
            self.query_one(Reader).show_placeholder("Fix the query and press Enter, or Esc to clear it.")
        elif group == "export":
            self.notify(message, title="Export failed", severity="error", markup=False, timeout=8)
        elif group == "notes":
            self.query_one(NotesPane).failed(message)
        elif group == "sync":
            self._index_failure = message
            self.notify(self._failure_text(), title="Indexing failed", severity="error", markup=False, timeout=12)
            self.status.set(index_state="error")
            # An empty list says so, and why; a list of the old index stays usable.
            self.refresh_results()
        elif group == "follow":
            pass  # a stat that failed once is tried again in a second; nothing to tell
        else:
            self.notify(message, title="Something went wrong", severity="error", markup=False, timeout=8)

    def _failure_text(self) -> str:
        reason = self._index_failure.rstrip(".")
        key = self.COMMAND_PALETTE_BINDING
        return (f"Indexing failed: {reason}. Press {key} → Rebuild index, or run `briefing index` "
                "in a shell to see details.")

    # ------------------------------------------------------------------ messages

    @_late_messages_dropped
    def on_briefing_app_index_ready(self, _: IndexReady) -> None:
        self.status.set(index_state="checking for changes…")
        self.refresh_results()

    @_late_messages_dropped
    def on_briefing_app_sync_progress(self, msg: SyncProgress) -> None:
        self.status.set(index_state=f"building {msg.done}/{msg.total}" if msg.total else msg.message)

    @_late_messages_dropped
    def on_briefing_app_sync_done(self, msg: SyncDone) -> None:
        report = msg.report
        self._index_failure = ""
        self._skipped = len(report.skipped)
        state = "up to date"
        if report.skipped:
            state += f" · {len(report.skipped)} file{'s' if len(report.skipped) != 1 else ''} skipped"
        if report.rebuilt_reason:
            self.notify(report.rebuilt_reason, title="Index rebuilt", severity="warning", markup=False)
        for notice in report.notices:
            self.notify(notice, title="Indexing", severity="warning", markup=False, timeout=10)
        self.status.set(index_state=state)
        # A sync that waited for another process's finds nothing left to do, yet the
        # index did change: what is on screen came from before.
        changed = self.library.index_changed() or not report.nothing_changed
        if changed:
            self._index_moved()
        if changed or self.results is None:
            self.refresh_results()
        self._freeze_long_lived()
        self._freeze_pending = True  # the next search may load the entity table

    def _freeze_long_lived(self) -> None:
        """Exempt what is alive now (the open index, the entity table, the widgets) from
        the garbage collector's full passes. There are hundreds of thousands of such
        objects, so every full pass, which comes every few searches, took about 100 ms
        in the middle of a keypress; after this it only walks what came later. Done after
        a sync and the search that follows it, not per keypress, so the cyclic garbage
        it might keep alive is a one-off, not a growing leak."""
        gc.freeze()

    @_late_messages_dropped
    def on_briefing_app_index_changed(self, _: IndexChanged) -> None:
        if self._index_failure:
            # Our sync failed (often: it gave up waiting for the other process), but the
            # other process's sync finished: the index is whole again.
            self._index_failure = ""
            self.status.set(index_state="up to date")
        self._index_moved()
        self.refresh_results()

    def _index_moved(self) -> None:
        """What was read from the old index is stale: co-occurrences, and the note."""
        self.query_one(EntitySidebar).cooccurring.clear()
        self.query_one(NotesPane).note_scope = None

    @_late_messages_dropped
    def on_briefing_app_search_done(self, msg: SearchDone) -> None:
        if msg.results.notice:
            # The Library rebuilt a damaged index to answer: say so even if stale.
            self.notify(msg.results.notice, title="Index rebuilt", severity="warning", markup=False)
        if msg.scope != self.scope:
            return
        try:
            self._show_results(msg)
        finally:
            self._release_repaints()

    def _show_results(self, msg: SearchDone) -> None:
        self.results = msg.results
        sidebar = self.query_one(EntitySidebar)
        sidebar.show(msg.entities)
        lst = self.query_one(ArticleList)
        lst.border_title = "Articles" if self.scope.whole_corpus else f"Articles · {msg.results.total}"
        if msg.results.hits:
            keep = self._list_keeps()
            reader = self.query_one(Reader)
            target = _landing(msg.results.hits, keep)
            wanted = reader.article is None or reader.article.id != target or self._new_query
            preview = msg.preview
            if wanted and preview and preview.article and preview.article.id == target:
                # The cursor landing on the row would load the article again and
                # repaint the reader a second time.
                with lst.prevent(OptionList.OptionHighlighted):
                    lst.show(msg.results.hits, keep=keep)
                # An article still loading from before the search would replace it.
                self.workers.cancel_group(self, "article")
                self._show_article(preview)
            else:
                lst.show(msg.results.hits, keep=keep)
                shown = lst.current_id()
                if shown and (reader.article is None or reader.article.id != shown or self._new_query):
                    self.load_article(shown, self.scope.query)
        else:
            lst.show_message(self._empty_message(msg.articles, msg.has_files), msg.results.suggestion)
            self.query_one(Reader).show_placeholder("Nothing to read here yet.")
        self._new_query = False
        if self._freeze_pending:
            self._freeze_pending = False
            self._freeze_long_lived()
        self.status.set(articles=msg.articles, results=msg.results.total, scope=self.scope, extra="")
        self._refresh_note_if_shown()

    def _empty_message(self, articles: int, has_files: bool = True) -> str:
        if not articles:
            where = ", ".join(str(r) for r in self.library.roots)
            if not has_files:
                return (f"No articles yet in {where}. Put .txt, .md or .html files there, or start briefing with "
                        "--corpus DIR, or list your folders under corpus: in config.yaml.")
            if self._index_failure:
                return self._failure_text()
            if self._syncing():
                return f"Indexing the articles in {where}; they are listed here as soon as the index is built."
            if self._skipped:
                return (f"None of the files in {where} could be indexed ({self._skipped} skipped). "
                        "Run `briefing index` in a shell to see each file's reason.")
            return f"Nothing indexed yet from {where}. Press {self.COMMAND_PALETTE_BINDING} → Rebuild index."
        scope = self.scope
        if scope.entity and not scope.query:
            return f"No articles mention {scope.entity}."
        return f"No results for {scope.query}" + (f" mentioning {scope.entity}." if scope.entity else ".")

    def _syncing(self) -> bool:
        return any(w.group == "sync" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers)

    @on(ArticleList.Selected)
    def article_selected(self, msg: ArticleList.Selected) -> None:
        self.load_article(msg.article_id, self.scope.query, msg.opened)
        if msg.opened:
            self._show_reader()

    @on(ArticleList.SuggestionChosen)
    def suggestion_chosen(self, msg: ArticleList.SuggestionChosen) -> None:
        self.query_one(SearchBar).value = msg.query
        self.run_query(msg.query)

    @on(ArticleList.ReadToggled)
    def read_toggled(self, msg: ArticleList.ReadToggled) -> None:
        self.reading.set_read(msg.article_id, msg.read)
        self._save_reading()

    @_late_messages_dropped
    def on_briefing_app_article_loaded(self, msg: ArticleLoaded) -> None:
        self._show_article(msg)

    def _show_article(self, msg: ArticleLoaded) -> None:
        reader = self.query_one(Reader)
        if msg.article and reader.article and msg.article.id == reader.article.id and msg.hits == reader.hits:
            # Enter on the article already previewed: keep the hit n/N is on and the scroll.
            reader.restyle(msg.entity_spans, self.scope.entity)
        else:
            reader.show(msg.article, msg.hits, msg.entity_spans, selected_entity=self.scope.entity)
        jumps, self._pending_jumps = self._pending_jumps, []
        for step in jumps:
            reader.jump(step)
        if msg.article and msg.opened:
            self.query_one(ArticleList).set_read(msg.article.id)
            if self.reading.set_read(msg.article.id):
                self._save_reading()

    @_late_messages_dropped
    def on_briefing_app_exported(self, msg: Exported) -> None:
        self.notify(f"Briefing note written to {msg.path}", title="Exported", markup=False, timeout=8)

    def _save_reading(self) -> None:
        if not self.reading.save() and self.reading.problem:
            self.notify(self.reading.problem, severity="warning", markup=False)

    @on(Reader.HitMoved)
    def hit_moved(self, msg: Reader.HitMoved) -> None:
        self.status.set(extra=f"hit {msg.index + 1}/{msg.total}")

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.run_query(event.value)

    def run_query(self, text: str) -> None:
        self.scope = self.scope.with_query(text)
        self._new_query = True
        self.query_one(SearchBar).remember(self.scope.query)
        if self.reading.add_search(self.scope.query):
            self._save_reading()
        self.refresh_results(hold=True)
        self.query_one(ArticleList).focus()

    @on(EntitySidebar.DetailWanted)
    def entity_detail_wanted(self, msg: EntitySidebar.DetailWanted) -> None:
        self.load_cooccurring(msg.name)

    @_late_messages_dropped
    def on_briefing_app_cooccurring_ready(self, msg: CooccurringReady) -> None:
        self.query_one(EntitySidebar).set_cooccurring(msg.name, msg.pairs)

    @on(EntitySidebar.Selected)
    def entity_selected(self, msg: EntitySidebar.Selected) -> None:
        self.scope = self.scope.with_entity(msg.name)
        self.refresh_results(hold=True)
        current = self.query_one(ArticleList).current_id()
        if current:
            self.load_article(current, self.scope.query)

    @on(EntitySidebar.ScopeToggled)
    def entity_scope_toggled(self, _: EntitySidebar.ScopeToggled) -> None:
        self.refresh_results(hold=True)

    @_late_messages_dropped
    def on_briefing_app_note_ready(self, msg: NoteReady) -> None:
        if msg.scope == self.scope:
            self.query_one(NotesPane).show(msg.markdown, msg.scope)

    def _refresh_note_if_shown(self) -> None:
        notes = self.query_one(NotesPane)
        if self.show_notes and self.results is not None and notes.note_scope != self.scope:
            notes.waiting(self.scope_label())
            notes.note_scope = self.scope
            self.build_note(self.scope)

    def scope_label(self) -> str:
        return self.scope.label(self.library.corpus_label)

    # ------------------------------------------------------------------ actions

    def action_focus_search(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            focused.insert_text_at_cursor(self._search_key_character())
            return
        # focus() is deferred; set_focus is not, so keys typed fast after / land in the box.
        self.screen.set_focus(self.query_one(SearchBar))

    def _search_key_character(self) -> str:
        from textual.keys import key_to_character

        key = keys_for(self.keymap, "search")[0]
        return {"slash": "/"}.get(key) or key_to_character(key) or ""

    def action_clear(self) -> None:
        bar = self.query_one(SearchBar)
        if self.focused is bar and bar.value and bar.value.strip() != self.scope.query:
            bar.value = self.scope.query
            return
        if self.focused is not bar and self.query_one(EntitySidebar).clear_selection():
            return
        if self.layout_mode == "narrow" and (self.show_sidebar or self.show_notes):
            self._show_reader()
            self.query_one(ArticleList).focus()
            return
        if self.scope.query or bar.value:
            bar.value = ""
            self.scope = self.scope.with_query("")
            self.refresh_results(hold=True)
        self.query_one(ArticleList).focus()

    def clear_all(self) -> None:
        self.query_one(EntitySidebar).clear_selection()
        self.query_one(SearchBar).value = ""
        self.scope = self.scope.with_query("")
        self.refresh_results(hold=True)
        self.query_one(ArticleList).focus()

    def action_next_hit(self) -> None:
        self._jump(1)

    def action_prev_hit(self) -> None:
        self._jump(-1)

    def _jump(self, step: int) -> None:
        self._show_reader(focus=False)
        if any(w.group == "article" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers):
            # n pressed right after Enter: jump in the article being opened, not the old one.
            self._pending_jumps.append(step)
            return
        self.query_one(Reader).jump(step)

    def set_theme(self, name: str) -> None:
        self.theme = name
        self.notify(f"Theme: {name}", markup=False, timeout=2)

    def action_next_theme(self) -> None:
        names = self.theme_names or list(self.available_themes)
        current = names.index(self.theme) if self.theme in names else -1
        self.set_theme(names[(current + 1) % len(names)])

    def select_entity(self, name: str) -> None:
        if not self.show_sidebar:
            self.action_toggle_entities()
        self.query_one(EntitySidebar).select(name)

    def open_article(self, article_id: str) -> None:
        self.query_one(ArticleList).highlight_id(article_id)
        self.load_article(article_id, self.scope.query, opened=True)
        self._show_reader()

    def action_export(self) -> None:
        from briefing.tui.screens.export import ExportScreen

        scope = self.scope  # the one on screen now, whatever changes while the dialog is open

        def done(result) -> None:
            if result is not None:
                path, force = result
                self.export_note(scope, path, force)

        default = self.library.export_filename(scope)
        self.push_screen(ExportScreen(default, self.scope_label(), cursor_blink=self.cursor_blink), done)

    def action_help(self) -> None:
        from briefing.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())


def _landing(hits: list[Hit], keep: str | None) -> str:
    """The result ArticleList.show puts the cursor on."""
    return next((h.id for h in hits if h.id == keep), hits[0].id)
