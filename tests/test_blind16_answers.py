"""Questions blind round 16 (nq16/xl16: written from the articles only, run once before any change) got wrong
at their first run, answered now — each by a general rule. (The seed articles' facts were spent by earlier
rounds: this round has no English seed set.)"""

from __future__ import annotations

import pytest

from retrieval.answer.record import asks_report_date
from retrieval.answer.speech import speakers

from .corpus import OTHER_STORY, ingest_texts


@pytest.mark.parametrize("question, record", [
    ("When did The Verge publish Amanda Chicago Lewis's feature 'The people who ruined the internet'?", True),
    ("On what date did Engadget run its preview of Apple's Scary Fast event?", True),
    ("On what date did Apple hold its Scary Fast event?", False),  # the event's date, which the story gives
])
def test_a_feature_or_a_preview_is_dated_by_its_record(question, record):
    assert asks_report_date(question) is record


def test_a_columnist_s_present_tense_names_the_speaker():
    assert speakers("There are several likely outcomes, Grant suggests.") == ["Grant"]
    assert speakers("The ban will hurt small firms, she warns.") == [""]


def test_which_expert_warns_is_the_one_the_sentence_quotes(engine, tmp_path):
    """nq16 (blind, first run): declined — the tagger missed "Grant", and only his verb named him."""
    ingest_texts(engine, tmp_path, {"kids": (
        "Title: Want to help your kids achieve their potential? This expert has some advice\nSource: The Age\n"
        "Date: 2023-11-12\n\nParents often push children toward careers they think are safe. By directing our kids "
        "down a path that is not of their choosing, there are several likely outcomes, Grant suggests. Resentment "
        "is one of them.\n"), **OTHER_STORY})
    a = engine.answer("Which expert, quoted in The Age's piece on helping kids reach their potential, warns about "
                      "the likely outcomes of steering children down a path that isn't of their choosing?")
    assert a.short_answer == "Grant"


@pytest.mark.parametrize("group, source, names", [
    ({"busi", "line"}, "The Hindu BusinessLine", True),  # nq16 (blind, first run): "Business Line's explainer"
    ({"cbs", "sport"}, "CBSSports.com", True),
    ({"verg"}, "The Verge", True),
    ({"busi", "insid"}, "The Hindu BusinessLine", False),
])
def test_an_outlet_named_in_words_its_record_runs_together(group, source, names):
    from retrieval.answer.together import _names_outlet
    from retrieval.text.words import content_stems

    assert _names_outlet(group, source, set(content_stems(source))) is names


def test_the_author_a_question_names_is_on_the_record(engine, tmp_path):
    """nq16 (blind, first run): "According to The Verge's Elizabeth Lopatto, …" — a byline no sentence prints — had
    made the question ask about a name the library does not hold."""
    ingest_texts(engine, tmp_path, {"ftx": (
        "Title: The FTX trial is bigger than Sam Bankman-Fried\nSource: The Verge\nAuthor: Elizabeth Lopatto\n"
        "Date: 2023-10-02\n\nThe trial starts this week in New York. Before his fall, Bankman-Fried made himself out "
        "to be the Good Boy of crypto — the trustworthy face of a sometimes-shady industry. Prosecutors disagree.\n"),
        **OTHER_STORY})
    a = engine.answer("According to The Verge's Elizabeth Lopatto, how had Sam Bankman-Fried made himself out "
                      "before his fall?")
    assert not a.abstained and "Good Boy of crypto" in a.text
