"""Blind round 31's first run (seed31, xl31, nq29): photo credits asked in other languages, who posted a video (a
government, a ministry), "the Russian counterpart China's top diplomat met", a person of the asked nation whose
nation no source tells, a headline that only restates the question, an amount a name owns ("What was Nike's
revenue?"), "What's the name of …", a denial in a clause of its own ("TechCrunch never did"), and the kinds of
question in other languages (a French relative "qui", a Spanish "¿" after a clause, a think tank) — each by a
general rule, tested on stories other than the seeds."""

from __future__ import annotations

import pytest

from retrieval.answer.asked import asking_part
from retrieval.answer.candidates import HEADLINE, Sentence, restates
from retrieval.answer.credits import asks_credit
from retrieval.answer.plan import answer_type
from retrieval.answer.spans import spans
from retrieval.text.words import content_stems

from .corpus import OTHER_STORY, ingest_texts

STUBS = {
    "forum": (
        "Title: Tamm speaks at the Harbour Forum\nSource: Nordic Post\nDate: 2024-06-03\n\n"
        "Estonian Defense Minister Kadri Tamm gives an address during the Harbour Forum in Tallinn, on June 2, "
        "2024. (Mari Lepp/Nordic Post via Baltic Images)\n\n"
        "Tamm called for talks to end the ferry strike at the forum.\n"),
    "video": (
        "Title: Tamm backs Finland in a video message\nSource: Baltic Wire\nDate: 2024-01-31\n\n"
        "Estonian Defense Minister Kadri Tamm gave her full support to Finland in a video call with her Finnish "
        "counterpart Mikko Virtanen.\n\n"
        "The Finnish government released a video of Tamm's message to Virtanen, in which she asserted that Estonia "
        "will stand with Finland on the ferry issue.\n"),
    "helsinki": (
        "Title: Ots in Helsinki for talks\nSource: Baltic Wire\nDate: 2024-04-01\n\n"
        "HELSINKI - Estonia will back Finland in the ferry dispute, top diplomat Jaan Ots said on Monday.\n\n"
        "Picture: Anu Saar from Pixabay\n\n"
        "Ots is in Helsinki and met his Finnish counterpart Mikko Virtanen for talks on Tuesday. He will also meet "
        "President Anna Koskinen during the visit, her office has said.\n"),
    "drones": (
        "Title: Estonia rejects drone claim\nSource: Nordic Post\nDate: 2023-03-08\n\n"
        "“This is absolutely unacceptable,” he said, responding to information cited by Washington last month "
        "suggesting that Tallinn could provide drones to Minsk.\n\n"
        "In the call on the drones, Mr. Lind noted that Minsk's security cannot be achieved at the expense of "
        "others.\n"),
    "marathon": (
        "Title: Lepp reveals the secret word she wore under her race bib\nSource: Run Daily\nDate: 2023-10-01\n\n"
        "Anu Lepp won the Tallinn marathon on Sunday in front of a record crowd.\n"),
    "queen": (
        "Title: The rise and fall of Lena Voss\nSource: Court Wire\nDate: 2023-10-02\n\n"
        "Voss was even compared to Steffi Graf and many called her the queen of clay (Court Wire never did, for "
        "what it’s worth).\n"),
    "blockade": (
        "Title: Ots calls for ferry talks\nSource: Baltic Wire\nDate: 2023-03-07\n\n"
        "Jaan Ots, Estonia’s Foreign Minister, has called for ferry talks to resume, as he blamed a “hidden hand” "
        "for the protraction of the dispute.\n\n"
        "Tallinn has not yet condemned Minsk’s full-scale blockade of the port.\n"),
    **OTHER_STORY,
}


@pytest.fixture
def stubs(engine, tmp_path):
    ingest_texts(engine, tmp_path, STUBS)
    return engine


# --- photo credits in other languages ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "language"), [
    ("Хто автор фото, де Тамм виступає на форумі в Таллінні?", "uk"),
    ("Кто сделал снимок Тамм на форуме?", "ru"),
    ("Qui a pris la photo de Kadri Tamm au Harbour Forum ?", "fr"),
    ("Wer hat das Foto von Kadri Tamm beim Harbour Forum gemacht?", "de"),
    ("¿Quién tomó la foto de Kadri Tamm en el Harbour Forum?", "es"),
])
def test_a_photo_credit_asked_in_another_language(question, language):
    assert asks_credit(question, language)


@pytest.mark.parametrize(("question", "language"), [
    ("照片是哪天拍的？", "zh"),  # when it was taken
    ("Wann wurde das Foto von Kadri Tamm gemacht?", "de"),
    ("Хто на фото з Тамм?", "uk"),  # who is in it
    ("Хто на фотографії з Тамм?", "uk"),
    ("¿Quién aparece en la fotografía de Tamm?", "es"),
    ("Quand a été prise la photo qui montre Tamm ?", "fr"),  # a relative "qui"
    ("Wer ist der Autor des Bild-Artikels über Tamm?", "de"),  # Bild, the newspaper
])
def test_a_photo_asked_about_but_not_its_credit(question, language):
    assert not asks_credit(question, language)


def test_the_credit_of_the_photo_asked_about_in_french(stubs):
    a = stubs.answer("Qui a pris la photo de Kadri Tamm au Harbour Forum de Tallinn ?")
    assert not a.abstained and a.short_answer == "Mari Lepp"


def test_a_credit_asked_of_a_photo_no_source_credits_is_declined(stubs):
    assert stubs.answer("Qui a pris la photo du maire Ilse Brandt à Berlin ?").abstained
    # a story's own picture, with no caption, is not judged by the words a question in another language means
    assert stubs.answer("Qui a pris la photo de la poignée de main entre Ots et Virtanen à Helsinki ?").abstained


# --- who posted a video ---------------------------------------------------------------------------------------------

def test_a_government_named_by_its_nation_is_one_organisation():
    text = "The Finnish government released a video of the message."
    assert (4, 22, "ORG") in spans(text, [(4, 11, "NORP")])
    assert spans("The Finnish team won.", [(4, 11, "NORP")]) == [(4, 11, "NORP")]


@pytest.mark.parametrize("question", [
    "Who put out the video of Tamm's message to Virtanen?",
    "Wer hat das Video mit Tamms Nachricht an Virtanen online gestellt?",
    "C'est qui qui a mis en ligne la vidéo du message de Tamm à Virtanen ?",
    "Кто опубликовал видео с обращением Тамм к Виртанену?",
])
def test_who_posted_a_video_asks_for_an_organisation(question):
    assert answer_type(question) == "organization"


@pytest.mark.parametrize("question", [
    "Who posted a video of the crash on TikTok?",  # people post videos too: the sources' names decide
    "Wer sagte in dem am Montag veröffentlichten Interview, dass der Plan scheitert?",  # a participle, no video
    "Qui est le ministre cité dans le rapport publié lundi ?",
])
def test_who_did_something_else_asks_for_a_person(question):
    assert answer_type(question) == "person"


def test_who_posted_the_video(stubs):
    a = stubs.answer("Who posted the video of Tamm's message to Virtanen?")
    assert not a.abstained and a.short_answer == "Finnish government"


# --- a counterpart; the asked nation untold -------------------------------------------------------------------------

def test_the_counterpart_the_top_diplomat_met_is_not_the_diplomat(stubs):
    a = stubs.answer("who's the finnish counterpart estonia's top diplomat sat down with for talks in helsinki?")
    assert not a.abstained and a.short_answer == "Mikko Virtanen"


def test_a_weak_match_of_no_told_nation_does_not_answer_a_nation_asked(stubs):
    assert stubs.answer("Which US official was it who claimed Estonia might give Minsk drones?").abstained


def test_the_date_of_a_meeting_with_someone_else_dates_no_meeting_asked(stubs):
    assert stubs.answer("When exactly is Jaan Ots scheduled to meet Koskinen during his Helsinki trip?").abstained
    a = stubs.answer("When did Jaan Ots meet Virtanen in Helsinki?")
    assert not a.abstained and "Tuesday" in a.short_answer


# --- a headline restating the question; a denial in a clause of its own ----------------------------------------------

def test_a_headline_that_only_restates_the_question_is_no_answer(stubs):
    assert stubs.answer("What was the secret word Anu Lepp wore under her race bib?").abstained


@pytest.mark.parametrize(("headline", "question", "echo"), [
    ("Lepp reveals the secret word she wore under her race bib",
     "What was the secret word Lepp wore under her race bib?", True),
    ("Ferrylink becomes a federated app with support for OpenRoute", "Which protocol is Ferrylink adopting?", False),
    ("Ferrylink adopts OpenRoute.", "Which protocol did Ferrylink adopt?", False),  # one new word, a name
    ("Ferrylink raises $40m", "How much did Ferrylink raise?", False),  # a figure
    ("Ferrylink Will Adopt OpenRoute", "Which protocol will Ferrylink adopt?", False),  # an inner capital
    ("Ferrylink Might Have Just Saved Itself With the Route Deal", "Which partner gives Ferrylink its route deal?",
     True),  # (capitals tell nothing in a headline of capitalised words)
])
def test_a_headline_that_says_no_more_than_the_question(headline, question, echo):
    sentence = Sentence(hit=0, index=HEADLINE, text=headline, start=0, stems=set(content_stems(headline)))
    assert restates(sentence, set(content_stems(question, drop_question_words=True))) is echo


def test_one_named_denying_it_in_a_clause_of_its_own_says_no(stubs):
    a = stubs.answer("Did Court Wire ever call Lena Voss the queen of clay?")
    assert not a.abstained and a.short_answer == "No"
    a = stubs.answer("Was Lena Voss compared to Steffi Graf?")
    assert not a.abstained and a.short_answer == "Yes"


def test_words_quoted_in_a_clause_before_the_spanish_question_confirm_nothing(stubs):
    a = stubs.answer('Cuando Jaan Ots habló de la "mano oculta", ¿Tallin ya había condenado el bloqueo del puerto?')
    assert a.abstained or a.short_answer == "No"


# --- kinds of question ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "kind"), [
    ("What was Ferrylink's total revenue for its first quarter?", "number"),
    ("What is Estonia's population?", "number"),
    ("What was Estonia's response to the plan?", "other"),
    ("What's the name of the Tallinn woman who won the marathon?", "person"),
    ("Many called Voss the \"queen of clay.\" Did Court Wire ever call her that?", "yes_no"),
    ("La photo de Tamm et Ots qui se serrent la main à Tallinn, elle date de quand ?", "date"),
    ("Tamm a soutenu qui ?", "person"),
    ("Comment s'appelle le porte-parole qui a minimisé les propos de Tamm ?", "person"),
    ("Cuando Ots habló de la \"mano oculta\", ¿Tallin ya había condenado la huelga?", "yes_no"),
    ("какой вашингтонский аналитический центр писал о роли эстонских паромов?", "organization"),
    ("Чого навчають підлітків у таборах, які організовує бригада?", "other"),
    ("En marge de quelle session institutionnelle Ots a-t-il parlé ?", "place"),
    ("Le programme de la Banque passe par quelles institutions ?", "other"),  # several: not one organisation
    ("Как банк объяснил убытки?", "other"),  # "как": how
    ("Какой банкир предложил план?", "other"),  # a banker, no bank
    ("¿Ots dijo que la unidad fue disuelta?", "yes_no"),  # "que": no question word
    ("Ots a félicité qui pour sa victoire ?", "person"),
    ("what was ferrylink's total revenue?", "number"),
])
def test_question_kinds(question, kind):
    assert answer_type(question) == kind


def test_the_asking_sentence_after_a_quoted_one():
    q = "Many called him the \"queen of clay.\" Did Court Wire ever call her that?"
    assert asking_part(q) == "Did Court Wire ever call her that?"


def test_a_relationship_is_relations():
    assert set(content_stems("the relationship")) == set(content_stems("relations"))
