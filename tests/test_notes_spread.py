"""A note covers every article of its scope, and its key points every story: a generated
corpus of ten stories, 25 articles each, from six sources over ten months."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.corpus import Article
from briefing.library import Library
from briefing.notes import SPREAD, build_note, choose_articles
from briefing.scope import Scope

#: Each story's place, person, organisation and subject words.
STORIES = [
    ("Valdora", "Mirela Oskarsen", "Valdora Water Board", ["dam", "reservoir", "spillway", "engineers", "cracks"]),
    ("Kettering Bay", "Tomas Ruelle", "Bay Fishermen's Union", ["trawlers", "quota", "herring", "harbour", "nets"]),
    ("Ostrava Heights", "Lina Petrakis", "Heights Transit Authority",
     ["tram", "derailment", "signals", "commuters", "tracks"]),
    ("Marisol", "Ander Quint", "Marisol Health Service", ["measles", "vaccination", "clinics", "infants", "outbreak"]),
    ("Northfell", "Greta Hallvard", "Northfell Mining Company", ["mine", "collapse", "shaft", "rescuers", "miners"]),
    ("Calloway", "Bruno Santangelo", "Calloway City Council", ["budget", "library", "closures", "taxes", "councillors"]),
    ("Teshara", "Imani Okoro", "Teshara Electoral Commission", ["ballots", "recount", "polling", "candidates", "turnout"]),
    ("Port Aldine", "Felix Marchetti", "Aldine Shipping Line", ["tanker", "oil", "spill", "coastline", "cleanup"]),
    ("Brenmoor", "Saskia Lindqvist", "Brenmoor University", ["students", "tuition", "protest", "campus", "fees"]),
    ("Quillon", "Rafael Duarte", "Quillon Wildlife Trust", ["wildfire", "forest", "evacuation", "firefighters", "blaze"]),
]
SOURCES = ["Daily Ledger", "Harbour Times", "Capital Wire", "Northern Star", "Global Dispatch", "Metro Herald"]
#: Newswire phrasing shared by every story: only the names and subject words differ.
TEMPLATES = [
    "{person} of the {org} said on {day} that the {w0} in {place} would be inspected by {w3} before the end "
    "of the month.",
    "Residents of {place} described the {w2} near the {w1} as the worst they could remember.",
    "The {org} confirmed that {n} {w3} had been sent to {place} to deal with the {w4}.",
    "\"We will not rest until the {w0} is safe again,\" {person} told reporters in {place}.",
    "Officials in {place} said the {w1} had been under strain for {n} weeks before the {w4} was reported.",
    "Critics of the {org} argued that warnings about the {w2} had been ignored for years.",
    "{person} promised a full inquiry into the {w4} at the {w0} and said the findings would be published.",
    "Local businesses in {place} reported losses after the {w2} forced the {w1} to close.",
    "The {org} said {n} people had been affected by the {w4} so far.",
    "A spokesperson for the {org} said the {w3} were working through the night at the {w0}.",
]
GENERIC = ["The situation was being monitored closely, officials said.",
           "Further updates are expected later in the week.",
           "The government has not yet commented on the matter."]


def story_corpus(per_story: int = 25, seed: int = 11) -> list[tuple[int, Article]]:
    """(story number, article), shuffled; each story's articles within its own two months."""
    rng = random.Random(seed)
    out = []
    for s, (place, person, org, subject) in enumerate(STORIES):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=30 * s)
        for i in range(per_story):
            day = start + dt.timedelta(days=rng.randrange(60))
            lines = []
            for template in rng.sample(TEMPLATES, 8):
                w = rng.sample(subject, 5)
                lines.append(template.format(person=person, org=org, place=place, n=rng.randrange(3, 90),
                                             day=day.strftime("%A"), w0=w[0], w1=w[1], w2=w[2], w3=w[3], w4=w[4]))
            lines.insert(rng.randrange(len(lines)), rng.choice(GENERIC))
            body = "\n\n".join(" ".join(lines[k:k + 3]) for k in range(0, len(lines), 3))
            out.append((s, Article(id=f"s{s:02d}-{i:02d}", path=f"s{s:02d}-{i:02d}.md",
                                   title=f"{place}: {person} on the {rng.choice(subject)}", body=body,
                                   source=rng.choice(SOURCES), published=day)))
    rng.shuffle(out)
    return out


@pytest.fixture(scope="module")
def corpus():
    return story_corpus()


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, corpus):
    """The corpus as files, indexed the way a user's folder is."""
    root = tmp_path_factory.mktemp("stories")
    folder = root / "corpus"
    folder.mkdir()
    for _, a in corpus:
        (folder / a.path).write_text(f"---\ntitle: {a.title}\nsource: {a.source}\npublished: {a.published}\n"
                                     f"---\n\n{a.body}\n", encoding="utf-8")
    config = root / "config.yaml"
    config.write_text(f"corpus: [{folder}]\nindex_dir: {root / 'index'}\n", encoding="utf-8")
    lib = Library(load_config(str(config)))
    lib.sync()
    yield lib
    lib.close()


def _story(corpus) -> dict[str, int]:
    return {a.id: s for s, a in corpus}


def test_whole_corpus_note_covers_every_article_and_cites_every_story(indexed, corpus):
    story = _story(corpus)
    note = indexed.note(Scope(), today=dt.date(2026, 1, 1))
    assert len(note.sources) == note.article_count == 250
    assert " · 250 articles · " in note.scope_line
    cited = {story[note.sources[n - 1].article_id] for p in note.key_points for n in p.citations}
    assert len(cited) >= 8, sorted(cited)


def test_key_points_spread_over_stories_when_built_directly(corpus):
    story = _story(corpus)
    newest_first = sorted((a for _, a in corpus), key=lambda a: (-a.published.toordinal(), a.id))
    note = build_note(newest_first, Scope(), None, dt.date(2026, 1, 1))
    firsts = [story[note.sources[p.citations[0] - 1].article_id] for p in note.key_points]
    assert len(set(firsts)) >= 8, firsts
    # One story, though, is still summarised from its own sentences.
    one = [a for a in newest_first if story[a.id] == 3]
    note = build_note(one, Scope(), None, dt.date(2026, 1, 1))
    assert note.key_points and all(story[note.sources[n - 1].article_id] == 3
                                   for p in note.key_points for n in p.citations)


def test_a_scope_too_big_is_sampled_across_stories_sources_and_dates(corpus):
    story = _story(corpus)
    newest_first = sorted((a for _, a in corpus), key=lambda a: (-a.published.toordinal(), a.id))
    note = build_note(newest_first, Scope(), None, dt.date(2026, 1, 1), max_articles=60)
    assert note.article_count == 250 and len(note.sources) == 60
    assert f"built from 60 of 250 articles, {SPREAD}" in note.scope_line
    chosen = [next(a for a in newest_first if a.id == s.article_id) for s in note.sources]
    per_story = Counter(story[a.id] for a in chosen)
    assert set(per_story) == set(range(10)) and max(per_story.values()) <= 7
    assert {a.source for a in chosen} == set(SOURCES)
    # Sources keep the scope's order (here newest first), not the order they were picked in.
    assert [a.published for a in chosen] == sorted((a.published for a in chosen), reverse=True)
    # Within a story the dates spread out: its oldest and newest are both in.
    for s in range(10):
        days = sorted(a.published for a in newest_first if story[a.id] == s)
        picked = [a.published for a in chosen if story[a.id] == s]
        assert days[0] in picked and days[-1] in picked


def test_choosing_by_title_alone_still_covers_every_story(corpus):
    """Past briefing.notes.scope_notes.SPREAD_READ, articles are chosen from their list rows."""
    story = _story(corpus)
    rows = [a for _, a in corpus]
    chosen = choose_articles(rows, 30, lambda a: a.title)
    assert len(chosen) == 30 and {story[a.id] for a in chosen} == set(range(10))
    assert [rows.index(a) for a in chosen] == sorted(rows.index(a) for a in chosen)


def test_library_says_when_a_note_is_built_from_part_of_its_scope(indexed, corpus, monkeypatch):
    from briefing.notes import scope_notes

    story = _story(corpus)
    monkeypatch.setattr(scope_notes, "MAX_ARTICLES", 40)
    for read in (5000, 100):  # the articles' openings, then titles alone
        monkeypatch.setattr(scope_notes, "SPREAD_READ", read)
        note = indexed.note(Scope("said"), today=dt.date(2026, 1, 1))
        assert f"built from 40 of 250 articles, {SPREAD}" in note.scope_line
        assert {story[s.article_id] for s in note.sources} == set(range(10))


def test_every_note_file_is_written(tmp_path: Path, indexed):
    out = indexed.export_note(tmp_path / "all.md", Scope())
    text = out.read_text(encoding="utf-8")
    assert text.count("\n250. ") == 1 and "\n251. " not in text
