"""Entities: gold quality on two article sets, resolution cases, overrides, store, hostile text."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from briefing.corpus import Article, load_articles
from briefing.entities import EntityError, EntityStore, Overrides, load_overrides

HERE = Path(__file__).parent
ROOT = HERE.parent
DATA = HERE / "data" / "entities"


def _quality():
    spec = importlib.util.spec_from_file_location("entities_quality", ROOT / "benchmarks" / "entities_quality.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def art(aid: str, title: str, body: str) -> Article:
    return Article(id=aid, path=f"{aid}.txt", title=title, body=body)


@pytest.fixture(scope="module")
def seeds():
    return load_articles([str(ROOT / "seeds")])


@pytest.fixture(scope="module")
def seed_table(seeds, tmp_path_factory):
    store = EntityStore.open(tmp_path_factory.mktemp("store"))
    store.update(seeds, [])
    return store.table


@pytest.mark.parametrize("name", ["seeds", "world"])
def test_gold_precision_and_recall(name, tmp_path):
    q = _quality()
    r = q.run(name, tmp_path)
    assert r["recall"] >= 0.95, r["missed"]
    assert r["precision"] >= 0.90, r["false_positives"] + r["splits"]
    assert not r["splits"]
    assert not r["articles"], r["articles"]


def test_lee_once_with_aliases_and_all_articles(seed_table, seeds):
    lees = [e for e in seed_table.entities() if e.name.startswith("Lee")]
    assert [e.name for e in lees] == ["Lee Jae-myung"]
    lee = lees[0]
    assert lee.type == "PERSON"
    assert {"Lee Jae Myung", "President Lee"} <= set(lee.aliases)
    assert set(lee.articles) == {a.id for a in seeds}
    js = lee.to_json()
    assert js["articles"] == sorted(a.id for a in seeds)
    assert js["mentions"] == sum(js["article_mentions"].values())
    for aid, sentence in js["first_sentences"].items():
        text = next(a.text for a in seeds if a.id == aid)
        assert sentence in text


@pytest.mark.parametrize("query,expected", [
    ("president lee", "Lee Jae-myung"), ("Lee Jae Myung", "Lee Jae-myung"),
    ("Lee Jae‑myung", "Lee Jae-myung"), ("Lee’s", "Lee Jae-myung"),
    ("US", "United States"), ("U.S.", "United States"), ("America", "United States"),
    ("ROK", "South Korea"), ("DPRK", "North Korea"), ("Ishiba", "Shigeru Ishiba"),
    ("Trump", "Donald Trump"), ("Kim", "Kim Jong-un"), ("Yoon Suk Yeol", "Yoon Suk-yeol"),
])
def test_resolution_cases(seed_table, query, expected):
    assert seed_table.find(query).name == expected


def test_no_junk(seed_table):
    names = {e.name for e in seed_table.entities()}
    for junk in ("However", "Despite", "Learn", "Lee’s", "Lee’s North Korea", "Image Credit",
                 "Prioritizing U.S.-South Korea Alliance", "Emissary", "The Outcomes", "Commentary"):
        assert junk not in names
    assert seed_table.find("Beijing").name == "Beijing"  # capitals stay places of their own


def test_spans_and_crossrefs(seed_table, seeds):
    a = seeds[1]
    spans = seed_table.spans(a.id)
    assert spans == sorted(spans)
    for s in spans:
        assert a.text[s.start:s.end].strip() == a.text[s.start:s.end]
        assert seed_table.find(a.text[s.start:s.end]) is not None or s.name
    assert any(s.name == "Lee Jae-myung" and a.text[s.start:s.end] == "Lee" for s in spans)
    counts = dict((e.name, n) for e, n in seed_table.for_article(a.id))
    assert counts["Lee Jae-myung"] == seed_table.find("Lee").articles[a.id]
    co = [e.name for e, _ in seed_table.cooccurring("Lee Jae-myung", limit=5)]
    assert "Lee Jae-myung" not in co and "Japan" in co
    assert seed_table.articles_for("Ishiba") == {seeds[1].id, seeds[2].id}
    assert [e.type for e in seed_table.entities("org")] == ["ORG"] * len(seed_table.entities("ORG"))


def test_surname_ambiguous_in_article_is_not_guessed(tmp_path):
    store = EntityStore.open(tmp_path)
    store.update([art("a", "Summit", "Kim Jong-un met Kim Yo-jong in Pyongyang. Kim said nothing.")], [])
    kims = {e.name for e in store.table.entities("PERSON")}
    assert {"Kim Jong-un", "Kim Yo-jong"} <= kims


OVERRIDES = """\
add:
  - {name: Hankyoreh Daily, type: ORG, aliases: [Hanky]}
aliases:
  Lee Jae-myung: [Jaemyung]
merge:
  Seoul: South Korea
split: [Kim]
retype:
  Camp David: ORG
ignore: [AsiaNews]
"""


def test_overrides(tmp_path, seeds):
    path = tmp_path / "entities.yaml"
    path.write_text(OVERRIDES, encoding="utf-8")
    ov = load_overrides(path)
    extra = art("x", "Note", "Jaemyung spoke to Hanky reporters in Seoul.")
    store = EntityStore.open(tmp_path / "s", overrides=ov)
    store.update([*seeds, extra], [])
    t = store.table
    assert t.find("Jaemyung").name == "Lee Jae-myung"
    assert t.find("Seoul").name == "South Korea"
    assert t.find("Hanky").name == "Hankyoreh Daily" and t.find("Hanky").type == "ORG"
    assert t.find("Kim").name == "Kim" and t.find("Kim Jong-un").name == "Kim Jong-un"
    assert t.find("Camp David").type == "ORG"
    assert t.find("AsiaNews") is None


@pytest.mark.parametrize("body,where", [
    ("merge: [a, b]\n", "merge"), ("retype: {X: THING}\n", "retype.X"), ("colour: red\n", "colour"),
    ("add:\n  - {name: X}\n", "add[0].type"), ("aliases: {a: [b\n", "line"), ("- just a list\n", "mapping"),
])
def test_bad_overrides(tmp_path, body, where):
    path = tmp_path / "o.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(EntityError) as exc:
        load_overrides(path)
    msg = str(exc.value)
    assert "\n" not in msg and str(path) in msg and where in msg
    with pytest.raises(EntityError):
        load_overrides(tmp_path / "missing.yaml")


def test_store_incremental_and_round_trip(tmp_path, seeds):
    store = EntityStore.open(tmp_path)
    assert store.needs_full_update
    store.update(seeds[:2], [])
    assert store.table.find("Xi Jinping") is not None and store.table.find("Hankyoreh") is None
    store.update([seeds[2]], [])  # added
    assert store.table.find("Hankyoreh") is not None
    assert store.table.find("Ishiba").name == "Shigeru Ishiba"
    changed = Article(id=seeds[2].id, path="", title="Changed", body="Angela Merkel visited Paris.")
    store.update([changed], [])
    assert store.table.find("Hankyoreh") is None and store.table.find("Angela Merkel").type == "PERSON"
    store.update([], [seeds[1].id])  # removed
    assert store.table.find("Xi Jinping") is None
    store.save()
    again = EntityStore.open(tmp_path)
    assert not again.needs_full_update
    assert [e.to_json() for e in again.table.entities()] == [e.to_json() for e in store.table.entities()]
    assert again.table.spans(seeds[0].id) == store.table.spans(seeds[0].id)
    # New overrides re-resolve the stored extractions without asking for the articles.
    third = EntityStore.open(tmp_path, overrides=Overrides(ignore=("Japan",)))
    assert not third.needs_full_update and third.table.find("Japan") is None


@pytest.mark.parametrize("name", ["entities.pickle", "entities.sqlite3"])
@pytest.mark.parametrize("payload", [b"", b"garbage", b"\x80\x04K\x01.", b"cos\nsystem\n(S'true'\ntR.",
                                     b"SQLite format 3\x00" + b"\xff" * 200],
                         ids=["empty", "garbage", "pickle", "pickle-code", "bad-sqlite"])
def test_corrupt_store_is_empty(tmp_path, payload, name, seeds):
    (tmp_path / name).write_bytes(payload)
    store = EntityStore.open(tmp_path)
    assert store.needs_full_update and store.table.entities() == []
    store.update(seeds[:1], [])
    store.save()
    assert not EntityStore.open(tmp_path).needs_full_update


def test_old_format_store_is_rebuilt(tmp_path, seeds):
    import pickle

    old = {"format": 1, "extract_key": "builtin/3/x", "docs": {}, "entities": [], "maps": {}}
    (tmp_path / "entities.pickle").write_bytes(pickle.dumps(old))
    store = EntityStore.open(tmp_path)
    assert store.needs_full_update
    store.update(seeds, [])
    store.save()
    assert not (tmp_path / "entities.pickle").exists()
    assert not EntityStore.open(tmp_path).needs_full_update


def test_killed_save_keeps_previous_state(tmp_path, seeds, monkeypatch):
    store = EntityStore.open(tmp_path)
    store.update(seeds[:2], [])
    store.save()
    before = [e.to_json() for e in EntityStore.open(tmp_path).table.entities()]
    store.update([seeds[2]], [seeds[0].id])

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("briefing.entities.store._dumps", boom)
    with pytest.raises(KeyboardInterrupt):
        store.save()
    monkeypatch.undo()
    again = EntityStore.open(tmp_path)
    assert not again.needs_full_update
    assert [e.to_json() for e in again.table.entities()] == before
    assert store.needs_full_update  # what the failed save held is gone: start over


def test_precomputed_summaries_match_update(tmp_path, seeds):
    import pickle

    store = EntityStore.open(tmp_path / "a")
    worker = pickle.loads(pickle.dumps(store.extractor))  # what a worker process gets
    summaries = {a.id: pickle.loads(pickle.dumps(worker(a.text))) for a in seeds}
    store.update_from_summaries(summaries, [])
    plain = EntityStore.open(tmp_path / "b")
    plain.update(seeds, [])
    assert [e.to_json() for e in store.table.entities()] == [e.to_json() for e in plain.table.entities()]
    assert store.table.spans(seeds[0].id) == plain.table.spans(seeds[0].id)


def test_incremental_equals_full(tmp_path, seeds):
    inc = EntityStore.open(tmp_path / "inc")
    inc.update(seeds[:1], [])
    inc.save()
    inc = EntityStore.open(tmp_path / "inc")
    inc.update(seeds[1:], [])
    full = EntityStore.open(tmp_path / "full")
    full.update(seeds, [])
    key = lambda t: sorted((e.name, e.type, dict(e.articles)) for e in t.entities())  # noqa: E731
    assert key(inc.table) == key(full.table)


def test_unknown_engine(tmp_path):
    with pytest.raises(EntityError):
        EntityStore.open(tmp_path, engine="nope")


def test_spacy_engine_missing_is_clear(tmp_path):
    if importlib.util.find_spec("spacy") is not None:
        pytest.skip("spaCy installed here")
    with pytest.raises(EntityError, match="spaCy"):
        EntityStore.open(tmp_path, engine="spacy")


@pytest.mark.parametrize("text", [
    "[bold]Lee[/bold] met [red]Trump[/] in [link=x]Seoul[/link].",
    "Ctrl\x00chars\x07 and \x1b[31mANSI\x1b[0m Donald Trump\x0b said.",
    "Emoji 🇰🇷 Lee Jae-myung 😀 visited Tokyo 🗼 with Ishiba’s ‘team’.",
    "Word " * 20000 + "Angela Merkel " * 500,
    "ÀÉÎÕÜ ŁÓDŹ Ŝ Ǆ ΑΘΗΝΑ Москва ‑‑‑ ’’’s ...... U.S.U.S.U.S. A. B. C.",
    "", "\n\n\n", "’s", "A", "-" * 1000, "U.S.-" * 500,
], ids=["markup", "control", "emoji", "huge-line", "scripts", "empty", "newlines", "possessive", "letter",
        "dashes", "us-dash"])
def test_hostile_text_does_not_crash(tmp_path, text):
    store = EntityStore.open(tmp_path)
    a = art("h", "T", text)
    store.update([a], [])
    for s in store.table.spans("h"):
        assert 0 <= s.start < s.end <= len(a.text)


def test_core_does_not_import_textual():
    code = "import sys, briefing.entities; assert 'textual' not in sys.modules and 'rich' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_gazetteer_is_general_knowledge():
    data = yaml.safe_load((ROOT / "briefing" / "entities" / "countries.yaml").read_text(encoding="utf-8"))
    assert len(data["countries"]) >= 195
