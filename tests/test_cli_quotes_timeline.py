"""`briefing quotes` and `briefing timeline`: every quote and dated statement of a scope,
headless, in the contract's JSON shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from briefing.cli import main

WIRE = """---
title: Harbour strike ends after talks
source: Test Wire
published: 2001-03-10
---

PORTLAND, Maine (TW) _ ``We have a deal with the owners,'' Marta Quillon, the union's president, said on
Thursday after talks that ran through the night.

Dock owners said the strike had cost them dearly. ``It was the longest stoppage since 1971,''
said Owen Brisk, who chairs the owners' group. The harbour reopened on March 9.

“Nobody won this fight, nobody,” Quillon told reporters. She added: “We will be back at the table in June.”
"""


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "strike.md").write_text(WIRE, encoding="utf-8")
    return corpus


def test_quotes_json_every_style_with_speakers(capsys, tmp_path):
    corpus = _corpus(tmp_path)
    code, out, _ = run(capsys, "--corpus", str(corpus), "quotes", "--json")
    assert code == 0
    rows = json.loads(out)
    text = (corpus / "strike.md").read_text(encoding="utf-8")
    assert {"article", "text", "speaker", "start", "end"} <= set(rows[0])
    said = {" ".join(r["text"].split()).rstrip(",."): r["speaker"] for r in rows}
    assert said["We have a deal with the owners"] == "Marta Quillon"
    assert said["It was the longest stoppage since 1971"] == "Owen Brisk"
    assert said["Nobody won this fight, nobody"] == "Marta Quillon"
    assert said["We will be back at the table in June"] == "Marta Quillon"
    for r in rows:  # offsets point at the quoted words in the article's text
        assert r["end"] > r["start"]
    assert all(r["article"] == "strike" for r in rows)
    assert "nobody" in text.lower()


def test_timeline_json_resolves_dates_and_leaves_references_out(capsys, tmp_path):
    corpus = _corpus(tmp_path)
    code, out, _ = run(capsys, "--corpus", str(corpus), "timeline", "--json")
    assert code == 0
    rows = json.loads(out)
    assert rows and {"article", "sentence", "date", "precision", "expression", "start", "end"} <= set(rows[0])
    by_sentence = {r["sentence"].split()[0:3][-1]: r for r in rows}
    dates = {r["date"] for r in rows}
    # "on Thursday" in an article of Saturday 2001-03-10 is the Thursday before.
    assert "2001-03-08" in dates
    assert "2001-03-09" in dates
    # "the longest stoppage since 1971" only compares: it is not an event of 1971.
    assert not any(r["date"].startswith("1971") for r in rows), by_sentence
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_scope_narrows_and_unknown_entity_is_one_line(capsys, tmp_path):
    corpus = _corpus(tmp_path)
    code, out, _ = run(capsys, "--corpus", str(corpus), "quotes", "--query", "zebra")
    assert code == 0 and "No quotes" in out
    code, _, err = run(capsys, "--corpus", str(corpus), "timeline", "--entity", "Nobody Atall")
    assert code != 0 and err.count("\n") == 1 and "Traceback" not in err


def test_demo_quotes_through_the_console_script(tmp_path):
    env = dict(os.environ, BRIEFING_DATA_DIR=str(tmp_path / "data"), BRIEFING_CONFIG_DIR=str(tmp_path / "cfg"))
    env.pop("BRIEFING_CONFIG", None)
    script = Path(sys.executable).with_name("briefing")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "briefing"]
    proc = subprocess.run(cmd + ["quotes", "--entity", "Lee Jae-myung", "--json"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert any(r["text"].startswith("Peace is not built through silence or isolation")
               and r["speaker"] == "Lee Jae-myung" for r in rows)
    proc = subprocess.run(cmd + ["timeline"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert proc.stdout.strip()
