"""What blind round 18 found (questions written from the seed articles only, in English and in six other
languages) — each by a general rule, tested on stories other than the seeds where the rule is not seed-specific."""

from __future__ import annotations

import pytest

from retrieval import detect_language, say
from retrieval.answer.asked import unknown_cyrillic_name
from retrieval.answer.heads import counts_kind
from retrieval.answer.predicate import not_predicate
from retrieval.text.localnames import english_names
from retrieval.text.names import palladius_forms
from retrieval.text.words import asks_city, event_kin, stem

from .corpus import OTHER_STORY, ingest_texts

CENSURE = {"censure": (
    "Title: Minister slams rival budget plan\nSource: Reuters\nDate: 2024-05-02\n\n"
    "Finance Minister Anna Berg criticized a budget plan put forward by Norway and Denmark as \"reckless\" in an "
    "interview with the outlet Dagens published on Sept. 12. The plan would cut fishing quotas by a third. "
    "Delegates from dozens of countries attended the budget summit in Oslo, where Berg spoke.\n")}


def test_words_of_censure_tell_one_event():
    """seed18_08: "… the peace initiative that Zelensky *slammed*" — the story says "criticized"."""
    for word in ("slammed", "blasted", "lambasted", "condemned", "denounced"):
        assert stem("criticized") in event_kin(stem(word))


def test_an_abbreviated_month_is_the_month():
    assert stem("Sept") == stem("September") and stem("Aug") == stem("August") and stem("Dec") == stem("December")
    assert stem("May") != stem("Sept")  # a name as much as a month: left alone


def test_how_many_items_a_list_has_says_nothing_about_them():
    assert "two" in not_predicate("Which two countries were behind the plan?")
    assert "two" not in not_predicate("Which countries signed the two treaties?")


def test_a_list_whose_event_is_told_in_other_words_is_answered(engine, tmp_path):
    ingest_texts(engine, tmp_path, {**CENSURE, **OTHER_STORY})
    for question in ("Which two countries were behind the budget plan that Anna Berg slammed as reckless in a "
                     "September interview?", "Which countries were behind the budget plan that Anna Berg slammed?"):
        a = engine.answer(question)
        assert not a.abstained and a.short_answer == "Norway and Denmark", question


def test_exactly_how_many_is_no_vague_amount(engine, tmp_path):
    """seed18_05: "*Exactly* how many countries sent officials …?" was answered "dozens"."""
    ingest_texts(engine, tmp_path, {**CENSURE, **OTHER_STORY})
    a = engine.answer("Exactly how many countries sent delegates to the budget summit in Oslo?")
    assert a.abstained and a.citations == []
    loose = engine.answer("How many countries sent delegates to the budget summit in Oslo?")
    assert not loose.abstained and loose.short_answer == "dozens"


def test_a_chinese_name_in_characters_is_searched_as_its_pinyin_phrase(seeded):
    q = seeded.lexical.query("秦刚怎么形容中俄关系？")
    assert ["qin", "gang"] in q.pinyin and ["qin", "gang"] not in q.phrases  # articles only, not passages
    assert ["xiangshan"] in seeded.lexical.query("董军在香山论坛上说了什么？").pinyin


def test_a_chinese_question_naming_a_person_finds_his_story_first(seeded):
    """xl18_20: "秦刚是在什么场合发表这些关于乌克兰和谈的言论的？" ranked a story without Qin Gang first."""
    for question, story in (("秦刚是在什么场合发表这些关于乌克兰和谈的言论的？", "004"),
                            ("王毅在莫斯科见了谁？", "003")):
        hits = seeded.retrieve(seeded.plan(question))
        assert hits[0].article_id.startswith(story), question


@pytest.mark.parametrize("question, names", [
    ("Яке медіа повідомило, що міністр оборони Китаю у вересні закликав у Пекіні до переговорів?",
     ["September", "Beijing"]),  # e5 read "Пекіні" as "defense" and "вересні" as nothing
    ("Что Лавров сказал в Киеве в сентябре?", ["Kyiv", "September"]),
    ("Quand Wang Yi est-il arrivé à Moscou ?", ["Moscow"]),
    ("王毅九月在莫斯科说了什么？", ["September", "Moscow"]),
    ("Wer hat im März in Brüssel gesprochen?", ["March", "Brussels"]),
    ("Какого числа, по словам Цинь Гана, началось вторжение?", []),  # a person's name, no country
])
def test_cities_and_months_are_read_by_their_cldr_names(question, names):
    assert english_names(question) == names


@pytest.mark.parametrize("word, pinyin", [
    ("Цзюня", "jun"), ("Цзюнем", "jun"), ("Гана", "gang"), ("Ваном", "wang"), ("Сяншаньському", "xiangshan"),
])
def test_a_declined_palladius_name_reads_back(word, pinyin):
    """"Дун Цзюня" (genitive) read "jiongya" only; the Ukrainian adjective "Сяншаньському" not at all."""
    assert pinyin in palladius_forms(word)


STORIES = ("Chinese Foreign Minister Qin Gang met Sergei Lavrov in Moscow. Dong Jun spoke at the Xiangshan "
           "Forum. Ukraine's Ministry of Economy said the funds would arrive.")


@pytest.mark.parametrize("question, unknown", [
    ("Что Цинь Ган сказал о встрече с Блинкеном?", True),  # no Blinken in any story
    ("Что сказал Олаф Шольц в Москве?", True),
    ("Что Цинь Ган сказал о встрече с Лавровым?", False),
    ("Що сказав Дун Цзюнь на Сяншаньському форумі?", False),
    ("Коли Лавров був у Києві?", False),  # a city, by the CLDR's name
    ("Якого числа Мінекономіки повідомило про кошти?", False),  # an institution's compound name
    ("Скільки грошей дасть Світового банку?", False),  # an adjective of a body's name
])
def test_a_cyrillic_name_no_story_prints_is_unknown(question, unknown):
    assert unknown_cyrillic_name(question, STORIES, set()) is unknown


def test_a_russian_question_about_someone_the_library_never_names_is_declined(seeded):
    a = seeded.answer("Что Цинь Ган сказал о встрече с Блинкеном?")
    assert a.abstained and a.text == say("abstain", "ru")
    assert not seeded.answer("Что Цинь Ган сказал о невидимой руке?").abstained


def test_where_a_gathering_is_where_it_was_said(engine, tmp_path):
    """seed5_09: "Where did Wang Wenbin play down …?" — "…, Wang said at the daily press briefing" (the tagger
    took "daily" for a date and no place was named)."""
    ingest_texts(engine, tmp_path, {"briefing": (
        "Title: Ministry rejects fishing claims\nSource: Reuters\nDate: 2024-05-02\n\n"
        "Fisheries spokesperson Lena Holm dismissed the reports about quotas when asked by a reporter on Monday. "
        "\"Our quotas are fair and they have not changed,\" Holm said at the weekly press briefing.\n"),
        **OTHER_STORY})
    a = engine.answer("Where did Lena Holm say the quotas are fair?")
    assert not a.abstained and a.short_answer == "weekly press briefing"


def test_a_count_talked_about_is_not_a_count_done(engine, tmp_path):
    """seed5_24 / xl18_30: "How many Chinese nationals have actually been evacuated …?" was answered by "the
    foreign ministers also talked about *evacuating* the approximately 6,000 Chinese nationals"."""
    ingest_texts(engine, tmp_path, {"rescue": (
        "Title: Ministers discuss rescue of stranded workers\nSource: Reuters\nDate: 2024-05-02\n\n"
        "The two ministers also talked about evacuating the roughly 4,000 Dutch workers who live in the port "
        "city. Both nations agreed to keep talking. The port has been closed since March.\n"), **OTHER_STORY})
    a = engine.answer("How many Dutch workers have actually been evacuated from the port city so far?")
    assert a.abstained and a.citations == []
    told = engine.answer("How many Dutch workers live in the port city?")
    assert not told.abstained and told.short_answer == "roughly 4,000"


def test_what_someone_recommended_needs_a_sentence_telling_advice(engine, tmp_path):
    """seed_150: "What did the Atlantic Council recommend …?" was answered with the sentence citing its analysis."""
    ingest_texts(engine, tmp_path, {"report": (
        "Title: Think tank tracks fishing fleets\nSource: Reuters\nDate: 2024-05-02\n\n"
        "Concerns about illegal fishing grew, as highlighted in an analysis by the Oslo think tank, the Nordic "
        "Council. The analysis says foreign trawlers played a key role in the decline of cod stocks in Norway.\n"),
        **OTHER_STORY})
    a = engine.answer("What did the Nordic Council recommend Norway do about foreign trawlers?")
    assert a.abstained and a.citations == []
    (tmp_path / "more").mkdir()
    ingest_texts(engine, tmp_path / "more", {"advice": (
        "Title: Nordic body wants grounds closed\nSource: AP\nDate: 2024-05-03\n\n"
        "The Nordic Council urged Norway to close the northern fishing grounds to foreign trawlers.\n")})
    urged = engine.answer("What did the Nordic Council recommend Norway do about foreign trawlers?")
    assert not urged.abstained and "close the northern fishing grounds" in urged.text


@pytest.mark.parametrize("both, question, counts", [
    ("both sides", "How many sides did China call on to negotiate?", True),
    ("both nations", "How many countries' diplomats took part in the call?", True),
    ("both nations", "How many Chinese nationals have been evacuated?", False),  # one stem, another thing
])
def test_both_counts_only_the_kind_asked(both, question, counts):
    assert counts_kind(both, question) is counts


@pytest.mark.parametrize("question, city", [
    ("¿En qué ciudad se reunió la OTAN?", True), ("王毅在哪座城市与拉夫罗夫举行了会谈？", True),
    ("В каком городе Ван И встретился с Лавровым?", True), ("In welcher Stadt sprach Dong Jun?", True),
    ("¿En qué país se reunió la OTAN?", False),
])
def test_which_city_is_read_in_other_languages(question, city):
    assert asks_city(question) is city


def test_which_city_across_languages_takes_a_city_not_a_body(seeded):
    """xl7_24: "¿En qué ciudad se reunió la OTAN …?" — no story says; "NATO members have branded Beijing …" is no
    city, and Beijing is the question's own "Pekín"."""
    a = seeded.answer("¿En qué ciudad se reunió la OTAN cuando calificó a Pekín de «facilitador decisivo» de la "
                      "ofensiva rusa?")
    assert a.abstained and a.citations == []
    assert seeded.answer("¿En qué ciudad se reunió Wang Yi con Lavrov?").short_answer == "Moscow"


def test_a_quotation_the_question_quotes_supports_its_sentence(seeded):
    """xf_uk_04: "… за статтею про «невидиму руку»?" was declined at a similarity of 0.807, though the sentence
    quotes the "invisible hand"."""
    a = seeded.answer("Хто очолює Міністерство закордонних справ Китаю, за статтею про «невидиму руку»?")
    assert not a.abstained and a.short_answer == "Qin Gang"


@pytest.mark.parametrize("question, language", [
    ("Wann traf Wang Yi Lawrow in Moskau?", "de"),  # "in" is English too: it was no language, so English
    ("Quand est-il venu?", "fr"), ("Who met Wang in Moskau?", "en"), ("In which city did Wang meet Lavrov?", "en"),
])
def test_a_question_word_first_tells_the_language(question, language):
    assert detect_language(question) == language
