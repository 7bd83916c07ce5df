"""Quotations in every convention news uses, and who said them, on text written for
these tests."""

from __future__ import annotations

from briefing.corpus import Article
from briefing.quotes import find_quotes

from tests.notes_helpers import FakeTable


def article(body: str, title: str = "Headline") -> Article:
    return Article(id="t", path="t.txt", title=title, body=body)


def speakers(body: str, entities: dict | None = None) -> dict[str, str | None]:
    a = article(body)
    table = FakeTable([a], entities) if entities is not None else None
    found = find_quotes(a, table)
    for q in found:
        assert a.text[q.start:q.end] == q.text
    return {q.text: q.speaker for q in found}


PEOPLE = {
    "Maria Ortiz": ("PERSON", [r"Maria Ortiz", r"(?<=Ms\. )Ortiz", r"\bOrtiz\b"]),
    "Paul Stone": ("PERSON", [r"Paul Stone", r"\bStone\b"]),
    "Anna Berg": ("PERSON", [r"Anna Berg", r"\bBerg\b"]),
    "Tom Bell": ("PERSON", [r"Tom Bell", r"\bBell\b"]),
}


def test_backquotes_and_doubled_apostrophes_as_the_wires_write_them():
    got = speakers(
        "``The bridge will reopen before the winter comes,'' Paul Stone said Friday.\n\n"
        "''We have checked every single cable twice,'' said Maria Ortiz, the chief engineer.",
        PEOPLE)
    assert got == {"The bridge will reopen before the winter comes": "Paul Stone",
                   "We have checked every single cable twice": "Maria Ortiz"}


def test_straight_curly_and_single_marks_but_not_apostrophes():
    got = speakers(
        '"The harvest was the best in a decade," Anna Berg said.\n\n'
        "“Nobody in the valley expected rain this late,” Tom Bell said.\n\n"
        "‘We’ll rebuild the school before the spring term,’ Paul Stone said.\n\n"
        "The Stones' farm and the Bells' mill don't flood, and they'll stay dry through the '90s levels.",
        PEOPLE)
    assert got == {"The harvest was the best in a decade": "Anna Berg",
                   "Nobody in the valley expected rain this late": "Tom Bell",
                   "We’ll rebuild the school before the spring term": "Paul Stone"}


def test_a_quotation_continued_over_paragraphs_has_one_speaker():
    # Open at the end of a paragraph, opened again in the next: one speaker, named at
    # the end of the run.
    got = speakers(
        "Tom Bell arrived late.\n\n"
        "``We did not choose this fight. The company left us no other way out.\n\n"
        "``We will stay on strike until the pension plan is restored,'' said Anna Berg.",
        PEOPLE)
    assert got["We did not choose this fight. The company left us no other way out."] == "Anna Berg"
    assert got["We will stay on strike until the pension plan is restored"] == "Anna Berg"


def test_attribution_before_inside_and_after():
    got = speakers(
        "Maria Ortiz told reporters: ``The ferry timetable changes on the first of May.''\n\n"
        "According to Paul Stone, ``the new terminal doubles the number of crossings.''\n\n"
        "``Tickets stay at the same price,'' Anna Berg said, ``for at least another year.''\n\n"
        "``The old pier will become a public garden,'' Tom Bell added.",
        PEOPLE)
    assert got == {
        "The ferry timetable changes on the first of May.": "Maria Ortiz",
        "the new terminal doubles the number of crossings.": "Paul Stone",
        "Tickets stay at the same price": "Anna Berg",
        "for at least another year.": "Anna Berg",
        "The old pier will become a public garden": "Tom Bell",
    }


def test_the_subject_of_the_speech_verb_not_the_nearest_name():
    got = speakers(
        "``The budget leaves the clinics without any money,'' Maria Ortiz, who met Paul Stone "
        "on Monday, said.\n\n"
        "Tom Bell criticised Anna Berg, saying ``her plan closes three schools in the north.''\n\n"
        "``Every district will get a new library by 2030,'' said Anna Berg, a colleague of Tom Bell.",
        PEOPLE)
    assert got == {
        "The budget leaves the clinics without any money": "Maria Ortiz",
        "her plan closes three schools in the north.": "Tom Bell",
        "Every district will get a new library by 2030": "Anna Berg",
    }


def test_pronouns_are_the_last_person_who_was_a_subject():
    got = speakers(
        "Paul Stone, the mayor, praised the plan Anna Berg drew up last year.\n\n"
        "``It is the most careful plan this city has seen,'' he said.\n\n"
        "Maria Ortiz met Tom Bell at the station.\n\n"
        "``The trains must run every ten minutes,'' she said.",
        PEOPLE)
    assert got == {"It is the most careful plan this city has seen": "Paul Stone",
                   "The trains must run every ten minutes": "Maria Ortiz"}


def test_a_second_paragraph_of_quotation_keeps_its_speaker():
    got = speakers(
        "``The river rose two metres overnight,'' Anna Berg said. ``Nobody expected it.''\n\n"
        "``We moved the animals to the upper fields before dawn.''",
        PEOPLE)
    assert set(got.values()) == {"Anna Berg"}


def test_nobody_rather_than_a_wrong_speaker():
    entities = dict(PEOPLE)
    entities["Jilin"] = ("PLACE", [r"Jilin"])
    entities["Kovland"] = ("PLACE", [r"Kovland"])
    entities["Foreign Ministry"] = ("ORG", [r"Foreign Ministry"])
    got = speakers(
        "Paul Stone visited Jilin in March.\n\n"
        "``The harvest in the north failed for the second year running,'' Jilin province said.\n\n"
        "``The border crossings stay closed until further notice,'' Kovland said.\n\n"
        "``Our fighters will not lay down their arms this winter,'' the rebels said.\n\n"
        "``The talks achieved nothing of any value at all,'' a senior official said.\n\n"
        "``The ambassador will be summoned tomorrow morning,'' the Foreign Ministry said.",
        entities)
    assert got == {
        "The harvest in the north failed for the second year running": None,
        "The border crossings stay closed until further notice": None,
        "Our fighters will not lay down their arms this winter": None,
        "The talks achieved nothing of any value at all": None,
        "The ambassador will be summoned tomorrow morning": "Foreign Ministry",
    }


def test_a_title_in_quotation_marks_is_nobody_speaking():
    got = speakers("Anna Berg says her best-known book, ``A History of the Northern Railways,'' "
                   "sold well.", PEOPLE)
    assert got == {"A History of the Northern Railways": None}


def test_quotations_json_has_the_documented_fields():
    a = article("``The bridge will reopen before the winter comes,'' Paul Stone said.")
    (q,) = find_quotes(a, FakeTable([a], PEOPLE))
    assert q.to_json() == {"article": "t", "text": "The bridge will reopen before the winter comes",
                           "speaker": "Paul Stone", "start": q.start, "end": q.end}
    assert a.text[q.start:q.end] == q.text


def test_bad_input_gives_no_quotes_and_no_error():
    for body in ["", "``", "''", "“unclosed", "'' '' ``", "\"\"\"\"", "said said said ''", "‘’‘’"]:
        assert isinstance(find_quotes(article(body)), list)


def test_a_long_title_before_the_name_and_a_scare_quote_inside_the_clause():
    body = ("Foreign Secretary of State Karl Wenz congratulated Ms. Ortiz and stated that the country is "
            "“ready to help rebuild the northern railway lines.”\n\n"
            "Maria Ortiz said the ministry respects the “open door” policy and takes the “concerns of "
            "every neighbouring state” into account.")
    entities = dict(PEOPLE)
    entities["Karl Wenz"] = ("PERSON", [r"Karl Wenz"])
    with_table = speakers(body, entities)
    without = speakers(body)
    for got in (with_table, without):
        assert got["ready to help rebuild the northern railway lines."] == "Karl Wenz"
        assert got["concerns of every neighbouring state"] == "Maria Ortiz"


def test_quotations_listed_under_a_heading_that_names_the_speaker():
    got = speakers(
        "Paul Stone spoke for an hour at the festival on Friday.\n\n"
        "Other Stone observations:\n\n"
        "On fame: ``I have been unknown. Being known is better for the ego.''\n\n"
        "On the weather: ``Nobody tells the truth about the rain in this town.''\n\n"
        "Maria Ortiz closed the evening with a short speech about the harbour.",
        PEOPLE)
    assert got["I have been unknown. Being known is better for the ego."] == "Paul Stone"
    assert got["Nobody tells the truth about the rain in this town."] == "Paul Stone"


def test_an_owner_before_a_surname_is_not_part_of_the_speaker():
    got = speakers(
        "Dana Whitlock, a professor at the college, wrote a book on the trials.\n\n"
        "``Race is the reason it still matters,'' said the college's Whitlock.\n\n"
        "Later in the day, ``I just can't see it changing,'' Midvale's Whitlock said.")
    assert got["I just can't see it changing"] in ("Dana Whitlock", None)
    assert "Midvale's Whitlock" not in got.values()


def test_a_party_and_state_after_a_name_is_not_the_speaker():
    got = speakers(
        "Sen. Paul Harlan, D-Vt., the ranking member of the committee, said the bill was "
        "``the envy of the world.''\n\n"
        "Rep. Ann Corey, R-Texas, said: ``I think the courts can handle it on their own.''")
    assert got == {"the envy of the world.": "Paul Harlan",
                   "I think the courts can handle it on their own.": "Ann Corey"}


HARBOUR = {
    "Ilse Marten": ("PERSON", [r"Ilse Marten", r"\bMarten\b"]),
    "Oskar Lind": ("PERSON", [r"Oskar Lind", r"\bLind\b"]),
    "Velmora News Agency": ("ORG", [r"Velmora News Agency", r"\bVNA\b"]),
    "Port Authority": ("ORG", [r"Port Authority"]),
    "Jan Sorel": ("PERSON", [r"Jan Sorel", r"\bSorel\b"]),
    "Velmora": ("PLACE", [r"\bVelmora\b(?! News)"]),
}


def test_the_one_quoted_as_saying_speaks_not_the_agency_that_quotes():
    got = speakers(
        "Ilse Marten, the spokeswoman of the Port Authority, spoke on Monday.\n\n"
        "\"Not one of the new cranes was bought abroad, and each of them passed its test,\" "
        "state-run VNA quoted the spokeswoman as saying.\n\n"
        "Oskar Lind, the harbour master, toured the quay on Tuesday.\n\n"
        "\"Every berth will be ready before the first storm of the season,\" he was quoted by "
        "VNA as saying.", HARBOUR)
    assert got["Not one of the new cranes was bought abroad, and each of them passed its test"] == "Ilse Marten"
    assert got["Every berth will be ready before the first storm of the season"] == "Oskar Lind"


def test_a_short_subject_closing_a_long_sentence_attributes_its_quote():
    got = speakers(
        "Ilse Marten, a spokeswoman for the Port Authority, rejected the report on Tuesday.\n\n"
        "\"No tanker has tied up at the north quay since the spring floods\" and every cargo boat "
        "moored there still passes a weekly safety check run by two separate agencies, the spokeswoman said.",
        HARBOUR)
    assert got["No tanker has tied up at the north quay since the spring floods"] == "Ilse Marten"


def test_the_second_verb_of_one_subject_and_an_opening_participle():
    got = speakers(
        "Speaking for the council, Oskar Lind praised the ``quiet nerve'' of the lifeboat crews and said that "
        "``no town on this coast owes more to anyone than we owe to them.''\n\n"
        "Holding up a photograph of the flooded square, Jan Sorel described it as ``a warning'' and said he "
        "hoped each new councillor would study it ``before voting on the sea wall once again.''",
        HARBOUR)
    assert got["no town on this coast owes more to anyone than we owe to them."] == "Oskar Lind"
    assert got["before voting on the sea wall once again."] == "Jan Sorel"


def test_a_role_named_again_and_who_clauses_point_at_the_person():
    got = speakers(
        "Jan Sorel, the owner of the Velmora ferry line, spent Sunday morning at the town museum.\n\n"
        "Shown a portrait of Ilse Marten, the ferry owner laughed and said that the line's founder "
        "``could steer through a fog that would stop any of us today.'' Later he said: "
        "``My hope is that the crews still remember her every winter.''\n\n"
        "Oskar Lind, who says the ferry's wake has twice torn his moorings loose, left the meeting early.\n\n"
        "``Nobody on that council has ever tied up a boat in a gale,'' he said.", HARBOUR)
    assert got["could steer through a fog that would stop any of us today."] == "Jan Sorel"
    assert got["My hope is that the crews still remember her every winter."] == "Jan Sorel"
    assert got["Nobody on that council has ever tied up a boat in a gale"] == "Oskar Lind"


def test_a_weekday_after_the_speakers_name_is_not_part_of_it():
    got = speakers(
        "``The night crossings start again after the storms,'' said spokesman Arvid Tollefsen Thursday.")
    assert got == {"The night crossings start again after the storms": "Arvid Tollefsen"}


def test_a_headline_is_nobody_a_pronoun_means():
    a = article("VELMORA (TW) _ Mary Quillon said on Friday the port would stay open.\n\n"
                "``We will keep every berth working through the winter,'' Quillon said.\n\n"
                "He continued, ``You will see more ships here than ever before.''",
                title="Quillon Regrets Winter Berth Closures")
    got = {q.text: q.speaker for q in find_quotes(a, FakeTable([a], PEOPLE | {
        "Mary Quillon": ("PERSON", [r"Mary Quillon", r"\bQuillon\b"])}))}
    assert got["We will keep every berth working through the winter"] == "Mary Quillon"
    assert got["You will see more ships here than ever before."] is None
