"""Questions blind round 14 (seed14/nq14/xl14: written from the articles only, run once before any
change) got wrong at their first run, answered now — each by a general rule."""

from __future__ import annotations

import pytest

from retrieval.answer.plan import answer_type
from retrieval.answer.record import asks_report_date
from retrieval.answer.roles import title_holder
from retrieval.messages import localized_date

from .corpus import OTHER_STORY, ingest_texts


@pytest.mark.parametrize("question, kind", [
    # nq14 (blind, first run): typed "other", so never given a verdict
    ("In TechCrunch's report on European consumer groups fighting Meta's ad-free subscription, does the complaint "
     "process also loop in the European Commission?", "yes_no"),  # an opening longer than 80 characters
    ("According to Sporting News' prop betting explainer, if the player you bet on doesn't play in the game, do most "
     "sportsbooks keep your wager?", "yes_no"),  # two opening phrases
    ("Which company, according to Reuters, did the regulator fine?", "organization"),  # a which-question still
    ("Which running back left the game with a head injury?", "person"),  # a player named by his position
    ("What is Tye Brady's job title at Amazon?", "role"),
    ("What position does Qin Gang hold?", "role"),
    ("What is China's position on the war?", "other"),  # a stance, not a title
    ("What is China's position?", "other"),  # a nation holds no title
    # nq14 (blind, first run): typed "other", answered with the live blog's headline
    ("In The Guardian's live blog of the fifth T20, what was the West Indies score after the 16th over?", "number"),
    ("In which country, according to Reuters, did the summit take place?", "place"),
])
def test_the_kind_of_answer_asked(question, kind):
    assert answer_type(question) == kind


def test_a_which_question_with_phrases_between_is_no_yes_no_question():
    assert answer_type("What, according to the report, did Wang say?") != "yes_no"


def test_the_person_whose_title_is_asked():
    assert title_holder("What was Wang Yi's title?") == "Wang Yi"
    assert title_holder("What title does Sergei Lavrov hold?") == "Sergei Lavrov"
    assert title_holder("What is the title of the film?") == ""


@pytest.mark.parametrize("question, record", [
    ("When did The New York Times publish 'After a Stunning Snub, College Football Is Facing an Identity Crisis'?",
     True),
    ("When was “China offers to intervene in ceasefire agreement” published?", True),
    ("When did Apple release the 'iPhone 15 Pro'?", False),  # a product's launch, not a report's date
    ("When did Kuleba resign?", False),
])
def test_a_story_named_by_its_headline_is_dated_by_its_record(question, record):
    assert asks_report_date(question) is record


def test_the_date_of_a_story_named_by_its_headline(engine, tmp_path):
    """nq14 (blind, first run): declined — no sentence says "published", which the record answers."""
    ingest_texts(engine, tmp_path, {"snub": (
        "Title: After a Stunning Snub, College Football Is Facing an Identity Crisis\nSource: The New York Times\n"
        "Date: 2023-12-03\n\nFlorida State finished the season unbeaten and was left out of the playoff. Most fans "
        "know that the Crimson Tide are one of the four best teams. The committee defended its choice on Sunday.\n"),
        **OTHER_STORY})
    a = engine.answer("When did The New York Times publish 'After a Stunning Snub, College Football Is Facing an "
                      "Identity Crisis'?")
    assert not a.abstained and a.short_answer.startswith("2023-12-03")


def test_a_story_named_first_then_a_yes_no_question(engine, tmp_path):
    """nq14 (blind, first run): the words naming the story had kept the answering sentence under the bar."""
    ingest_texts(engine, tmp_path, {"meta": (
        "Title: European consumer groups band together to fight Meta's ad-free subscription\nSource: TechCrunch\n"
        "Date: 2023-11-30\n\nA coalition of consumer protection groups filed complaints on Thursday. They call the "
        "subscription unfair and illegal. The process also loops in the European Commission to help facilitate "
        "dialogue and bring pressure to bear on unfair practices. Meta said the model complies with EU law.\n"),
        **OTHER_STORY})
    a = engine.answer("In TechCrunch's report on European consumer groups fighting Meta's ad-free subscription, does "
                      "the complaint process also loop in the European Commission?")
    assert a.short_answer == "Yes" and "loops in the European Commission" in a.text


@pytest.mark.parametrize("question, verdict", [
    # seed14 (blind, first run): "Yes" — the video was released, but by the Russian government
    ("Was it China's Defense Ministry that released the video of Dong Jun's message to Shoigu?", "No"),
    ("Was it the Russian government that released the video of Dong Jun's message to Shoigu?", "Yes"),
])
def test_a_cleft_question_is_answered_by_who_did_it(seeded, question, verdict):
    assert seeded.answer(question).short_answer == verdict


def test_a_title_no_source_gives_is_declined(engine, tmp_path):
    """nq14 (blind, first run): "What is Tye Brady's job title …?" was answered with the headline naming him."""
    ingest_texts(engine, tmp_path, {"robots": (
        "Title: Amazon's Tye Brady discusses generative AI, humanoid robots and mobile manipulation\n"
        "Source: TechCrunch\nDate: 2023-11-29\n\nTye Brady talked about the future of warehouse robots at Amazon. "
        "Brady said generative AI will help robots understand the world. Amazon has deployed 750,000 robots.\n"),
        "exec": ("Title: Lavrov meets Wang Yi\nSource: Reuters\nDate: 2023-11-20\n\nRussian Foreign Minister Sergei "
                 "Lavrov met Wang Yi in Moscow on Monday.\n")})
    assert engine.answer("What is Tye Brady's job title at Amazon?").abstained
    a = engine.answer("What is Sergei Lavrov's title?")
    assert not a.abstained and "Foreign Minister" in a.short_answer


def test_a_headline_promising_why_is_no_reason(engine, tmp_path):
    """nq14 (blind, first run): "Why is Dropout dropping the CollegeHumor name?" was answered with the headline
    "… — here's why and what the future holds", which says no reason."""
    ingest_texts(engine, tmp_path, {"dropout": (
        "Title: Dropout's dropping CollegeHumor on its 5th anniversary — here's why and what the future holds\n"
        "Source: Polygon\nDate: 2023-09-26\n\nSome creators use the service to market their music. The streaming "
        "service has several comedy shows. Fans can subscribe monthly or yearly.\n"),
        **OTHER_STORY})
    assert engine.answer("Why is Dropout dropping the CollegeHumor name on its fifth anniversary?").abstained


def test_a_report_named_by_its_publication_year(seeded):
    """seed14 (blind, first run): "the February 2024 article" — a year only the report's date gives — had
    counted as a number no source holds, and the question was declined."""
    a = seeded.answer("According to the headline of the February 2024 article on his video call with Shoigu, what "
                      "did China's defense chief offer Russia in the Ukraine war?")
    assert not a.abstained and "full support" in a.text
    assert seeded.answer("According to the February 2019 article on his video call with Shoigu, what did China's "
                         "defense chief offer Russia?").abstained  # a year no report is from


@pytest.mark.parametrize("question, lead", [
    # xl14 (blind, first run): answered with another story's date; "last month" was no date candidate at all
    ("When did Washington cite information suggesting Beijing could provide lethal support to Moscow, according to "
     "the article on Qin Gang?", "last month"),
    ("Коли, згідно зі статтею про Цінь Гана, Вашингтон навів дані про те, що Пекін може надати Москві «летальну "
     "підтримку»?", "минулого місяця"),  # in the reader's words
])
def test_a_date_the_source_gives_relative_to_its_report(seeded, question, lead):
    assert seeded.answer(question).short_answer == lead


def test_a_relative_date_in_the_readers_words():
    assert localized_date("last month", "uk") == "минулого місяця" and localized_date("next week", "zh") == "下周"
    assert localized_date("earlier this year", "de") == "dieses Jahr" and localized_date("last week", "en") == \
        "last week"


def test_quoted_words_the_sentence_gives_to_someone_else_are_not_the_neighbours(seeded):
    """seed14 (blind, first run): "What did Donald Trump say about Wang Yi's visit?" quoted NATO's "decisive
    enabler" because Trump is named in the sentence before; the story has no words of his."""
    assert seeded.answer("What did Donald Trump say about Wang Yi's visit to Moscow?").abstained
    a = seeded.answer("What did NATO members call Beijing?")
    assert not a.abstained and "decisive enabler" in a.text
    # two speakers asked about: either one named before the quote is theirs, not someone else's
    a = seeded.answer("How did Wang Yi and Sergei Lavrov describe relations between their countries?")
    assert a.short_answer == "comprehensive cooperation"
