"""Direct answers: what kind of answer a question asks for, and the lead that answers it."""

from __future__ import annotations

import pytest

from retrieval.answer.plan import answer_type


@pytest.mark.parametrize("question, kind", [
    ("Who is Dong Jun?", "role"),
    ("who was Qin Gang", "role"),
    ("Wer ist Dong Jun?", "role"),
    ("Кто такой Дун Цзюнь?", "role"),
    ("Who is China's defense minister?", "person"),  # asks for the person who holds a role
    ("Who is the foreign minister?", "person"),
    ("Who met Shoigu?", "person"),
    ("Which outlet reported the Xiangshan Forum speech?", "organization"),
    ("How many Chinese nationals live in Ukraine?", "number"),
    ("When did Dong Jun speak to Shoigu?", "date"),
    ("Where did Dong Jun call for talks?", "place"),
])
def test_answer_type(question, kind):
    assert answer_type(question) == kind


@pytest.mark.parametrize("question, lead", [
    ("Who is Dong Jun?", "Chinese Defense Minister"),
    ("Who is Qin Gang?", "China’s Foreign Minister"),
    ("Who is Kuleba?", "Ukraine's former Foreign Minister"),
    ("Who is Lavrov?", "Russian counterpart"),  # "his Russian counterpart Sergei Lavrov": a first name in between
])
def test_who_is_a_named_person_leads_with_their_role(seeded, question, lead):
    a = seeded.answer(question)
    assert not a.abstained and a.answer_type == "role"
    assert a.short_answer == lead
    assert lead in a.text or lead.split()[-1] in a.text  # the sentence that calls them so is quoted


def test_who_holds_a_role_leads_with_the_person(seeded):
    a = seeded.answer("Who is China's defense minister?")
    assert a.short_answer == "Dong Jun" and a.citations
