"""`r` in the app: every feed fetched in a worker, progress for the status line, then the
index synced so the new articles are listed; each feed's failure is one line."""

from __future__ import annotations

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState


class FetchProgress(Message):
    def __init__(self, done: int, total: int, new: int, landed: bool = False) -> None:
        super().__init__()
        self.done, self.total, self.new = done, total, new
        self.landed = landed
        """The feed just finished saved new articles (``new`` counts the whole run)."""

    @property
    def text(self) -> str:
        return f"fetching {self.done}/{self.total} feeds · {self.new} new"


class FetchDone(Message):
    def __init__(self, new: int, errors: list[str]) -> None:
        super().__init__()
        self.new, self.errors = new, errors


class FeedFetch(Widget):
    """Invisible; what it learns goes to the screen as FetchProgress and FetchDone."""

    DEFAULT_CSS = "FeedFetch { display: none; }"

    def __init__(self, config, **kwargs) -> None:
        super().__init__(**kwargs)
        self.config = config

    @property
    def busy(self) -> bool:
        return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in self.workers if w.node is self)

    def start(self) -> bool:
        """Fetch every feed; False when a fetch is already running."""
        if self.busy:
            return False
        self.fetch()
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="feeds")
    def fetch(self) -> None:
        from briefing.errors import BriefingError
        from briefing.feeds import subscriptions
        from briefing.feeds.run import fetch_all

        try:
            subs = subscriptions.load()
        except BriefingError as exc:
            self.post_message(FetchDone(0, [exc.message]))
            return
        if not subs:
            self.post_message(FetchDone(0, ["no feeds yet: add one with `briefing feeds add URL` in a shell"]))
            return
        self.post_message(FetchProgress(0, len(subs), 0))
        last = [0]

        def progress(done: int, total: int, new: int) -> None:
            self.post_message(FetchProgress(done, total, new, landed=new > last[0]))
            last[0] = new

        report = fetch_all(self.config, subs, progress)
        errors = [f"{f.name}: {f.error}" for f in report.feeds if f.error]
        errors += [f"{f.name}: {p}" for f in report.feeds for p in f.problems]
        self.post_message(FetchDone(len(report.saved), errors))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.post_message(FetchDone(0, [" ".join(str(error).split()) or type(error).__name__]))
