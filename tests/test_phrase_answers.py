"""Leads for questions with no entity type: the phrase asked for, yes or no."""

from __future__ import annotations

import pytest

from retrieval.answer.candidates import Sentence
from retrieval.answer.evidence import Evidence
from retrieval.answer.phrase import phrase_lead
from retrieval.answer.plan import answer_type
from retrieval.answer.speech import addressee_of_question
from retrieval.answer.verdict import decide


@pytest.mark.parametrize("question, sentence, lead", [
    # a quotation right after the question's words
    ("How did the mayor describe the new tram line?",
     "The mayor called the new tram line “a triumph of patience” at the opening on Monday.", "a triumph of patience"),
    ("What have critics branded the budget?", 'Critics have branded the budget a "fiscal fantasy" since March.',
     "fiscal fantasy"),
    # inside a quotation: what comes after the question's last words
    ("What did the minister say the two parties do not share?",
     "“Unlike their rivals, the two parties do not share a common manifesto,” the minister said.",
     "a common manifesto"),
    # after the question's last word, up to the end of the clause
    ("What plan did the council reject?",
     "The council rejected a proposal to close three libraries, and later approved the budget.",
     "a proposal to close three libraries"),
    ("What doesn't the treaty envisage?",
     "The treaty does not envisage a common army and was signed by twelve states.", "a common army"),
    ("What did the union call for last week?", 'The union called for "an immediate pay review."',
     "an immediate pay review"),
    # what kind of, what is it called
    ("What kind of fuel does the plant burn?", "The plant burns low-grade fuel shipped from abroad.", "low-grade fuel"),
    ("What is the relief fund for farmers called?",
     "Farmers can apply to the HARVEST fund until June.", "HARVEST"),
    # the quotation the question's words follow: "… “partners” not allies", never the source after it
    ("What did the ministry call China and Russia instead of allies?",
     "The ministry distanced itself, claiming the pair were “strategic partners” not allies, according to the Post.",
     "strategic partners"),
    ("What did the court reject?", "The court rejected, according to the filing, the appeal by the mayor.", ""),
    # which N: the name the sentence gives right before N
    ("Which brigade trains the volunteers?", "Units such as the Harbour Brigade, a reserve force, train them.",
     "Harbour Brigade"),
    ("Under which scheme will the grants be paid?", "The money comes under the three-year GREENLINE scheme.",
     "GREENLINE"),
    ("Which treaty did the country leave?", "It left the New START treaty in February.", "New START"),
    # why: what follows the stated cause
    ("Why was the match postponed?", "The match was postponed because of a waterlogged pitch, officials said.",
     "a waterlogged pitch"),
])
def test_the_phrase_asked_for_is_cut_from_the_sentence(question, sentence, lead):
    assert phrase_lead(question, sentence) == lead


@pytest.mark.parametrize("question, sentence", [
    # "say about X": X is the topic, the whole quote is the answer — the sentence leads
    ("What did the coach say about the defeat?", "“We deserved to lose the defeat today,” the coach said."),
    # nothing the question does not already say
    ("What did the council reject?", "The council rejected it again, the council said."),
    # too long to be a short answer
    ("What did the report recommend?",
     "The report recommended that the city build new housing on the old airfield site within the next ten years "
     "with federal money."),
    # a modifier after the last word, not the thing asked for
    ("What did the protesters blame for the crisis?", "Protesters gathered over the crisis of the housing market."),
    # a quote beside other words the question uses, of no describing question
    ("How does the city present itself to tourists?", 'The city will back its hotels to defend its "interests".'),
    # a nation's adjective before the noun is no name
    ("Which plan did the president reject?", "He rejected a joint US-Ukrainian plan and left."),
    ("Which units run the camps?", "Some Ukrainian military units, such as the reserve, run the camps."),
])
def test_no_phrase_when_none_reads_as_the_answer(question, sentence):
    assert phrase_lead(question, sentence) == ""


def _evidence(*sentences: tuple[str, float]) -> Evidence:
    return Evidence(0.6, [Sentence(0, i, text, 0, set(), coverage=c) for i, (text, c) in enumerate(sentences)], {}, {})


@pytest.mark.parametrize("sentences, verdict", [
    ((("The council did not approve the plan.", 0.7), ("The plan was approved by voters.", 0.3)), "No"),
    ((("The council approved the plan.", 0.5), ("Voters went to the polls.", 0.2)), "Yes"),  # far ahead of the rest
    ((("The council approved the plan.", 0.5), ("The plan had critics.", 0.4)), ""),  # half the words, a close rival
    ((("The council approved the plan.", 0.7), ("The council never approved the plan.", 0.7)), ""),  # sources disagree
    ((("The council approved the plan.", 0.3),), ""),
])
def test_yes_or_no_needs_a_plain_answer_from_the_best_sentence(sentences, verdict):
    assert decide(_evidence(*sentences))[0] == verdict


@pytest.mark.parametrize("question, sentence, verdict", [
    # a question about a negation is answered yes by a sentence saying that negation
    ("Did the council refuse to approve the plan?", "The council refused to approve the plan.", "Yes"),
    ("Has the mayor confirmed she will not sign the plan?", "The mayor said she will not sign the plan.", "Yes"),
    ("Did the council reject the plan?", "The council approved the plan on Monday.", "No"),
    # "Didn't …?" asks for agreement, and "… or not?" negates nothing asked
    ("Didn't the council approve the plan?", "The council approved the plan.", "Yes"),
    ("Did the council approve the plan or not?", "The council approved the plan.", "Yes"),
    # "turned down" asks about a rejection (blind seed12: "Has Putin turned down the … proposal?")
    ("Has the council turned down the plan?", "The council rejected the plan on Monday.", "Yes"),
    ("Has the council ruled out the plan?", "The council approved the plan on Monday.", "No"),
])
def test_a_question_about_a_negation_is_answered_by_the_same_negation(question, sentence, verdict):
    assert decide(_evidence((sentence, 0.7), ("Voters went to the polls.", 0.1)), question)[0] == verdict


def test_a_yes_no_question_after_an_attribution_is_still_yes_no():
    assert answer_type("According to the Reuters report, has the council approved the plan?") == "yes_no"
    assert answer_type("In the Qin Gang article, did Beijing condemn the invasion?") == "yes_no"


@pytest.mark.parametrize("question, lead", [
    ("How did Zelensky describe the peace initiative put forward by China?", "destructive"),
    ("What have NATO members branded Beijing?", "decisive enabler"),
    ("Is Kuleba still foreign minister?", "No"),  # "Ukraine's former Foreign Minister Dmytro Kuleba"
])
def test_answers_lead_with_the_phrase_or_verdict(seeded, question, lead):
    a = seeded.answer(question)
    assert not a.abstained and a.short_answer == lead
    assert a.citations


@pytest.mark.parametrize("question, addressee", [
    ("What did Dong Jun tell Shoigu last week?", "Shoigu"),
    ("What did Wang Yi tell the RIA Novosti news agency?", "RIA Novosti"),
    ("What did Zelensky tell Wang Yi in Guangzhou?", "Wang Yi"),
    ("What did he tell reporters?", ""),
])
def test_the_one_spoken_to_is_read_from_the_question(question, addressee):
    assert addressee_of_question(question) == addressee


def test_words_said_to_someone_need_a_source_that_names_them(seeded):
    # Zelensky speaks in the sources, and Wang Yi was in Guangzhou, but nothing Zelensky told Wang Yi is reported
    assert seeded.answer("What did Zelensky tell Wang Yi in Guangzhou?").abstained
    told = seeded.answer("What did Wang Yi tell the RIA Novosti news agency?")  # "…," he told the RIA Novosti …
    assert not told.abstained and "RIA Novosti" in told.text


@pytest.mark.parametrize("question, kind", [
    ("A robot set a world record by solving a Rubik's Cube in what time?", "number"),
    ("At what age did the former president die?", "number"),
    ("The ruble fell past what level against the dollar?", "number"),
    ("What is the name of the opposition leader who died in prison?", "person"),
    ("What is the name of the Russian foreign minister Wang Yi met in Moscow?", "person"),  # the name starts a clause
    ("Which news agency Reuters quoted was fined?", "organization"),
    ("Name the oil company that reported record profits.", "organization"),
    ("Name the ministers who attended the summit.", "list"),
    ("Name the media the blog post relies on.", "list"),
    ("Name every official quoted in the articles.", "list"),
])
def test_quiz_phrasings_ask_for_their_type(question, kind):
    assert answer_type(question) == kind
