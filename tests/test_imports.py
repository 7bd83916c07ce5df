"""Architecture rules that a newcomer should be able to rely on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CORE = ["briefing", "briefing.corpus", "briefing.config", "briefing.paths", "briefing.errors", "briefing.search",
        "briefing.search.store", "briefing.search.searcher", "briefing.search.whoosh_engine",
        "briefing.search.tantivy_engine", "briefing.library", "briefing.entities", "briefing.notes",
        "briefing.notes.export",
        "briefing.cli"]


@pytest.mark.parametrize("module", CORE)
def test_core_never_imports_textual(module):
    code = f"import sys, {module}; sys.exit(1 if any(m == 'textual' or m.startswith('textual.') or m == 'rich' or m.startswith('rich.') for m in sys.modules) else 0)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, f"{module} pulled in textual or rich\n{proc.stderr}"


def test_package_imports_without_syntax_or_deprecation_warnings():
    mods = ", ".join(CORE + ["briefing.tui.app"])
    proc = subprocess.run(
        [sys.executable, "-W", "error::SyntaxWarning", "-W", "error::DeprecationWarning", "-c", f"import {mods}"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr


def _fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_whoosh_loads_without_asyncio_or_urllib_yet_they_still_import_for_whoever_needs_them():
    code = """
import sys
import briefing.search.whoosh_engine
skipped = [m for m in ("asyncio", "urllib.request", "cached_property", "whoosh.lang.morph_en") if m in sys.modules]
assert not skipped, skipped
import urllib.request, cached_property
assert hasattr(urllib.request, "Request") and hasattr(cached_property, "threaded_cached_property")
from whoosh.query import Variations
from whoosh.lang.morph_en import variations
assert "rendered" in variations("render")
from whoosh.analysis import DoubleMetaphoneFilter, RegexTokenizer
assert [t.text for t in (RegexTokenizer() | DoubleMetaphoneFilter())("Smith")] == ["SM0", "XMT"]
"""
    proc = _fresh(code)
    assert proc.returncode == 0, proc.stderr


def test_an_index_made_before_the_analyzer_moved_still_opens():
    # Every Whoosh index holds its schema pickled, with the analyzer's classes named
    # briefing.search.analysis.*; they must stay findable there.
    code = """
import pickle
from briefing.search.analysis import BriefingAnalyzer, analyzer
data = pickle.dumps(analyzer())
assert b"briefing.search.analysis" in data and b"whoosh_analysis" not in data
again = pickle.loads(data)
assert isinstance(again, BriefingAnalyzer)
assert [t.text for t in again("Elián's running")] == [t.text for t in analyzer()("Elian's running")]
"""
    proc = _fresh(code)
    assert proc.returncode == 0, proc.stderr


#: What a one-shot `briefing search` on an unchanged corpus has no use for: the app, the
#: entity extractor, notes and quotes, feed fetching, and the parts of Whoosh and the
#: standard library that only writing or other query types need.
NOT_FOR_A_SEARCH = ("textual", "rich", "briefing.tui", "briefing.entities.extract", "briefing.entities.lexicon",
                    "briefing.notes", "briefing.quotes", "briefing.feeds.fetch", "trafilatura", "asyncio",
                    "urllib.request", "ssl", "multiprocessing", "whoosh.multiproc", "whoosh.qparser",
                    "whoosh.lang.morph_en")


def test_a_one_shot_search_imports_only_what_it_runs(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(300):
        (corpus / f"report-{i:03d}.txt").write_text(
            f"Harbour report {i}\n\nThe ferry to island {i} left the harbour late after the council "
            f"meeting in the town hall, where {i % 7} fishermen spoke about the quay.\n", encoding="utf-8")
    env = dict(os.environ, BRIEFING_DATA_DIR=str(tmp_path / "data"), BRIEFING_CONFIG_DIR=str(tmp_path / "cfg"))
    index = subprocess.run(["briefing", "--corpus", str(corpus), "index"], env=env, capture_output=True, text=True)
    assert index.returncode == 0, index.stderr
    probe = ("import sys, runpy; sys.argv = ['briefing'] + sys.argv[1:]\n"
             "try:\n    runpy.run_module('briefing', run_name='__main__')\n"
             "except SystemExit: pass\n"
             f"print('LOADED', *sorted(m for m in sys.modules if m.split('.')[0] in {{'textual', 'rich', 'trafilatura'}}"
             f" or any(m == n or m.startswith(n + '.') for n in {NOT_FOR_A_SEARCH!r})))\n")
    done = subprocess.run([sys.executable, "-c", probe, "--corpus", str(corpus), "search", "harbour AND ferry"],
                          env=env, capture_output=True, text=True)
    assert "300 results" in done.stdout, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "LOADED", done.stdout.strip().splitlines()[-1]
