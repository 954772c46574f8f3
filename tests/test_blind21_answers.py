"""What blind round 21 found (questions written from the seed articles and MultiHop-RAG stubs only) — each by a
general rule, tested on stories other than the seeds."""

from __future__ import annotations

import pytest

from retrieval.answer.asked import corporate_tails, initialled, placed_in
from retrieval.answer.evidence import _generic
from retrieval.answer.roles import offices
from retrieval.messages import say
from retrieval.text.words import content_stems, stem

from .corpus import OTHER_STORY, ingest_texts

PACT = {"pact": (
    "Title: France and Germany deepen defence cooperation\nSource: Reuters\nDate: 2024-03-12\n\n"
    "French Foreign Minister Claire Dubois met her German counterpart in Paris on Tuesday. "
    "Dubois made it clear that despite growing cooperation, France-Germany relations do not constitute a formal "
    "military alliance. Dubois spoke of the development of military relations through regular joint naval and air "
    "training activities and complex staff drills.\n\n"
    "Dubois spoke at the Quai d'Orsay Forum in Paris on March 11, the ministry said. Foreign Ministry "
    "spokesperson Marc Lenoir downplayed reports of a rift when asked about it by a reporter.\n\n"
    "Dubois said the war in Ukraine had brought the two countries closer.\n")}
DEAL = {"deal": (
    "Title: JRM, riding high on Zentro, reportedly offered $3B to Harlan to drop Senate bid\n"
    "Source: TechCrunch\nDate: 2023-10-02\n\n"
    "JRM, as he is known, has pleaded not guilty to seven charges of fraud.\n\n"
    "He was the richest person in the state under 30, a former colleague said.\n")}


FORUM = {"forum": (
    "Title: Finland's transport minister urges faster permits\nSource: Reuters\nDate: 2024-05-15\n\n"
    "Finnish Transport Minister Lauri Koskinen spoke at the Nordic Transport Forum in Oslo on May 14. Addressing "
    "transport officials from a dozen countries, including Latvia and Norway, the Finnish minister called for "
    "faster permits for cross-border lines.\n\n"
    "After meeting Estonian officials in Tallinn, Koskinen said Finland remains unshakably committed to the rail "
    "tunnel project.\n")}


@pytest.fixture
def pact(engine, tmp_path):
    ingest_texts(engine, tmp_path, {**PACT, **OTHER_STORY})
    return engine


def test_the_kind_asked_for_is_no_word_a_sentence_must_repeat():
    """seed_215: "What *kinds* of joint activities …"; seed_117: "Which *institutions* is … run with?"."""
    assert "kind" in _generic("What kinds of joint activities did Dubois cite as driving the ties?")
    assert stem("institutions") in _generic("Which institutions is the PREPARE program run with?")
    # a person's office often is repeated ("his Russian counterpart"): it stays a word to match
    assert stem("counterparts") not in _generic("Which foreign counterparts did the ministers hold talks with?")


def test_what_kinds_of_things_someone_cited(pact):
    a = pact.answer("What kinds of joint activities did Dubois cite as driving military ties with Germany?")
    assert not a.abstained and "naval and air training" in a.text


def test_where_an_event_was_held(engine, tmp_path):
    """seed21_10: "Where was the Xiangshan Forum held?" — "… at the Xiangshan Forum in Beijing": no sentence need
    say "held"."""
    ingest_texts(engine, tmp_path, {**FORUM, **OTHER_STORY})
    a = engine.answer("Where was the Nordic Transport Forum held?")
    assert not a.abstained and a.short_answer == "Oslo", a.text


def test_a_spokesman_is_a_spokesperson(pact):
    """seed21_03: "who was the chinese foreign ministry spokesman that played down …" — "spokesperson Wang Wenbin"."""
    assert offices("Foreign Ministry spokesman") == offices("Foreign Ministry spokesperson") == {"spokesperson"}
    assert offices("chairwoman") == offices("chairman")
    a = pact.answer("Which foreign ministry spokesman downplayed reports of a rift?")
    assert not a.abstained and a.short_answer == "Marc Lenoir", a.text


def test_a_capital_for_its_government_but_not_as_a_place(pact):
    """seed21_23: "Did Shoigu say Moscow and Beijing are forming a military alliance?" in a story that says
    "China-Russia relations"; seed_258: "Shoigu's visit *to Beijing*" is a place no story names."""
    a = pact.answer("Did Dubois say Paris and Berlin have formed a formal military alliance?")
    assert not a.abstained and a.short_answer == "No", a.text
    visit = pact.answer("Which newspaper reported Dubois's visit to Berlin?")
    assert visit.abstained and visit.citations == []


def test_the_name_of_a_war_places_nothing():
    assert placed_in("Qin called for peace talks on the war in Ukraine") == set()
    assert placed_in("6,000 Chinese nationals who live in Ukraine") == {stem("Ukraine")}


def test_no_plain_yes_or_no_is_a_decline_that_points_to_the_nearest_report(pact):
    """A yes/no question whose best sentences neither confirm nor deny it gets no verdict: not a sentence passed
    off as an answer, but the plain statement that the sources don't say, and where to read on."""
    a = pact.answer("Did the two countries sign a treaty at the Quai d'Orsay Forum?")
    assert a.abstained and a.citations == [] and a.short_answer == "", a.text
    assert a.text == say("no_verdict", "en")
    assert [r.title for r in a.nearest] == ["France and Germany deepen defence cooperation"]
    said = pact.answer("Did Dubois meet her German counterpart in Paris?")
    assert not said.abstained and said.short_answer == "Yes"


def test_sums_as_headlines_write_them_and_names_by_their_initials(engine, tmp_path):
    """nq19_29: "How much did Sam Bankman-Fried reportedly offer Donald Trump …?" — "SBF … offered $5B to Trump"."""
    assert content_stems("a $5B offer") == content_stems("a $5 billion offer")
    assert initialled("What did James Reid Morton offer?", "JRM, riding high") == {stem("James"), stem("Reid"),
                                                                                     stem("Morton")}
    assert initialled("What did James Morton offer?", "JRM, riding high") == set()
    assert corporate_tails("Which startups is Palo Alto Networks buying?", "Palo Alto in talks") == {"Networks"}
    ingest_texts(engine, tmp_path, {**DEAL, **OTHER_STORY})
    a = engine.answer("How much did James Reid Morton reportedly offer Harlan to drop his Senate bid?")
    assert not a.abstained and a.short_answer == "$3B", a.text


READOUT = {"readout": (
    "Title: Estonia's navy chief backs Finland in Baltic drills\nSource: ERR News\nDate: 2024-04-02\n\n"
    "Estonian Navy Commander Jüri Saar gave his full support to Finland's Baltic drills during a video call with "
    "his Finnish counterpart on Monday. The Estonian Defense Ministry's account of the meeting does not mention "
    "comments about Estonia's support for Finland's drills.\n")}
VETO = {"veto": (
    "Title: Lumina buffs safety team and gives board veto power on risky models\nSource: TechCrunch\n"
    "Date: 2023-12-18\n\n"
    "The company published a framework on Monday. Critics said the plan came late.\n")}


@pytest.mark.parametrize("story, question, verdict", [
    # seed22_26: of two sentences saying as much of what is asked, the one saying the verb that frames it decides
    (READOUT, "Does the Estonian Defense Ministry's account of the Saar call mention Estonia's support for "
              "Finland's drills?", "No"),
    # nq20_12: a headline stating all that is asked settles it, where the stub's body says nothing of it
    (VETO, "Did Lumina give its board veto power over risky models?", "Yes"),
])
def test_who_settles_yes_or_no(engine, tmp_path, story, question, verdict):
    ingest_texts(engine, tmp_path, {**story, **OTHER_STORY})
    a = engine.answer(question)
    assert not a.abstained and a.short_answer == verdict, a.text


def test_initials_the_question_gives_for_a_name_the_story_spells_out():
    """nq20_02: "At the SBF trial, …" — "Sam Bankman-Fried" in the story."""
    assert initialled("At the SBF trial, where did he start?", "the trial of Sam Bankman-Fried") == {stem("SBF")}
    assert initialled("At the SBF trial, where did he start?", "the trial of Sam Bankman") == set()


def test_a_slip_seldom_falls_on_the_first_letter():
    """seed22_37: "When was Dong Jun apointed …?" was read as "pointed" (a word of the sources) and answered with
    the year Dong "pointed out"."""
    from retrieval.text.spelling import mended

    assert mended("when was koskinen apointed minister", {stem("pointed"), stem("minister")}) == \
        "when was koskinen appointed minister"
    assert mended("when did koskinen speek", {stem("speaking")}) == "when did koskinen speak"


def test_a_nations_outlets_are_no_outlet_named():
    from retrieval.answer.outlets import outlets_cited

    text = "Top diplomat Wang Yi told Russian state media in an interview."
    a = text.index("Russian")
    assert outlets_cited(text, [(a, a + len("Russian"), "NORP")]) == []
    named = "Wang Yi told the RIA Novosti news agency."  # a named outlet still is one
    assert outlets_cited(named, [(17, 28, "ORG")]) == [(17, 28)]


def test_were_they_among_those_listed(engine, tmp_path):
    """seed_084, seed11_29, seed21_25 (three blind rounds): "Were U.S. defense officials among the audience Dong
    addressed …?" — "Addressing defense officials from dozens of countries, including Russia and the U.S., …"."""
    ingest_texts(engine, tmp_path, {**FORUM, **OTHER_STORY})
    for question in ("Were Norway's officials among the audience at the Nordic Transport Forum on May 14?",
                     "Were Norway's transport officials among the audience Koskinen addressed at the forum in Oslo?"):
        a = engine.answer(question)
        assert not a.abstained and a.short_answer == "Yes" and "including Latvia and Norway" in a.text, a.text
    other = engine.answer("Were Sweden's officials among the audience at the Nordic Transport Forum on May 14?")
    assert other.short_answer != "Yes"  # not listed: not a yes


def test_a_change_asked_about_what_stays_as_it_was(engine, tmp_path):
    """seed15_22, seed22_27 (two blind rounds): "Did Kuleba say … China's commitment … was weakening?" — "China
    remains 'unshakably' committed …": No."""
    ingest_texts(engine, tmp_path, {**FORUM, **OTHER_STORY})
    a = engine.answer("Did Koskinen say Finland's commitment to the rail tunnel project was weakening?")
    assert not a.abstained and a.short_answer == "No", a.text
    same = engine.answer("Did Koskinen say Finland remains committed to the rail tunnel project?")
    assert not same.abstained and same.short_answer == "Yes", same.text
