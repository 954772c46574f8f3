"""Questions blind round 15 (seed15/nq15/xl15: written from the articles only, run once before any
change) got wrong at their first run, answered now — each by a general rule."""

from __future__ import annotations

import pytest

from retrieval.answer.asked import holds_quoted
from retrieval.answer.plan import answer_type
from retrieval.answer.spans import asks_duration, team_named
from retrieval.messages import say

from .corpus import OTHER_STORY, ingest_texts


@pytest.mark.parametrize("question, kind", [
    # xl15 (blind, first run): a "when" clause after the question word had made it a date question
    ("Хто з речників МЗС Китаю применшив значення заяв Дун Цзюня, коли журналіст запитав про них?", "person"),
    ("Когда Ван И, который встречался с Лавровым, приехал в Москву?", "date"),  # … and the first still asks
    ("王毅对俄新社表示中国愿发挥“建设性作用”的那篇采访是星期几发表的？", "date"),  # which weekday, not how many
    ("Quel responsable russe a dit espérer la coopération « la plus étroite » avec la Chine ?", "person"),
    ("¿Qué responsable ruso habló de cooperación?", "person"),
    ("Hat Wang Yi Lavrov getroffen?", "yes_no"),  # no question word: yes or no, still
    # seed15 (blind, first run): "two … figures" was taken for a number
    ("Which two Russian figures was Wang Yi due to meet on his visit to Moscow?", "list"),
    ("Which two countries signed the deal?", "list"),
    ("Which figure did the ministry give for the losses?", "number"),
    # nq15 (blind, first run): "who wrote the novel" asks for its author, not an outlet
    ("Who wrote the new crime novel that brings back Nell Buchanan and Ivan Lucie?", "person"),
    ("Who wrote that China would help negotiate a ceasefire?", "organization"),
    ("In Qin Gang's telling, the fighting grew out of problems in the way which continent handles its security?",
     "place"),
])
def test_the_kind_of_answer_asked(question, kind):
    assert answer_type(question) == kind


def test_an_age_in_years_is_a_span_of_time():
    assert asks_duration("How many years old is the conflict said to be?")
    assert not asks_duration("How many soldiers were wounded?")


def test_words_a_question_quotes():
    question = "What did Qin Gang warn would happen if 'more fuel is added to the flames'?"
    assert holds_quoted(question, "Either peace is restored, or more fuel is added to the flames and the crisis grows")
    assert not holds_quoted(question, "Qin Gang blamed an invisible hand for the escalation")
    assert not holds_quoted("Was it China's and Russia's 'no limits' partnership?", "a no limits partnership")


@pytest.mark.parametrize("text, name, label, team", [
    ("The Cowboys opened Week 13 by rallying to beat the Seahawks on Thursday night", "Seahawks", "PERSON", True),
    ("World Series 2023 live score: Rangers vs. Diamondbacks updates", "Diamondbacks", "PERSON", True),
    ("Cowboys vs. 49ers live score", "49ers", "GPE", True),
    ("Cowboys vs. 49ers live score", "49ers", "CARDINAL", False),  # a count, as the tagger read it, stays one
    ("Talks were held in the Philippines", "Philippines", "GPE", False),  # a country, not beside "vs."
    ("Sergei Lavrov met Adams in Moscow", "Adams", "PERSON", False),  # a person
])
def test_a_team_the_tagger_read_as_a_person_or_a_place(text, name, label, team):
    a = text.index(name)
    assert team_named(text, a, a + len(name), label) is team


def test_the_sentence_holding_the_quoted_words_answers(seeded):
    """seed15 (blind, first run): answered with Qin Gang's opening sentence, which holds none of the words quoted."""
    a = seeded.answer("What did Qin Gang warn would happen if 'more fuel is added to the flames'?")
    assert not a.abstained and "spirals out of control" in a.short_answer
    assert a.text.startswith("“The crisis in Ukraine has come to a critical juncture")


def test_an_age_in_years_is_answered(seeded):
    """seed15 (blind, first run): declined, "more than three-year conflict" holding no count of years."""
    a = seeded.answer("In the report that has NATO members calling Beijing a 'decisive enabler', how many years old "
                      "is the conflict said to be?")
    assert not a.abstained and "three-year" in a.short_answer


def test_two_figures_named_in_two_sentences(seeded):
    """seed15 (blind, first run): declined as a number question."""
    a = seeded.answer("Which two Russian figures was Wang Yi due to meet on his visit to Moscow?")
    assert not a.abstained and "Lavrov" in a.short_answer and "Putin" in a.short_answer


def test_a_headline_naming_the_story_yields_to_the_sentence_that_answers(engine, tmp_path):
    """nq15 (blind, first run): "Bellingham", named by the roundup's headline, for who scored Bayern's penalty."""
    ingest_texts(engine, tmp_path, {"roundup": (
        "Title: European roundup: Bellingham helps Real Madrid go top while Bayern draw\nSource: The Guardian\n"
        "Date: 2023-11-25\n\nJude Bellingham starred as Real Madrid won at Cadiz. Bayern earned a 57th-minute "
        "penalty against the run of play for a handball and Kane cut the deficit with his eighth league goal. Leroy "
        "Sane hit the post late on. Inter stayed top in Italy after a win over Juventus.\n"), **OTHER_STORY})
    a = engine.answer("Who cut the deficit for Bayern from the penalty spot, scoring his eighth league goal, in the "
                      "Guardian's European roundup?")
    assert a.short_answer == "Kane"


def test_a_team_beaten_is_the_answer_not_the_league(engine, tmp_path):
    """nq15 (blind, first run): "NFL" from the headline; the tagger had read "the Seahawks" as a person."""
    ingest_texts(engine, tmp_path, {"standings": (
        "Title: NFL standings: Updated AFC, NFC playoff picture for Week 13 of 2023 season\nSource: Sporting News\n"
        "Date: 2023-12-01\n\nThe Cowboys opened Week 13 by rallying to beat the Seahawks on Thursday night, keeping "
        "the heat on the Eagles. The Ravens lead the AFC North. Several wild-card spots are still open.\n"),
        **OTHER_STORY})
    assert engine.answer("Which team did the Cowboys rally to beat on Thursday night to open Week 13?").short_answer \
        == "Seahawks"


def test_an_outlet_named_in_another_language_is_a_name_the_library_holds(seeded):
    """xl15 (blind, first run): "за блогом Agnes Isika" (the page's masthead, in no sentence) made the question ask
    about a name no story prints, and it was declined."""
    a = seeded.answer("Коли, за блогом Agnes Isika, Сі Цзіньпін і Путін продемонстрували єдність, яку багато хто "
                      "сприйняв як мовчазне схвалення війни Китаєм?")
    assert not a.abstained and "February" in a.text


def test_a_possessive_ends_a_name_and_a_month_is_no_name():
    from retrieval.answer.asked import name_groups

    assert name_groups("When is the pop star's tour, according to The Age's December new-music column?") == [{"age"}]


def test_the_outlet_a_report_is_recounted_by_is_its_source(engine, tmp_path):
    """nq15 (blind, first run): declined — "Wired" and "The Age" are both outlets of the library, and only The Age's
    story (which no sentence names) tells why Wired removed its article."""
    ingest_texts(engine, tmp_path, {"age": (
        "Title: Is Google Search better than the rest? And is that fair?\nSource: The Age\nDate: 2023-11-05\n\n"
        "A widely shared story claimed that Google manipulates Search to raise ad revenue. Wired removed the article "
        "for not meeting its standards, but it had already been boosted in write-ups at other outlets. Rivals say "
        "the default deals keep them small.\n"),
        "wired": ("Title: The best noise-cancelling headphones\nSource: Wired\nDate: 2023-10-02\n\nWe tested twenty "
                  "pairs over a month. The quietest cost more than $400.\n"), **OTHER_STORY})
    a = engine.answer("Why did Wired remove the article claiming Google manipulates Search, as recounted by The Age?")
    assert not a.abstained and "not meeting its standards" in a.text


def test_an_outlet_named_with_spaces_its_record_runs_together(engine, tmp_path):
    """nq15 (blind, first run): "CBS Sports'" named the story of an outlet stored as "CBSSports.com"."""
    ingest_texts(engine, tmp_path, {"lineup": (
        "Title: NFL Fantasy Football Week 5 Lineup Decisions: Starts, Sits, Sleepers, Busts\nSource: CBSSports.com\n"
        "Date: 2023-10-05\n\nThe Vikings have thrown the ball often this season. That includes Kirk Cousins last week, "
        "who only threw 19 times in a win. Justin Jefferson remains a must-start.\n"), **OTHER_STORY})
    a = engine.answer("According to CBS Sports' Week 5 lineup guide, how many times did Kirk Cousins throw in a win?")
    assert not a.abstained and a.short_answer == "19"


_LINEUP = {"lineup": (
    "Title: NFL Fantasy Football Week 5 Lineup Decisions: Starts, Sits, Sleepers, Busts\nSource: CBSSports.com\n"
    "Date: 2023-10-05\n\nThe Vikings have thrown the ball often this season. That includes Kirk Cousins last week, "
    "who only threw 19 times in a win. Justin Jefferson remains a must-start.\n"), **OTHER_STORY}


@pytest.mark.parametrize("question, verdict", [
    # nq15 (blind, first run): declined; "19 times" answers "at least 20 passes" with no
    ("Did Kirk Cousins throw at least 20 passes in the win?", "No"),
    ("Did Kirk Cousins throw more than 15 times in the win?", "Yes"),
    ("Did Kirk Cousins throw fewer than 19 times in the win?", "No"),
])
def test_a_count_the_question_compares_with(engine, tmp_path, question, verdict):
    ingest_texts(engine, tmp_path, _LINEUP)
    a = engine.answer(question)
    assert a.short_answer == verdict and "19 times" in a.text


@pytest.mark.parametrize("question, scope", [
    ("In Sporting News' World Series Game 3 live blog, which batter did Pfaadt walk?", "live blog"),
    ("According to Fortune's report on Republicans dumping Jim Jordan, how long ago was McCarthy ousted?", "report on"),
    ("Who scored, in the Guardian's European roundup?", "roundup"),
    ("What did Wang say in Moscow on Tuesday?", ""),
])
def test_the_words_that_say_which_story_is_meant(question, scope):
    from retrieval.answer.asked import story_scope

    assert scope in story_scope(question) and bool(story_scope(question)) is bool(scope)


def test_a_surname_the_story_prints_stands_for_the_full_name(engine, tmp_path):
    """nq15 (blind, first run): declined, as "Kevin" stands in no retrieved passage; the story says "McCarthy"
    (that question, "how long ago had Kevin McCarthy been ousted?", still is: "ouster" is no "ousted" to the
    stemmer)."""
    from retrieval.answer.asked import surnamed

    assert surnamed("Had Kevin McCarthy been ousted?", "the ouster of McCarthy") == {"Kevin"}
    assert surnamed("Did Hunter Biden testify?", "Joe Biden said. Biden added") == set()  # another Biden
    ingest_texts(engine, tmp_path, {"jordan": (
        "Title: Republicans dump Jim Jordan as House Speaker nominee, leaving Congress in crisis yet again\n"
        "Source: Fortune\nDate: 2023-10-20\n\nRepublicans voted to drop Jim Jordan as their nominee on Friday. "
        "Patrick McHenry has led the chamber since the unprecedented ouster of McCarthy more than two weeks ago. "
        "No new candidate has emerged.\n"), **OTHER_STORY})
    a = engine.answer("Who has led the chamber since Kevin McCarthy's ouster?")
    assert not a.abstained and a.short_answer == "Patrick McHenry"


def test_a_syllable_of_a_chinese_name_asked_is_no_answer():
    """xl15 (blind, first run): "秦刚 … 与哪位乌克兰官员通了电话？" was answered "Qin" — the asker's own name."""
    from retrieval.answer.evidence import Evidence

    ev = Evidence(0.9, [], {}, {}, asked_names=[("qin gang", False), ("qingang", False)])
    assert ev.names_asked_name("Qin") and ev.names_asked_name("Qin Gang") and not ev.names_asked_name("Kuleba")


@pytest.mark.parametrize("question, verdict", [
    # xl15 (blind, first run): answered with no verdict — across languages a "yes" had needed a negation
    ("Qin Gang a-t-il présenté les relations sino-russes comme « un modèle de nouvelles relations internationales » ?",
     "Oui"),
    ("秦刚是否称中俄关系是“一种新型国际关系的典范”？", "是"),
    ("Qin Gang a-t-il présenté les relations sino-russes comme « un partenariat sans limites » ?", ""),  # not said
])
def test_a_quotation_asked_in_another_language_that_the_source_quotes(seeded, question, verdict):
    a = seeded.answer(question)
    if verdict:
        assert a.short_answer == verdict and "a model of new international relations" in a.text
    else:  # not said: no verdict, and the report that comes nearest
        assert a.abstained and a.text == say("no_verdict", "fr") and a.nearest


def test_whose_blog_carried_a_story_is_its_record(seeded):
    """The seed set's "Whose blog …" had been answered "Wang", a name in the story, since its masthead became the
    outlet ("Agnes Isika Blog")."""
    a = seeded.answer("Whose blog carried the story about China offering to help negotiate a ceasefire between Russia "
                      "and Ukraine?")
    assert "Agnes Isika" in a.short_answer
