"""A corpus with the bad files real folders have: every other file is indexed, and
`briefing index` names each bad file with its reason on one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.search import ingest
from briefing.cli import main
from briefing.corpus import Entry, discover
from briefing.entities.extract import Extractor
from briefing.library import Library
from tests.conftest import SEEDS

GOOD = {
    # file -> (front matter date line, a word only this file has, the date it must get)
    "iso.md": ("published: 1998-06-10", "quokka", "1998-06-10"),
    "iso-time.md": ("published: 1998-06-11T21:46:00Z", "narwhal", "1998-06-11"),
    "rfc.md": ("published: Wed, 10 Jun 1998 21:46:00 GMT", "axolotl", "1998-06-10"),
    "long.md": ("published: June 12, 1998", "pangolin", "1998-06-12"),
    "abbrev.md": ("published: Jun. 13, 1998", "tapir", "1998-06-13"),
    "dmy-words.md": ("published: 14 June 1998", "okapi", "1998-06-14"),
    "us.md": ("published: 06/15/1998", "dugong", "1998-06-15"),
}
BAD = {
    # file -> (contents, what its line must say)
    "month-30.md": ("---\ntitle: Ferry pier to close\npublished: 1998-30-06\n---\nThe capybara council met.\n",
                    "indexed with a warning: published '1998-30-06' is not a date; ignored"),
    "feb-30.md": ("---\ntitle: Pier repairs delayed\npublished: 2000-02-30\n---\nThe wombat inspectors came.\n",
                  "indexed with a warning: published '2000-02-30' is not a date; ignored"),
    "tagged.md": ("---\ntitle: !!python/object/apply:os.system [echo pwned]\nsource: Harbour Post\n---\n"
                  "Ocelot sightings near the pier rose sharply.\n",
                  "indexed with a warning: front matter tag !!python/object/apply:os.system not understood"),
    "broken.md": ("---\ntitle: Breaking: pier shut\nsource: [Harbour\n---\nThe meerkat exhibit moved inland.\n",
                  "indexed with a warning: front matter is not valid YAML"),
}
SKIPPED = {"zero.txt": b"", "blank.md": b"   \n\n", "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4}


def build(root: Path) -> Path:
    root.mkdir(parents=True)
    for name, (date_line, word, _) in GOOD.items():
        (root / name).write_text(f"---\ntitle: Harbour story {word}\n{date_line}\n---\n"
                                 f"The {word} was seen near the harbour on Tuesday.\n", encoding="utf-8")
    for name, (text, _) in BAD.items():
        (root / name).write_text(text, encoding="utf-8")
    for name, data in SKIPPED.items():
        (root / name).write_bytes(data)
    return root


def console_script() -> str:
    script = Path(sys.executable).with_name("briefing")
    if not script.exists():
        pytest.skip("the briefing console script is not installed beside this Python")
    return str(script)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([console_script(), *args], capture_output=True, text=True, cwd=cwd, timeout=120,
                          env={**os.environ, "COLUMNS": "200"})


def test_briefing_index_lists_every_bad_file_and_indexes_the_rest(tmp_path):
    corpus = build(tmp_path / "news")
    config = tmp_path / "briefing.yaml"
    config.write_text(f"corpus: [news]\nindex_dir: {tmp_path / 'ix'}\n", encoding="utf-8")

    proc = run_cli("--config", str(config), "index", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    summary, *lines = proc.stdout.splitlines()
    assert summary.startswith(f"Indexed {len(GOOD) + len(BAD)} new")
    assert f"{len(BAD)} with warnings" in summary and f"skipped {len(SKIPPED)}" in summary
    by_file = {}
    for line in lines:
        path = next(str(corpus / n) for n in (*BAD, *SKIPPED) if f"{corpus / n}:" in line)
        assert path not in by_file, f"{path} listed twice"
        by_file[path] = line
    assert len(by_file) == len(BAD) + len(SKIPPED) == len(lines)
    for name, (_, says) in BAD.items():
        assert by_file[str(corpus / name)].startswith(f"  {corpus / name}: {says}")
    for name, reason in (("zero.txt", "empty file"), ("blank.md", "empty file"), ("binary.txt", "binary")):
        assert by_file[str(corpus / name)].startswith(f"  skipped {corpus / name}: {reason}")

    words = [w for _, w, _ in GOOD.values()] + ["capybara", "wombat", "ocelot", "meerkat"]
    proc = run_cli("--config", str(config), "search", " OR ".join(words), "--json", "--limit", "50", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = {r["id"]: r for r in json.loads(proc.stdout)}
    assert set(rows) == {Path(n).stem for n in (*GOOD, *BAD)}
    for name, (_, _, date) in GOOD.items():
        assert rows[Path(name).stem]["published"] == date, name
    # What could be read of the bad ones is kept.
    assert rows["month-30"]["title"] == "Ferry pier to close" and not rows["month-30"]["published"]
    assert rows["broken"]["title"] == "Breaking: pier shut"
    assert rows["tagged"]["source"] == "Harbour Post"
    assert rows["tagged"]["title"] == "Ocelot sightings near the pier rose sharply."


MARKER = "xylophonist"


def test_an_extractor_that_raises_on_one_article_costs_only_that_articles_entities(seeds_copy, monkeypatch, capsys):
    (seeds_copy / "poison.txt").write_text(
        f"Pier talks\n\nThe {MARKER} from Seoul met President Lee Jae-myung and Japan's prime minister.\n")
    real_call = Extractor.__call__

    def fragile(self, text):
        if MARKER in text:
            raise RuntimeError("extractor tripped")
        return real_call(self, text)

    # Both the sync's readers and the entity store call the extractor through this.
    monkeypatch.setattr(Extractor, "__call__", fragile)
    code = main(["--corpus", str(seeds_copy), "index"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("Indexed 6 new")
    assert (f"  {seeds_copy / 'poison.txt'}: indexed with a warning: entities could not be extracted "
            "(RuntimeError: extractor tripped); indexed without them") in out.splitlines()

    lib = Library.open(corpus=[str(seeds_copy)])
    try:
        lib.sync()
        seeds = sorted(p.stem for p in SEEDS.glob("*.md"))
        assert lib.article_count() == len(seeds) + 1
        assert lib.article("poison").title == "Pier talks"  # indexed and searchable
        assert not lib.entity_spans("poison")
        for aid in seeds:
            assert lib.entity_spans(aid), f"{aid} lost its entities"
        people = {e.name for e in lib.entities("PERSON")}
        assert "Lee Jae-myung" in people
    finally:
        lib.close()


def test_the_entity_store_survives_an_extractor_raising_on_one_article(tmp_path, monkeypatch):
    from briefing.entities import EntityStore

    real_call = Extractor.__call__

    def fragile(self, text):
        if MARKER in text:
            raise ValueError("bad article")
        return real_call(self, text)

    monkeypatch.setattr(Extractor, "__call__", fragile)
    store = EntityStore.open(tmp_path / "ents")

    class Doc:
        def __init__(self, aid, text):
            self.id, self.text = aid, text

    docs = [Doc("a", "President Lee Jae-myung spoke in Seoul."), Doc("b", f"The {MARKER} met Lee Jae-myung."),
            Doc("c", "Shigeru Ishiba visited Tokyo.")]
    store.update(docs)
    store.save()
    assert store.failed == {"b": "ValueError: bad article"}
    table = store.table
    assert {"Lee Jae-myung", "Shigeru Ishiba"} <= {e.name for e in table.entities()}
    assert store.article_ids == {"a", "b", "c"}
    assert table.for_article("a") and table.for_article("c") and not table.for_article("b")
    store.close()


def test_prepare_turns_any_failure_into_a_skip_reason(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text("Pier\n\nThe harbour is calm.")
    (tmp_path / "odd.txt").write_text(f"Pier\n\nThe {MARKER} is odd.")
    real_terms = ingest.terms

    def fragile(text):
        if MARKER in text:
            raise UnicodeError("analyser tripped")
        return real_terms(text)

    monkeypatch.setattr(ingest, "terms", fragile)
    entries, _ = discover([tmp_path])
    results = {e.id: ingest.prepare(e) for e in entries}
    assert results["odd"].skip == "could not be read: UnicodeError: analyser tripped"
    assert results["odd"].article is None
    assert results["ok"].article.title == "Pier" and not results["ok"].skip
    vanished = ingest.prepare(Entry("gone", str(tmp_path / "gone.txt"), 0, 0))
    assert vanished.skip == "file vanished while reading"
