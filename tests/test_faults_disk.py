"""Issue 15, finding 10: a full disk or a read-only data folder is not index damage. A
search of an intact index answers, with one warning line saying why it may be stale;
nothing says "damaged" and nothing is rebuilt.

The real cases run in a private mount namespace (`unshare -rm`: a tiny tmpfs that
fills up, a read-only bind mount that stops root too), skipped where the system does
not allow one. The injected cases raise the system's own error at the write layer and
run everywhere."""

from __future__ import annotations

import errno
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from briefing.config import Config
from briefing.library import Library

from tests.test_hostile_output import _console_script


def _corpus(root, n: int = 250):
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"a{i:03d}.txt").write_text(f"Harbour {i}\n\nThe harbour board met on day {i} about dredging.\n",
                                            encoding="utf-8")
    return root


def _namespaces_work() -> bool:
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt 2>/dev/null "
                            "|| mount -t tmpfs -o size=1m tmpfs /tmp"], capture_output=True, timeout=30)
    return probe.returncode == 0


needs_namespace = pytest.mark.skipif(not _namespaces_work(), reason="no private mount namespace (unshare -rm) here")


def _in_namespace(script: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=timeout)


def _engines() -> list[str]:
    from briefing.search import registry

    out = []
    for name in registry.ENGINES:
        try:
            registry.engine_class(name)
        except Exception:  # noqa: BLE001 - an engine not installed here
            continue
        out.append(name)
    return out


@needs_namespace
@pytest.mark.parametrize("engine", _engines())
def test_full_disk_searches_the_intact_index_with_one_warning(tmp_path, engine):
    corpus = _corpus(tmp_path / "news")
    data = tmp_path / "data"
    data.mkdir()
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"search:\n  engine: {engine}\n", encoding="utf-8")
    bf = f"BRIEFING_DATA_DIR={shlex.quote(str(data))} {shlex.quote(_console_script())} --config {shlex.quote(str(cfg))}"
    c = shlex.quote(str(corpus))
    script = f"""
set -e
mount -t tmpfs -o size=8m tmpfs {shlex.quote(str(data))}
{bf} --corpus {c} index > /dev/null
dd if=/dev/zero of={shlex.quote(str(data))}/filler bs=64k 2>/dev/null || true
for i in $(seq 0 40); do printf 'Fresh %s\\n\\nA fresh harbour article about dredging, number %s.\\n' $i $i > {c}/fresh$i.txt; done
set +e
{bf} --corpus {c} search dredging --limit 300; echo "search exit $?"
{bf} --corpus {c} index; echo "index exit $?"
"""
    proc = _in_namespace(script)
    out, err = proc.stdout, proc.stderr
    assert "search exit 0" in out, (out[-2000:], err[-2000:])
    found = re.search(r"(\d+) results", out)
    assert found and int(found.group(1)) >= 250, out[:300]
    assert "damaged" not in err and "internal error" not in err and "Traceback" not in err, err
    warnings = [line for line in err.splitlines() if line.startswith("briefing: warning:")]
    assert len(warnings) == 2, err  # one for the search, one for the index command
    assert "the disk is full" in warnings[0] and "results may be stale" in warnings[0]
    assert "index exit 1" in out


@needs_namespace
def test_read_only_data_folder_searches_with_one_warning(tmp_path):
    corpus = _corpus(tmp_path / "news")
    data = tmp_path / "data"
    bf = f"BRIEFING_DATA_DIR={shlex.quote(str(data))} {shlex.quote(_console_script())}"
    c, d = shlex.quote(str(corpus)), shlex.quote(str(data))
    script = f"""
set -e
{bf} --corpus {c} index > /dev/null
mount --bind {d} {d}
mount -o remount,ro,bind {d}
printf 'Fresh\\n\\nA fresh harbour article about dredging.\\n' > {c}/fresh.txt
set +e
{bf} --corpus {c} search dredging --limit 1; echo "search exit $?"
BRIEFING_DATA_DIR={d}/elsewhere {shlex.quote(_console_script())} --corpus {c} search dredging; echo "none exit $?"
"""
    proc = _in_namespace(script)
    out, err = proc.stdout, proc.stderr
    assert "search exit 0" in out and "250 results" in out, (out[-2000:], err[-2000:])
    assert ".sync-lock" not in err and "internal error" not in err and "damaged" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith("briefing: warning:") and "read-only" in lines[0] and "stale" in lines[0]
    assert "no index to search" in lines[1] and "read-only" in lines[1]
    assert "none exit 1" in out


def _no_space(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_injected_full_disk_on_the_manifest_write(tmp_path, monkeypatch):
    """The index commit went through, the manifest write after it did not: searched as it is."""
    corpus = _corpus(tmp_path / "news", 220)
    lib = Library(Config(corpus=[str(corpus)], index_dir=str(tmp_path / "ix")))
    lib.sync()
    (corpus / "fresh.txt").write_text("Fresh\n\nA fresh harbour article about dredging.\n", encoding="utf-8")
    monkeypatch.setattr("briefing.atomic.tempfile.mkstemp", _no_space)
    report = lib.sync()
    assert "disk is full" in report.stale and "stale" in report.stale
    assert lib.search("dredging", limit=None).total >= 220
    monkeypatch.undo()
    # Space again: the next sync catches up, no rebuild, nothing lost.
    report = lib.sync()
    assert not getattr(report, "stale", "") and not report.rebuilt_reason
    assert lib.search("fresh", limit=None).total == 1
    assert lib.search("dredging", limit=None).total == 221
    lib.close()


def test_injected_unwritable_sync_lock(tmp_path, monkeypatch):
    """A lock file that cannot be made (EROFS as root sees it) is a warning, not an internal error."""
    import builtins

    corpus = _corpus(tmp_path / "news", 30)
    lib = Library(Config(corpus=[str(corpus)], index_dir=str(tmp_path / "ix")))
    lib.sync()
    real_open = builtins.open

    def open_(file, mode="r", *args, **kwargs):
        if str(file).endswith(".sync-lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_)
    report = lib.sync()
    assert "read-only" in report.stale
    assert lib.search("harbour", limit=None).total == 30
    lib.close()


def test_a_real_damage_is_still_damage(tmp_path):
    from briefing.syncing import unwritable
    from briefing.errors import IndexDamaged

    assert unwritable(IndexDamaged("zlib.error")) is None
    assert unwritable(OSError(errno.EIO, "Input/output error")) is None
    assert unwritable(IndexDamaged("IoError { kind: StorageFull }")) == "the disk is full"
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as exc:
            raise IndexDamaged("OSError") from exc
    except IndexDamaged as outer:
        assert unwritable(outer) == "the disk is full"


def test_app_warns_and_keeps_the_list_on_a_full_disk(tmp_path, monkeypatch):
    import asyncio

    from briefing.tui.app import BriefingApp
    from briefing.tui.widgets.article_list import ArticleList

    corpus = _corpus(tmp_path / "news", 40)
    config = Config(corpus=[str(corpus)], index_dir=str(tmp_path / "ix"))
    Library(config).sync()
    (corpus / "fresh.txt").write_text("Fresh\n\nA fresh harbour article.\n", encoding="utf-8")
    monkeypatch.setattr("briefing.atomic.tempfile.mkstemp", _no_space)
    notes: list[str] = []

    async def run() -> None:
        app = BriefingApp(config)
        real = app.notify

        def notify(message, *args, **kwargs):
            notes.append(str(message))
            return real(message, *args, **kwargs)

        app.notify = notify
        async with app.run_test(size=(120, 36)) as pilot:
            for _ in range(300):
                await pilot.pause(0.05)
                if any("stale" in n for n in notes) and app.query_one(ArticleList).option_count >= 40:
                    break
            assert app.query_one(ArticleList).option_count >= 40
            await pilot.pause(0.3)
            assert "may be stale" in app.status.index_state, app.status.index_state

    asyncio.run(run())
    assert any("disk is full" in n and "stale" in n for n in notes), notes
    assert not any("damaged" in n.lower() for n in notes), notes
