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
