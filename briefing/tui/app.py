"""The App: layout, bindings, workers and message handlers over briefing.library."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Header, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from briefing.config import Config
from briefing.corpus import Article
from briefing.index import SyncReport
from briefing.library import Library
from briefing.search import Results
from briefing.tui.keys import bindings
from briefing.tui.themes import DEFAULT, load_themes
from briefing.tui.widgets.article_list import ArticleList
from briefing.tui.widgets.entity_sidebar import EntityRow, EntitySidebar
from briefing.tui.widgets.notes_pane import NotesPane
from briefing.tui.widgets.reader import Reader
from briefing.tui.widgets.search_bar import SearchBar

#: Progress messages closer together than this replace each other instead of
#: flooding the message queue.
PROGRESS_INTERVAL = 0.1


class BriefingApp(App):
    CSS_PATH = "briefing.tcss"
    TITLE = "briefing"
    BINDINGS = bindings("app")

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
    class SearchDone(Message):
        query: str
        entity: str | None
        results: Results
        entities: list

    @dataclass
    class NoteReady(Message):
        scope_key: tuple
        markdown: str

    @dataclass
    class ArticleLoaded(Message):
        article: Article | None
        hits: list
        entity_spans: list

    def __init__(self, config: Config, library: Library | None = None):
        super().__init__()
        self.config = config
        self.library = library or Library(config)
        self.query = ""
        self.entity: str | None = None
        self.results: Results | None = None
        self.index_state = "opening index…"
        self._last_progress = 0.0
        self._theme_names: list[str] = []

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBar(id="search")
        with Horizontal(id="main"):
            yield ArticleList(id="list")
            yield Reader(id="reader")
            yield EntitySidebar(id="sidebar")
            yield NotesPane(id="notes")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.library.corpus_label
        self._register_themes()
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.query_one(ArticleList).focus()
        self.query_one(NotesPane).display = False
        self._update_status()
        self.open_and_sync()

    def _register_themes(self) -> None:
        loaded = load_themes()
        for theme in loaded.themes:
            self.register_theme(theme)
        self._theme_names = [t.name for t in loaded.themes]
        for problem in loaded.problems:
            self.notify(Content(problem), title="Theme skipped", severity="warning", markup=False)
        wanted = self.config.theme
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            self.notify(Content(f"theme {wanted!r} not found; using {DEFAULT}"), severity="warning", markup=False)
            self.theme = DEFAULT if DEFAULT in self.available_themes else "textual-dark"

    # ------------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, exit_on_error=False, group="sync")
    def open_and_sync(self, rebuild: bool = False) -> None:
        worker = get_current_worker()
        self.library.index.open()
        self.post_message(self.IndexReady())

        def progress(done: int, total: int, message: str) -> None:
            now = time.monotonic()
            if now - self._last_progress >= PROGRESS_INTERVAL or done == total:
                self._last_progress = now
                self.post_message(self.SyncProgress(done, total, message))

        report = self.library.sync(progress=progress, cancelled=lambda: worker.is_cancelled, rebuild=rebuild)
        self.post_message(self.SyncDone(report))

    def refresh_results(self) -> None:
        sidebar = self.query_one(EntitySidebar)
        self.run_search(self.query, self.entity, sidebar.whole_corpus)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str, entity: str | None, whole_corpus: bool) -> None:
        results = self.library.browse(query, entity, limit=self.config.search.limit)
        if get_current_worker().is_cancelled:
            return
        ids = None if whole_corpus or not query else [h.id for h in results.hits]
        table = self.library.table
        rows = []
        for ent, count in self.library.scope_entities(ids):
            rows.append(EntityRow(ent.name, ent.type, count, len(ent.articles), list(ent.aliases),
                                  [(e.name, n) for e, n in table.cooccurring(ent.name, limit=6)]))
        self.post_message(self.SearchDone(query, entity, results, rows))

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes")
    def build_note(self, query: str, entity: str | None) -> None:
        markdown = self.library.note_markdown(query=query or None, entity=entity)
        if not get_current_worker().is_cancelled:
            self.post_message(self.NoteReady((query, entity), markdown))

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export_note(self, query: str, entity: str | None, path: Path, force: bool) -> None:
        from briefing.export import write_atomic

        markdown = self.library.note_markdown(query=query or None, entity=entity)
        written = write_atomic(path, markdown, force=force)
        self.call_from_thread(self.notify, Content(f"Briefing note written to {written}"), title="Exported",
                              markup=False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="article")
    def load_article(self, article_id: str, query: str) -> None:
        article = self.library.article(article_id)
        hits = self.library.hit_spans(query, article) if article and query else []
        spans = self._entity_spans(article_id)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ArticleLoaded(article, hits, spans))

    def _entity_spans(self, article_id: str) -> list:
        try:
            return self.library.table.spans(article_id)
        except Exception:
            return []

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        message = " ".join(str(error).split()) or type(error).__name__
        if event.worker.group == "search":
            self._set_list_message(f"Search failed: {message}")
        elif event.worker.group == "export":
            self.notify(Content(message), title="Export failed", severity="error", markup=False, timeout=8)
        else:
            self.notify(Content(message), title="Something went wrong", severity="error", markup=False, timeout=8)
        if event.worker.group == "sync":
            self.index_state = "index error"
            self._update_status()

    # ------------------------------------------------------------------ messages

    def on_briefing_app_index_ready(self, _: IndexReady) -> None:
        self.index_state = "checking for changes…"
        self._update_status()
        self.refresh_results()

    def on_briefing_app_sync_progress(self, msg: SyncProgress) -> None:
        self.index_state = f"indexing {msg.done}/{msg.total}" if msg.total else msg.message
        self._update_status()

    def on_briefing_app_sync_done(self, msg: SyncDone) -> None:
        report = msg.report
        self.index_state = "index up to date"
        if report.skipped:
            self.index_state += f" · {len(report.skipped)} skipped"
        if report.rebuilt_reason:
            self.notify(Content(report.rebuilt_reason), title="Index rebuilt", severity="warning", markup=False)
        self._update_status()
        if not report.nothing_changed or self.results is None:
            self.refresh_results()

    def on_briefing_app_search_done(self, msg: SearchDone) -> None:
        if msg.query != self.query or msg.entity != self.entity:
            return
        self.results = msg.results
        self.query_one(EntitySidebar).show(msg.entities)
        self._refresh_note_if_shown()
        lst = self.query_one(ArticleList)
        keep = lst.current_id()
        if msg.results.hits:
            lst.show(msg.results.hits, keep=keep)
        else:
            lst.show([])
            self._set_list_message(self._empty_message(msg.results))
        self._update_status()

    def _empty_message(self, results: Results) -> str:
        if not self.query:
            return (f"No articles in {self.library.corpus_label}. Put .txt, .md or .html files there, "
                    "or run: briefing --corpus DIR")
        text = f"No results for {self.query}."
        if results.suggestion:
            text += f" Did you mean: {results.suggestion}"
        return text

    def _set_list_message(self, text: str) -> None:
        reader = self.query_one(Reader)
        reader.show(None, [])
        reader.query_one("#reader-text", Static).update(Content(text))

    @on(ArticleList.Selected)
    def article_selected(self, msg: ArticleList.Selected) -> None:
        self.load_article(msg.article_id, self.query)
        if msg.opened:
            self.query_one(Reader).focus()

    def on_briefing_app_article_loaded(self, msg: ArticleLoaded) -> None:
        self.query_one(Reader).show(msg.article, msg.hits, msg.entity_spans, selected_entity=self.entity)
        if msg.article:
            self.query_one(ArticleList).mark_read(msg.article.id)

    @on(Reader.HitMoved)
    def hit_moved(self, msg: Reader.HitMoved) -> None:
        self._update_status(extra=f"hit {msg.index + 1}/{msg.total}")

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.query = event.value.strip()
        self.query_one(SearchBar).remember(self.query)
        self.refresh_results()
        self.query_one(ArticleList).focus()

    @on(EntitySidebar.Selected)
    def entity_selected(self, msg: EntitySidebar.Selected) -> None:
        self.entity = msg.name
        self.refresh_results()
        current = self.query_one(ArticleList).current_id()
        if current:
            self.load_article(current, self.query)

    @on(EntitySidebar.ScopeToggled)
    def entity_scope_toggled(self, _: EntitySidebar.ScopeToggled) -> None:
        self.refresh_results()

    def on_briefing_app_note_ready(self, msg: NoteReady) -> None:
        if msg.scope_key == (self.query, self.entity):
            self.query_one(NotesPane).show(msg.markdown, msg.scope_key)

    def _refresh_note_if_shown(self) -> None:
        notes = self.query_one(NotesPane)
        if notes.display and notes.scope_key != (self.query, self.entity):
            notes.waiting(self.scope_label())
            self.build_note(self.query, self.entity)

    def scope_label(self) -> str:
        if self.entity:
            return self.entity
        if self.query:
            return self.query
        return self.library.corpus_label

    # ------------------------------------------------------------------ status

    def _update_status(self, extra: str = "") -> None:
        parts = [self.library.corpus_label]
        if self.entity:
            parts.append(f"entity: {self.entity}")
        if self.results is not None:
            if self.query:
                parts.append(f"{self.results.total} result{'s' if self.results.total != 1 else ''}")
            else:
                parts.append(f"{self.results.total} articles")
        parts.append(self.index_state)
        if extra:
            parts.append(extra)
        self.query_one("#status", Static).update(Content(" · ".join(parts)))

    # ------------------------------------------------------------------ actions

    def action_focus_search(self) -> None:
        self.query_one(SearchBar).focus()

    def action_clear(self) -> None:
        bar = self.query_one(SearchBar)
        if self.focused is not bar and self.query_one(EntitySidebar).clear_selection():
            return
        if self.focused is bar and bar.value:
            bar.value = ""
            return
        if self.query or bar.value:
            bar.value = ""
            self.query = ""
            self.refresh_results()
        self.query_one(ArticleList).focus()

    def _panes(self) -> list:
        return [w for w in (self.query_one(SearchBar), self.query_one(ArticleList), self.query_one(Reader),
                            self.query_one(EntitySidebar).query_one("#entity-options"), self.query_one(NotesPane))
                if w.display and all(a.display for a in w.ancestors if hasattr(a, "display"))]

    def _cycle(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = next((i for i, w in enumerate(panes) if focused is w or (focused and w in focused.ancestors)), -1)
        panes[(index + step) % len(panes)].focus()

    def action_next_pane(self) -> None:
        self._cycle(1)

    def action_prev_pane(self) -> None:
        self._cycle(-1)

    def action_next_hit(self) -> None:
        self.query_one(Reader).jump(1)

    def action_prev_hit(self) -> None:
        self.query_one(Reader).jump(-1)

    def action_next_theme(self) -> None:
        names = self._theme_names or list(self.available_themes)
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]
        self.notify(Content(f"Theme: {self.theme}"), markup=False, timeout=2)

    def action_toggle_entities(self) -> None:
        sidebar = self.query_one(EntitySidebar)
        options = sidebar.query_one("#entity-options")
        if sidebar.display and options.has_focus:
            sidebar.display = False
            self.query_one(ArticleList).focus()
            return
        sidebar.display = True
        sidebar.focus()

    def action_toggle_notes(self) -> None:
        notes = self.query_one(NotesPane)
        if notes.display and notes.has_focus:
            notes.display = False
            self.query_one(ArticleList).focus()
            return
        notes.display = True
        notes.focus()
        self._refresh_note_if_shown()

    def action_export(self) -> None:
        from briefing.export import default_filename
        from briefing.notes import Scope
        from briefing.tui.screens.export import ExportScreen

        kind = "entity" if self.entity else "query" if self.query else "corpus"
        label = self.scope_label()
        default = Path.cwd() / default_filename(Scope(kind=kind, label=label))
        query, entity = self.query, self.entity

        def done(result) -> None:
            if result is not None:
                path, force = result
                self.export_note(query, entity, path, force)

        self.push_screen(ExportScreen(default, label), done)

    def action_help(self) -> None:
        from briefing.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())
