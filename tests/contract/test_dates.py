"""published: comparisons as people read them, the same on every installed engine.

``<2000`` is before 2000-01-01 and ``>1999`` from 2000-01-01; ``<=`` and ``>=`` take
the named year, month or day in; a bare date is that whole period."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.search import tree as bq
from briefing.config import Config
from briefing.library import Library
from briefing.search import QueryError, language
from briefing.search.registry import installed

ENGINES = installed()
D = dt.date

#: Both years in full, with the days either side of each boundary the queries name,
#: and a year on each side so that <= and >= have something to leave out.
DATES = sorted({
    *(D(1999, m, d) for m in range(1, 13) for d in (1, 14, 28)),
    *(D(2000, m, d) for m in range(1, 13) for d in (1, 15, 28)),
    D(1999, 12, 31), D(2000, 1, 1), D(2000, 7, 31), D(2000, 8, 1), D(2000, 8, 14), D(2000, 8, 16),
    D(2000, 8, 31), D(2000, 9, 1), D(2000, 12, 31), D(1998, 6, 30), D(1998, 12, 31), D(2001, 1, 1), D(2001, 3, 9),
})

#: query -> which dates it must find, as a reader of the query would say it.
CASES = {
    "published:<2000": lambda d: d < D(2000, 1, 1),
    "published:>1999": lambda d: d >= D(2000, 1, 1),
    "published:<=2000": lambda d: d <= D(2000, 12, 31),
    "published:>=1999": lambda d: d >= D(1999, 1, 1),
    "published:=>1999": lambda d: d >= D(1999, 1, 1),
    "published:2000": lambda d: d.year == 2000,
    "published:2000-08": lambda d: (d.year, d.month) == (2000, 8),
    "published:2000-08-15": lambda d: d == D(2000, 8, 15),
    "published:<2000-08": lambda d: d < D(2000, 8, 1),
    "published:<=2000-08": lambda d: d < D(2000, 9, 1),
    "published:>2000-08": lambda d: d >= D(2000, 9, 1),
    "published:>2000-08-15": lambda d: d >= D(2000, 8, 16),
    "published:>=2000-08-15": lambda d: d >= D(2000, 8, 15),
    "published:<2000-08-15": lambda d: d < D(2000, 8, 15),
    "published:>2000-12-31": lambda d: d >= D(2001, 1, 1),
    "published:[1999 to 2000]": lambda d: d.year in (1999, 2000),
    "published:[1999 TO 2000}": lambda d: d.year == 1999,
    "published:{1999 to 2001}": lambda d: d.year == 2000,
    "published:{1999 to]": lambda d: d.year >= 2000,
    "published:[1999-12 to 2000-01]": lambda d: D(1999, 12, 1) <= d <= D(2000, 1, 31),
    "published:[2000-08-01 to 2000-08-15]": lambda d: D(2000, 8, 1) <= d <= D(2000, 8, 15),
    "published:[to 1999]": lambda d: d.year <= 1999,
    "harbour published:>1999": lambda d: d >= D(2000, 1, 1),
    "NOT published:<2000": lambda d: d >= D(2000, 1, 1),
    "published:<1999 OR published:>2000": lambda d: d.year in (1998, 2001),
    "published:>9999": lambda d: False,
    "published:<=9999": lambda d: True,
}


def write_corpus(folder: Path, dates) -> dict[str, dt.date]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for d in dates:
        aid = f"report-{d.isoformat()}"
        (folder / f"{aid}.md").write_text(
            f"---\ntitle: Harbour report for {d:%d %B %Y}\npublished: {d.isoformat()}\n---\n"
            f"The harbour master logged {d.day} ships on this day.\n", encoding="utf-8")
        out[aid] = d
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dates") / "corpus"
    return folder, write_corpus(folder, DATES)


@pytest.fixture(scope="module", params=ENGINES)
def library(request, corpus, tmp_path_factory):
    folder, _ = corpus
    cfg = Config(corpus=[str(folder)], index_dir=str(tmp_path_factory.mktemp(request.param) / "ix"))
    cfg.search.engine = request.param
    lib = Library(cfg)
    lib.sync()
    yield lib
    lib.close()


def found(lib, query: str) -> set[str]:
    return {h.id for h in lib.search(query, limit=None, snippets=0).hits}


def test_before_2000_is_only_1999_and_after_1999_only_2000(library, corpus):
    _, dates = corpus
    before = found(library, "published:<2000")
    after = found(library, "published:>1999")
    assert before and after
    assert {dates[a].year for a in before} == {1998, 1999}
    assert {dates[a].year for a in after} == {2000, 2001}
    assert "report-1999-12-31" in before and "report-2000-01-01" not in before
    assert "report-2000-01-01" in after and "report-1999-12-31" not in after


@pytest.mark.parametrize("query", list(CASES))
def test_each_form_finds_what_a_reader_expects(library, corpus, query):
    _, dates = corpus
    want = {aid for aid, d in dates.items() if CASES[query](d)}
    assert found(library, query) == want


def test_counts_agree_with_the_listing(library):
    r = library.search("published:>1999", limit=3, snippets=0)
    assert r.total == len(found(library, "published:>1999")) and len(r.hits) == 3


@pytest.mark.parametrize("engine", ENGINES)
def test_relative_dates_still_work_and_compare_the_same_way(engine, tmp_path):
    today = dt.date.today()
    days = {n: today - dt.timedelta(days=n) for n in (0, 1, 2, 3, 10)}
    dates = write_corpus(tmp_path / "c", days.values())
    by_age = {n: f"report-{d.isoformat()}" for n, d in days.items()}
    cfg = Config(corpus=[str(tmp_path / "c")], index_dir=str(tmp_path / "ix"))
    cfg.search.engine = engine
    lib = Library(cfg)
    lib.sync()
    assert len(dates) == 5
    assert found(lib, "published:yesterday") == {by_age[1]}
    assert found(lib, "published:today") == {by_age[0]}
    assert found(lib, "published:>yesterday") == {by_age[0]}
    assert found(lib, "published:>=yesterday") == {by_age[0], by_age[1]}
    assert found(lib, "published:<yesterday") == {by_age[2], by_age[3], by_age[10]}
    # An offset from now is its day: articles carry a date, not a time.
    assert found(lib, "published:-3d") == {by_age[3]}
    assert found(lib, "published:>=-3d") == {by_age[n] for n in (0, 1, 2, 3)}
    lib.close()


def bounds(text: str):
    node = language.read(text)  # no index, vocabulary or entity table: the reading alone
    assert isinstance(node, bq.Range) and not node.start_excl and not node.end_excl
    return node.start, node.end


def test_the_tree_every_engine_gets_holds_inclusive_bounds_of_whole_days():
    end_of = lambda d: dt.datetime.combine(d, dt.time.max)  # noqa: E731
    assert bounds("published:<2000") == (None, end_of(D(1999, 12, 31)))
    assert bounds("published:>1999") == (dt.datetime(2000, 1, 1), None)
    assert bounds("published:<=2000") == (None, end_of(D(2000, 12, 31)))
    assert bounds("published:>=1999") == (dt.datetime(1999, 1, 1), None)
    assert bounds("published:>2000-02") == (dt.datetime(2000, 3, 1), None)
    assert bounds("published:<2000-03") == (None, end_of(D(2000, 2, 29)))
    assert bounds("published:>2000-12") == (dt.datetime(2001, 1, 1), None)
    assert bounds("published:>2000-02-28") == (dt.datetime(2000, 2, 29), None)
    assert bounds("published:2000-02") == (dt.datetime(2000, 2, 1), end_of(D(2000, 2, 29)))
    # Whoosh's own reading of a range without a year on one side is kept.
    assert bounds("published:[march to may 2000]") == (dt.datetime(2000, 3, 1), end_of(D(2000, 5, 31)))


@pytest.mark.parametrize("text", ["published:>2000-02-30", "published:<zzz", "published:{2000 to 1999-13}"])
def test_impossible_dates_are_one_line_errors(text):
    with pytest.raises(QueryError) as got:
        language.read(text)
    assert str(got.value) and "\n" not in str(got.value)


def _console_script() -> str | None:
    beside = Path(sys.executable).with_name("briefing")
    return str(beside) if beside.exists() else shutil.which("briefing")


@pytest.mark.skipif(_console_script() is None, reason="the briefing console script is not installed")
@pytest.mark.parametrize("engine", ENGINES)
def test_the_console_script_answers_as_a_reader_expects(engine, tmp_path, isolated_dirs):
    dates = write_corpus(tmp_path / "corpus", DATES)
    config = tmp_path / "config.yaml"
    config.write_text(f"search:\n  engine: {engine}\n", encoding="utf-8")
    env = dict(os.environ)  # the isolated data and config folders of this test
    for query, years in (("published:<2000", {1998, 1999}), ("published:>1999", {2000, 2001})):
        proc = subprocess.run(
            [_console_script(), "--config", str(config), "--corpus", str(tmp_path / "corpus"),
             "search", query, "--json", "--limit", "1000"],
            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
        assert proc.returncode == 0, proc.stderr
        rows = json.loads(proc.stdout)
        assert rows and {r["id"] for r in rows} == {a for a, d in dates.items() if d.year in years}
        assert {dt.date.fromisoformat(r["published"]).year for r in rows} == years
