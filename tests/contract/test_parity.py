"""Every installed engine answers the same: the same articles for the same query, the
same listing, the same updates. The tantivy tests run when its extra is installed
(`pip install -e '.[test,tantivy]'`, which the README's test command does)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from briefing.config import Config, ConfigError, load_config
from briefing.search.registry import installed, open_engine
from briefing.library import Library
from briefing.scope import Scope

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

ENGINES = installed()
OTHERS = [e for e in ENGINES if e != "whoosh"]

#: The benchmark mix and more: every kind of query the language has.
QUERIES = [
    "tariffs", "said", "Seoul", '"interest rates"', '"dock workers"', "strike AND wages NOT pension",
    "(floods OR drought) AND evacuation", "title:tariffs", "title:Seoul AND summit", "inflaton~",
    "sanction*", "evacuat?on", "NOT said", "published:[2024-03-01 to 2024-06-30]", "published:>2025-01-01",
    "port ANDMAYBE strike", "source:wire", "zzzzqqq", '"the of and"', "minister^3 OR tariffs",
    "published:<2022", "published:>2023-06", "published:>=2023-06-15", "published:{2021 to 2024}",
    "tariffs published:<=2022", "TARÍFFS", "Séoul OR minîster",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    from gen_corpus import generate

    return generate(120, tmp_path_factory.mktemp("corpus") / "c", workers=1)


@pytest.fixture(scope="module")
def libraries(corpus, tmp_path_factory):
    out = {}
    for engine in ENGINES:
        cfg = Config(corpus=[str(corpus)], index_dir=str(tmp_path_factory.mktemp(engine) / "ix"))
        cfg.search.engine = engine
        lib = Library(cfg)
        lib.sync()
        out[engine] = lib
    yield out
    for lib in out.values():
        lib.close()


@pytest.mark.skipif(not OTHERS, reason="only Whoosh is installed")
@pytest.mark.parametrize("engine", OTHERS)
@pytest.mark.parametrize("q", QUERIES)
def test_every_engine_finds_the_same_articles(libraries, engine, q):
    want = libraries["whoosh"].search(q, limit=None, snippets=0)
    got = libraries[engine].search(q, limit=None, snippets=0)
    assert {h.id for h in got.hits} == {h.id for h in want.hits}
    assert got.total == want.total
    assert got.suggestion == want.suggestion


@pytest.mark.parametrize("engine", ENGINES)
def test_a_wildcard_past_the_expansion_cap_is_cut_and_says_so(libraries, engine, monkeypatch):
    from briefing.search import queries

    monkeypatch.setattr(queries, "MAX_EXPANSION", 5)  # one cap, whatever the engine
    r = libraries[engine].search("*a*", limit=None, snippets=0)
    assert r.timed_out and r.hits
    assert libraries[engine].search("*a*", limit=None, snippets=0).total == len(r.hits)


@pytest.mark.skipif(not OTHERS, reason="only Whoosh is installed")
@pytest.mark.parametrize("engine", OTHERS)
def test_every_engine_lists_newest_first_with_the_same_cut(libraries, engine):
    for limit in (1, 7, 50, None):
        want = [h.id for h in libraries["whoosh"].search("", limit=limit, snippets=0).hits]
        got = [h.id for h in libraries[engine].search("", limit=limit, snippets=0).hits]
        assert got == want


@pytest.mark.skipif(not OTHERS, reason="only Whoosh is installed")
@pytest.mark.parametrize("engine", OTHERS)
def test_every_engine_counts_and_limits_the_same(libraries, engine):
    for q in ("said", "minister", "tariffs OR wages"):
        want = libraries["whoosh"].search(q, limit=5, snippets=5)
        got = libraries[engine].search(q, limit=5, snippets=5)
        assert len(got.hits) == 5 and got.total == want.total
        # Snippets and hit counts come from the same highlighter and stored text.
        for h in got.hits:
            assert h.snippet and h.hits >= 1


@pytest.mark.skipif(not OTHERS, reason="only Whoosh is installed")
@pytest.mark.parametrize("engine", OTHERS)
def test_every_engine_narrows_by_entity_the_same(libraries, engine):
    whoosh, other = libraries["whoosh"], libraries[engine]
    top = whoosh.entities()[0].name
    for q in ("", "said", f'entity:"{top}"', "type:PERSON AND said"):
        want = whoosh.browse(Scope(q, top), limit=None, snippets=0)
        got = other.browse(Scope(q, top), limit=None, snippets=0)
        if q:
            assert {h.id for h in got.hits} == {h.id for h in want.hits}
        else:  # most mentions first: the entity table's order, whatever the engine
            assert [h.id for h in got.hits] == [h.id for h in want.hits]
        assert got.total == want.total


@pytest.mark.skipif(not OTHERS, reason="only Whoosh is installed")
@pytest.mark.parametrize("engine", OTHERS)
def test_every_engine_reads_articles_back_as_written(libraries, engine):
    whoosh, other = libraries["whoosh"], libraries[engine]
    assert other.article_count() == whoosh.article_count()
    for h in whoosh.search("said", limit=10, snippets=0).hits:
        assert other.article(h.id) == whoosh.article(h.id)
        art = other.article(h.id)
        assert other.hit_spans('"said" OR minister', art) == whoosh.hit_spans('"said" OR minister', art)
    assert other.article("no-such-article") is None


@pytest.mark.parametrize("engine", ENGINES)
def test_an_engine_sees_changes_and_removals(engine, seeds_copy, tmp_path):
    cfg = Config(corpus=[str(seeds_copy)], index_dir=str(tmp_path / "ix"))
    cfg.search.engine = engine
    lib = Library(cfg)
    lib.sync()
    assert lib.search("zebrafish").total == 0
    first = sorted(seeds_copy.iterdir())[0]
    first.write_text("Zebrafish spotted\n\nA zebrafish was seen in the harbour on 2 May 2024.\n", encoding="utf-8")
    (seeds_copy / "new.md").write_text("---\ntitle: Harbour news\npublished: 2030-05-03\n---\nMore zebrafish.\n",
                                       encoding="utf-8")
    sorted(seeds_copy.iterdir())[-2].unlink()
    report = lib.sync()
    assert len(report.updated) == 1 and report.added == ["new"] and len(report.removed) == 1
    assert lib.article_count() == 5
    assert {h.id for h in lib.search("zebrafish").hits} == {first.stem, "new"}
    assert lib.search("published:2030-05-03").total == 1
    assert lib.search("").hits[0].id == "new"  # the newest article lists first
    assert lib.sync().nothing_changed
    lib.close()
    # A second process (a new Library) opens what the first wrote.
    again = Library(cfg)
    assert again.search("zebrafish").total == 2
    again.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_library_sees_what_another_process_indexed(engine, seeds_copy, tmp_path):
    cfg = Config(corpus=[str(seeds_copy)], index_dir=str(tmp_path / "ix"))
    cfg.search.engine = engine
    app, cli = Library(cfg), Library(cfg)
    app.sync()
    assert app.search("zebrafish").total == 0
    (seeds_copy / "z.txt").write_text("Zebrafish\n\nA zebrafish.\n", encoding="utf-8")
    cli.sync()
    assert app.search("zebrafish").total == 1 and app.article_count() == 6
    assert app.sync().nothing_changed
    assert app.search("zebrafish").total == 1
    app.close()
    cli.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_entity_queries_work_on_every_engine(engine, tmp_path):
    cfg = Config(index_dir=str(tmp_path / "ix"))
    cfg.search.engine = engine
    lib = Library(cfg)
    lib.sync()
    assert lib.search('entity:"Lee Jae-myung"').total == 5
    assert lib.search('entity:"President Lee" AND "joint military drills"').hits[0].id == "000_f07592ef50349924"
    assert lib.search("type:PERSON").total == 5
    assert lib.search('entity:"Nobody Atall"').total == 0
    lib.close()


@pytest.mark.skipif(not OTHERS, reason="only Whoosh is installed")
def test_an_index_of_another_engine_is_rebuilt_not_misread(tmp_path):
    ix_dir = tmp_path / "ix"
    whoosh, _ = open_engine("whoosh", ix_dir, [ROOT / "seeds"])
    whoosh.open()
    whoosh.sync()
    whoosh.close()
    other, searcher = open_engine(OTHERS[0], ix_dir, [ROOT / "seeds"])
    other.open()
    assert "engine" in other.recovered
    other.sync()
    assert searcher.search("korea").total == 5


@pytest.mark.skipif("tantivy" not in ENGINES, reason="tantivy is not installed")
@pytest.mark.parametrize("part", ["meta.json", "*.store", "*.term", "*.idx", "*.fast", "*.pos"])
@pytest.mark.parametrize("how", ["halved", "flipped"])
def test_a_damaged_tantivy_index_is_rebuilt(tmp_path, part, how):
    cfg = Config(index_dir=str(tmp_path / "ix"))
    cfg.search.engine = "tantivy"
    lib = Library(cfg)
    lib.sync()
    lib.close()
    damaged = list((tmp_path / "ix" / "tantivy").glob(part))
    assert damaged
    for f in damaged:
        data = f.read_bytes()
        if how == "halved":
            f.write_bytes(data[: len(data) // 2] + b"{ not json" + bytes(len(data) // 2))
        else:  # bytes changed in place: the file looks whole until it is read
            f.write_bytes(data[:8] + bytes(255 - b for b in data[8:-8]) + data[-8:])
    lib = Library(cfg)
    # Whether opening or the first read finds it, the answer is the corpus's.
    lib.sync()
    assert lib.search("korea").total == 5
    assert lib.article("000_f07592ef50349924").title.startswith("In a bold diplomatic shift")
    assert len(list(lib.index.all_articles())) == 5
    lib.close()


def test_each_engine_has_its_own_default_index(tmp_path):
    cfg = Config()
    whoosh_dir = cfg.index_path()
    cfg.search.engine = "tantivy"
    assert cfg.index_path() != whoosh_dir and cfg.index_path().parent == whoosh_dir.parent


def test_an_unknown_engine_is_a_one_line_config_error(write_config):
    with pytest.raises(ConfigError, match="expected whoosh or tantivy, got 'lucene'"):
        load_config(write_config("search:\n  engine: lucene\n"))


def test_a_missing_tantivy_says_how_to_install_it(write_config, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "tantivy" else real(name, *a))
    with pytest.raises(ConfigError, match=r"pip install 'briefing\[tantivy\]'"):
        load_config(write_config("search:\n  engine: tantivy\n"))


def test_iso_dates_in_a_range_are_read_as_those_days():
    # Whoosh's date parser read [2024-03-01 to 2024-03-31] as all of 2024; every engine gets this tree.
    from briefing.search import language, tree as bq

    # Read without an index: nothing here can reach an engine, a vocabulary or the entity table.
    node = language.read("published:[2024-03-01 to 2024-03-31]")
    assert isinstance(node, bq.Range)
    assert node.start == dt.datetime(2024, 3, 1)
    assert node.end.date() == dt.date(2024, 3, 31)


@pytest.mark.skipif("tantivy" not in ENGINES, reason="tantivy is not installed")
def test_what_tantivy_cannot_run_is_one_clear_line(tmp_path):
    from briefing.search import QueryError

    cfg = Config(index_dir=str(tmp_path / "ix"))
    cfg.search.engine = "tantivy"
    lib = Library(cfg)
    lib.sync()
    with pytest.raises(QueryError, match="range over the title field is not supported by the tantivy engine"):
        lib.search("title:[a TO c]")
    # tantivy's slop lets words swap; answering would differ from Whoosh, so it says so.
    with pytest.raises(QueryError, match=r"slop .* needs the whoosh engine"):
        lib.search('"korea north"~3')
    assert lib.search('"north korea"').total == lib.search('"north korea"~1').total > 0
    lib.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_dates_outside_tantivys_range_are_indexed_and_ranges_past_them_answer(engine, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, date in (("old", "1492-10-12"), ("far", "2500-01-01"), ("now", "2024-05-03")):
        (corpus / f"{name}.md").write_text(f"---\ntitle: Voyage {name}\npublished: {date}\n---\nA voyage.\n",
                                          encoding="utf-8")
    cfg = Config(corpus=[str(corpus)], index_dir=str(tmp_path / "ix"))
    cfg.search.engine = engine
    lib = Library(cfg)
    assert not lib.sync().skipped
    assert lib.search("voyage").total == 3
    assert [h.id for h in lib.search("", limit=None).hits][0] == "far"
    assert [h.id for h in lib.search("published:[2024-01-01 to 2024-12-31]").hits] == ["now"]
    for q in ("published:<=1300", "published:>3000", "published:[2600 TO]", "published:>1300"):
        lib.search(q)  # answers (Whoosh also finds the out-of-range dates; tantivy cannot)
    lib.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_totals_do_not_depend_on_the_limit(libraries, engine):
    # Whoosh's top-N collector dropped parts of "x NOT y" that could no longer make
    # the top N and then counted only what it had seen (16 of 27 with limit 1).
    lib = libraries[engine]
    queries = QUERIES + ["heatwave NOT hearten", "said NOT minister", "minister AND NOT said", "said OR NOT tariffs",
                         "tariffs ANDMAYBE said", "NOT minister"]
    for q in queries:
        want = len(lib.search(q, limit=None, snippets=0).hits)
        for n in (1, 2, 3, 10):
            assert lib.search(q, limit=n, snippets=0).total == want, (q, n)
