"""Seed questions declined though their sources answer them (abstention precision 0.78), and what blind round 17
found — each by a general rule, tested on stories other than the seeds where the rule is not seed-specific."""

from __future__ import annotations

import pytest

from retrieval.answer.candidates import _missed_people
from retrieval.answer.leads import display
from retrieval.answer.spans import Placing, wrong_span_of_time
from retrieval.answer.speech import doer_of_question
from retrieval.text.words import event_kin

from .corpus import OTHER_STORY, ingest_texts


def test_a_possessive_owns_the_next_word_it_does_not_do_it():
    assert doer_of_question("How long after the ministry spoke did Beijing's call for peace come?") == ("", "")
    assert doer_of_question("In which city did Kenny Agyapong grow up?") == ("Kenny Agyapong", "grow")


@pytest.mark.parametrize("lead, shown", [
    ("a day", "a day"), ("an hour", "an hour"), ("a dozen", "a dozen"),
    ("the Atlantic Council", "Atlantic Council"), ("a Reuters report", "Reuters report"), ("The Verge", "The Verge"),
])
def test_an_amount_keeps_its_article(lead, shown):
    assert display(lead) == shown


@pytest.mark.parametrize("question, text, span, follows", [
    ("Unlike which country does China say it sends no arms?", "… unlike the United States", "the", True),
    ("Under which leader have relations improved?", "… under the leadership of Xi Jinping", "Xi", True),
    ("Unlike which country does China say it sends no arms?", "… like the United States", "the", False),
    ("Which country sends arms?", "… unlike the United States", "the", False),
])
def test_the_answer_follows_the_preposition_the_question_fronts(question, text, span, follows):
    boosted = Placing(question).factor(text, text.index(span), len(text)) > 1.0
    assert boosted is follows


@pytest.mark.parametrize("question, text, span, wrong", [
    ("How long did the call last?", "The call for peace came a day after the talks.", "a day", True),
    ("How long after the talks did the call come?", "The call for peace came a day after the talks.", "a day", False),
    ("How long did the call last?", "The call lasted an hour.", "an hour", False),
    ("How many days before the summit did he resign?", "He resigned three days before the summit.", "three days",
     False),
])
def test_a_span_between_two_events_answers_only_how_long_after(question, text, span, wrong):
    assert wrong_span_of_time(question, text, text.index(span) + len(span)) is wrong


@pytest.mark.parametrize("text, span, placed", [
    ("an analysis by the London think tank, the Royal United Services Institute", "London", True),
    ("the Royal United Services Institute, a London-based think tank", "London", True),  # "-based" follows
    ("the Institute's Kyiv office shut", "Kyiv", False),
])
def test_where_a_body_is_based_is_the_place_beside_its_name(text, span, placed):
    question = "Where is the Royal United Services Institute based?"
    a = text.index(span)
    assert (Placing(question).factor(text, a, a + len(span)) > 1.0) is placed


def test_a_person_the_story_tags_elsewhere_is_a_person_here():
    text = "Both sides hailed ties as the best in history under the leadership of Xi Jinping and Vladimir Putin."
    found = _missed_people(text, {"Xi Jinping", "Vladimir Putin"}, [(text.index("Vladimir"), len(text) - 1, "PERSON")])
    assert [(text[a:b], label) for a, b, label in found] == [("Xi Jinping", "PERSON")]


def test_play_down_is_downplayed_and_remarks_are_comments():
    assert "downplay" in event_kin("play") and "comment" in event_kin("remark")


def test_unlike_which_country(engine, tmp_path):
    """seed_309: declined — "the United States" is named in most sentences, so it was discounted as the topic."""
    ingest_texts(engine, tmp_path, {"arms": (
        "Title: Berlin says it will not arm either side\nSource: Reuters\nDate: 2024-03-02\n\n"
        "Germany says it is not sending lethal weapons to either side, unlike the United States and several other "
        "allies. The United States sent new missiles last week. Officials in the United States defended the "
        "shipment. The United States Congress approved the funding in January.\n"), **OTHER_STORY})
    a = engine.answer("Unlike which country does Germany say it is not sending lethal weapons to either side?")
    assert not a.abstained and a.short_answer == "United States"


def test_how_long_after_is_the_span_before_after(engine, tmp_path):
    """seed_315: declined — "did Beijing's call … come" was read as Beijing *calling*, so a sentence where the
    Chinese call came was someone else's doing."""
    ingest_texts(engine, tmp_path, {"truce": (
        "Title: Ankara calls for a truce\nSource: AP\nDate: 2024-05-10\n\nThe Turkish call for a truce came two "
        "days after the interior ministry described both armies as exhausted, officials said. Markets were calm.\n"),
        **OTHER_STORY})
    a = engine.answer("How long after the interior ministry described both armies as exhausted did Ankara's call for "
                      "a truce come?")
    assert not a.abstained and a.short_answer == "two days"


def test_both_sides_is_a_count(engine, tmp_path):
    """seed5_15: declined — "both" is no number to a tagger, and "sides" repeated the question's word."""
    ingest_texts(engine, tmp_path, {"talks": (
        "Title: Mediators fail again\nSource: AP\nDate: 2024-05-10\n\nThe mediators have failed to reach a "
        "breakthrough despite long negotiations with both sides, diplomats said. A new round starts in June.\n"),
        **OTHER_STORY})
    a = engine.answer("With how many sides have the mediators negotiated without reaching a breakthrough?")
    assert not a.abstained and a.short_answer == "both sides"


def test_where_a_body_is_based_is_the_place_before_its_name(engine, tmp_path):
    """seed5_08: declined — no sentence says "based", which every "where is X based?" asks."""
    ingest_texts(engine, tmp_path, {"report": (
        "Title: Think tank tracks drone parts\nSource: Reuters\nDate: 2024-02-01\n\nThe parts were traced in an "
        "analysis by the London think tank, the Royal United Services Institute, published on Monday. Exports "
        "rose sharply last year.\n"), **OTHER_STORY})
    a = engine.answer("Where is the Royal United Services Institute based?")
    assert not a.abstained and a.short_answer == "London"


def test_a_story_named_in_the_question_is_read_for_the_rest_of_it(seeded):
    """seed_085: declined — "According to the Qin Gang article" chose the passages naming Qin, and the one saying
    Beijing has not condemned the invasion was left out."""
    a = seeded.answer("According to the Qin Gang article, has Beijing condemned Moscow's full-scale invasion?")
    assert not a.abstained and a.short_answer == "No"
    assert "not yet condemned" in a.text


def test_a_capital_standing_for_its_government_is_named_by_its_nation(seeded):
    """seed5_02: declined — the story says "Both countries", never "Moscow", so it seemed not to be the one asked
    about; and the tagger had missed Xi Jinping in the sentence that answers."""
    a = seeded.answer('Under which Chinese leader do Beijing and Moscow say their relations have become the '
                      '"best in history"?')
    assert a.short_answer == "Xi Jinping"
    assert "best in history" in a.text


def test_words_said_to_someone_are_not_words_they_said():
    from retrieval.answer.speech import addressed
    from retrieval.text.words import content_stems

    said = "Mr. Wang noted “security cannot be bought,” references to fears Mr. Putin criticized last month."
    told = "Lavrov told Wang that relations had reached an unprecedented level."
    assert not addressed({"wang", "yi"}, said, set(content_stems(said)))
    assert addressed({"wang", "yi"}, told, set(content_stems(told)))


def test_what_someone_told_a_person_who_only_speaks_himself_is_declined(seeded):
    """seed_137 (near miss): "What did Putin tell Wang Yi …?" was answered from a sentence where Wang speaks
    and Putin only criticised something — nothing Putin told him."""
    assert seeded.answer("What did Putin tell Wang Yi when they met during his Moscow visit?").abstained


def test_a_one_word_speaker_goes_by_the_full_name_his_story_gives():
    """seed17 (blind, first run): "…, Wang said at the daily press briefing" led with "Wang" — the story calls
    him Wang Wenbin (surname first, so no full name *ends* with "Wang"), another story Wang Yi."""
    from retrieval.answer.speech import full_name

    assert full_name("Wang", {"Wang Wenbin", "Dong Jun"}, ["Wang Yi"]) == "Wang Wenbin"
    assert full_name("Lavrov", set(), ["Sergei Lavrov"]) == "Sergei Lavrov"
    assert full_name("Wang", {"Wang Wenbin", "Wang Yi"}, []) == "Wang"  # two of them: no guessing


def test_a_story_s_people_end_where_the_tagger_ran_on():
    from retrieval.answer.candidates import _name_part

    assert _name_part("Wang Wenbin downplayed Dong's") == "Wang Wenbin"
    assert _name_part("Dong Jun's remarks") == "Dong Jun"


@pytest.mark.parametrize("question", [
    "By whom was the merger blocked, according to the Reuters report?",
    "Who was the merger blocked by?",
])
def test_by_whom_is_whoever_did_it_a_person_or_not(engine, tmp_path, question):
    """seed17 (blind, first run): "By whom was China's own peace plan dismissed …?" answered with a person from
    another story; "the West" (a place, to the tagger) was no candidate for "whom"."""
    ingest_texts(engine, tmp_path, {"merger": (
        "Title: Chipmakers call off their merger\nSource: Reuters\nDate: 2024-04-02\n\nThe two chipmakers are "
        "ending their planned merger, which was worth $20 billion and was blocked by the European Union. Shares of "
        "both fell on Tuesday, chief executive Anna Berg said.\n"), **OTHER_STORY})
    assert engine.answer(question).short_answer == "European Union"


def test_who_someone_met_with_follows_with():
    question = "Who did Wang Yi hold talks with?"
    text = "Wang Yi held talks with Sergei Lavrov, Xi Jinping said."
    assert Placing(question).factor(text, text.index("Sergei"), text.index(",")) > 1.0
    assert Placing(question).factor(text, text.index("Xi"), len(text) - 5) == 1.0


def test_a_capital_named_by_its_nation_is_no_name_a_story_must_print(seeded):
    """seed17 (blind, near miss): once "Moscow" was named by the story's "Russia", the Dong Jun–Shoigu story
    missed only the Xiangshan Forum of three names, which one missing name was allowed — and Shoigu answered
    who represented Moscow at a forum he did not attend."""
    assert seeded.answer("Which Russian general represented Moscow at the Xiangshan Forum where Dong Jun "
                         "spoke?").abstained


@pytest.mark.parametrize("question, asked", [
    ("How many days after the summit did Kuleba resign?", ("When was the summit?", "When did Kuleba resign?", "days")),
    ("How many weeks after Zelensky's interview was published did Dong Jun speak?",
     ("When was Zelensky's interview published?", "When did Dong Jun speak?", "weeks")),
    ("How long after Putin and Xi shook hands was the analysis dated?",
     ("When was it that Putin and Xi shook hands?", "When was the analysis dated?", "")),
    ("How long did the call last?", None),
])
def test_how_long_after_holds_two_when_questions(question, asked):
    from retrieval.answer.interval import events

    assert events(question) == asked


def test_a_date_without_its_year_takes_the_year_given_it():
    from datetime import date

    from retrieval.answer.interval import _day

    assert _day("Sept. 13.", date(2024, 9, 20)) == date(2024, 9, 13)
    assert _day("October 18, 2023", None) == date(2023, 10, 18)


SUMMIT = {
    "summit": ("Title: Leaders gather in Geneva\nSource: Reuters\nDate: 2024-02-21\n\nThe summit opened in Geneva on "
               "February 20, 2024, with forty delegations. Security was tight around the lake.\n"),
    "minister": ("Title: Minister quits after row over aid\nSource: AP\nDate: 2024-03-04\n\nThe foreign minister "
                 "resigned on March 3 after a row over military aid, officials said. His deputy takes over.\n"),
}


@pytest.mark.parametrize("question, lead", [
    ("How many days after the summit opened in Geneva did the foreign minister resign?", "12 days"),
    ("How many weeks after the summit opened in Geneva did the foreign minister resign?", "about 2 weeks"),
])
def test_how_long_between_two_dated_events_is_computed(engine, tmp_path, question, lead):
    """seed_313/314: declined — each date is printed, in different stories, and no sentence says the span."""
    ingest_texts(engine, tmp_path, {**SUMMIT, **OTHER_STORY})
    a = engine.answer(question)
    assert a.short_answer == lead
    assert sorted(c.title for c in a.citations) == ["Leaders gather in Geneva", "Minister quits after row over aid"]


def test_how_long_after_an_undated_event_is_declined(engine, tmp_path):
    ingest_texts(engine, tmp_path, {**SUMMIT, **OTHER_STORY})
    assert engine.answer("How many days after the summit opened in Geneva did the prime minister visit "
                         "Paris?").abstained


def test_an_age_before_the_name_answers_how_old(engine, tmp_path):
    """nq17 (blind, first run): "How old was Alexandra when, …" read the name as "Alexandra when", and "At 37,
    Alexandra …" was no way of giving an age."""
    from retrieval.answer.ages import asks_age

    assert asks_age("How old was Alexandra when, as The Age tells it, she moved home?") == "Alexandra"
    ingest_texts(engine, tmp_path, {"age": (
        "Title: Starting over at 37\nSource: The Age\nDate: 2023-11-12\n\nAt 37, Alexandra found herself broke and "
        "living with her parents. She retrained as a nurse the following year.\n"), **OTHER_STORY})
    assert engine.answer("How old was Alexandra when, as The Age tells it, she ended up broke and back with her "
                         "parents?").short_answer == "37"


def test_which_story_and_a_light_verb_say_nothing_of_the_event():
    from retrieval.answer.asked import story_scope
    from retrieval.answer.predicate import not_predicate, said_by_the_story

    question = "Which team sent United out of Europe, as reported by Simon Peach in The Independent?"
    assert story_scope(question) == ", as reported by Simon Peach in The Independent"
    assert "send" in not_predicate(question) and "europ" not in not_predicate(question)
    assert said_by_the_story(question) == {"report"}
    assert said_by_the_story("In Sporting News' MLB Winter Meetings tracker, how many triples did Lee hit?") == \
        {"tracker"}


def test_which_team_sent_them_out_is_the_one_they_lost_to(engine, tmp_path):
    """nq17 (blind, first run): declined — no sentence says "sent", and "as reported by Simon Peach" (the
    byline) counted as words the sentences should hold."""
    ingest_texts(engine, tmp_path, {"cup": (
        "Title: Rovers out of Europe after defeat to Ajax\nSource: The Independent\nAuthor: Simon Peach\n"
        "Date: 2023-12-13\n\nRovers are out of Europe altogether after a limp display against Ajax at home, where a "
        "late header sealed a 1-0 win. The manager said the players had let the fans down.\n"), **OTHER_STORY})
    a = engine.answer("Which team sent Rovers out of Europe, as reported by Simon Peach in The Independent?")
    assert a.short_answer == "Ajax"


def test_a_one_word_person_no_story_names_in_full_may_be_an_organization(engine, tmp_path):
    """nq17 (blind, first run): "Why Mozilla is betting on …" — the tagger read Mozilla as a person, and "which
    organization" declined."""
    ingest_texts(engine, tmp_path, {"social": (
        "Title: Why Mozilla is betting on a decentralized social networking future\nSource: TechCrunch\n"
        "Date: 2023-11-20\n\nConsumers are hungry for a new way of social networking, where trust and safety are "
        "paramount, or at least that's what Mozilla believes. The company launched its own server last year.\n"),
        **OTHER_STORY})
    a = engine.answer("According to TechCrunch, which organization believes consumers are hungry for a "
                      "decentralized kind of social networking?")
    assert a.short_answer == "Mozilla"


@pytest.mark.parametrize("question, report", [
    ("When did The Verge run Sean Hollister's day-one recap of the Epic v. Google trial?", True),
    ("Polygon Spider-Man Thanksgiving essay — publication date?", True),
    ("When did the Epic v. Google trial begin?", False),
])
def test_a_recap_or_an_essay_is_dated_by_its_record(question, report):
    from retrieval.answer.plan import answer_type
    from retrieval.answer.record import asks_report_date

    assert asks_report_date(question) is report
    assert answer_type(question) == "date"


def test_a_terse_publication_date_question_gets_the_report_s_date(engine, tmp_path):
    """nq17 (blind, first run): "Polygon Spider-Man Thanksgiving essay — publication date?" was no date question,
    and "When did The Verge run Sean Hollister's day-one recap …?" fell short of the evidence bar: the byline and
    "recap" are on the record, not in a sentence."""
    ingest_texts(engine, tmp_path, {"trial": (
        "Title: The Epic v. Google trial may come down to simple v. complicated\nSource: The Verge\n"
        "Author: Sean Hollister\nDate: 2023-11-07\n\nEpic chose to focus more on simply painting Google as the bad "
        "guy on day one. The judge told the jury the trial could last weeks.\n"), **OTHER_STORY})
    for q in ("Verge Epic v. Google trial recap — publication date?",
              "When did The Verge run Sean Hollister's day-one recap of the Epic v. Google trial?"):
        a = engine.answer(q)
        assert not a.abstained and "2023-11-07" in a.short_answer, q


def test_both_as_a_role_and_consistently_are_no_comparison_of_reports(engine, tmp_path):
    """nq17 (blind, first run): "as *both* a runner and a receiver" and "*consistently* tap into that habit" read as
    questions comparing two reports, so the outlet the question named was not taken as the report's own."""
    ingest_texts(engine, tmp_path, {"faith": (
        "Title: Jonathan Roumie on faith and prayer life during Advent\nSource: FOX News - Lifestyle\n"
        "Date: 2023-12-05\n\nHe added, \"As you consistently tap into that habit, you find your relationship with "
        "Jesus growing deeper and deeper, just automatically.\"\n"), **OTHER_STORY})
    a = engine.answer("What did Jonathan Roumie tell Fox News happens to your relationship with Jesus when you "
                      "consistently tap into that habit?")
    assert not a.abstained and "deeper and deeper" in a.text


def test_an_undated_report_is_kept_for_a_period_the_question_names(engine, tmp_path):
    """seed_310: "… have lived with war as a daily reality since 2022?" kept only the dated reports from then, and
    the undated one that says it was dropped."""
    ingest_texts(engine, tmp_path, {
        "camps": ("Title: Boot camps for teenagers\nSource: Euronews\n\nSince the beginning of the full-scale "
                  "invasion in 2022, war has become a daily reality for thousands of Ukrainian children. Some units "
                  "offer boot camps for teenagers to teach them first aid.\n"),
        "talks": ("Title: Defense chiefs talk by video\nSource: Reuters\nDate: 2024-02-05\n\nThe two defense chiefs "
                  "discussed military cooperation by video call as the war drags on.\n"), **OTHER_STORY})
    a = engine.answer("Children of which country have lived with war as a daily reality since 2022, according to "
                      "the boot camp report?")
    assert a.short_answer in ("Ukrainian", "Ukraine")


def test_a_question_naming_outlets_leads_with_theirs():
    """The best article overall leads only when an outlet the question names published it (MultiHop-RAG: 98% of
    the evidence of such questions is theirs; MRR@10 0.921 → 0.938)."""
    from retrieval.answer.passages import by_outlet
    from retrieval.models import Filters, Hit, SourceRef

    def hit(aid: str, source: str) -> Hit:
        return Hit(f"{aid}:0", aid, "text", SourceRef(title=aid, source=source))

    library = [hit("a", "Wired"), hit("b", "The Verge"), hit("c", "TechCrunch"), hit("d", "The Verge")]

    def search(filters: Filters) -> list[Hit]:
        return [h for h in library if not filters.sources or h.source in filters.sources]

    class Plan:
        filters = Filters()
        outlets = ("The Verge", "TechCrunch")

    assert [h.article_id for h in by_outlet(Plan(), search, 10, 1)] == ["b", "c", "d", "a"]
    Plan.outlets = ("Wired",)
    assert [h.article_id for h in by_outlet(Plan(), search, 10, 1)] == ["a", "b", "c", "d"]


def test_names_listed_before_the_kind_asked_are_its_items():
    """fu_47: "Which regions were Russian troops moving into …?" declined — "the Donetsk and Luhansk regions"
    names its items before the kind, not after "including", and the tagger saw only Luhansk."""
    from retrieval.answer.labels import listed_as_kind, listed_before_kind

    text = "As Russian troops move into Ukraine's restive eastern Donetsk and Luhansk regions on Monday, China spoke."
    question = "Which regions were Russian troops moving into?"
    assert listed_as_kind(text, "Luhansk", question) and not listed_as_kind(text, "China", question)
    assert listed_before_kind(text, question) == ["Donetsk", "Luhansk"]
    assert listed_before_kind("Officials from France, Germany and Italy met.", "Which countries met?") == []


def test_a_list_named_before_its_kind_is_answered(engine, tmp_path):
    ingest_texts(engine, tmp_path, {"front": (
        "Title: Offensive widens in the south\nSource: Reuters\nDate: 2024-06-03\n\nAs troops moved into the "
        "Zaporizhzhia and Kherson provinces on Monday, the ministry said it would seek talks. Fighting "
        "continued overnight.\n"), **OTHER_STORY})
    a = engine.answer("Which provinces were troops moving into when the ministry said it would seek talks?")
    assert "Zaporizhzhia" in a.short_answer and "Kherson" in a.short_answer


def test_the_sentence_holding_the_quotation_asked_in_another_language_leads(seeded):
    """xl17 (blind, first run): declined — across languages only meaning ranks sentences, and the one holding the
    quotation the question asks about, translated, was not among the first. A quotation the question quotes
    (e5 similarity ≥ QUOTE_MATCH to one of the sentence's) now lifts its sentence."""
    a = seeded.answer("Avec quel ministre russe Wang Yi ouvrait-il des pourparlers lorsqu'il a promis de « nouvelles "
                      "contributions à la cause de la paix et du développement de l'humanité » ?")
    assert "Lavrov" in a.short_answer
    assert "new contributions to the cause of peace" in a.text


@pytest.mark.parametrize("question, element", [
    ("Which provinces were troops moving into?", "place"),
    ("Which Chinese companies supply dual-use goods to Russia?", "organization"),
    ("List the three things Dong Jun said the militaries should do.", ""),
    ("Which foreign counterparts did the ministers hold talks with?", ""),
])
def test_a_list_is_typed_by_the_kind_it_names(question, element):
    from retrieval.answer.labels import list_element

    assert list_element(question) == element


def test_a_dated_analysis_is_dated_by_its_date(engine, tmp_path):
    """A paraphrase of seed_314 declined: "When was the analysis *dated*?" asked for an event "date" no sentence
    tells; like "published", it asks the date the document carries ("the analysis … of November 15, 2023")."""
    from retrieval.answer.speech import event_of_question

    assert event_of_question("When was the Atlantic Council analysis dated?") == ""
    # a paper the story is about is no report: its publication is an event the text must tell (seed10_27)
    assert event_of_question("On what date did China publish its position paper on the war?") == "publish"
    ingest_texts(engine, tmp_path, {**SUMMIT, "study": (
        "Title: Think tank on drone supply\nSource: Reuters\nDate: 2024-03-20\n\nThe concerns were highlighted in the "
        "analysis by the London think tank, the Royal Institute, of March 18, 2024. Exports rose sharply.\n"),
        **OTHER_STORY})
    a = engine.answer("How many days after the summit opened in Geneva was the Royal Institute analysis dated?")
    assert a.short_answer == "27 days"
