"""Question forms the seed set's false declines showed (seed_098, seed_316, seed5_17) and blind round 23's first
run (seed23_13): a list asked for in the imperative, a count of the things a sentence lists, a yes/no with a clause
saying when, "in which city was X held?" — each by a general rule, tested on a story other than the seeds."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.answer.asked import name_groups
from retrieval.answer.evidence import _numbered
from retrieval.answer.labels import counted_before_kind, list_element
from retrieval.answer.plan import answer_type
from retrieval.answer.relative import resolved
from retrieval.text.words import content_stems, focus_stems, head_noun

from .corpus import OTHER_STORY, ingest_texts

TUNNEL = {"tunnel": (
    "Title: Finland and Estonia push ahead with rail tunnel\nSource: Reuters\nDate: 2024-05-15\n\n"
    "Finnish Transport Minister Lauri Koskinen held a video call with his Estonian counterpart Kadri Tamm on "
    "Tuesday. Finland's new transport minister and Tamm discussed financing the rail tunnel under the Gulf of "
    "Finland.\n\n"
    "Finland and Estonia have deepened ties through energy, transport and digital cooperation since 2020. "
    "\"The tunnel will bind our capitals together,\" Koskinen said.\n\n"
    "\"We will not let the costs stop us,\" Tamm said after the call. Finance Minister Eero Laine warned that "
    "the budget was tight. Koskinen presented the plan at the Baltic Rail Summit in Tallinn on May 14.\n")}


ROVERS = {"rovers": (
    "Title: Rovers fire coach Matti Virtanen, hire Jussi Lahti as replacement\nSource: Yle\nDate: 2023-11-27\n\n"
    "The Rovers have controlled most of the scoring chances this season, a common theme for a club that is usually "
    "one of the more defensive sides in the league.\n")}


@pytest.fixture
def tunnel(engine, tmp_path):
    ingest_texts(engine, tmp_path, {**TUNNEL, **OTHER_STORY})
    return engine


def test_an_imperative_names_what_it_lists_and_its_framing_is_no_evidence():
    q = "Name every Finnish official who is quoted about the tunnel across the articles."
    assert focus_stems(q) == ["finland", "offici"]  # (a nation stems to its name)
    assert not {"name", "everi", "across", "quot"} & set(content_stems(q, drop_question_words=True))
    assert focus_stems("List all the countries that sent aid.") == ["countri"]
    assert focus_stems("Name the minister.") == ["minist"]
    assert focus_stems("What is the name of the tunnel?") == []  # ("name" asks nothing of its own)


def test_name_every_official_quoted(tunnel):
    a = tunnel.answer("Name every Finnish official who is quoted about the tunnel across the articles.")
    assert not a.abstained and "Lauri Koskinen" in a.short_answer and a.citations


def test_counting_what_a_sentence_lists():
    q = "In how many areas of cooperation have Finland and Estonia deepened ties?"
    s = "Finland and Estonia have deepened ties through energy, transport and digital cooperation since 2020."
    assert counted_before_kind(s, q) == ["energy", "transport", "digital"]
    assert counted_before_kind(s, "How many fields of research did they fund?") == []  # not the noun counted
    assert counted_before_kind("They deepened cooperation.", q) == []  # nothing listed
    assert counted_before_kind(s, "Which areas of cooperation grew?") == []  # no count asked


def test_how_many_areas_answered_by_the_list(tunnel):
    a = tunnel.answer("In how many areas of cooperation have Finland and Estonia deepened ties?")
    assert a.short_answer == "3" and "energy, transport and digital cooperation" in a.text
    # a pair the story never names: no count of theirs
    assert tunnel.answer("In how many areas of cooperation have Sweden and Norway deepened ties?").abstained


def test_a_yes_no_with_a_clause_saying_when(tunnel):
    a = tunnel.answer("Was Lauri Koskinen new in the job of transport minister when he held the video call with "
                      "Tamm?")
    assert a.short_answer == "Yes" and "new transport minister" in a.text
    # what the story does not say of him stays unsaid, whatever the clause
    b = tunnel.answer("Was Lauri Koskinen new in the job of finance minister when he held the video call with Tamm?")
    assert b.short_answer != "Yes"


def test_in_which_city_an_event_was_held(tunnel):
    a = tunnel.answer("In which city was the Baltic Rail Summit held?")
    assert a.short_answer == "Tallinn" and a.citations
    assert tunnel.answer("In which city was the Nordic Energy Summit held?").abstained  # one the story never names


def test_the_question_after_a_sentence_of_context():
    q = "Tampere Rovers fired head coach Matti Virtanen in November. Whom did they hire as his replacement?"
    assert answer_type(q) == "person"
    assert answer_type("The Lions reached 9-3. Did U.S. officials watch?") == "yes_no"
    assert answer_type("Who met Mr. Wang in St. Louis?") == "person"  # an abbreviation ends no sentence
    # a sentence's stop ends a name ("… Matti Virtanen. Whom …"); an abbreviation does not
    groups = name_groups("The Rovers fired coach Matti Virtanen. Whom did they hire?")
    assert {"matti", "virtanen"} in groups and not [g for g in groups if "whom" in g]
    assert any("loui" in g and len(g) == 2 for g in name_groups("Did he visit St. Louis?"))


def test_whom_a_team_hired_after_a_sentence_of_context(engine, tmp_path):
    ingest_texts(engine, tmp_path, {**ROVERS, **OTHER_STORY})
    a = engine.answer("Tampere Rovers fired head coach Matti Virtanen in November 2023. Whom did they hire as his "
                      "replacement?")
    assert a.short_answer == "Jussi Lahti" and a.citations


def test_name_and_list_ask_for_their_kind():
    assert answer_type("name of the finnish transport ministry spokesman who downplayed the delay?") == "person"
    assert list_element("Which Finnish ministry spokesmen spoke?") == "person"  # not the ministry
    assert answer_type("Name every Finnish official who is quoted.") == "list"
    assert answer_type("List the three things Koskinen said the ministries should do.") == "list"
    assert answer_type("Name the rail company that won the contract.") == "organization"


def test_a_relative_date_is_counted_from_the_report():
    wednesday = date(2024, 5, 15)
    assert resolved("Tuesday", wednesday, "They met on Tuesday.") == "2024-05-14"
    assert resolved("on Wednesday", wednesday) == "2024-05-15"  # the report's own day
    assert resolved("Tuesday night", wednesday) == "2024-05-14"
    assert resolved("Friday", wednesday, "He will meet Putin on Friday.") == "2024-05-17"  # still to come
    assert resolved("last Wednesday", wednesday) == "2024-05-08" and resolved("next Monday", wednesday) == "2024-05-20"
    assert resolved("yesterday", wednesday) == "2024-05-14"
    assert resolved("last month", date(2024, 1, 9)) == "December 2023" and resolved("last year", wednesday) == "2023"
    assert resolved("May 14", wednesday) == "" and resolved("Tuesday", None) == ""  # a date already; an undated report


def test_when_answers_with_the_day_a_weekday_means(tunnel):
    a = tunnel.answer("When did Lauri Koskinen hold the video call with Kadri Tamm?")
    assert a.short_answer == "Tuesday (2024-05-14)" and a.citations


PASS = {"pass": (
    "Title: Nordic rail pass goes on sale\nSource: Yle\nDate: 2024-03-01\n\n"
    "The new Nordic rail pass covers around 300 stations in four countries. It goes on sale on April 2 at "
    "$49 a month for adults.\n\n"
    "The old Baltic card, which covers around 120 stations, stays on sale until June.\n")}


def test_what_is_the_thing_asks_for_its_kind():
    assert answer_type("Valve launched it in November. What is its starting price?") == "number"
    assert head_noun("What is its starting price?") == "price"
    assert answer_type("What is the daughter's name?") == "person"
    assert answer_type("What is the capital of Finland?") == "place"
    assert answer_type("What is the situation in Ukraine?") == "other"  # no kind: as before


def test_a_price_is_a_sum_never_a_count(engine, tmp_path):
    ingest_texts(engine, tmp_path, {**PASS, **OTHER_STORY})
    a = engine.answer("The Nordic rail pass covers four countries. What is its starting price?")
    assert a.short_answer.startswith("$49") and a.citations
    # the card's text gives a count of stations and no price: no count answers for one
    assert engine.answer("The Baltic card covers the Baltic states. What is its starting price?").abstained


STAR = {"star": (
    "Title: Mia Lind and Jon Berg: a timeline of the rumoured romance between pop star and Vikings QB\n"
    "Source: USA Today\nDate: 2023-09-28\n\n"
    "Lind has attended a few of Berg's games since the season started, and he has gone on to support her career.\n\n"
    "\"Mia Lind likes that Jon Berg 'pursued her' and the two are having a 'great time getting to know each "
    "other,'\" a source told Entertainment Tonight.\n")}


def test_the_outlet_a_source_spoke_to(engine, tmp_path):
    """nq21_19: "a source told Entertainment Tonight" names the outlet, whatever the tagger made of "Tonight"."""
    ingest_texts(engine, tmp_path, {**STAR, **OTHER_STORY})
    a = engine.answer("A source said Lind likes that Berg 'pursued her'. To which outlet did that source speak?")
    assert a.short_answer == "Entertainment Tonight" and a.citations


SERIES = {"series": (
    "Title: Finals head to Turku for Game 3\nSource: Yle\nDate: 2024-04-20\n\n"
    "The finals head to Turku for Monday's Game 3, where TPS's Aleksi Koivu and Ilves's Mikko Salo are currently "
    "penciled in as the probable starters. Ilves won Game 2 4-1 on Saturday.\n")}


def test_a_numbered_name_the_reports_never_print_is_not_answered(engine, tmp_path):
    """nq21_12: "… the probable starter for Game 4?" where the reports tell only Game 3."""
    assert _numbered("Ilves beat TPS 4-1 in Game 2; who starts Game 4 in Week 13?") == [("Game", "2"), ("Game", "4"),
                                                                                        ("Week", "13")]
    assert _numbered("Bayern beat United 1-0 on November 16 and Sept. 13") == []  # a score, days of months
    ingest_texts(engine, tmp_path, {**SERIES, **OTHER_STORY})
    three = engine.answer("Who is listed as a probable starter for Game 3?")  # the game the report tells: answered
    assert three.short_answer in ("Mikko Salo", "Aleksi Koivu") and three.citations
    assert engine.answer("Game 3 has Mikko Salo starting for Ilves. Who is listed as the probable starter for "
                         "Game 4?").abstained


VIDEO = {"video": (
    "Title: Finland pledges half the cost of the Tallinn tunnel\nSource: ERR\nDate: 2024-05-16\n\n"
    "The Estonian government released a video of Koskinen's message to Tamm, in which he said the United States "
    "will fund half of the tunnel despite pressure from its budget hawks.\n\n"
    "Koskinen had called for faster permits a day earlier. \"In recent years, the United States and the European "
    "Union have backed the project,\" Koskinen said in the message.\n")}


def test_is_it_true_and_the_nation_whose_body_did_it(engine, tmp_path):
    """seed24_27: "Is it true that …?" asks the whole clause (no cleft: "Was it X that …?"); a body of another
    nation than the one asked about did it: No."""
    ingest_texts(engine, tmp_path, {**VIDEO, **OTHER_STORY})
    yes = engine.answer("Is it true that the Estonian government released a video of Koskinen's message to Tamm?")
    assert yes.short_answer == "Yes" and yes.citations
    no = engine.answer("Did the Finnish government release a video of Koskinen's message to Tamm?")
    assert no.short_answer == "No" and "Estonian government" in no.text


def test_no_country_answers_which_city(engine, tmp_path):
    """seed24_37: "From which city …?" — "the United States" (a country however written) is no answer; a
    city-state is."""
    from retrieval.text.countries import no_city

    assert no_city("the United States") and no_city("Brazil") and not no_city("Singapore") and not no_city("Moscow")
    ingest_texts(engine, tmp_path, {**VIDEO, **OTHER_STORY})
    assert engine.answer("From which city did Koskinen send his message to Tamm?").abstained


FREEZE = {"freeze": (
    "Title: Koskinen rejects freeze on rail spending\nSource: Reuters\nDate: 2024-05-20\n\n"
    "Koskinen has rejected a joint Swedish-Norwegian plan for a 10-year freeze on rail spending, and last month "
    "suggested the Nordic council be reformed.\n\n"
    "Finland is pushing its own tunnel plan, which does not envisage a bridge and was dismissed by Sweden.\n")}


def test_across_languages_a_question_of_rejection(engine, tmp_path):
    """xl24_40, xl24_26: "¿Rechazó …?" is answered by a sentence saying it was rejected (its "rejected" is no
    negation of what is asked), "… zurückgewiesen?" by one saying it was dismissed."""
    ingest_texts(engine, tmp_path, {**FREEZE, **OTHER_STORY})
    a = engine.answer("¿Rechazó Koskinen el plan conjunto de Suecia y Noruega para congelar el gasto ferroviario?")
    assert a.short_answer == "Sí" and a.citations
    b = engine.answer("Wurde Finnlands eigener Tunnelplan von Schweden zurückgewiesen?")
    assert b.short_answer == "Ja" and b.citations


_FILLER = " ".join(f"The {w} line carried more freight this year than in any year before, port officials said."
                   for w in ("northern", "southern", "eastern", "western", "coastal", "inland", "border", "harbour",
                             "airport", "island", "valley", "lakeside", "forest", "mountain", "river", "city"))
CALL = {"call": (
    "Title: Finland and Estonia hold talks on the tunnel\nSource: Reuters\nDate: 2024-05-22\n\n"
    "In the call, Mr. Koskinen also talked about evacuating the approximately 4,000 Finnish nationals that live and "
    "work in Estonia, the report said.\n\n" + _FILLER + "\n\n" + _FILLER.replace("freight", "passengers") +
    "\n\nKadri Tamm later toured the harbour.\n")}


def test_a_name_further_down_the_story_found(settings, embedder, tmp_path):
    """seed24_20: "… according to the report on the Koskinen-Tamm call?" — the passage found names Koskinen only;
    Tamm is named further down the same story, which is read for it."""
    from retrieval import Engine

    engine = Engine(settings.model_copy(update={"max_chunks_per_article": 1}), embedder=embedder)
    ingest_texts(engine, tmp_path, {**CALL, **OTHER_STORY})
    q = "About how many Finnish nationals live and work in Estonia, according to the report on the Koskinen-Tamm call?"
    assert not any("Tamm" in h.text for h in engine.retrieve(engine.plan(q)))  # one passage a story: not that one
    a = engine.answer(q)
    assert a.short_answer == "approximately 4,000" and a.citations
    # a name asked about (not one saying which story is meant) is not looked up further down
    assert engine.answer("What did Tamm say about evacuating the Finnish nationals?").abstained


LOOKBACK = {"lookback": (
    "Title: Zentro's first year, looking back\nSource: Engadget\nDate: 2023-11-30\n\n"
    "Zentro also notched 100 million users per day in March, 30 times higher than two months prior.\n")}


def test_a_month_the_outlet_s_story_tells(engine, tmp_path):
    """nq22_16: "… in March, according to Engadget's look back …?" — the story dates the event, and its outlet
    (named on its record, not in its text) names the story: no "no articles from that period"."""
    ingest_texts(engine, tmp_path, {**LOOKBACK, **OTHER_STORY})
    a = engine.answer("How many users per day did Zentro notch in March, according to Engadget's look back at its "
                      "first year?")
    assert a.short_answer == "100 million" and a.citations


BRACE = {"brace": (
    "Title: Man United vs Chelsea final score, result and highlights as Scott McTominay brace gives Ten Hag vital "
    "win\n"
    "Source: Sporting News\nDate: 2023-12-06\n\n"
    "Despite a flurry of late attacks driven by Reece James, Ten Hag's team stood strong and held on to see out the "
    "victory.\n\nMcTominay is now United's top scorer for the season with six goals, one ahead of Bruno Fernandes "
    "and Rasmus Hojlund.\n")}


def test_a_score_is_two_numbers_never_one(engine, tmp_path):
    """nq22_39: "What was the final score of that match?" is not answered by "Ten" (of "Ten Hag", a number to the
    tagger)."""
    ingest_texts(engine, tmp_path, {**BRACE, **OTHER_STORY})
    assert engine.answer("Scott McTominay scored a brace as Manchester United beat Chelsea. What was the final "
                         "score of that match?").abstained
