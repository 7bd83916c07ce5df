"""A user's own folder at real size: the app indexes hundreds of new files itself, through
the real worker processes, and a rebuild never leaves the user without an index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from briefing.search import store as index_module
from briefing.search import ingest
from briefing.config import Config
from briefing.library import Library
from tests.app_support import make_app, settle, sync

ROOT = Path(__file__).resolve().parents[1]
#: Well past ingest.PARALLEL_MIN, which is left as it is: these tests take the real path.
SIZE = 600


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from gen_corpus import generate
    finally:
        sys.path.pop(0)
    return generate(SIZE, tmp_path_factory.mktemp("corpus") / "news", seed=11, workers=1)


def _article_files(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.suffix in (".txt", ".md", ".html") and p.stat().st_size)


class _PoolSpy:
    """Records the start method of every ingest pool; the pool itself runs untouched."""

    def __init__(self, monkeypatch):
        self.methods: list[str] = []
        real = ProcessPoolExecutor.__init__
        spy = self

        def init(self, *args, **kwargs):
            ctx = kwargs.get("mp_context")
            spy.methods.append(ctx.get_start_method() if ctx else "default")
            real(self, *args, **kwargs)

        monkeypatch.setattr(ProcessPoolExecutor, "__init__", init)


def test_the_thresholds_are_the_shipped_ones():
    # The tests below rely on the real path; a lowered constant would hide it.
    assert ingest.PARALLEL_MIN == 200 and SIZE > ingest.PARALLEL_MIN


@sync
async def test_app_indexes_600_new_files_from_an_empty_data_folder(big_corpus, isolated_dirs, monkeypatch):
    spy = _PoolSpy(monkeypatch)
    app = make_app(corpus=[str(big_corpus)])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, timeout=240)
        expected = _article_files(big_corpus)
        assert app.status.index_state.startswith("up to date"), app.status.index_state
        assert app.library.article_count() == expected
        # The list is filled, not the "no articles yet" message.
        assert app.results is not None and app.results.total == expected
        assert "No articles yet" not in str(app.query_one("#list").render_lines)
        problems = [n.message for n in app._notifications]
        assert not any("worker processes failed" in m or "fds_to_keep" in m for m in problems), problems

        # The palette's "Rebuild index": the list keeps every article while it rebuilds.
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "Rebuild index":
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause(0.3)
        await pilot.press("enter")
        states, totals = set(), set()
        for _ in range(2000):
            await pilot.pause(0.02)
            states.add(app.status.index_state)
            totals.add(app.library.search("", limit=1, snippets=0).total)
            if any(s.startswith("building") for s in states) and app.status.index_state.startswith("up to date"):
                break
        await settle(pilot, timeout=240)
        assert any(s.startswith("building") for s in states), states
        assert totals == {expected}, totals
        assert app.results.total == expected and app.library.article_count() == expected
    # The app syncs from a worker thread, so its pools had to use spawn (fork is unsafe there).
    assert spy.methods == ["spawn", "spawn"]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_console_script_in_a_real_terminal_indexes_a_new_folder(big_corpus, tmp_path):
    script = Path(sys.executable).with_name("briefing")
    if not script.exists():
        pytest.skip("the briefing console script is not installed beside this Python")
    session = f"briefing-test-{os.getpid()}"
    env = f"BRIEFING_DATA_DIR={tmp_path / 'data'} BRIEFING_CONFIG_DIR={tmp_path / 'config'}"
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "36",
                    f"env {env} {script} --corpus {big_corpus}"], check=True)
    expected = _article_files(big_corpus)
    seen = []
    screen = ""
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                    text=True).stdout
            status = next((line for line in screen.splitlines() if "articles ·" in line), "")
            seen.append(status)
            if f"{expected} articles" in status and "up to date" in status:
                break
            time.sleep(0.25)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    assert f"{expected} articles" in screen and "up to date" in screen, screen
    assert "went wrong" not in screen and "index error" not in screen
    # Progress was on screen while it built.
    assert any("building" in s for s in seen), seen


def _library(corpus: Path, tmp_path: Path) -> Library:
    return Library(Config(corpus=[str(corpus)], index_dir=str(tmp_path / "ix")))


@pytest.fixture(scope="module")
def built(big_corpus, tmp_path_factory) -> Path:
    """The big corpus indexed once; each test below starts from a copy."""
    where = tmp_path_factory.mktemp("built")
    lib = _library(big_corpus, where)
    lib.sync()
    lib.close()
    return where / "ix"


def _built_library(big_corpus, built: Path, tmp_path: Path) -> Library:
    shutil.copytree(built, tmp_path / "ix")
    lib = _library(big_corpus, tmp_path)
    assert lib.sync().nothing_changed
    return lib


def test_a_cancelled_rebuild_leaves_the_old_index_whole(big_corpus, built, tmp_path):
    lib = _built_library(big_corpus, built, tmp_path)
    total = lib.article_count()
    seen_during = []

    def progress(done, total_, message):
        if total_:
            seen_during.append(lib.search("", limit=1, snippets=0).total)

    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 150

    report = lib.sync(progress=progress, cancelled=cancelled, rebuild=True)
    assert "rebuild cancelled" in report.summary()
    # Searches answered from the old index all along, and still do.
    assert seen_during and set(seen_during) == {total}
    assert lib.article_count() == total and lib.search("", limit=1).total == total
    assert lib.table.entities()
    assert not (tmp_path / "ix.rebuilding").exists()
    lib.close()


def test_a_failing_rebuild_leaves_the_old_index_whole(big_corpus, built, tmp_path, monkeypatch):
    lib = _built_library(big_corpus, built, tmp_path)
    total = lib.article_count()
    real_writer = index_module.Index._writer

    def writer(self, bulk=False):
        w = real_writer(self, bulk)
        if self.directory.name.endswith(".rebuilding"):
            def commit(*args, **kwargs):
                raise OSError(28, "No space left on device")
            w.commit = commit
        return w

    monkeypatch.setattr(index_module.Index, "_writer", writer)
    # A full disk is not damage: the old index answers, with one line saying why it is stale.
    report = lib.sync(rebuild=True)
    assert report.stale and "disk is full" in report.stale
    monkeypatch.undo()
    assert lib.article_count() == total and lib.search("", limit=1).total == total
    assert not (tmp_path / "ix.rebuilding").exists()
    lib.close()
    again = _library(big_corpus, tmp_path)
    assert again.sync().nothing_changed
    again.close()


def test_a_finished_rebuild_replaces_the_index(big_corpus, built, tmp_path):
    lib = _built_library(big_corpus, built, tmp_path)
    total = lib.article_count()
    report = lib.sync(rebuild=True)
    assert len(report.added) == total and not report.notices
    assert lib.article_count() == total and lib.search("", limit=1).total == total
    assert lib.table.entities()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ix")) == ["ix", "ix.sync-lock"]
    lib.close()


def test_a_swap_cut_short_between_its_renames_is_repaired_on_open(seeds_copy, tmp_path):
    lib = _library(seeds_copy, tmp_path)
    lib.sync()
    lib.close()
    # What a process killed between the two renames of a swap leaves behind.
    os.rename(tmp_path / "ix", tmp_path / "ix.replaced")
    lib = _library(seeds_copy, tmp_path)
    assert lib.sync().nothing_changed
    assert lib.article_count() == 5
    lib.close()


def test_worker_processes_that_die_are_replaced_by_this_one(big_corpus, tmp_path, monkeypatch):
    parent = os.getpid()
    real_prepare = ingest.prepare

    def prepare(entry, extractor=None):
        if os.getpid() != parent and entry.id.endswith("000123"):
            os._exit(3)  # a worker killed mid-corpus (out of memory, say)
        return real_prepare(entry, extractor)

    # Forked workers (this test runs single-threaded) inherit the patched function.
    monkeypatch.setattr(ingest, "prepare", prepare)
    lib = _library(big_corpus, tmp_path)
    report = lib.sync()
    assert report.notices and "worker processes failed" in report.notices[0]
    assert lib.article_count() == _article_files(big_corpus)
    lib.close()


def test_wire_copy_backquote_quotes_survive_markdown(tmp_path):
    from briefing.corpus import read_article

    path = tmp_path / "wire.md"
    path.write_text("---\ntitle: Port strike ends\n---\n\nDOVER (AP) _ ``We have a deal,'' the union leader "
                    "said. Talks ran all night. ``It was long,'' she added. Use `grep` to check.\n",
                    encoding="utf-8")
    text = read_article(path, "wire").text
    # The two-backquote marks open quotes in AP and NYT copy; they must stay for the
    # quote finder and the reader. A real one-backquote code span still reads as code.
    assert "``We have a deal,'' the union leader said. Talks ran all night. ``It was long,'' she added." in text
    assert "Use grep to check." in text
