"""One Scope: a search with an entity filter names the same articles in the list, the
note's header and sources, the export file name and `briefing export` alike."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.library import Library, UnknownEntity
from briefing.scope import Scope
from tests.app_support import make_app, settle, sync

#: Eight short articles about a ferry strike. "ferry" finds six; Orla Brennan is named
#: in four, one of which never says "ferry": both together are three (a1, a2, a4).
FERRY = {
    "a1": ("Ferry crews walk out in Dunmore", "2024-03-04", "Coast Courier",
           "Crews on the Dunmore ferry walked out on Monday morning after pay talks collapsed. Orla Brennan, "
           "who leads the crews' union, said the walkout would last until the operator returned to the table. "
           "Passengers waiting at the terminal were told to find other routes across the bay."),
    "a2": ("Dunmore ferry strike enters second day", "2024-03-05", "Bay Herald",
           "The ferry strike in Dunmore entered its second day on Tuesday with no sailings scheduled. Orla "
           "Brennan told reporters that crews had not had a real raise in six years. Shops near the terminal "
           "reported fewer customers than usual."),
    "a3": ("Ferry operator offers new pay deal", "2024-03-07", "Coast Courier",
           "The company that runs the Dunmore ferry offered crews a four per cent raise on Thursday. A "
           "spokesman for the operator said the offer was final and fair. The union said it would consult "
           "its members over the weekend."),
    "a4": ("Talks resume over ferry wages", "2024-03-09", "Island Times",
           "Talks over ferry wages resumed on Saturday at a hotel near the harbour. Orla Brennan said the mood "
           "in the room was better than last week. Both sides agreed to meet again on Monday."),
    "a5": ("Tourism slows as ferry stays in port", "2024-03-10", "Bay Herald",
           "Guest houses across the island reported cancellations as the ferry stayed in port for a seventh "
           "day. The tourism board said bookings for the spring holidays had fallen by a third. Owners asked "
           "the council for help with their losses."),
    "a6": ("Union leader Orla Brennan honoured by city", "2024-02-20", "Island Times",
           "Orla Brennan was given the freedom of the city on Tuesday for thirty years of work with dock and "
           "harbour workers. The mayor praised her patience in hard negotiations. Brennan thanked her family "
           "and her colleagues at the union hall."),
    "a7": ("Harbour council approves new pier", "2024-02-12", "Coast Courier",
           "The harbour council approved plans for a new pier on the north side of the bay. Work is expected "
           "to begin in the summer and take two years. The council said the pier would bring more fishing "
           "boats into the harbour."),
    "a8": ("Ferry services restored after deal", "2024-03-14", "Bay Herald",
           "Ferry services to Dunmore were restored on Thursday after crews accepted a new pay deal. The first "
           "sailing left at seven in the morning with a full deck of cars. Travellers said they were glad the "
           "dispute was over."),
}
BOTH = {"a1", "a2", "a4"}
TITLES = {aid: title for aid, (title, *_) in FERRY.items()}


@pytest.fixture
def ferry_config(tmp_path) -> Path:
    corpus = tmp_path / "ferry"
    corpus.mkdir()
    for aid, (title, date, source, body) in FERRY.items():
        (corpus / f"{aid}.md").write_text(f"---\ntitle: {title}\npublished: {date}\nsource: {source}\n---\n\n"
                                          f"{body}\n", encoding="utf-8")
    config = tmp_path / "ferry.yaml"
    config.write_text(f"corpus: [{corpus}]\nindex_dir: {tmp_path / 'ferry-index'}\n", encoding="utf-8")
    return config


@pytest.fixture
def ferry(ferry_config):
    lib = Library(load_config(str(ferry_config)))
    lib.sync()
    yield lib
    lib.close()


def source_titles(markdown: str) -> list[str]:
    """The titles of a rendered note's numbered sources, in order."""
    sources = markdown.split("\n## Sources\n", 1)[1]
    return re.findall(r"^\d+\. \*\*(.+?)\*\*", sources, flags=re.M)


def test_scope_is_one_immutable_value():
    scope = Scope("  ferry  ", "")
    assert scope == Scope("ferry") and scope.entity is None and hash(scope) == hash(Scope("ferry"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        scope.query = "pier"  # type: ignore[misc]
    both = scope.with_entity("Orla Brennan")
    assert both == Scope("ferry", "Orla Brennan") and scope == Scope("ferry")
    assert Scope().whole_corpus and not both.whole_corpus
    assert both.description() == "Search results for “ferry” mentioning Orla Brennan"
    assert both.title() == "Briefing: ferry · Orla Brennan"
    assert Scope(entity="Orla Brennan").description() == "Articles mentioning Orla Brennan"
    assert Scope().title() == "Briefing: the whole corpus"
    assert Scope().label("my folder") == "my folder"


def test_library_scope_is_the_query_and_the_entity(ferry):
    both = Scope("ferry", "Orla Brennan")
    assert ferry.browse(Scope("ferry")).total == 6
    assert ferry.browse(Scope(entity="Orla Brennan")).total == 4
    listed = [h.id for h in ferry.browse(both).hits]
    assert set(listed) == BOTH
    note = ferry.note(both)
    assert [s.article_id for s in note.sources] == listed
    assert note.scope_line.startswith("Search results for “ferry” mentioning Orla Brennan · 3 articles ·")
    assert all(n in range(1, 4) for p in note.key_points for n in p.citations)
    assert ferry.export_filename(both) == "briefing-ferry-orla-brennan.md"
    # An alias names the same entity: the note is the canonical one's.
    assert ferry.note(Scope("ferry", "Brennan")) == note
    with pytest.raises(UnknownEntity):
        ferry.note(Scope("ferry", "Nobody Atall"))


@sync
async def test_search_and_entity_agree_in_list_note_and_export(ferry_config, tmp_path, monkeypatch):
    from briefing.tui.widgets.article_list import ArticleList
    from briefing.tui.widgets.notes_pane import NotesPane
    from briefing.tui.widgets.search_bar import SearchBar

    monkeypatch.chdir(tmp_path)
    app = make_app(config=ferry_config)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.query_one(SearchBar).value = "ferry"
        await pilot.press("enter")
        await settle(pilot)
        app.select_entity("Orla Brennan")
        await settle(pilot)
        assert app.scope == Scope("ferry", "Orla Brennan")
        lst = app.query_one(ArticleList)
        listed = [TITLES[h.id] for h in lst.hits]
        assert {h.id for h in lst.hits} == BOTH
        assert lst.border_title == "Articles · 3"
        await pilot.press("b")
        await settle(pilot)
        note = app.query_one(NotesPane).markdown_text
        assert "*Search results for “ferry” mentioning Orla Brennan · 3 articles ·" in note
        assert source_titles(note) == listed
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.query_one("#export-path").value == "briefing-ferry-orla-brennan.md"
        await pilot.press("enter")
        await settle(pilot)
    written = (tmp_path / "briefing-ferry-orla-brennan.md").read_text(encoding="utf-8")
    assert source_titles(written) == listed


def test_cli_export_with_query_and_entity(ferry_config, tmp_path):
    briefing = str(Path(sys.executable).with_name("briefing"))
    out = tmp_path / "note.md"
    run = subprocess.run([briefing, "--config", str(ferry_config), "export", "--query", "ferry",
                          "--entity", "Orla Brennan", "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    note = out.read_text(encoding="utf-8")
    assert note.startswith("# Briefing: ferry · Orla Brennan\n")
    assert "*Search results for “ferry” mentioning Orla Brennan · 3 articles ·" in note
    found = subprocess.run([briefing, "--config", str(ferry_config), "search", "--json",
                            'ferry AND entity:"Orla Brennan"'], capture_output=True, text=True, check=True)
    listed = [row["title"] for row in json.loads(found.stdout)]
    assert source_titles(note) == listed and {TITLES[a] for a in BOTH} == set(listed)
    # The entity by an alias, to standard output: the same articles.
    alias = subprocess.run([briefing, "--config", str(ferry_config), "export", "--query", "ferry",
                            "--entity", "Brennan"], capture_output=True, text=True, check=True)
    assert source_titles(alias.stdout) == listed
    unknown = subprocess.run([briefing, "--config", str(ferry_config), "export", "--entity", "Nobody Atall"],
                             capture_output=True, text=True)
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1 and "no entity called" in unknown.stderr
