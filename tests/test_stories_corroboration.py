"""Key points say which outlets report them, with wire copies counted once."""

from __future__ import annotations

import datetime as dt

from briefing.corpus import Article
from briefing.notes import build_note, render_markdown

FACT = ("The harbour authority confirmed that the northern breakwater will close for repairs "
        "after the storm damaged its concrete footings overnight.")
FILLER = [
    "Fishing crews moved their boats to the inner basin while engineers inspected the pier.",
    "The mayor thanked volunteers who cleared debris from the promenade on Sunday morning.",
    "Ferry timetables were unchanged, according to the operator's website.",
    "Local shops reported fewer visitors than usual for the time of year.",
]


def _art(aid: str, source: str, body: str, day: int) -> Article:
    return Article(id=aid, path=f"{aid}.md", title=f"Storm damage report {aid}", body=body, source=source,
                   published=dt.date(2024, 5, day))


def test_a_point_names_its_outlets_and_a_wire_copy_counts_once():
    wire = "\n\n".join([FACT, *FILLER, "Repairs are expected to take several weeks, officials added."])
    copy = "\n\n".join([f"PORTVILLE (Wire) -- {FACT}", *FILLER])
    other = "\n\n".join([
        "Inspectors said the storm had damaged the concrete footings of the northern breakwater, "
        "which the harbour authority confirmed will close for repairs.",
        "A separate survey of the lighthouse found no structural problems at all.",
        "Residents were asked to keep away from the seawall until further notice."])
    lone = "\n\n".join([
        "A local choir postponed its open-air concert at the bandstand because of the forecast.",
        "Organisers said tickets would remain valid for the new date in June."])
    arts = [_art("a", "Harbor Wire", wire, 1), _art("b", "Coast Times", copy, 2),
            _art("c", "Daily Ledger", other, 2), _art("d", "Evening Post", lone, 3)]
    note = build_note(arts, today=dt.date(2024, 6, 1))
    text = render_markdown(note)
    point = next(p for p in note.key_points if "breakwater" in p.text)
    # Coast Times only carried the wire's text: one report, named by the wire.
    assert point.reported_by == ["Harbor Wire (carried by Coast Times)", "Daily Ledger"]
    assert "reported by Harbor Wire (carried by Coast Times) and Daily Ledger" in text
    choir = [p for p in note.key_points if "choir" in p.text]
    if choir:
        assert choir[0].reported_by == ["Evening Post"]
        assert "only Evening Post" in text


def test_conflicting_figures_get_a_where_sources_differ_section_and_agreeing_ones_do_not():
    one = _art("a", "Harbor Wire", "\n\n".join([
        "Rescue teams said 12 people were injured when the storm tore the roof off the ferry terminal.",
        *FILLER]), 1)
    two = _art("b", "Daily Ledger", "\n\n".join([
        "The storm tore the roof off the ferry terminal and 19 people were injured, rescue teams said.",
        "Bakers on the quay handed out bread to the crews working through the night."]), 2)
    text = render_markdown(build_note([one, two], today=dt.date(2024, 6, 1)))
    assert "## Where sources differ" in text
    section = text.split("## Where sources differ")[1].split("##")[0]
    assert "**12 people** (Harbor Wire:" in section and "**19 people** (Daily Ledger:" in section
    assert "[1]" in section and "[2]" in section

    agree = _art("b", "Daily Ledger", "\n\n".join([
        "The storm tore the roof off the ferry terminal and 12 people were injured, rescue teams said.",
        "Bakers on the quay handed out bread to the crews working through the night."]), 2)
    assert "Where sources differ" not in render_markdown(build_note([one, agree], today=dt.date(2024, 6, 1)))


def test_ages_in_a_list_of_people_are_no_conflicting_figures():
    """"Maren Holt, 61, her grandson, 9, and the boat's owner, 45" gives figures that count
    the people named beside them, not "and": two outlets listing the same ages in another
    order do not differ."""
    one = _art("a", "Harbor Wire", "\n\n".join([
        "Rescuers lifted Maren Holt, 61, her grandson, 9, and the boat's owner, 45, from the upturned hull.",
        *FILLER]), 1)
    two = _art("b", "Daily Ledger", "\n\n".join([
        "The boat's owner, 45, was lifted from the upturned hull with Maren Holt, 61, and her grandson, 9.",
        "Bakers on the quay handed out bread to the crews working through the night."]), 2)
    assert "Where sources differ" not in render_markdown(build_note([one, two], today=dt.date(2024, 6, 1)))
