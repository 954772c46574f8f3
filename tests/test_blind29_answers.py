"""Blind round 29's first run (seed29, xl29, nq27): a minister of another portfolio ("Which foreign minister …?" —
"Defense Minister Dong Jun"), a title given in a story's lead only, a meeting with another nation's minister, a
nation by another of its names ("American" — "US President"), the question's own first word as its answer, a verb
told only as its opposite, a Spanish yes/no with "dijo que", "Who are the … officials", an "N-time winner", a
percentage asked as "extra percentage", a why whose verb no sentence tells, a speaker's own words, and names typed
in lower case in another language — each by a general rule, tested on stories other than the seeds."""

from __future__ import annotations

import pytest

from retrieval.answer.evidence import _nation_named, _typed_lower
from retrieval.answer.labels import list_element
from retrieval.answer.plan import answer_type
from retrieval.answer.roles import _asked_offices, _other_portfolio, role_swapped
from retrieval.answer.spans import opponent
from retrieval.answer.verdict import opposite_told
from retrieval.text.countries import named_in
from retrieval.text.words import content_stems, head_noun, proper_phrases, stem

from .corpus import OTHER_STORY, ingest_texts

_FILLER = " ".join(f"The {w} ferry carried more cars this year than in any year before, port officials said."
                   for w in ("northern", "southern", "eastern", "western", "coastal", "inland", "border", "harbour",
                             "airport", "island", "valley", "lakeside", "forest", "mountain", "river", "city"))

STUBS = {
    "ots": (
        "Title: Estonia calls for tunnel talks to resume\nSource: Baltic Wire\nDate: 2024-03-12\n\n"
        "Jaan Ots, Estonia’s Foreign Minister, has called for talks on the Baltic tunnel to be promptly resumed, as "
        "he blamed a “hidden hand” for the delay.\n\n"
        "“There seems to be a hidden hand, pushing for delay and using the tunnel project to serve certain "
        "agendas,” the minister said.\n\n" + _FILLER + "\n\n" + _FILLER.replace("cars", "trucks") + "\n\n"
        "Ots also praised Estonian-Finnish relations as a model of good neighbourly ties.\n"),
    "tamm": (
        "Title: Tamm backs the ferry deal\nSource: Nordic Post\nDate: 2024-04-02\n\n"
        "Estonian Defense Minister Kadri Tamm praised Estonian-Finnish relations at a forum in Tartu.\n"),
    "carter": (
        "Title: Carter meets union leaders\nSource: Nordic Post\nDate: 2024-05-02\n\n"
        "US President Ann Carter has been pushing for a speedy end to the dock strike since taking office, but her "
        "administration has failed to reach a breakthrough.\n"),
    "transit": (
        "Title: ‘You either back the buses or you don’t’ — Brandt blasts council transit plan\nSource: City Post\n"
        "Date: 2024-09-12\n\nMayor Ilse Brandt criticized a transit plan put forward by the two councils as "
        "“wasteful” in an interview with the City Post.\n"),
    "park": (
        "Title: Lena Voss launches a media company\nSource: Court Wire\nDate: 2023-11-02\n\n"
        "Voss recently launched the production company “Serve First,” a phrase associated with the 18-time Grand "
        "Slam winner.\n"),
    "coupon": (
        "Title: Know the price-matching policies of the big shops\nSource: Shopper Weekly\nDate: 2023-11-20\n\n"
        "That means Shopzo will give you a Shopzo coupon for the difference in price between what you paid and "
        "what the rival asks, plus an additional 10 percent of that price difference.\n"),
    "tartu": (
        "Title: Ots in Tartu\nSource: Baltic Wire\nDate: 2024-08-01\n\n"
        "Former Foreign Minister Jaan Ots said after the meeting with his Finnish counterpart in Tartu in July that "
        "the ties remain strong.\n"),
    "squad": (
        "Title: USA squad for October friendlies: roster for friendly matches vs Norway, Chile\nSource: Field Post\n"
        "Date: 2023-10-04\n\nThe U.S. will face Norway first.\n\nThen, on October 17, the U.S. will travel to "
        "Lakeside Park in Denver, Colorado for a friendly against Chile.\n"),
    **OTHER_STORY,
}


@pytest.fixture
def stubs(engine, tmp_path):
    ingest_texts(engine, tmp_path, STUBS)
    return engine


# --- a minister of another portfolio; a title given in the story's lead only ----------------------------------------

def test_a_minister_of_another_portfolio_holds_no_asked_office():
    q = "Which Estonian foreign minister praised the ties?"
    assert _other_portfolio(q, ["Estonian Defense Minister"])
    assert not _other_portfolio(q, ["Estonia’s Foreign Minister"])
    assert not _other_portfolio(q, ["Minister"])  # (no portfolio: says nothing either way)
    assert not _other_portfolio("Which Estonian minister praised the ties?", ["Estonian Defense Minister"])


def test_the_foreign_minister_whose_title_is_in_the_lead(stubs):
    a = stubs.answer("Which Estonian foreign minister praised Estonian-Finnish ties as a model of good neighbourly "
                     "relations?")
    assert not a.abstained and "Ots" in a.short_answer and "Tamm" not in a.short_answer


# --- a meeting with another nation's minister; a nation by another of its names -----------------------------------

def test_a_sentence_giving_the_office_to_another_nation_is_another_meeting():
    q = "Where did Finland's top diplomat hold talks with the Latvian foreign minister?"
    assert role_swapped(q, "Estonia's former Foreign Minister Jaan Ots said after the meeting with his Finnish "
                           "counterpart in Tartu")
    assert not role_swapped(q, "Latvian Foreign Minister Ivo Berzins met his Finnish counterpart in Riga")
    assert not role_swapped(q, "The talks were held in Riga")


def test_a_nation_by_another_of_its_names():
    assert _nation_named("American", "US President Ann Carter said") and not _nation_named("Trump", "US")
    assert not named_in("US", "he told us the plan") and named_in("US", "the US plan")


def test_the_american_president_a_report_calls_us_president(stubs):
    a = stubs.answer("Which American president has been pushing for a quick end to the dock strike but hasn't "
                     "managed a breakthrough?")
    assert not a.abstained and a.short_answer == "Ann Carter"


# --- the question's own first word; a verb told as its opposite ----------------------------------------------------

def test_the_name_a_question_starts_with_is_not_its_answer(stubs):
    a = stubs.answer("Ots is called the former foreign minister now. Who replaced him as Estonia's foreign minister?")
    assert "Ots" not in a.short_answer


def test_a_verb_told_only_as_its_opposite():
    class S:
        def __init__(self, text):
            self.stems = set(content_stems(text))
    assert opposite_told("Did Brandt welcome the plan?", [S("You either back the buses or you don't"),
                                                          S("Brandt criticized the plan")])
    assert not opposite_told("Did Brandt welcome the plan?", [S("Brandt welcomed the plan")])


def test_welcome_asked_where_a_report_says_criticism(stubs):
    a = stubs.answer("Did Ilse Brandt welcome the transit plan put forward by the two councils?")
    assert not a.abstained and a.short_answer == "No"


# --- question kinds ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "kind"), [
    ("¿Brandt dijo que el plan de transporte es un derroche?", "yes_no"),
    ("Brandt a dit que le plan est un gaspillage ?", "yes_no"),
    ("¿Qué dijo Brandt sobre el plan?", "quote"),
    ("Что сказал Кулеба о Китае?", "quote"),
    ("The shop explained its policy. What extra percentage does it give back as a coupon?", "number"),
    ("What percent of the vote did she win?", "number"),
    ("The Harbor Post's roundup of December 3, 2023: was that the first 9-3 start since 1962?", "yes_no"),
])
def test_question_kinds(question, kind):
    assert answer_type(question) == kind


def test_what_a_list_or_a_which_phrase_asks_for():
    assert list_element("Who are the Latvian officials the Finnish minister is meeting on his trip?") == "person"
    assert list_element("Who were the companies that bid?") == "organization"
    assert head_noun("Which Chinese company made the vehicles that helped the army?") == "compani"
    assert stem("percentage") == stem("percent") and stem("additional") == stem("extra")


# --- an "N-time winner"; an extra percentage ------------------------------------------------------------------------

def test_titles_counted_by_an_n_time_winner(stubs):
    a = stubs.answer("How many Grand Slam titles does Lena Voss have?")
    assert not a.abstained and a.short_answer == "18"


def test_an_extra_percentage(stubs):
    a = stubs.answer("Shopper Weekly explained shops' price-matching policies. On top of the price difference, what "
                     "extra percentage does Shopzo give back as a coupon?")
    assert not a.abstained and "10 percent" in a.short_answer


# --- why, when no sentence tells what is asked; a speaker's own words --------------------------------------------

def test_a_why_whose_verb_no_sentence_tells_is_declined(stubs):
    assert stubs.answer("Why did Jaan Ots leave his post as Estonia's foreign minister?").abstained


def test_a_speakers_own_words_over_a_report_of_them(stubs):
    a = stubs.answer("What did Jaan Ots say about a 'hidden hand' in the tunnel talks?")
    assert not a.abstained and a.text.startswith("“There seems to be a hidden hand")


# --- names typed in lower case in another language ----------------------------------------------------------------

def test_names_typed_in_lower_case_in_another_language():
    stories = "Estonian Defense Minister Kadri Tamm met Jaan Ots. The minister said the ties are strong."
    assert _typed_lower("wer hat tamm als estnische außenministerin abgelöst?", stories) == ["tamm"]
    assert _typed_lower("Wer hat Tamm abgelöst?", stories) == []  # (capitals typed: the writer chose them)
    assert _typed_lower("wer hat die minister getroffen?", stories) == []  # ("minister" is printed in lower case)
    assert _asked_offices("wer hat tamm als estnische außenministerin abgelöst?", "de") == {"minister"}
    assert _asked_offices("¿Quién suministrará las armas?", "es") == frozenset()


def test_a_name_before_the_next_sentence_ends_there():
    assert proper_phrases("In July the Estonian minister sat down with his counterpart Jaan Ots. In which city did "
                          "they meet?") == ["Jaan Ots"]
    assert proper_phrases("He met Mr. Smith in St. Louis.") == ["Mr. Smith", "St. Louis"]


def test_a_side_after_vs_is_no_place():
    text = "roster for friendly matches vs Norway, Chile"
    assert opponent(text, text.index("Norway")) and not opponent("a match in Norway", 11)


def test_where_a_team_played_is_not_its_opponent(stubs):
    a = stubs.answer("Field Post covered the US squad for the October friendlies. Where did the US play Chile?")
    assert not a.abstained and a.short_answer in ("Denver", "Lakeside Park", "Denver, Colorado")
