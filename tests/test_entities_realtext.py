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


def test_surname_and_initialed_forms_are_one_person(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Talks", "Dmitri Korsakov met the envoy on Monday. Korsakov said the talks went well."),
                 art("b", "Visit", "President Dmitri V. Korsakov flew to the coast. Korsakov spoke briefly."),
                 art("c", "Health", "Doctors said Korsakov was resting after the trip."))
    people = [e for e in t.entities("PERSON") if "Korsakov" in e.name]
    assert len(people) == 1, people
    assert {"Korsakov", "Dmitri Korsakov", "Dmitri V. Korsakov"} <= {people[0].name, *people[0].aliases}
    assert set(people[0].articles) == {"a", "b", "c"}


def test_given_name_joins_the_person_the_articles_call_by_it(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Custody", "Tomasz Lindqvist, 6, stayed with relatives. Tomasz played in the yard."),
                 art("b", "Ruling", "A judge said Tomasz should return home by spring."),
                 art("c", "Elsewhere", "Pavel Brandt met the mayor. Later Pavel said nothing."))
    tomasz = t.find("Tomasz")
    assert tomasz is not None and tomasz.name == "Tomasz Lindqvist"
    assert set(tomasz.articles) == {"a", "b"}


def test_given_name_inside_a_longer_name_is_not_the_person(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Rally", "Louis Marchetti spoke to the crowd. Marchetti said the rally was peaceful."),
                 art("b", "Weather", "Storms hit St. Louis and the suburbs on Tuesday."),
                 art("c", "Court", "Richard Osei and Richard Vance testified. Richard was not named again."))
    assert t.find("Louis Marchetti").articles.keys() == {"a"}
    assert "Louis" not in t.find("Louis Marchetti").aliases
    for name in ("Richard Osei", "Richard Vance"):
        assert "Richard" not in t.find(name).aliases


def test_everyday_words_are_never_aliases(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Navy", ("A spokesman for the Northern Fleet Vladimir Navrotsky said the crew was safe. "
                                   "The Northern Fleet has forty ships.")),
                 art("b", "Airlines", ("Lauda Air cancelled two flights. Air France and the Air Force said "
                                       "nothing. Lauda Air resumed service.")))
    for e in t.entities():
        assert "Fleet" not in e.aliases and "Air" not in e.aliases, e
    lauda = t.find("Lauda Air")
    assert lauda is not None and "Air France" not in lauda.aliases


def test_a_title_of_the_other_sex_is_not_the_husband(tmp_path):
    t = table_of(tmp_path, art("a", "Gala", (
        "Walter Brandt and his wife, Helen Brandt, opened the gala. Mrs. Brandt thanked the donors, "
        "and Brandt spoke last. President and Helen Brandt left at ten.")))
    walter, helen = t.find("Walter Brandt"), t.find("Helen Brandt")
    assert walter is not helen
    assert "Mrs. Brandt" in helen.aliases and "Mrs. Brandt" not in walter.aliases
    assert not any(a.startswith("President") for a in helen.aliases)


def test_a_company_suffix_is_the_same_company(tmp_path):
    t = table_of(tmp_path, art("a", "Antitrust", (
        "Microsoft Corp. lost its appeal. Microsoft said it would comply.")))
    assert [e.name for e in t.entities("ORG")] == ["Microsoft"]
    assert "Microsoft Corp." in t.find("Microsoft").aliases


def test_ships_aircraft_and_events_named_by_the_text_are_things(tmp_path):
    t = table_of(tmp_path, art("a", "Navy", (
        "Rescuers reached the Ostravel submarine on Sunday. Divers said the Ostravel had flooded. "
        "Investigators of the Kavora crash met in Lyon. The U.S.S. Halvern joined the search. "
        "Delegates signed the Brennick Declaration and cited the Tamsin Antitrust Act.")))
    for name in ("Ostravel", "Kavora", "U.S.S. Halvern", "Brennick Declaration", "Tamsin Antitrust Act"):
        ent = t.find(name)
        assert ent is not None and ent.type == "MISC", (name, ent)


def test_a_named_newspaper_or_agency_is_an_organisation(tmp_path):
    t = table_of(tmp_path, art("a", "Press", (
        "The Vestrel news agency said the talks had failed, the Dorvan newspaper reported. "
        "A Quillmore spokesman declined to comment.")))
    for name in ("Vestrel", "Dorvan", "Quillmore"):
        assert t.find(name).type == "ORG", name


def test_state_abbreviations_are_places_only_with_their_full_stop(tmp_path):
    t = table_of(tmp_path, art("a", "Storm", (
        "MEMPHIS, Tenn. (AP) -- Flooding closed roads near Foley, Ala. on Friday. "
        "Mourners attended a funeral Mass in the chapel. Police in Dunmore, Fla., said two roads were shut.")))
    assert t.find("Tenn.").name == "Tennessee" and t.find("Tenn.").type == "PLACE"
    assert t.find("Ala.").name == "Alabama" and t.find("Fla.").name == "Florida"
    assert t.find("Massachusetts") is None
    for town in ("Foley", "Dunmore"):
        assert t.find(town).type == "PLACE", town


def test_a_lone_unknown_word_is_not_taken_for_a_person(tmp_path):
    t = table_of(tmp_path, art("a", "Match", (
        "Rain stopped play as Tarnshire closed on 200 for four against Welbury at Harlow Park. "
        "Asked about the pitch, Welbury captain Tom Edris blamed the weather.")))
    assert t.find("Tarnshire").type != "PERSON"
    assert t.find("Welbury").type == "ORG"
    assert t.find("Tom Edris").type == "PERSON"


def test_an_acronym_the_text_spells_out_is_the_same_organisation(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Inquiry", ("The Coastal Survey Authority (CSA) opened an inquiry. "
                                      "Marta Quillan of the Verdelho Popular Party (PPV) said the CSA was slow.")),
                 art("b", "Report", "The CSA said on Monday the report was late."),
                 art("c", "Rebels", "ZLF, an acronym for Zenta Liberation Front, claimed the attack."),
                 art("d", "Rebels", "The ZLF denied it a day later."))
    csa = t.find("CSA")
    assert csa is not None and csa is t.find("Coastal Survey Authority") and set(csa.articles) == {"a", "b"}
    assert t.find("PPV") is t.find("Verdelho Popular Party")
    zlf = t.find("ZLF")
    assert zlf is t.find("Zenta Liberation Front") and set(zlf.articles) == {"c", "d"}


def test_an_acronym_joins_the_name_whose_initials_it_is_when_both_appear(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Crash", "The Federal Marine Safety Board sent a team. FMSB investigators arrived."),
                 art("b", "Crash", "FMSB officials said the hull had cracked."))
    board = t.find("Federal Marine Safety Board")
    assert t.find("FMSB") is board and set(board.articles) == {"a", "b"}


def test_a_news_agency_in_brackets_is_not_an_acronym_of_the_place(tmp_path):
    t = table_of(tmp_path, art("a", "Flood", "MOBILE, Ala. (AP) -- Water rose on Friday, officials said."))
    assert t.find("AP").name == "Associated Press"
    assert t.find("Ala.").name == "Alabama"


def test_agencies_demonyms_and_datelines_get_their_types(tmp_path):
    t = table_of(tmp_path, art("a", "Truce", (
        "GROZNY, Russia (AP) -- Chechen fighters left the city, the Interfax news agency said, citing Tass. "
        "Basque and Chechen leaders met Democratic lawmakers. Reporters saw Lib Dem MPs on Thanksgiving Day. "
        "Divers reached Martha's Vineyard and the FSB said it had questioned the crew.")))
    assert t.find("Grozny").type == "PLACE"
    for name in ("Interfax", "Tass", "FSB"):
        assert t.find(name).type == "ORG", name
    assert t.find("Tass").name == "TASS" and t.find("FSB").name == "Federal Security Service"
    assert t.find("Martha's Vineyard").type == "PLACE"
    people = names(t, "PERSON")
    for word in ("Chechen", "Basque", "Democratic", "Lib Dem", "MPs", "Thanksgiving Day", "Martha"):
        assert not any(word in p for p in people), (word, people)


def test_a_name_after_an_organisation_noun_is_an_organisation(tmp_path):
    t = table_of(tmp_path, art("a", "Press", (
        "The hard-line newspaper Vorta Nadesh said on Sunday that the party Ezkari Batzar had split.")))
    assert t.find("Vorta Nadesh").type == "ORG"
    assert t.find("Ezkari Batzar").type == "ORG"



def test_the_fixes_file_merge_keeps_the_name_on_the_right(tmp_path):
    from briefing.entities import load_overrides

    path = tmp_path / "fixes.yaml"
    path.write_text("merge:\n  Nordvik Group: Nordvik Energy\naliases:\n  Halden Works: [HW Plant]\n",
                    encoding="utf-8")
    store = EntityStore.open(tmp_path / "store", overrides=load_overrides(path))
    store.update([
        art("a", "Deal", ("Nordvik Group said on Monday that Nordvik Group would sell a unit. "
                          "Analysts at Nordvik Group agreed. The HW Plant closed.")),
        art("b", "Deal", "Nordvik Energy confirmed the sale."),
    ], [])
    t = store.table
    ent = t.find("Nordvik Group")
    assert ent is t.find("Nordvik Energy")
    assert ent.name == "Nordvik Energy" and "Nordvik Group" in ent.aliases
    assert set(ent.articles) == {"a", "b"}
    assert t.find("HW Plant").name == "Halden Works"


def test_a_town_is_not_the_body_named_after_it(tmp_path):
    t = table_of(tmp_path, art("a", "Search", (
        "Officers of the Brannock Police searched the woods. The Corvale Chamber of Commerce offered a reward. "
        "Residents of Brannock and Corvale stayed indoors. Corvale-area schools closed; Olympic officials met.")))
    police, chamber = t.find("Brannock Police"), t.find("Corvale Chamber of Commerce")
    assert police is not None and "Brannock" not in police.aliases
    assert chamber is not None and chamber.type == "ORG" and "Corvale" not in chamber.aliases
    assert t.find("Corvale-area") is None and t.find("Olympic") is None


def test_a_titled_surname_in_a_headline_is_still_the_person(tmp_path):
    t = table_of(tmp_path, art("a", "President Varga Aims for Better Ties", (
        "President Ilse Varga met the envoy on Monday. Varga said the talks were useful.")))
    assert t.find("Ilse Varga").mentions == 3


def test_a_role_word_or_title_before_a_full_name_is_not_part_of_it(tmp_path):
    t = table_of(tmp_path, art("r", "Search goes on", (
        "Sheriff Tom Varley said the search would go on. Varley said dogs were used.\n\n"
        "Sponsor Wendell Okafor had said he wanted the rally stopped. Okafor said so again.\n\n"
        "The Rev. August Merriman, the town's priest, said the family was distraught.")))
    people = names(t, "PERSON")
    assert {"Tom Varley", "Wendell Okafor", "August Merriman"} <= people
    assert not {"Sheriff Tom Varley", "Sponsor Wendell Okafor", "Merriman"} & people


def test_a_month_or_a_gazetteer_word_that_is_a_given_name_or_surname(tmp_path):
    t = table_of(tmp_path, art("m", "Obesity study", (
        "``We need to know why,'' said June Halloway, a professor of nutrition.\n\n"
        "Dr. David Spiegel, a clinic director, said he was not surprised.\n\n"
        "The study was published in June. In May Halloway spoke again.")))
    people = names(t, "PERSON")
    assert {"June Halloway", "David Spiegel"} <= people
    assert t.find("Der Spiegel") is None
    assert not any(n.startswith(("May ", "In ")) for n in people)


def test_a_surname_that_says_things_is_the_person_not_the_company(tmp_path):
    # The star is named in full in another article of the story; in this one the
    # company comes first and another Rellick is named only paragraphs later.
    first = art("i", "Star opens stores", "Dwayne Rellick opened a store on Friday. Rellick smiled.")
    a = art("j", "Coffee shops", (
        "Rellick's Los Angeles-based Rellick Ventures Corp. owns half of the store.\n\n"
        "``We want what everybody else wants,'' Rellick said.\n\n"
        "The store opened on Friday with a queue around the block and music outside.\n\n"
        "Stores followed in Boston, Denver, Chicago, Atlanta, Houston, Phoenix, Seattle, Miami, "
        "Dallas and Detroit.\n\n"
        "Brenda Rellick, a resident, agreed that it could bring jobs."))
    t = table_of(tmp_path, first, a)
    at = a.text.index("Rellick said")
    said = [s for s in t.spans("j") if s.start == at]
    assert t.find("Rellick Ventures Corp.") is not None
    assert said and said[0].name == "Dwayne Rellick" and said[0].type == "PERSON"


def test_an_office_goes_only_to_the_one_of_a_surname_who_holds_it(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Memorial", "Sen. Edwin Marlow spoke at the memorial on Monday. Marlow wept.\n\n"
                     "He recalled how President Marlow had led the country in the war."),
                 art("b", "Hearing", "Rep. Paul Marlow asked for a hearing. Marlow said it was overdue."),
                 art("c", "History", "President Marlow signed the treaty in the spring. Marlow was popular."))
    edwin = t.find("Edwin Marlow")
    paul = t.find("Paul Marlow")
    assert edwin is not None and paul is not None
    assert "President Marlow" not in edwin.aliases and "President Marlow" not in paul.aliases


def test_initials_a_person_goes_by_are_that_person(tmp_path):
    t = table_of(tmp_path, art("o", "Trial", (
        "T.J. Varnell, the former running back, was in court on Monday.\n\n"
        "Fans outside held signs for T.J. as he walked in with his lawyers.")))
    varnell = t.find("T.J. Varnell")
    assert varnell is not None and varnell.type == "PERSON"
    assert t.find("T.J.") is varnell


def test_a_model_code_after_an_aircraft_is_the_same_aircraft(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Crash", "The pilot flew a Beechcraft Kestrel II out of Dorrow Field on Friday. "
                                   "Investigators said the Beechcraft Kestrel had been serviced in May."),
                 art("b", "Wreck", "Divers found parts of the Beechcraft Kestrel on Sunday. The Beechcraft Kestrel RG "
                                   "was built in 1988, records show."))
    plane = t.find("Beechcraft Kestrel")
    assert plane is not None and plane.type == "MISC"
    assert t.find("Beechcraft Kestrel II") is plane and t.find("Beechcraft Kestrel RG") is plane


def test_a_persons_initials_with_a_suffix_are_that_person(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Heir", "Marcus T. Oduya Jr. arrived in Velmora on Monday. Oduya Jr. said little."),
                 art("b", "Heir returns", "Friends of MTO Jr. gathered on Tuesday. Marcus T. Oduya Jr. thanked them."))
    person = t.find("Marcus T. Oduya Jr.")
    assert person is not None and t.find("MTO Jr.") is person


def test_one_party_translated_two_ways_with_one_acronym_is_one_party(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Vote", "Velmora's ruling Civic Union (CU) won the vote. The Civic Union said it would govern alone."),
                 art("b", "Poll", "Leaders of the Citizens' Union met on Monday. The Citizens' Union holds 40 seats."))
    party = t.find("Civic Union")
    assert party is not None and t.find("Citizens' Union") is party and t.find("CU") is party


def test_two_parties_named_together_stay_two(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Vote", "The Civic Union (CU) and the Citizens' Union both lost seats. "
                                  "The Civic Union blamed the Citizens' Union."))
    assert t.find("Civic Union") is not t.find("Citizens' Union")


def test_a_word_used_as_a_place_is_not_a_papers_first_word(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Paper", "The weekly Tarvassa Zeitung printed the mayor's letter on Monday. "
                                   "Most of its readers are farmers in Tarvassa, a river town of some 9,000. "
                                   "The mayor grew up in Tarvassa, and her aunt still sells the Tarvassa Zeitung."))
    paper = t.find("Tarvassa Zeitung")
    assert paper is not None and "Tarvassa" not in paper.aliases


def test_a_role_or_portfolio_word_before_a_full_name_is_not_part_of_it(tmp_path):
    t = table_of(tmp_path, art("a", "Schools", (
        "VELMORA (AP) _ Lawmakers gathered on Monday to hear the plan.\n\n"
        "The plan was backed by U.S. Attorney Richard Osterwald, and the Minister "
        "of Environment Costas Velidis agreed.\n\nOsterwald said the plan would pass.")))
    people = names(t, "PERSON")
    assert "Richard Osterwald" in people and "Costas Velidis" in people
    assert not any(n.startswith(("Attorney", "Environment")) for n in people)


def test_a_sentence_adverb_is_not_glued_to_a_name(tmp_path):
    t = table_of(tmp_path, art("a", "Visit", (
        "Senator Ilona Marchetti toured the shipyard on Friday. Besides Marchetti, three mayors "
        "spoke at the launch. Regarding Marchetti, aides said little.")))
    assert not any(n.startswith(("Besides", "Regarding")) for n in names(t))
    assert t.find("Marchetti") is t.find("Ilona Marchetti")


def test_shows_awards_and_firms_named_general_are_not_people(tmp_path):
    t = table_of(tmp_path, art("a", "Ratings", (
        "The Harlan Vesk Show took home three Velmora Screen Awards in the spring, its producer said. "
        "Advertisers such as General Motors and General Electric bought time on it.")))
    people = names(t, "PERSON")
    assert not people & {"Harlan Vesk Show", "Velmora Screen Awards", "Motors", "Electric", "General Motors"}
    assert t.find("Harlan Vesk Show").type == "MISC"


def test_an_appositive_naming_a_body_makes_an_organisation(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Rally", "Velmar Taldea, the student wing of the rebel movement, marched on Saturday. "
                                   "Velmar Taldea demonstrated again on Sunday."),
                 art("b", "Talks", "Leaders refused to meet Velmar Taldea, the party linked to the rebels."))
    assert t.find("Velmar Taldea").type == "ORG"


def test_a_law_named_without_its_cue_word_is_the_law(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Ruling", "A county judge found the shipyard had broken the Orlund Fairtrade Act, the court said."),
                 art("b", "Appeal", "The shipyard now faces an Orlund Fairtrade case of its own, lawyers said in May."))
    law = t.find("Orlund Fairtrade Act")
    assert law is not None and law.type == "MISC" and t.find("Orlund Fairtrade") is law


def test_a_weekday_after_a_name_is_no_headline(tmp_path):
    t = table_of(tmp_path, art("a", "Harbour", (
        "VELMORA (AP) _ Lawmakers met on the quay.\n\n"
        "Halvard Brenne on Monday signed the order that closes the old quay. "
        "Port officials and Ilse Varnhagen on Tuesday agreed to the plan.")))
    people = names(t, "PERSON")
    assert {"Halvard Brenne", "Ilse Varnhagen"} <= people


def test_a_works_title_in_quote_marks_is_no_person(tmp_path):
    t = table_of(tmp_path, art("a", "Records", (
        "Her label's best seller this winter was ``Kittens Hum Vivaldi.'' on a pink sleeve. Antonio "
        "Vivaldi wrote none of it for cats. A second record, ``Velmora Nights Remembered,'' came out in May.")))
    people = names(t, "PERSON")
    assert not any("Toddlers" in n or "Nights" in n for n in people)
    assert "Antonio Vivaldi" in people and t.find("Toddlers Love Vivaldi") is None


def test_a_headline_with_to_gives_no_names_of_its_own(tmp_path):
    t = table_of(tmp_path, art("h", "VHB Rejects Call to Sell Off Ferry Unit", (
        "The harbour board of Velmora said on Monday it would sell its ferry unit.")))
    assert not any("Rejects" in n or "Call" in n for n in names(t))


def test_compass_and_street_names_after_a_place_preposition_are_places(tmp_path):
    t = table_of(tmp_path, art("a", "Council", (
        "VELMORA (AP) _ The council met again.\n\n"
        "Lawmakers on Tarrow Hill debated the budget while Ilse Varnhagen spoke in East Dunmore. "
        "Police closed part of East Dunmore later, and lawmakers on Tarrow Hill went home.")))
    assert t.find("Tarrow Hill").type == "PLACE"
    assert t.find("East Dunmore").type == "PLACE"
    assert "Ilse Varnhagen" in names(t, "PERSON")


def test_an_office_nobody_held_names_someone_else(tmp_path):
    t = table_of(tmp_path,
                 art("a", "Visit", "Sen. Marta Quillon of Velmora visited the port on Friday. Quillon said it would stay open."),
                 art("b", "Speech", "President Quillon spoke about the port budget in a radio address."))
    marta = t.find("Marta Quillon")
    assert marta is not None and "President Quillon" not in marta.aliases
