"""The index used from several threads at once: the app searches on worker threads while
another worker syncs or rebuilds. Each test makes the interleaving happen on purpose."""

from __future__ import annotations

import threading

from briefing.search.store import Index


def synced(tmp_path, corpus) -> Index:
    ix = Index(tmp_path / "ix", [corpus])
    ix.open()
    ix.sync()
    return ix


def test_sync_does_not_change_the_vocabulary_a_search_is_reading(tmp_path, seeds_copy):
    ix = synced(tmp_path, seeds_copy)
    live = ix.vocabulary()
    before = dict(live.counts)
    # A did-you-mean scan part-way through the words when a sync commits new ones.
    reading = iter(live.counts)
    next(reading)
    (seeds_copy / "new.txt").write_text("Quokkas\n\nA new article about quokkas and wallabies.")
    assert ix.sync().added == ["new"]
    next(reading)  # no "dictionary changed size during iteration"
    assert live.counts == before
    assert "quokkas" in ix.vocabulary() and "quokkas" not in live
    ix.close()


def test_total_counts_matches_not_an_upper_bound(tmp_path, seeds_copy):
    from briefing.search.searcher import Searcher

    ix = synced(tmp_path, seeds_copy)
    searcher = Searcher(ix)
    query = '"prime minister" AND beijing'
    everything = searcher.search(query, limit=None)
    assert 1 < len(everything.hits) and everything.total == len(everything.hits)
    # Cut at one result, the total still counts what matches, not Whoosh's estimate.
    assert searcher.search(query, limit=1).total == len(everything.hits)
    assert searcher.search("korea", limit=1).total == searcher.search("korea", limit=None).total
    ix.close()


def test_a_first_build_from_a_worker_thread_does_not_fork_writers(tmp_path, seeds_copy, monkeypatch):
    from whoosh.multiproc import MpWriter

    from briefing.search import whoosh_engine as index_module

    monkeypatch.setattr(index_module, "WRITER_PROCS", 2)
    ix = Index(tmp_path / "ix", [seeds_copy])
    ix.open()
    kinds = []

    def from_a_thread():
        writer = ix._writer(bulk=True)
        kinds.append(type(writer.w))  # the Whoosh writer behind briefing's
        writer.cancel()

    worker = threading.Thread(target=from_a_thread)
    worker.start()
    worker.join()
    assert kinds and not issubclass(kinds[0], MpWriter)
    ix.close()


def test_sub_writers_close_the_lock_descriptor_only_when_forked(monkeypatch):
    from briefing.search import whoosh_bulk

    monkeypatch.setattr(whoosh_bulk.multiprocessing, "get_start_method", lambda *a, **k: "fork")
    assert whoosh_bulk.inherited_fd(7) == 7
    for method in ("spawn", "forkserver"):
        monkeypatch.setattr(whoosh_bulk.multiprocessing, "get_start_method", lambda *a, m=method, **k: m)
        assert whoosh_bulk.inherited_fd(7) is None


def test_a_reader_waits_for_a_rebuild_instead_of_creating_its_own_index(tmp_path, seeds_copy, monkeypatch):
    from briefing.search import whoosh_engine as index_module

    ix = synced(tmp_path, seeds_copy)
    real = index_module.windex.create_in
    calls: list[str] = []
    inside, release = threading.Event(), threading.Event()

    def paused_create(*args, **kwargs):
        calls.append(threading.current_thread().name)
        if len(calls) == 1:
            inside.set()
            release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(index_module.windex, "create_in", paused_create)
    rebuilder = threading.Thread(target=ix.rebuild, name="rebuild")
    rebuilder.start()
    assert inside.wait(10)
    # The old folder is gone and the new one not made yet: a search worker now.
    seen, errors = [], []

    def search():
        try:
            seen.append(ix.doc_count())
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    reader = threading.Thread(target=search, name="search")
    reader.start()
    reader.join(0.3)  # time for an unguarded reader to make an index of its own
    release.set()
    rebuilder.join()
    reader.join()
    assert calls == ["rebuild"] and not errors and seen == [0]
    (seeds_copy / "new.txt").write_text("Quokkas\n\nA new article about quokkas.")
    assert len(ix.sync().added) == 6 and ix.doc_count() == 6
    ix.close()


def test_opening_an_open_index_keeps_it(tmp_path, seeds_copy):
    ix = synced(tmp_path, seeds_copy)
    first = ix.engine.ix
    ix.open()
    assert ix.engine.ix is first
    ix.close()


def test_close_closes_the_searchers_of_other_threads(tmp_path, seeds_copy):
    ix = synced(tmp_path, seeds_copy)
    opened = []
    worker = threading.Thread(target=lambda: opened.append(ix.engine.searcher()))
    worker.start()
    worker.join()
    mine = ix.engine.searcher()
    assert not opened[0].is_closed and not mine.is_closed
    ix.close()
    assert opened[0].is_closed and mine.is_closed
    assert ix.doc_count() == 5  # and the index opens again on demand
    ix.close()
