"""The query language under fuzzing, on every engine: whatever is typed gets results or one
line of QueryError, never index damage, a rebuild or an unbounded amount of memory.

2,000 examples an engine and run; each searches a small index built once per module, so
the whole file takes well under a minute."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from briefing.errors import QueryError
from briefing.search import registry
from briefing.search.searcher import Searcher
from briefing.search.store import Index

from .contract.conftest import ENGINES

#: Peak memory one search may take (tracemalloc): a 1,000-character word through
#: "did you mean" stays under 5 MB; before the bounds a 10,000-character one took 7.8 GB.
MEMORY_BOUND = 64 * 2**20

WORDS = ("harbour", "strike", "wages", "pension", "minister", "tariffs", "drills", "north", "korea", "floods",
         "drought", "evacuation", "summit", "Seoul", "Elián", "café", "rates", "keller", "naval", "dock")


def write_corpus(folder: Path, n: int = 200) -> None:
    rng = random.Random(15)
    folder.mkdir(parents=True)
    for i in range(n):
        title = " ".join(rng.choice(WORDS) for _ in range(4)).capitalize()
        body = " ".join(rng.choice(WORDS) for _ in range(60))
        day = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        (folder / f"a{i:03d}.md").write_text(f"---\ntitle: {title}\npublished: {day}\nsource: Ledger\n---\n{body}.\n",
                                             encoding="utf-8")


def snapshot(directory: Path) -> dict:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", params=ENGINES)
def searcher(request, tmp_path_factory):
    base = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    write_corpus(base / "corpus")
    ix = Index(base / "ix", [base / "corpus"], registry.engine_class(request.param))
    ix.open()
    ix.sync()
    s = Searcher(ix)
    s.search("harbour")  # readers and vocabulary loaded before the snapshot
    yield s, snapshot(base / "ix")
    ix.close()


PIECES = st.sampled_from([
    " ", "  ", "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "(", ")", '"', "[", "]", "{", "}", " TO ",
    " to ", "*", "?", "~", "~2", "~9", "/1", "^", "^2", "^0.5", ":", "<", ">", "<=", ">=", "=", "-", "+", ",",
    "title:", "body:", "source:", "author:", "published:", "entity:", "type:", "id:", "path:", "url:", "story:",
    "2021", "2021-05", "2000-02-30", "1999-13", "20000815", "now", "today", "yesterday", "-7d", "+3w", "-1mo",
    "march", "may 2000", "\x00", "\ud800", "\udfff", "\u202e", "\u200b", "é", "ß", "İ", "北京", "\t", "\n",
    *WORDS, *(w.upper() for w in WORDS[:5]),
])
QUERIES = st.one_of(
    st.lists(PIECES, max_size=14).map("".join),
    st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=10).map(" ".join),
    st.text(st.characters(codec=None), max_size=40),
    st.builds(lambda w, n: w * n, st.sampled_from(["a", "x~", "?*", "(", "\"a ", "word "]), st.integers(1, 600)),
)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow])
@given(q=QUERIES)
def test_any_query_gets_results_or_one_line_error_and_leaves_the_index_alone(searcher, q):
    s, files = searcher
    tracemalloc.start()
    try:
        s.search(q, limit=10, snippets=3)
    except QueryError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < MEMORY_BOUND, (q[:80], peak)
    assert snapshot(s.index.directory) == files, q[:80]
