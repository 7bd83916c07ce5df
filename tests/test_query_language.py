"""The README's query table, row by row, on every engine, and the query findings of the
hostile-input review: each answers as the manual says, or in one line."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.errors import QueryError
from briefing.search import language, registry, tree as bq
from briefing.search.searcher import Searcher
from briefing.search.store import Index

from .contract.conftest import ENGINES

TODAY = dt.date.today()
ARTICLES = {
    # id: (title, published, source, author, body)
    "korea-drills": ("Joint drills near Korea", "2000-08-15", "Ledger", "Kim Ha", "North Korea watched joint military "
                     "drills; the diplomats cooperated."),
    "japan-china": ("Japan and China talk", "2000-08-01", "Courier", "Lee Min", "Japan OR China trade talks went on."),
    "korea-japan": ("Korea meets Japan", "1999-12-31", "Ledger", "Ann Cole", "Korea and Japan sign a fisheries deal."),
    "ishiba": ("Ishiba visits", "2000-01-01", "Reuters", "Kim Ha", "Ishiba met diplomats in the harbour."),
    "harbour-old": ("Harbour report", "1998-05-05", "Courier", "Lee Min", "The harbour master counted ships."),
    "today": ("Port news", TODAY.isoformat(), "Ledger", "Ann Cole", "Dock workers went on strike."),
    "yesterday": ("Port news again", (TODAY - dt.timedelta(days=1)).isoformat(), "Ledger", "Ann Cole",
                  "Dock workers ended the strike."),
    "week": ("Old port news", (TODAY - dt.timedelta(days=7)).isoformat(), "Courier", "Ann Cole",
             "Dock workers planned a strike."),
}


@pytest.fixture(scope="module", params=ENGINES)
def searcher(request, tmp_path_factory):
    base = tmp_path_factory.mktemp(f"lang-{request.param}")
    corpus = base / "corpus"
    corpus.mkdir()
    for aid, (title, day, source, author, body) in ARTICLES.items():
        (corpus / f"{aid}.md").write_text(f"---\ntitle: {title}\npublished: {day}\nsource: {source}\n"
                                          f"author: {author}\n---\n{body}\n", encoding="utf-8")
    ix = Index(base / "ix", [corpus], registry.engine_class(request.param))
    ix.open()
    ix.sync()
    yield Searcher(ix)
    ix.close()


def found(searcher, q: str) -> set[str]:
    return {h.id for h in searcher.search(q, limit=None, snippets=0).hits}


ROWS = [
    ("north korea", {"korea-drills"}),
    ('"joint military drills"', {"korea-drills"}),
    ("japan OR china", {"japan-china", "korea-japan"}),
    ("korea NOT japan", {"korea-drills"}),
    ("(japan OR ishiba) AND diplomats", {"ishiba"}),
    ("title:ishiba", {"ishiba"}),
    ("source:reuters", {"ishiba"}),
    ("author:cole", {"korea-japan", "today", "yesterday", "week"}),
    ("diplomat*", {"korea-drills", "ishiba"}),
    ("Ishba~", {"ishiba"}),
    ("Ishbia~2", {"ishiba"}),
    ("published:2000", {"korea-drills", "japan-china", "ishiba"}),
    ("published:2000-08", {"korea-drills", "japan-china"}),
    ("published:2000-08-15", {"korea-drills"}),
    ("published:<2000", {"korea-japan", "harbour-old"}),
    ("published:>1999 AND published:<2001", {"korea-drills", "japan-china", "ishiba"}),
    ("published:>2000-08-01 AND published:<2001", {"korea-drills"}),
    ("published:<=2000 AND published:>=1999-12", {"korea-drills", "japan-china", "korea-japan", "ishiba"}),
    ("published:[1999 to 2000]", {"korea-drills", "japan-china", "korea-japan", "ishiba"}),
    ("published:{1999 to 2001}", {"korea-drills", "japan-china", "ishiba"}),
    ("published:yesterday", {"yesterday"}),
    ("published:today", {"today"}),
    ("published:now", {"today"}),
    ("published:>=-7d", {"today", "yesterday", "week"}),
    ("dock ANDNOT planned", {"today", "yesterday"}),
    ("dock ANDMAYBE planned", {"today", "yesterday", "week"}),
    ("dock REQUIRE planned", {"week"}),
    ("title:(ishiba OR harbour)", {"ishiba", "harbour-old"}),
    ('"workers strike"', set()),
    ("Ishbia~2/1", {"ishiba"}),
    ("Ishiba^2 harbour", {"ishiba"}),
    ("*", set(ARTICLES)),
    ("drills published:<2021-05 ANDNOT keller", {"korea-drills"}),
]


@pytest.mark.parametrize("q, want", ROWS)
def test_every_row_of_the_readme_table_finds_what_it_says(searcher, q, want):
    assert found(searcher, q) == want


def test_a_phrase_with_slop_finds_words_apart_or_says_the_engine_cannot(searcher):
    try:
        assert found(searcher, '"workers strike"~3') == {"today", "yesterday", "week"}
    except QueryError as exc:  # tantivy's slop lets words swap places: README, "A faster search engine"
        assert searcher.index.engine.name == "tantivy" and "needs the whoosh engine" in str(exc)


def test_a_boost_raises_the_boosted_word(searcher):
    plain = [h.id for h in searcher.search("harbour OR diplomats", limit=None).hits]
    boosted = [h.id for h in searcher.search("harbour^5 OR diplomats", limit=None).hits]
    assert set(plain) == set(boosted) and boosted[0] in {"harbour-old", "ishiba"} and boosted[0] != plain[-1]


@pytest.mark.parametrize("q, says", [
    ("path:foo", "path: cannot be searched"),
    ("url:x", "url: cannot be searched"),
    ("korea \ud800", "not valid text"),
    ("x" * 10_000, "too long"),
    ("?*", "holds no letter"),
    ("korea~3", "at most 2"),
    ("(" * 40 + "korea", "too deep"),
    (" ".join(f"w{i}" for i in range(70)), "too many terms"),
    ("published:2000-02-30", "not a date"),
    ("published:zzz", "cannot read 'zzz' as a date"),
    ("published:[2000 to", "not closed"),
])
def test_what_the_language_refuses_is_one_line_naming_it(searcher, q, says):
    with pytest.raises(QueryError) as got:
        searcher.search(q)
    assert says in str(got.value) and "\n" not in str(got.value)


def test_errors_say_where():
    with pytest.raises(QueryError, match="at character 17"):
        language.read("korea published:zzz")


def test_relative_dates_count_from_the_day_given():
    day = dt.date(2024, 3, 31)
    start = lambda q: language.read(q, today=day).start  # noqa: E731
    assert start("published:now") == start("published:today") == dt.datetime(2024, 3, 31)
    assert start("published:yesterday") == dt.datetime(2024, 3, 30)
    assert start("published:-1mo") == dt.datetime(2024, 2, 29)
    assert start("published:-2w") == dt.datetime(2024, 3, 17)
    assert start("published:-1y") == dt.datetime(2023, 3, 31)


def test_a_new_field_is_one_line_of_the_table(monkeypatch):
    monkeypatch.setitem(language.FIELDS, "story", "id")
    assert language.read("story:s-12 korea").items[0] == bq.Term("story", "s-12")


def _console_script() -> str | None:
    beside = Path(sys.executable).with_name("briefing")
    return str(beside) if beside.exists() else shutil.which("briefing")


@pytest.mark.skipif(_console_script() is None, reason="the briefing console script is not installed")
def test_the_console_script_says_one_line_and_leaves_the_index(tmp_path, isolated_dirs):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(300):
        (corpus / f"n{i:03d}.md").write_text(f"---\ntitle: Harbour note {i}\npublished: 2021-0{1 + i % 9}-10\n---\n"
                                             f"Drills and dock work, day {i}.\n", encoding="utf-8")
    base = [_console_script(), "--corpus", str(corpus), "search"]  # data folder: isolated_dirs
    env = dict(os.environ)
    first = subprocess.run(base + ["drills", "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert first.returncode == 0, first.stderr
    stamp = {p: p.stat().st_mtime_ns for p in (tmp_path / "data").rglob("*") if p.is_file() and "index" in str(p)}
    got = subprocess.run(base + ["drills published:<2021-05 ANDNOT keller", "--json", "--limit", "1000"],
                         capture_output=True, text=True, env=env, timeout=300)
    assert got.returncode == 0 and len(json.loads(got.stdout)) == 135  # months 1-4 of 1-9
    bad = subprocess.run(base + ["path:foo"], capture_output=True, text=True, env=env, timeout=300)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "STORED" not in bad.stderr
    after = {p: p.stat().st_mtime_ns for p in stamp}
    assert after == stamp
