"""trafilatura and feedparser are paid for only by a fetch: start-up stays as fast as before."""

from __future__ import annotations

import subprocess
import sys


def test_cli_and_config_do_not_import_the_fetch_libraries():
    code = ("import sys, briefing.cli, briefing.config, briefing.feeds.commands, briefing.feeds.run; "
            "bad = [m for m in ('trafilatura', 'feedparser', 'lxml', 'justext') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
