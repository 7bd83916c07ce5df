"""Architecture rules that a newcomer should be able to rely on."""

from __future__ import annotations

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
