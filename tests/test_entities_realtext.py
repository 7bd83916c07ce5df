"""Entities on the shapes of real newswire: headlines, results lines, surnames, acronyms, types.

Every text here is written for the tests (invented people and places where it matters)."""

from __future__ import annotations

from briefing.corpus import Article
from briefing.entities import EntityStore


def art(aid: str, title: str, body: str) -> Article:
    return Article(id=aid, path=f"{aid}.txt", title=title, body=body)


def table_of(tmp_path, *articles):
    store = EntityStore.open(tmp_path)
    store.update(list(articles), [])
    return store.table


def names(table, type_=None) -> set[str]:
    return {e.name for e in table.entities(type_)}


def test_names_in_a_results_line_are_found(tmp_path):
    t = table_of(tmp_path, art("r", "Tennis results", (
        "Results from the open on Friday:\n"
        "Mirela Tancu (Romania) beat Oskar Brandvik (Norway) 6-3 6-4\n"
        "Women's singles, third round\n"
        "Ilse Varga (Hungary) beat Dana Polasek (Canada) 7-5 6-2")))
    assert {"Mirela Tancu", "Oskar Brandvik", "Ilse Varga", "Dana Polasek"} <= names(t, "PERSON")


def test_an_all_capitals_headline_is_no_person(tmp_path):
    t = table_of(tmp_path, art("h", "HARBOUR BOARD TO SELL FERRY UNIT.", (
        "The harbour board of Velmora said on Monday it would sell its ferry unit.")))
    assert not any("HARBOUR" in n or "SELL" in n for n in names(t))


def test_a_title_case_headline_gives_no_person_alias(tmp_path):
    t = table_of(tmp_path, art("h", "To Sell Electric Cos", (
        "Marta Quillan, the regulator, said the two utilities would be sold. Quillan said so on Monday.")))
    quillan = t.find("Marta Quillan")
    assert quillan is not None and quillan.type == "PERSON"
    assert t.find("To") is None and t.find("Sell Electric Cos") is None
