"""Blind round 25's first run (seed25, xl25): a role of the nation asked ("Which US official …?", "… ministro de
Defensa de Rusia?"), the outlet a story ran on, a word's kin ("supplied" ~ "provide") and its opposite ("accept" —
"dismissed"), and one who *both* did this *and* that across two stories — each by a general rule, tested on
stories other than the seeds."""

from __future__ import annotations

import pytest

from retrieval.answer.outlets import outlet_name, outlet_weight
from retrieval.answer.plan import answer_type
from retrieval.answer.roles import asked_nations, role_nations
from retrieval.answer.verdict import _verdict
from retrieval.text.countries import countries_named, nation_of
from retrieval.text.words import event_kin, is_demonym

from .corpus import OTHER_STORY, ingest_texts

PORTS = {
    "call": (
        "Title: Finland backs Estonia on port security\nSource: Baltic Wire\nDate: 2024-03-12\n\n"
        "Finnish Defense Minister Antti Salo held a video call with his Estonian counterpart Kadri Tamm on Monday. "
        "Salo said Finland stands with Estonia on the security of Baltic ports.\n\n"
        "A Swedish official, Lars Berg, said the ports needed new radar. Salo told reporters that Helsinki did not "
        "supply radar systems to Tallinn.\n\n"
        "The Finland Times reported that the new radar would cost 40 million euros.\n\n"
        "Antti Salo gives an address during the Nordic Security Conference in Oslo, on March 1, 2024.\n"),
    "forum": (
        "Title: Salo calls for port talks at Riga Forum\nSource: Nordic Post\nDate: 2024-04-02\n\n"
        "Finland's Defense Minister Antti Salo called for talks on port security at the Riga Forum on April 1. "
        "The harbour plan of the Baltic states, which does not cover the Gulf of Bothnia, was dismissed by Sweden. "
        "Estonian Prime Minister Kristen Michal opened the forum.\n"),
    **OTHER_STORY,
}


@pytest.fixture
def ports(engine, tmp_path):
    ingest_texts(engine, tmp_path, PORTS)
    return engine


# --- the nation of the role asked about ---------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "nations"), [
    ("Which US official said the ports needed radar?", {"america"}),
    ("Which U.S. official said so?", {"america"}),
    ("Who is the UK ambassador?", {"britain"}),
    ("Who was Finland's defense minister before Salo?", {"finland"}),
    # a role after a preposition is whom the asked one dealt with, not the one asked for
    ("Who held a video call with Finland's defense minister?", set()),
    ("Tell us who the minister is.", set()),  # ("us" is no nation)
    ("Which Finnish foreign ministry spokesperson spoke?", {"finland"}),  # (the phrase runs through the body)
    ("Which journalist interviewed Estonia's prime minister?", set()),  # (the object's role)
    ("Who was named Estonia's new defense minister?", {"estonia"}),  # (a naming verb opens the role asked)
    ("who's the estonian defence minister?", {"estonia"}),  # (a contraction and a people's name in small letters)
    ("What is the name of the Swedish official the minister met?", {"sweden"}),
])
def test_the_nation_of_the_role_asked_about(question, nations):
    assert asked_nations(question) == nations


@pytest.mark.parametrize(("question", "nations"), [
    ("董军之前的中国国防部长是谁？", {"china"}),
    ("¿Quién sustituyó a Shoigú como ministro de Defensa de Rusia?", {"russia"}),
    ("Хто став новим міністром закордонних справ України після Кулеби?", {"ukrain"}),
    ("Wer ist der russische Verteidigungsminister?", {"russia"}),
    ("¿Quién es el ministro de Defensa chino?", {"china"}),
    # whom the minister spoke with is asked: his nation is not the answer's
    ("З ким говорив міністр оборони Китаю?", set()),
    ("Mit wem sprach der chinesische Verteidigungsminister?", set()),
    ("中国国防部长和谁通了电话？", set()),
    ("¿Quién afirmó que Pekín no suministrará armas a Rusia?", set()),  # xl16_21: "suministrar" holds no minister
])
def test_the_nation_of_the_role_asked_about_in_other_languages(question, nations):
    assert asked_nations(question, "xx") == nations


def test_nationality_words_of_other_languages_and_the_stem_of_a_country():
    assert countries_named("der russische Minister") == set()
    assert countries_named("der russische Minister", adjectives=True) == {"RU"}
    assert countries_named("le ministre chinois", adjectives=True) == {"CN"}
    assert nation_of("UA") == "ukrain" and nation_of("US") == "america" and nation_of("ZZ") == ""
    assert role_nations("U.S. official") == {"america"}


def test_the_one_holding_a_role_the_question_gives_someone_else_is_not_asked_for(ports):
    a = ports.answer("Who held a video call with Finland's defense minister?")
    assert not a.abstained and "Kadri Tamm" in a.short_answer


def test_which_official_of_another_nation_is_no_answer(ports):
    a = ports.answer("Which US official said the ports needed new radar?")
    assert a.abstained or "Berg" not in a.short_answer  # a Swede said it
    ok = ports.answer("Which Swedish official said the ports needed new radar?")
    assert not ok.abstained and "Lars Berg" in ok.short_answer


def test_across_languages_a_minister_of_another_nation_is_no_answer(ports):
    a = ports.answer("¿Quién sustituyó a Tamm como ministro de Defensa de Suecia?")
    assert a.abstained or "Salo" not in a.short_answer


@pytest.mark.parametrize(("question", "kind"), [
    ("The club lured its coach away in November 2023. Which American co-owns the club?", "person"),  # nq23_27
    ("Which Estonian won the race?", "person"),
    ("Which Estonian company won the tender?", "organization"),  # a kind named after the people
    ("Which Estonian military unit runs the camps?", "other"),  # (a kind not typed: no person)
    ("Which European neobroker raised $65 million?", "other"),
    ("Which Finnish officials attended?", "list"),
    # seed25_30: a label someone gives is a term; a record label is a company
    ("What label have Swedish officials given the harbour plan?", "other"),
    ("Which label did the singer leave?", "organization"),
    ("Which record label did the singer leave?", "organization"),
    # nq23_01: a sum as the object of what was made, sold or cost — not what was said about it
    ("What did analysts project the tour itself would gross?", "number"),
    ("What did the painting sell for?", "number"),
    ("What did Salo say about the cost?", "quote"),
    # seed26_15: a statement asked back
    ("Salo was on board with the harbour plan, right?", "yes_no"),
    ("Salo spoke at the Riga Forum, didn't he?", "yes_no"),
    ("Who spoke at the forum, right?", "person"),
    # xl19_09: a question word of Polish asks no yes or no
    ("Czego Finlandia dostarcza Estonii?", "other"),
    ("Czy Finlandia dostarcza radary Estonii?", "yes_no"),
])
def test_one_of_a_people_asked_for(question, kind):
    assert answer_type(question) == kind
    assert is_demonym("Americans") and not is_demonym("America") and not is_demonym("Kremlin")


# --- the outlet a story ran on ---------------------------------------------------------------------------------

def test_the_outlet_of_a_story_named_by_its_headline(ports):
    """seed25_25: the outlet is on the story's record; no sentence need say "ran"."""
    a = ports.answer("What site ran the story 'Salo calls for port talks at Riga Forum'?")
    assert not a.abstained and a.short_answer == "Nordic Post"


def test_an_outlet_is_cited_and_may_bear_a_nations_name():
    """xl25_10, xl25_37: "Какому агентству …?" is not answered "Ukraine" or "Beijing"; "China Daily" answers though
    the question names China."""
    assert outlet_weight(1.0, False, "GPE") == 0.0
    assert outlet_weight(1.0, True, "GPE") > outlet_weight(1.0, False, "ORG") > 0
    assert outlet_name("China Daily") == "Daily" and outlet_name("China") == "China"


def test_which_outlet_reported_it_when_the_outlet_bears_the_nations_name(ports):
    a = ports.answer("Which outlet reported what the new radar in Finland would cost?")
    assert not a.abstained and a.short_answer == "Finland Times"


# --- a word's kin and its opposite in a yes/no ---------------------------------------------------------------

def test_kin_of_supplying():
    assert {"provid", "deliv"} <= event_kin("suppli") and "brand" in event_kin("label")
    assert "ask" in event_kin("question")


def test_a_verdict_by_the_opposite_of_what_is_asked():
    asked = {"sweden", "accept", "harbour", "plan"}
    assert _verdict("The harbour plan was dismissed by Sweden.", asked) == "No"
    assert _verdict("The harbour plan was accepted by Sweden.", asked) == "Yes"
    # what is asked said too: the opposite is someone else's
    assert _verdict("Sweden accepted the harbour plan that Norway rejected.", asked) == "Yes"
    # a refusal asked about is a negation asked about: no negation said is its "Yes" (which the caller turns)
    assert _verdict("Sweden accepted the plan.", {"sweden", "reject", "plan"}) == "Yes"
    assert _verdict("The 52-yard field goal, which Virtanen missed wide left.", {"kick", "good"}) == "No"  # nq23_14
    # across languages the words asked are a rough glossary: no opposite of theirs decides (xl15_03)
    assert _verdict("The harbour plan was dismissed by Sweden.", asked, opposites=False) == "Yes"


@pytest.mark.parametrize(("question", "verdict"), [
    ("Did Sweden accept the harbour plan of the Baltic states?", "No"),
    # seed26_15: "…, right?" asks the statement; "dismissed" says no to "on board with"
    ("Sweden was on board with the harbour plan of the Baltic states, right?", "No"),
    ("Did Sweden reject the harbour plan of the Baltic states?", "Yes"),  # a rejection said in another word
])
def test_yes_no_answered_by_the_opposite(ports, question, verdict):
    a = ports.answer(question)
    assert a.short_answer == verdict and "dismissed" in a.text
    assert _verdict("Sweden criticized the harbour plan.", {"sweden", "board", "harbour", "plan"}) == "No"


def test_yes_no_answered_by_kin(ports):
    a = ports.answer("Did Salo say Helsinki had provided radar systems to Tallinn?")
    assert a.short_answer == "No" and "did not supply" in a.text


@pytest.mark.parametrize(("question", "no"), [
    ("Hat Salo gesagt, dass Helsinki Radarsysteme an Tallinn liefert?", "Nein"),
    ("Сало сказав, що Гельсінкі постачав радари до Таллінна?", "Ні"),
])
def test_across_languages_no_by_the_negation_that_says_it(ports, question, no):
    """xl25_26, xl25_12: a good sentence negating what is asked (beyond whom about) says no, and is shown."""
    a = ports.answer(question)
    assert a.short_answer == no and "Salo told reporters that Helsinki did not supply" in a.text


@pytest.mark.parametrize("question", ["Hat Schweden den Hafenplan der baltischen Staaten akzeptiert?",
                                      "¿Aceptó Suecia el plan portuario de los países bálticos?"])
def test_across_languages_an_acceptance_asked_is_answered_no_by_a_rejection(ports, question):
    """xl_de_07: "… akzeptiert?" — "… was dismissed by Sweden"."""
    a = ports.answer(question)
    assert a.short_answer in ("Nein", "No") and "dismissed" in a.text


def test_across_languages_a_denial_asked_about_is_said_by_a_negation(ports):
    """xl21_16: "a-t-il nié …?" — "… did not supply …" says yes, he denied it."""
    a = ports.answer("Est-ce que Salo a nié que Helsinki fournisse des radars à Tallinn ?")
    assert a.short_answer == "Oui" and "did not supply" in a.text


def test_a_caption_saying_he_spoke_somewhere_tells_none_of_his_words(ports):
    """seed26_06: what he said there is not in the library, and what he said elsewhere does not answer."""
    assert ports.answer("What did Salo say in his address at the Nordic Security Conference in Oslo?").abstained
    ok = ports.answer("What did Salo say about Finland and Estonia?")
    assert not ok.abstained and "stands with Estonia" in ok.text
    # a topic no sentence of his tells (seed17_27: "… about NATO expansion during his talks …")
    assert ports.answer("What did Salo say about fishing quotas during his call with Tamm?").abstained


def test_a_speaker_named_by_an_office_no_one_holds_says_nothing(ports):
    """seed26_02: "What did the Russian foreign ministry spokesperson say …?" is not answered from a sentence
    about the Russian government."""
    assert ports.answer("What did the Swedish defence ministry spokesperson say about the ports?").abstained
    ok = ports.answer("What did the Swedish official say about the ports?")
    assert not ok.abstained and "Lars Berg" in ok.text


# --- one who both did this and that ------------------------------------------------------------------------------

def test_one_who_both_did_this_and_that_in_two_stories(ports):
    a = ports.answer("Which minister both spoke at the Riga Forum and held a video call with Kadri Tamm?")
    assert not a.abstained and "Antti Salo" in a.short_answer
    assert {c.article_id for c in a.citations} >= {"call"} or {c.article_id for c in a.citations} >= {"forum"}


def test_no_one_did_both(ports):
    """Salo held the call and spoke at the forum, Michal opened it: no one of the library did both."""
    a = ports.answer("Which official both held a video call with Kadri Tamm and opened the Riga Forum?")
    assert a.abstained or "Salo" not in a.short_answer
