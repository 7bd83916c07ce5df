"""Issue 15, findings 2-4 and 6: the index folder under attack. A rebuild deletes only
briefing's files; only damage to the index's files counts as damage; a tampered
vocabulary file runs no code; a file name that is not UTF-8 never stops a corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.search.store import MARKER, Index

ENGINES = ["whoosh", "tantivy"]


def corpus(root: Path, n: int = 120) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"a{i:03d}.txt").write_text(f"Ferry strike day {i}\n\nThe ferry crews walked out on day {i}.\n",
                                            encoding="utf-8")
    return root


def user_files(index_dir: Path) -> dict[Path, bytes]:
    files = {index_dir / "my-notes.md": b"# my notes\n", index_dir / "drafts" / "draft.txt": b"draft\n",
             index_dir / "MAIN.txt": b"not whoosh's\n"}
    for p, data in files.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return files


def cli(tmp_path: Path, config: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, BRIEFING_DATA_DIR=str(tmp_path / "data"), BRIEFING_CONFIG_DIR=str(tmp_path / "cfg"))
    env.pop("BRIEFING_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "briefing", "--config", str(config), *args],
                          capture_output=True, text=True, env=env, timeout=300)


def write_config(tmp_path: Path, engine: str, index_dir: Path, root: Path) -> Path:
    cfg = tmp_path / f"config-{engine}.yaml"
    cfg.write_text(f"corpus:\n  - {root}\nindex_dir: {index_dir}\nsearch:\n  engine: {engine}\n", encoding="utf-8")
    return cfg


def test_rebuild_engine_switch_upgrade_and_damage_keep_the_users_files(tmp_path):
    root = corpus(tmp_path / "corpus")
    ix_dir = tmp_path / "shared-folder"
    whoosh_cfg = write_config(tmp_path, "whoosh", ix_dir, root)
    tantivy_cfg = write_config(tmp_path, "tantivy", ix_dir, root)
    proc = cli(tmp_path, whoosh_cfg, "index")
    assert proc.returncode == 0, proc.stderr
    mine = user_files(ix_dir)  # the user puts files beside the index once it exists

    def still_there(step: str) -> None:
        for p, data in mine.items():
            assert p.exists() and p.read_bytes() == data, f"{step} deleted {p.name}"

    proc = cli(tmp_path, whoosh_cfg, "index", "--rebuild")
    assert proc.returncode == 0, proc.stderr
    still_there("--rebuild")
    proc = cli(tmp_path, tantivy_cfg, "search", "ferry")
    assert proc.returncode == 0 and "120 results" in proc.stdout, proc.stderr
    still_there("switching engine")
    # A schema upgrade: the marker says another version made the folder.
    marker = json.loads((ix_dir / MARKER).read_text())
    (ix_dir / MARKER).write_text(json.dumps(dict(marker, briefing_index=1)))
    proc = cli(tmp_path, tantivy_cfg, "search", "ferry")
    assert proc.returncode == 0 and "120 results" in proc.stdout, proc.stderr
    still_there("a schema upgrade")
    # Damage: every tantivy file garbled.
    for p in (ix_dir / "tantivy").iterdir():
        if p.is_file() and p.stat().st_size:
            p.write_bytes(b"\x00garbage" * 10)
    proc = cli(tmp_path, tantivy_cfg, "search", "ferry")
    assert "120 results" in proc.stdout, proc.stdout + proc.stderr
    still_there("damage recovery")


@pytest.mark.parametrize("engine", ENGINES)
def test_index_rebuild_in_place_keeps_foreign_files(tmp_path, engine):
    from briefing.search import registry

    root = corpus(tmp_path / "corpus", 20)
    ix = Index(tmp_path / "ix", [root], registry.engine_class(engine))
    ix.open()
    ix.sync()
    mine = user_files(tmp_path / "ix")
    ix.rebuild()
    assert ix.sync().added and ix.doc_count() == 20
    fresh = ix.beside()
    fresh.sync()
    ix.replace_with(fresh)
    assert ix.doc_count() == 20
    ix.close()
    for p, data in mine.items():
        assert p.read_bytes() == data


def _library(tmp_path: Path, engine: str, n: int = 120):
    from briefing.config import load_config
    from briefing.library import Library

    root = corpus(tmp_path / "corpus", n)
    cfg = write_config(tmp_path, engine, tmp_path / "ix", root)
    lib = Library(load_config(str(cfg)))
    lib.sync()
    return lib


def _index_files(d: Path) -> dict[str, int]:
    return {str(p.relative_to(d)): p.stat().st_ino for p in d.rglob("*") if p.is_file()}


def test_an_engine_bug_on_a_query_is_a_one_line_error_and_the_index_stays(tmp_path, monkeypatch):
    """Finding 2: any exception from a Whoosh frame counted as damage; a valid query
    that tripped Whoosh's query code deleted and rebuilt the index."""
    from whoosh.query import AndNot

    from briefing.errors import QueryError

    lib = _library(tmp_path, "whoosh")
    before = _index_files(tmp_path / "ix")

    def engine_bug(self, searcher, context=None):
        raise IndexError("list index out of range")  # as AndNot past the end does

    monkeypatch.setattr(AndNot, "matcher", engine_bug)
    with pytest.raises(QueryError) as err:
        lib.search("ferry ANDNOT crews")
    assert "\n" not in str(err.value)
    monkeypatch.undo()
    assert _index_files(tmp_path / "ix") == before, "the index was rebuilt"
    assert lib.search("ferry").total == 120
    lib.close()


@pytest.mark.parametrize("message, damage", [("An invalid argument was passed: 'x'", False),
                                             ("An IO error occurred: 'checksum mismatch'", True)])
def test_tantivy_rebuilds_only_on_damage(tmp_path, monkeypatch, message, damage):
    from briefing.errors import QueryError
    from briefing.search import tantivy_engine

    lib = _library(tmp_path, "tantivy")
    before = _index_files(tmp_path / "ix")
    calls = []
    real = tantivy_engine.TantivyEngine.search.__wrapped__

    def failing(self, query, limit):
        calls.append(1)
        if len(calls) == 1:
            raise ValueError(message)
        return real(self, query, limit)

    monkeypatch.setattr(tantivy_engine.TantivyEngine, "search", tantivy_engine.reading(failing))
    if damage:
        results = lib.search("ferry")
        assert results.total == 120 and "damaged" in results.notice
    else:
        with pytest.raises(QueryError):
            lib.search("ferry")
        assert _index_files(tmp_path / "ix") == before, "the index was rebuilt"
    lib.close()


def test_a_tampered_vocabulary_file_runs_no_code(tmp_path):
    """Finding 6: vocabulary.pickle was read with plain pickle.load."""
    import pickle

    from briefing.search.spelling import Vocabulary

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (marker,))

    (tmp_path / Vocabulary.FILE).write_bytes(pickle.dumps({"x": Payload()}))
    assert Vocabulary.load(tmp_path).counts == {}
    assert not marker.exists()
    Vocabulary({"ferry": 3}).save(tmp_path)
    assert Vocabulary.load(tmp_path).counts == {"ferry": 3}


def _export(tmp_path: Path, root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, BRIEFING_DATA_DIR=str(tmp_path / "data"), BRIEFING_CONFIG_DIR=str(tmp_path / "cfg"))
    env.pop("BRIEFING_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "briefing", "--corpus", str(root), "export", "--query", "ferry", *args],
                          capture_output=True, text=True, env=env, timeout=300)


def test_export_force_refuses_symlinks_fifos_and_devices(tmp_path):
    """Finding 7: --force replaced a FIFO, a symlink or (as root) /dev/null by a file."""
    root = corpus(tmp_path / "corpus", 10)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    link = tmp_path / "link.md"
    link.symlink_to(precious)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    for target in (link, fifo, Path(os.devnull)):
        proc = _export(tmp_path, root, "-o", str(target), "--force")
        assert proc.returncode != 0 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "refusing" in proc.stderr
    assert link.is_symlink() and precious.read_text() == "keep me\n"
    assert fifo.is_fifo() and Path(os.devnull).is_char_device()
    # Standard output by name, and a new path with a long (249-byte) UTF-8 name.
    proc = _export(tmp_path, root, "-o", "/dev/stdout")
    assert proc.returncode == 0 and "ferry" in proc.stdout.lower(), proc.stderr
    long_name = tmp_path / ("é" * 122 + "x.md")[-124:]
    assert len(long_name.name.encode()) <= 255
    long_name = tmp_path / ("é" * 122 + "abcde")  # 249 bytes
    assert len(long_name.name.encode()) == 249
    proc = _export(tmp_path, root, "-o", str(long_name))
    assert proc.returncode == 0 and long_name.is_file(), proc.stderr
    proc = _export(tmp_path, root, "-o", str(long_name), "--force")
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("engine", ENGINES)
def test_a_name_that_is_not_utf8_is_one_skipped_file(tmp_path, engine):
    """Finding 4: `bad\\xff.txt` made the corpus unindexable on both engines, --rebuild too."""
    root = corpus(tmp_path / "corpus", 150)
    with open(os.path.join(os.fsencode(root), b"bad\xff.txt"), "wb") as fh:
        fh.write(b"Ferry bad name\n\nThe ferry sailed.\n")
    cfg = write_config(tmp_path, engine, tmp_path / "ix", root)
    for args in (["index"], ["index", "--rebuild"], ["search", "ferry"]):
        proc = cli(tmp_path, cfg, *args)
        assert proc.returncode == 0 and "internal error" not in proc.stderr, proc.stderr
    assert "150 results" in proc.stdout
    proc = cli(tmp_path, cfg, "index", "--rebuild")
    assert "not valid UTF-8" in proc.stdout and "\udcff" not in proc.stdout
