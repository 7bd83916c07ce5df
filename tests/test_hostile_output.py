"""Issue 15, finding 1: strings from outside never reach a terminal, a JSON output or a note
with a control character a terminal would obey (OSC 52 clipboard writes, title changes,
screen clears, C1 controls, bidi overrides)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing import cli, safe

ESC = "\x1b"
OSC52 = "\x1b]52;c;aGVsbG8=\x1b\\"
#: Every character a terminal may obey; newline and tab are checked separately.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _console_script() -> str:
    found = shutil.which("briefing", path=str(Path(sys.executable).parent)) or shutil.which("briefing")
    assert found, "the briefing console script is not installed"
    return found


def hostile_corpus(root: Path, plain: int = 200) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for n in range(plain):
        (root / f"plain-{n:03d}.txt").write_text(
            f"Harbour talks number {n}\n\nThe harbour board met again on day {n} to discuss the dredging plan.\n",
            encoding="utf-8")
    (root / f"evil{ESC}]0;pwned{chr(7)}name.md").write_text(
        f"---\ntitle: \"Harbour {ESC}[2J title\"\nsource: \"R{OSC52}\"\nauthor: \"A\u009b31m\u202eevil\"\n"
        f"url: \"https://x.example/{ESC}[5m\"\n---\n\nHarbour text with {ESC}[31mred{ESC}[0m and \u009d0;t\u009c.\n",
        encoding="utf-8")
    (root / "meta.html").write_text(
        "<html><head><title>Harbour page</title>"
        f"<meta name=\"author\" content=\"Bob{ESC}[2J\">"
        f"<meta property=\"og:site_name\" content=\"Site{ESC}[2J\u009b2J\">"
        f"<meta property=\"og:url\" content=\"https://y.example/{OSC52}\">"
        "</head><body><p>Harbour body text about the dredging plan and the board.</p></body></html>",
        encoding="utf-8")
    return root


def _assert_clean(text: str, where: str) -> None:
    bad = CONTROL.findall(text)
    assert not bad, f"{where}: raw control characters {sorted(set(map(ord, bad)))}"


def _run(*args: str, env: dict) -> subprocess.CompletedProcess:
    proc = subprocess.run([_console_script(), *args], capture_output=True, env=env, timeout=300)
    # Decoded strictly: a raw C1 byte pair (\xc2\x9b) is a control character once decoded.
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return proc, out, err


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ)
    e["BRIEFING_DATA_DIR"] = str(tmp_path / "data")
    e["BRIEFING_CONFIG_DIR"] = str(tmp_path / "config")
    e.pop("BRIEFING_CONFIG", None)
    return e


def test_console_script_never_prints_raw_escapes(tmp_path, env):
    corpus = hostile_corpus(tmp_path / "corpus")
    seen = []
    for args in (["index"], ["search", "harbour", "--limit", "300"], ["search", "harbour", "--json", "--limit", "300"],
                 ["entities"], ["entities", "--json"], ["export", "--query", "harbour"],
                 ["search", f"harbour{ESC}]52;c;x"]):
        proc, out, err = _run("--corpus", str(corpus), *args, env=env)
        assert proc.returncode in (0, 1, 2), (args, err)
        _assert_clean(out, f"{args} stdout")
        _assert_clean(err, f"{args} stderr")
        seen.append(out)
    search_out, json_out = seen[1], seen[2]
    assert "202 results" in search_out
    # Shown, not dropped: the user can see something odd was in the file.
    assert "\u241b]52;c;aGVsbG8=" in search_out and "Site\u241b[2J" in search_out
    # JSON keeps the data exactly, with every obeyable character as an escape.
    hits = json.loads(json_out)
    assert any(h["source"] == f"Site{ESC}[2J\u009b2J" for h in hits)
    assert any(h["id"] == f"evil{ESC}]0;pwned\aname" for h in hits)
    assert "\\u009b" in json_out


def test_export_file_has_no_raw_controls(tmp_path, env):
    corpus = hostile_corpus(tmp_path / "corpus", plain=5)
    out = tmp_path / "note.md"
    proc, _, err = _run("--corpus", str(corpus), "export", "--query", "harbour", "-o", str(out), env=env)
    assert proc.returncode == 0, err
    _assert_clean(out.read_text(encoding="utf-8"), "note")


hostile_text = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0, max_codepoint=0x9f),
    st.sampled_from(list(safe.BIDI + safe.ZERO_WIDTH + "\u2028\u2029\ud800\udfff")),
    st.characters(),
), max_size=60)


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_every_output_path_of_a_hostile_string(s):
    one_line = [safe.clean(s), cli._printable(s)]
    for out in one_line:
        _assert_clean(out, "one line")
        assert "\n" not in out and "\t" not in out
        assert not re.search("[\ud800-\udfff]", out)
    body = safe.clean_text(s)
    _assert_clean(body, "text")
    assert len(body) == len(s), "offsets into the text must stay right"
    dumped = safe.dumps({"v": s})
    _assert_clean(dumped, "json")
    assert "\n" not in dumped
    assert json.loads(dumped) == {"v": s}


@settings(max_examples=100, deadline=None)
@given(hostile_text)
def test_error_lines_and_status_line(s):
    import io
    from contextlib import redirect_stderr

    buf = io.StringIO()
    with redirect_stderr(buf):
        cli._error(f"cannot read {s}")
    _assert_clean(buf.getvalue(), "error")
    assert buf.getvalue().count("\n") == 1

    from briefing.scope import Scope
    from briefing.tui.widgets.status_line import StatusLine

    line = StatusLine(s)
    line.scope = Scope("", s or "x")
    line.index_state = s
    _assert_clean(line.text().plain, "status line")


def test_app_shows_hostile_fields_as_symbols(tmp_path):
    """The list rows, reader meta line and text, and status line through Pilot."""
    import asyncio

    from tests.app_support import make_app, screen_text, settle

    corpus = hostile_corpus(tmp_path / "corpus", plain=5)

    async def run():
        app = make_app(corpus=[str(corpus)])
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"harbour", "enter")
            await settle(pilot)
            texts = [screen_text(app)]
            for _ in range(3):
                await pilot.press("down")
                await settle(pilot)
                texts.append(screen_text(app))
            return texts

    texts = asyncio.run(run())
    for text in texts:
        _assert_clean(text.replace("\n", ""), "screen")
    assert any("\u241b" in t for t in texts), "the escape should show as a symbol"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_real_terminal_capture_has_no_obeyed_sequences(tmp_path, env):
    """The app in a real terminal (tmux), captured with its escapes (-e): only the app's
    own colour codes, no OSC (clipboard, title), no screen clear, no C1 control."""
    import time

    corpus = hostile_corpus(tmp_path / "corpus", plain=5)
    name = f"hostile-{os.getpid()}"
    cmd = (f"BRIEFING_DATA_DIR={tmp_path / 'data'} BRIEFING_CONFIG_DIR={tmp_path / 'config'} "
           f"{_console_script()} --corpus {corpus}")
    subprocess.run(["tmux", "new", "-d", "-s", name, "-x", "160", "-y", "50", cmd], check=True)
    try:
        seen = ""
        for _ in range(100):  # until the list shows the hostile article, at most ~20 s
            time.sleep(0.2)
            seen = subprocess.run(["tmux", "capture-pane", "-e", "-p", "-t", name],
                                  capture_output=True, text=True, errors="replace").stdout
            if "\u241b" in seen:
                break
        assert "\u241b" in seen, seen
        assert "\x1b]" not in seen and "\x1b[2J" not in seen
        assert not re.search("[\x80-\x9f]", seen)
    finally:
        subprocess.run(["tmux", "send-keys", "-t", name, "q"])
        time.sleep(0.5)
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
