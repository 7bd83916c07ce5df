"""`briefing timeline --json` and `briefing quotes --json` through the console script on
240 written wire stories: the year of a day written without one, vague spans left out,
and speakers quoted by an agency or named by their role."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

TOWNS = ["Velmora", "Tarrow", "Dunmore", "Kessling", "Orland", "Marsk"]
PEOPLE = [("Ilse", "Varnhagen"), ("Oskar", "Lindqvist"), ("Marta", "Quillon"), ("Jan", "Sorelsen"),
          ("Petra", "Holmgaard"), ("Anton", "Brevik")]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def story(i: int) -> tuple[str, dt.date, dict]:
    published = dt.date(2031, 1, 1) + dt.timedelta(days=(i * 37) % 300)
    town = TOWNS[i % len(TOWNS)]
    first, last = PEOPLE[i % len(PEOPLE)]
    # A day later in the year than the article: last year's in the past clause, this
    # year's in the coming one.
    later = published + dt.timedelta(days=20 + i % 40)  # never past December 25
    month = MONTHS[later.month - 1]
    body = (
        f"{town.upper()} (TW) _ {first} {last}, the spokeswoman of the {town} port board, "
        f"spoke to reporters.\n\n"
        f"The old ferry was found drifting off the cape on {month} {later.day}, the coast guard said.\n\n"
        f"The harbour festival will be held {month} {later.day} on the north quay.\n\n"
        f"Cargo traffic has doubled over the last year, dock owners said.\n\n"
        f"\"Every crane on the new quay was tested twice before the first ship came in,\" the "
        f"Coastline News Agency quoted the spokeswoman as saying.\n")
    text = (f"---\ntitle: Port news from {town} number {i}\nsource: Test Wire\n"
            f"published: {published.isoformat()}\n---\n\n{body}")
    want = {"past": dt.date(published.year - 1, later.month, later.day).isoformat(),
            "future": later.isoformat(), "speaker": f"{first} {last}"}
    return text, published, want


def test_years_spans_and_speakers_through_the_console_script(tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    wanted = {}
    for i in range(240):
        text, _, want = story(i)
        (corpus / f"port{i:03d}.md").write_text(text, encoding="utf-8")
        wanted[f"port{i:03d}"] = want
    env = dict(os.environ, BRIEFING_DATA_DIR=str(tmp_path / "data"), BRIEFING_CONFIG_DIR=str(tmp_path / "cfg"))
    env.pop("BRIEFING_CONFIG", None)
    script = Path(sys.executable).with_name("briefing")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "briefing"]
    proc = subprocess.run(cmd + ["--corpus", str(corpus), "timeline", "--json"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    by_article: dict[str, dict[str, str]] = {}
    for r in rows:
        by_article.setdefault(r["article"], {})[r["sentence"].split()[1]] = r["date"]
        assert "over the last year" not in r["sentence"], r
    assert set(by_article) == set(wanted)
    for aid, want in wanted.items():
        assert by_article[aid]["old"] == want["past"], aid      # "The old ferry was found ..."
        assert by_article[aid]["harbour"] == want["future"], aid  # "The harbour festival will be held ..."
    proc = subprocess.run(cmd + ["--corpus", str(corpus), "quotes", "--json"], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    quotes = json.loads(proc.stdout)
    assert len(quotes) == 240
    for q in quotes:
        assert q["speaker"] == wanted[q["article"]]["speaker"], q
