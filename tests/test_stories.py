"""Stories and folded copies, through the library and the real console script."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.corpus import Article
from briefing.stories import StoryStore
from briefing.stories.copies import similarity, sketch

TOPICS = {
    "flood": ("river", "levee", "flooding", "evacuated", "rainfall", "Danube", "sandbags", "dam", "rescue boats"),
    "election": ("ballots", "candidate", "polling", "turnout", "parliament", "coalition", "campaign", "Novak", "votes"),
    "strike": ("union", "dockworkers", "wages", "picket", "port", "negotiators", "walkout", "Harbour Authority", "contract"),
    "vaccine": ("vaccine", "trial", "doses", "clinic", "immunity", "regulator", "Medova", "volunteers", "antibodies"),
}
FILLER = ("officials", "spoke", "on", "the", "matter", "later", "in", "a", "statement", "while", "residents",
          "waited", "for", "news", "and", "observers", "expected", "more", "details", "soon")
SOURCES = ("Harbor Wire", "Daily Ledger", "Evening Post", "Radio North", "Coast Times")


def _paragraph(rng: random.Random, words: tuple[str, ...]) -> str:
    sentences = []
    for _ in range(rng.randint(3, 5)):
        picked = [rng.choice(words) if rng.random() < 0.45 else rng.choice(FILLER) for _ in range(rng.randint(10, 18))]
        picked += [f"{rng.choice(FILLER)}{rng.randint(10, 999)}" for _ in range(2)]
        sentences.append(" ".join(picked).capitalize() + ".")
    return " ".join(sentences)


def _article(rng: random.Random, topic: str, n: int) -> tuple[str, str, str, dt.date]:
    words = TOPICS[topic]
    title = f"{rng.choice(words).title()} {rng.choice(words)} {rng.choice(FILLER)} report {n}"
    body = "\n\n".join(_paragraph(rng, words) for _ in range(5))
    date = dt.date(2024, 3, 1) + dt.timedelta(days=rng.randint(0, 60))
    return title, body, rng.choice(SOURCES), date


def _write(path: Path, title: str, body: str, source: str, date: dt.date) -> None:
    path.write_text(f"---\ntitle: \"{title}\"\nsource: {source}\npublished: {date.isoformat()}\n---\n\n{body}\n",
                    encoding="utf-8")


def _copy_of(body: str) -> str:
    """A syndicated copy: a dateline in front and the last paragraph cut."""
    paras = body.split("\n\n")[:-1]
    paras[0] = f"PORTVILLE (Harbor Wire) -- {paras[0]}"
    return "\n\n".join(paras)


def test_a_wire_copy_is_alike_and_two_articles_on_one_story_are_not():
    rng = random.Random(3)
    _t, body, _s, _d = _article(rng, "flood", 1)
    _t2, other, _s2, _d2 = _article(rng, "flood", 2)
    assert similarity(sketch(body), sketch(_copy_of(body))) >= 0.6
    assert similarity(sketch(body), sketch(other)) < 0.2


def _corpus(root: Path, per_topic: int = 50, copies: int = 20) -> dict[str, str]:
    """Files on four stories plus copies of some of them; returns {file stem: topic}."""
    rng = random.Random(11)
    topic_of: dict[str, str] = {}
    originals = []
    for topic in TOPICS:
        for n in range(per_topic):
            title, body, source, date = _article(rng, topic, n)
            stem = f"{topic}-{n:03d}"
            _write(root / f"{stem}.md", title, body, source, date)
            topic_of[stem] = topic
            originals.append((stem, body, date))
    for k, (stem, body, date) in enumerate(rng.sample(originals, copies)):
        _write(root / f"copy-{k:03d}.md", f"Update {k}: latest", _copy_of(body), "Coast Times", date)
        topic_of[f"copy-{k:03d}"] = f"copy of {stem}"
    return topic_of


def _run(root: Path, data: Path, *args: str) -> str:
    env = dict(os.environ, BRIEFING_DATA_DIR=str(data))
    env.pop("BRIEFING_CONFIG", None)
    out = subprocess.run([sys.executable, "-m", "briefing", "--corpus", str(root), *args], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_stories_command_groups_the_corpus_and_folds_copies(tmp_path):
    root, data = tmp_path / "corpus", tmp_path / "data"
    root.mkdir()
    topic_of = _corpus(root)
    stories = json.loads(_run(root, data, "stories", "--json"))
    assert len(stories) == 4
    def topic(aid: str) -> str:
        t = topic_of[aid]
        return topic_of[t.removeprefix("copy of ")] if t.startswith("copy of ") else t

    def original(aid: str) -> str:
        return topic_of[aid].removeprefix("copy of ") if aid.startswith("copy-") else aid

    seen_topics = []
    for story in stories:
        assert {"id", "label", "sources", "first", "last", "articles"} <= set(story)
        topics = {topic(a["id"]) for a in story["articles"]}
        assert len(topics) == 1, (story["label"], topics)
        seen_topics += topics
        for a in story["articles"]:
            # A copy and its original dated the same day: either may be the one shown.
            for c in a["copies"]:
                assert original(c) == original(a["id"])
    assert sorted(seen_topics) == sorted(TOPICS)
    assert sum(len(a["copies"]) for s in stories for a in s["articles"]) == 20
    assert sum(len(s["articles"]) for s in stories) == 200
    assert all(s["sources"] for s in stories)

    text = _run(root, data, "stories")
    assert "+" in text and "copies" in text

    # story:ID keeps the search inside one story.
    flood = next(s for s in stories if topic(s["articles"][0]["id"]) == "flood")
    hits = json.loads(_run(root, data, "search", f"story:{flood['id']} officials", "--limit", "500", "--json"))
    ids = {h["id"] for h in hits}
    assert ids and all(topic(i) == "flood" for i in ids)
    assert len(ids) == sum(1 + len(a["copies"]) for a in flood["articles"])


def test_stories_follow_incremental_syncs_and_rebuilds(tmp_path):
    root, data = tmp_path / "corpus", tmp_path / "data"
    root.mkdir()
    topic_of = _corpus(root, per_topic=25, copies=5)
    before = json.loads(_run(root, data, "stories", "--json"))
    rng = random.Random(99)
    title, body, source, date = _article(rng, "vaccine", 500)
    _write(root / "late-vaccine.md", title, body, source, date)
    (root / "strike-000.md").unlink()
    after = json.loads(_run(root, data, "stories", "--json"))
    vaccine_before = next(s for s in before if s["articles"][0]["id"].startswith("vaccine"))
    vaccine_after = next(s for s in after if s["id"] == vaccine_before["id"])
    assert "late-vaccine" in {a["id"] for a in vaccine_after["articles"]}
    assert "strike-000" not in {a["id"] for s in after for a in s["articles"]}
    _run(root, data, "index", "--rebuild")
    rebuilt = json.loads(_run(root, data, "stories", "--json"))
    assert len(rebuilt) == 4
    assert sum(len(s["articles"]) for s in rebuilt) == sum(len(s["articles"]) for s in after)


def test_removing_an_original_keeps_its_copy_as_the_article(tmp_path):
    rng = random.Random(5)
    title, body, source, date = _article(rng, "strike", 1)
    orig = Article(id="a", path="", title=title, body=body, source="Daily Ledger", published=date)
    copy = Article(id="b", path="", title="Other headline", body=_copy_of(body), source="Coast Times",
                   published=date + dt.timedelta(days=1))
    store = StoryStore(tmp_path / "stories")
    store.rebuild([orig, copy])
    [story] = store.stories()
    assert [(a.id, a.copies) for a in story.articles] == [("a", ["b"])]
    assert story.sources == ["Coast Times", "Daily Ledger"]
    store.update([], ["a"])
    [story] = StoryStore(tmp_path / "stories").stories()
    assert [(a.id, a.copies) for a in story.articles] == [("b", [])]


def test_an_unknown_story_in_a_query_finds_nothing(tmp_path):
    root, data = tmp_path / "corpus", tmp_path / "data"
    root.mkdir()
    _corpus(root, per_topic=5, copies=0)
    assert "No results" in _run(root, data, "search", "story:nosuchstory officials")


@pytest.mark.parametrize("folder", ["seeds"])
def test_the_demo_corpus_is_one_story(tmp_path, folder):
    seeds = Path(__file__).resolve().parent.parent / folder
    stories = json.loads(_run(seeds, tmp_path / "data", "stories", "--json"))
    assert len(stories) == 1 and len(stories[0]["articles"]) == 5


def test_the_demo_note_names_which_of_its_five_outlets_report_each_key_point(tmp_path):
    import re

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    note = _run(seeds, tmp_path / "data", "export")
    outlets = {"Asia Wire Daily", "Crossroads Asia Blog", "Han River Herald", "Northeast Asia Monitor",
               "Pacific Policy Review"}
    points = note.split("## Key points", 1)[1].split("\n## ", 1)[0]
    lines = [ln for ln in points.splitlines() if ln.startswith("- ")]
    assert len(lines) >= 5
    named = set()
    for line in lines:
        said = re.search(r"\((only|reported by) ([^()]+)\)$", line)
        assert said, line
        names = {n.strip() for n in re.split(r",| and ", said.group(2)) if n.strip()}
        assert names <= outlets, line
        named |= names
    assert len(named) >= 3  # the points come from several of the five, not one
    sources = note.split("## Sources", 1)[1]
    assert all(o in sources for o in outlets)


def test_a_story_note_is_titled_by_the_story_label_not_its_id(tmp_path, isolated_dirs):
    from briefing.config import load_config
    from briefing.library import Library
    from briefing.scope import Scope

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    lib = Library(load_config(None, [str(seeds)]))
    lib.sync()
    story = lib.stories()[0]
    scope = Scope(story=story.id)
    assert lib.note(scope).title == f"Briefing: story {story.label}"
    assert story.id not in lib.note(scope).title
    assert lib.export_filename(lib.resolve(scope)).startswith("briefing-story-")
    lib.close()
