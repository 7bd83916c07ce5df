"""Fault injection, corpus side: every kind of bad file is indexed with a fallback or
skipped with a reason, the good articles stay searchable and nothing is modified."""

from __future__ import annotations

import hashlib
import os
import sys

import pytest

from briefing import corpus
from briefing.cli import main
from briefing.corpus import SkipFile, discover, read_article

HOSTILE_TITLE = "[CORRECTED 14:06 GMT] [bold]Lee[/] meets [link=https://x.test]Ishiba[/link]"


def build_hostile_corpus(root):
    """One file of every kind the issue names, beside the five seed articles."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (root / "disguised.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (root / "random.md").write_bytes(bytes((i * 7919) % 256 for i in range(4000)))
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text("  \n\n \t\n")
    (root / "latin1.txt").write_bytes("Pub prices\n\nA pint now costs £5 in the café.".encode("latin-1"))
    (root / "bad-front.md").write_text("---\ntitle: [unclosed\nsource: : :\n---\nBody under broken front matter.\n")
    (root / "list-front.md").write_text("---\n- a\n- b\n---\nList front matter body.\n")
    (root / "bad-month.md").write_text("---\ntitle: Month thirty\npublished: 1998-30-06\n---\nA gazebo report.\n")
    (root / "bad-day.md").write_text("---\ntitle: February thirtieth\npublished: 2000-02-30\n---\nA trellis report.\n")
    (root / "tagged.md").write_text("---\ntitle: Tagged\nauthor: !!python/object/apply:os.system [true]\n---\n"
                                    "A pergola report.\n")
    (root / "script.html").write_text(
        "<html><head><title>Scripted</title><script>document.write('<p>evil</p>')</script></head>"
        "<body><h1>Script page</h1><p>Harmless paragraph.</p><script>var s='</p>';</script></body></html>")
    (root / "markup.md").write_text(
        f'---\ntitle: "{HOSTILE_TITLE}"\n---\n[/] closes nothing; \x1b[31mANSI\x1b[0m, \u202ebidi\u202c, '
        "e\u0301\u0301 and 🇰🇷 emoji.\n")
    (root / "long-line.txt").write_text("Long line\n\n" + "word" * 50_000)
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "fifo.txt")
    os.symlink("nowhere.txt", root / "dangling.txt")
    os.symlink("loop-b.txt", root / "loop-a.txt")
    os.symlink("loop-a.txt", root / "loop-b.txt")
    (root / "folder.md").mkdir()
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")  # a directory loop
    return root


def digest(root) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink() and not p.is_fifo():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def hostile(seeds_copy):
    return build_hostile_corpus(seeds_copy)


def test_hostile_corpus_indexes_with_exit_0_and_a_summary(capsys, hostile):
    before = digest(hostile)
    code = main(["--corpus", str(hostile), "index"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in out + err
    assert out.startswith("Indexed ")
    reasons = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line.split(": ", 1)[1]
               for line in out.splitlines() if line.strip().startswith("skipped ")}
    assert "image.png" not in reasons  # not an article extension: never even listed
    assert "binary" in reasons["disguised.txt"]
    assert "binary" in reasons["random.md"]
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.md"]
    assert "broken link" in reasons["dangling.txt"] and "loop" in reasons["loop-a.txt"]
    if hasattr(os, "mkfifo"):
        assert "not a regular file" in reasons["fifo.txt"]
    assert digest(hostile) == before, "indexing must never modify the corpus"
    for query, wanted in (('"joint military drills"', "000_f07592ef50349924"), ("café", "latin1"),
                          ("harmless", "script"), ("ishiba", "markup"), ("broken front matter", "bad-front"),
                          ("gazebo", "bad-month"), ("trellis", "bad-day"), ("pergola", "tagged")):
        code = main(["--corpus", str(hostile), "search", query, "--json"])
        out, err = capsys.readouterr()
        assert code == 0, err
        assert wanted in out, (query, out)
    code = main(["--corpus", str(hostile), "search", "evil"])
    out, _ = capsys.readouterr()
    assert "No results" in out, "script contents must not be indexed"


def test_fallback_reads_are_reported_as_warnings(capsys, hostile):
    main(["--corpus", str(hostile), "index"])
    out, _ = capsys.readouterr()
    assert "latin1.txt: indexed with a warning: not UTF-8" in out
    assert "bad-front.md: indexed with a warning: front matter is not valid YAML" in out
    assert "bad-month.md: indexed with a warning: published '1998-30-06' is not a date; ignored" in out
    assert "bad-day.md: indexed with a warning: published '2000-02-30' is not a date; ignored" in out
    assert "tagged.md: indexed with a warning: front matter tag !!python/object/apply:os.system" in out


def test_every_bad_file_is_listed_however_many(capsys, tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    (root / "good.txt").write_text("Good\n\nA readable article.")
    for n in range(30):
        (root / f"empty{n:02}.txt").write_bytes(b"")
        (root / f"date{n:02}.md").write_text(f"---\npublished: 1999-02-{30 + n % 2}\n---\nBody {n}.\n")
    assert main(["--corpus", str(root), "index"]) == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()[1:]
    assert len(lines) == 60
    assert sum(line.startswith("  skipped ") and line.endswith(": empty file") for line in lines) == 30
    assert sum("indexed with a warning: published '1999-02-3" in line for line in lines) == 30


def test_fifo_is_skipped_not_waited_on(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe.txt")
    entries, skipped = discover([tmp_path])
    assert not entries and skipped[0].reason == "not a regular file"
    # Swapped in after discovery: the read itself must not block either.
    with pytest.raises(SkipFile, match="not a regular file"):
        read_article(tmp_path / "pipe.txt", "pipe")


def test_huge_file_is_truncated_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus.readers, "MAX_BYTES", 64 * 1024)
    big = tmp_path / "big.txt"
    big.write_bytes(b"Big headline\n\n" + b"All work and no play. " * 20_000)
    art = read_article(big, "big")
    assert art.title == "Big headline"
    assert len(art.text.encode()) <= 64 * 1024
    assert any("only the start was read" in w for w in art.warnings)


def test_file_that_vanishes_after_discovery_is_skipped(tmp_path, seeds_copy):
    from briefing.search.store import Index

    doomed = seeds_copy / "doomed.txt"
    doomed.write_text("Doomed\n\nGone before it is read.")
    real_discover = discover

    def discover_then_delete(roots):
        found = real_discover(roots)
        doomed.unlink()
        return found

    from briefing.search import store as index_module

    ix = Index(tmp_path / "ix", [seeds_copy])
    ix.open()
    try:
        index_module.discover = discover_then_delete
        report = ix.sync()
    finally:
        index_module.discover = real_discover
    assert [s.reason for s in report.skipped] == ["file vanished while reading"]
    assert len(report.added) == 5


def test_permission_denied_is_a_reason_not_a_crash(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret\n\nbody")
    real_open = os.open

    def deny(path, *args, **kwargs):
        if str(path).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(SkipFile, match="permission denied"):
        read_article(secret, "secret")


def test_file_changing_between_syncs_is_reindexed_from_one_read(tmp_path):
    path = tmp_path / "moving.txt"
    path.write_text("Before\n\nold body")
    art = read_article(path, "moving")
    path.write_text("After\n\nnew body, longer than before")
    again = read_article(path, "moving")
    # Hash and text come from the same bytes, so a change is never half-seen.
    assert art.hash != again.hash and again.title == "After" and "new body" in again.body


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlinked_folder_loop_is_not_followed(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text("Story\n\nbody")
    os.symlink("..", tmp_path / "a" / "loop")
    entries, skipped = discover([tmp_path])
    assert [e.id for e in entries] == ["a/story"] and not skipped
