"""Photo credits: kept with their captions at ingest, answered when a question asks who took a picture or
through whom it came — and only for the picture the question describes."""

from __future__ import annotations

from retrieval.answer.credits import asks_credit, credits_in
from retrieval.ingest.cleaning import CAPTIONS, clean_article

from .corpus import ingest_texts

PAGE = (
    "Picture: Jan Novak from Pixabay\n"
    "Ministers meet in Prague to discuss grain corridors\n"
    "The ministers of five countries met in Prague on Monday to discuss grain corridors through the region.\n"
    "They agreed to meet again in the autumn and to publish a joint statement within a week.\n"
    "The Czech foreign minister greets his Polish counterpart at the Prague Castle on May 2, 2024. "
    "(Eva Kral/Reuters via Alamy)\n"
    "Officials said the corridors carried more grain this year than in any year before the war began.\n"
)


def test_the_cleaner_keeps_credits_with_their_captions():
    c = clean_article(PAGE)
    captions = [r.text for r in c.related if r.title == CAPTIONS]
    assert captions and "(Eva Kral/Reuters via Alamy)" in captions[0]
    assert "Picture: Jan Novak from Pixabay" in captions[0]  # a credit of its own line joins the captions …
    assert "Alamy" not in c.text and "Pixabay" not in c.text  # … never the story's own text
    alone = clean_article(PAGE.replace(" (Eva Kral/Reuters via Alamy)", ""))
    assert not [r for r in alone.related if r.title == CAPTIONS]  # … nor a passage of its own: with no caption
    assert alone.credit == "Picture: Jan Novak from Pixabay" and "Pixabay" not in alone.text  # the story's picture
    assert c.credit == ""  # (with captions, the credits are theirs)


def test_credits_are_parsed_in_the_forms_pages_print():
    assert [(c.person, c.outlet, c.agency) for c in credits_in(PAGE)] == [
        ("Eva Kral", "Reuters", "Alamy"), ("Jan Novak", "", "Pixabay")]
    ap = credits_in("Biden speaks in Warsaw. (AP Photo/Evan Vucci)")[0]
    assert (ap.person, ap.outlet, ap.caption) == ("Evan Vucci", "AP", "Biden speaks in Warsaw.")
    assert asks_credit("Who is credited with the photo of the two ministers?")
    assert not asks_credit("Who met the minister in Prague?") and not asks_credit("What does the photo show?")


def test_a_credit_answers_for_the_picture_the_question_describes(engine, tmp_path):
    ingest_texts(engine, tmp_path, {"grain": "Title: Ministers meet in Prague to discuss grain corridors\n\n" + PAGE})
    who = engine.answer("Who took the photo of the Czech foreign minister greeting his Polish counterpart?")
    assert who.short_answer == "Eva Kral" and "(Eva Kral/Reuters via Alamy)" in who.text and who.citations
    assert engine.answer("Through which agency was the photo of the Czech and Polish ministers distributed?"
                         ).short_answer == "Alamy"
    assert engine.answer("For which outlet did Eva Kral take the picture at the Prague Castle?").short_answer == \
        "Reuters"
    assert engine.answer("Which image site is the picture in the story on the grain corridors from?").short_answer \
        == "Pixabay"  # a credit on a line of its own is the story's picture
    # a picture the page does not show has no credit to give
    assert engine.answer("Who took the photo of the German chancellor arriving in Warsaw?").abstained


def test_a_lone_credit_answers_for_the_story_picture(engine, tmp_path):
    page = PAGE.replace(" (Eva Kral/Reuters via Alamy)", "")  # no captioned photo: the credit stands alone
    ingest_texts(engine, tmp_path, {"grain": "Title: Ministers meet in Prague to discuss grain corridors\n\n" + page})
    site = engine.answer("Which image site is the picture in the story on the grain corridors taken from?")
    assert site.short_answer == "Pixabay" and "Jan Novak from Pixabay" in site.text and site.citations
    aid = site.citations[0].article_id  # the credit is the story's, on its record, in no passage of its text
    assert engine.store.get_articles([aid])[aid].credit == "Picture: Jan Novak from Pixabay"
    assert not any("Pixabay" in text for _, text, _ in engine.store.chunks_of([aid]))
    assert not engine.answer("Which image site is the picture of the ministers' joint statement from?").abstained
