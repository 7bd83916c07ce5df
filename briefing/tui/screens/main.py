"""The main screen: the panes, the one Scope on screen, and the search that fills every pane from it."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, OptionList
from textual.worker import Worker, WorkerState, get_current_worker

from briefing.scope import Scope
from briefing.search import Results
from briefing.tui import messages as m
from briefing.tui.keys import bindings, keys_for
from briefing.tui.memory import freeze_long_lived
from briefing.tui.repaint import RepaintHold
from briefing.tui.screens.panes import Panes, shown
from briefing.tui.screens.stories_view import StoriesView
from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.entity_sidebar import EntityRow, EntitySidebar
from briefing.tui.widgets.feed_fetch import FeedFetch, FetchDone, FetchProgress
from briefing.tui.widgets.footer import Footer
from briefing.tui.widgets.index_watch import IndexWatch
from briefing.tui.widgets.list_order import landing
from briefing.tui.widgets.notes_pane import NotesPane
from briefing.tui.widgets.reader import Reader, read_article
from briefing.tui.widgets.search_bar import SearchBar
from briefing.tui.widgets.status_line import StatusLine
from briefing.tui.widgets.stories_pane import StoriesPane

#: Worker groups of this screen; each widget's own workers are handled by that widget.
SEARCH, EXPORT = "search", "export"
class MainScreen(StoriesView, Screen):
    BINDINGS = bindings("main")

    scope: var[Scope] = var(Scope, always_update=True, init=False)
    """What the user is looking at; the list, sidebar, note and export all follow it.
    Every change runs the search (so does setting the same scope: Enter runs it again).
    A var, not a reactive: nothing is drawn from the scope itself (a reactive would
    repaint the whole screen); the panes repaint themselves when the results come."""

    def __init__(self) -> None:
        super().__init__()
        self.results: Results | None = None
        """The search results on screen (for the scope on screen)."""
        self.new_query = False
        self.freeze_pending = False
        self.panes: Panes | None = None
        self.repaints = RepaintHold(self)

    def compose(self) -> ComposeResult:
        app = self.app
        library = app.library
        self.search_bar = SearchBar(history=app.reading.searches, id="search")
        self.search_bar.cursor_blink = app.cursor_blink
        self.articles = ArticleList(id="list")
        self.reader = Reader(library, id="reader")
        self.notes = NotesPane(library, id="notes")
        self.sidebar = EntitySidebar(library, id="sidebar")
        self.stories = StoriesPane(library, id="stories")
        self.status = StatusLine(library.corpus_label, id="status")
        self.index_watch = IndexWatch(library)
        self.layout_main = Horizontal(id="main")
        # First, so the index opens while the rest of the screen mounts.
        yield self.index_watch
        self.feed_fetch = FeedFetch(app.config)
        yield self.feed_fetch
        yield self.search_bar
        with self.layout_main:
            yield self.articles
            with Vertical(id="centre"):
                yield self.reader
                yield self.notes
            yield self.sidebar
            yield self.stories
        yield self.status
        yield Footer()

    def on_mount(self) -> None:
        self.articles.read = self.app.reading.read
        self.articles.border_title = "Articles"
        self.reader.border_title = "Reader"
        self.notes.border_title = "Briefing note"
        self.sidebar.border_title = "Entities"
        order = [self.search_bar, self.articles, self.reader, self.notes, self.sidebar, self.stories]
        self.panes = Panes(self.layout_main, order, self.note_if_shown)
        self.panes.fit(self.app.size.width)
        self.articles.focus()
        self.status.set()

    def fit(self, width: int) -> None:
        """The terminal's width changed (the App hears it first, whatever screen is on top)."""
        if self.panes is not None:
            self.panes.fit(width)

    def shown(self, widget) -> bool:
        return shown(widget)

    def watch_scope(self, scope: Scope) -> None:
        self.sidebar.selected = scope.entity
        self.reader.selected_entity = scope.entity
        self.stories.follow(scope)
        self.repaints.hold()
        self.refresh_results()

    # ------------------------------------------------------------------ the search

    def refresh_results(self) -> None:
        reader = self.reader.article
        self.run_search(self.scope, self.sidebar.whole_corpus, self.list_keeps(), reader.id if reader else None)

    def list_keeps(self) -> str | None:
        """The article a finished search keeps the cursor on: a new search starts at its
        best match; a refresh (sync, entity filter) keeps the one being read."""
        return None if self.new_query else self.articles.current_id()

    @work(thread=True, exclusive=True, exit_on_error=False, group=SEARCH)
    def run_search(self, scope: Scope, whole_corpus: bool, keep: str | None = None,
                   reading: str | None = None) -> None:
        lib = self.app.library
        articles = lib.article_count()
        if not articles:
            # Nothing to search; the list explains why: no files, indexing, or a failure.
            results = Results(scope.query, [], 0)
            self.post_message(m.SearchDone(scope, results, [], 0, has_files=lib.corpus_has_files()))
            return
        results = lib.browse(scope, limit=self.app.config.search.limit, snippets=self.articles.rows_in_view())
        if get_current_worker().is_cancelled:
            return
        ids = None if whole_corpus or scope.whole_corpus else [h.id for h in results.hits]
        rows = [EntityRow(ent.name, ent.type, count, len(ent.articles), list(ent.aliases))
                for ent, count in lib.scope_entities(ids)]
        preview = None
        if results.hits and not get_current_worker().is_cancelled:
            target = landing(results.hits, keep, self.articles)
            if keep is None or target != reading:
                try:
                    preview = read_article(lib, target, scope.query)
                except Exception:
                    pass  # the results still show; the reader's own load then reports the problem
        self.post_message(m.SearchDone(scope, results, rows, articles, preview))

    def on_search_done(self, msg: m.SearchDone) -> None:
        if msg.results.notice:
            # The Library rebuilt a damaged index to answer: say so even if stale.
            self.notify(msg.results.notice, title="Index rebuilt", severity="warning", markup=False)
        if msg.scope == self.scope:
            try:
                self.show_results(msg)
            finally:
                self.repaints.release()

    def show_results(self, msg: m.SearchDone) -> None:
        self.results = msg.results
        self.sidebar.show(msg.entities)
        lst = self.articles
        lst.border_title = "Articles" if self.scope.whole_corpus else f"Articles · {msg.results.total}"
        if msg.results.hits:
            self.show_hits(msg)
        else:
            lst.show_message(self.empty_message(msg.articles, msg.has_files), msg.results.suggestion)
            self.reader.show_placeholder("Nothing to read here yet.")
        self.new_query = False
        if self.freeze_pending:
            self.freeze_pending = False
            freeze_long_lived()
        self.status.set(articles=msg.articles, results=msg.results.total, scope=self.scope, extra="")
        self.note_if_shown()

    def show_hits(self, msg: m.SearchDone) -> None:
        lst, reader = self.articles, self.reader
        lst.query = msg.results.query
        keep = self.list_keeps()
        target = landing(msg.results.hits, keep, lst)
        wanted = reader.article is None or reader.article.id != target or self.new_query
        preview = msg.preview
        if wanted and preview and preview.article and preview.article.id == target:
            # The cursor landing on the row would load the article again and
            # repaint the reader a second time.
            with lst.prevent(OptionList.OptionHighlighted):
                lst.show(msg.results.hits, keep=keep)
            reader.cancel_loading()
            reader.show_loaded(preview)
        else:
            lst.show(msg.results.hits, keep=keep)
            current = lst.current_id()
            if current and (reader.article is None or reader.article.id != current or self.new_query):
                reader.load(current, self.scope.query)

    def empty_message(self, articles: int, has_files: bool = True) -> str:
        if not articles:
            if not has_files:
                where = ", ".join(str(r) for r in self.app.library.roots)
                return (f"No articles yet in {where}. Put .txt, .md or .html files there, or start briefing with "
                        "--corpus DIR, or list your folders under corpus: in config.yaml.")
            return self.index_watch.empty_reason(self.app.COMMAND_PALETTE_BINDING)
        scope = self.scope
        if scope.entity and not scope.query:
            return f"No articles mention {scope.entity}."
        return f"No results for {scope.query}" + (f" mentioning {scope.entity}." if scope.entity else ".")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        message = " ".join(str(error).split()) or type(error).__name__
        if event.worker.group == EXPORT:
            self.notify(message, title="Export failed", severity="error", markup=False, timeout=8)
            return
        self.repaints.release()
        self.articles.show_message(f"Search failed: {message}")
        self.reader.show_placeholder("Fix the query and press Enter, or Esc to clear it.")

    # ------------------------------------------------------------------ the index

    def on_index_ready(self, _: m.IndexReady) -> None:
        self.status.set(index_state="checking for changes…")
        self.refresh_results()

    def on_sync_progress(self, msg: m.SyncProgress) -> None:
        self.status.set(index_state=f"building {msg.done}/{msg.total}" if msg.total else msg.message)

    def on_sync_done(self, msg: m.SyncDone) -> None:
        report = msg.report
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
        changed = self.app.library.index_changed() or not report.nothing_changed
        if changed:
            self.index_moved()
        if changed or self.results is None:
            self.refresh_results()
        freeze_long_lived()
        self.freeze_pending = True  # the next search may load the entity table

    def on_sync_failed(self, msg: m.SyncFailed) -> None:
        text = self.index_watch.failure_text(self.app.COMMAND_PALETTE_BINDING)
        self.notify(text, title="Indexing failed", severity="error", markup=False, timeout=12)
        self.status.set(index_state="error")
        # An empty list says so, and why; a list of the old index stays usable.
        self.refresh_results()

    def on_index_changed(self, _: m.IndexChanged) -> None:
        if self.index_watch.other_process_synced():
            self.status.set(index_state="up to date")
        self.index_moved()
        self.refresh_results()

    def index_moved(self) -> None:
        """What was read from the old index is stale: co-occurrences, and the note."""
        self.sidebar.cooccurring.clear()
        self.notes.note_scope = None
        self.stories.reload()

    # ------------------------------------------------------------------ the panes

    @on(ArticleList.Selected)
    def article_selected(self, msg: ArticleList.Selected) -> None:
        self.reader.load(msg.article_id, self.scope.query, msg.opened)
        if msg.opened:
            self.panes.show_reader()

    @on(ArticleList.SuggestionChosen)
    def suggestion_chosen(self, msg: ArticleList.SuggestionChosen) -> None:
        self.search_bar.value = msg.query
        self.run_query(msg.query)

    @on(ArticleList.ReadToggled)
    def read_toggled(self, msg: ArticleList.ReadToggled) -> None:
        self.app.reading.set_read(msg.article_id, msg.read)
        self.app.save_reading()

    def on_article_loaded(self, msg: m.ArticleLoaded) -> None:
        if msg.article and msg.opened:
            self.articles.set_read(msg.article.id)
            if self.app.reading.set_read(msg.article.id):
                self.app.save_reading()

    @on(Reader.HitMoved)
    def hit_moved(self, msg: Reader.HitMoved) -> None:
        self.status.set(extra=f"hit {msg.index + 1}/{msg.total}")

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.run_query(event.value)

    def run_query(self, text: str) -> None:
        self.new_query = True
        self.scope = self.scope.with_query(text)
        self.search_bar.remember(self.scope.query)
        if self.app.reading.add_search(self.scope.query):
            self.app.save_reading()
        self.articles.focus()

    @on(EntitySidebar.Selected)
    def entity_selected(self, msg: EntitySidebar.Selected) -> None:
        self.scope = self.scope.with_entity(msg.name)
        current = self.articles.current_id()
        if current:
            self.reader.load(current, self.scope.query)

    @on(EntitySidebar.ScopeToggled)
    def entity_scope_toggled(self, _: EntitySidebar.ScopeToggled) -> None:
        self.repaints.hold()
        self.refresh_results()

    def note_if_shown(self) -> None:
        if self.panes is not None and self.panes.show_notes and self.results is not None:
            self.notes.build(self.scope, self.scope_label(), today=self.app.note_date)

    def scope_label(self) -> str:
        return self.scope.label(self.app.library.corpus_label)

    # ------------------------------------------------------------------ actions

    def action_focus_search(self) -> None:
        focused = self.focused
        if isinstance(focused, Input):
            focused.insert_text_at_cursor(self.search_key_character())
            return
        # focus() is deferred; set_focus is not, so keys typed fast after / land in the box.
        self.set_focus(self.search_bar)

    def search_key_character(self) -> str:
        from textual.keys import key_to_character

        key = keys_for(self.app.keymap, "search")[0]
        return {"slash": "/"}.get(key) or key_to_character(key) or ""

    def action_clear(self) -> None:
        bar = self.search_bar
        if self.focused is bar and bar.value and bar.value.strip() != self.scope.query:
            bar.value = self.scope.query
            return
        if self.focused is not bar and (self.sidebar.clear_selection() or self.stories.clear_selection()):
            return
        if self.panes.side_pane_over_reader:
            self.panes.show_reader()
            self.articles.focus()
            return
        if self.scope.query or bar.value:
            bar.value = ""
            self.scope = self.scope.with_query("")
        self.articles.focus()

    def clear_all(self) -> None:
        self.sidebar.clear_selection()
        self.search_bar.value = ""
        self.scope = self.scope.with_query("")
        self.articles.focus()

    def action_next_pane(self) -> None:
        self.panes.cycle(1)

    def action_prev_pane(self) -> None:
        self.panes.cycle(-1)

    def action_pane_right(self) -> None:
        self.panes.cycle(1, with_search=False)

    def action_pane_left(self) -> None:
        self.panes.cycle(-1, with_search=False)

    def action_toggle_entities(self) -> None:
        self.panes.toggle_sidebar()

    def action_toggle_notes(self) -> None:
        self.panes.toggle_notes()

    def action_next_hit(self) -> None:
        self.panes.show_reader(focus=False)
        self.reader.jump_soon(1)

    def action_prev_hit(self) -> None:
        self.panes.show_reader(focus=False)
        self.reader.jump_soon(-1)

    def select_entity(self, name: str) -> None:
        if not self.panes.show_sidebar:
            self.panes.toggle_sidebar()
        self.sidebar.select(name)

    def open_article(self, article_id: str) -> None:
        self.articles.highlight_id(article_id)
        self.reader.load(article_id, self.scope.query, opened=True)
        self.panes.show_reader()

    def action_fetch_feeds(self) -> None:
        if not self.feed_fetch.start():
            self.notify("Already fetching feeds", markup=False, timeout=3)

    def on_fetch_progress(self, msg: FetchProgress) -> None:
        self.status.set(feeds=msg.text)
        # Each feed's articles are listed as it lands, not after the slowest feed.
        if msg.landed and msg.done < msg.total and not self.index_watch.syncing:
            self.index_watch.open_and_sync()

    def on_fetch_done(self, msg: FetchDone) -> None:
        self.status.set(feeds=f"fetched · {msg.new} new")
        if msg.errors:
            shown_errors = msg.errors[:8] + ([f"… and {len(msg.errors) - 8} more"] if len(msg.errors) > 8 else [])
            self.notify("\n".join(shown_errors), title="Feeds", severity="warning", markup=False, timeout=12)
        if msg.new:
            self.index_watch.open_and_sync()

    def action_export(self) -> None:
        from briefing.tui.screens.export import ExportScreen

        scope = self.scope  # the one on screen now, whatever changes while the dialog is open

        def done(result: tuple[Path, bool] | None) -> None:
            if result is not None:
                path, force = result
                self.export_note(scope, path, force)

        default = self.app.library.export_filename(scope)
        self.app.push_screen(ExportScreen(default, self.scope_label(), cursor_blink=self.app.cursor_blink), done)

    @work(thread=True, exclusive=True, exit_on_error=False, group=EXPORT)
    def export_note(self, scope: Scope, path: Path, force: bool) -> None:
        written = self.app.library.export_note(path, scope, force=force, today=self.app.note_date)
        self.post_message(m.Exported(Path(written).resolve()))

    def on_exported(self, msg: m.Exported) -> None:
        self.notify(f"Briefing note written to {msg.path}", title="Exported", markup=False, timeout=8)

