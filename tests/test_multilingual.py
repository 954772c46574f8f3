"""Questions in other languages over English news: the e5 index beside the passages, cross-lingual
retrieval and evidence, answers whose own words follow the reader while quotes stay as written."""

from __future__ import annotations

import pytest

from retrieval import Engine, Evaluator, detect_language, load_questions, load_settings, say
from retrieval.answer.outlets import asks_outlet
from retrieval.answer.plan import answer_type
from retrieval.answer.spans import asks_duration
from retrieval.answer.verdict import foreign_negated
from retrieval.index.multilingual import CrossSimilarity
from retrieval.text.countries import countries_named, named_in
from retrieval.text.language import content_words, transliterated_names
from retrieval.text.names import han_pairs, is_latin, palladius_forms, spelling_key
from retrieval.text.words import content_stems, head_noun

from .conftest import ROOT, SEEDS


@pytest.mark.parametrize("text, language", [
    ("Що сказав міністр оборони Китаю Шойгу?", "uk"),
    ("Что министр обороны Китая сказал Шойгу?", "ru"),
    ("中国国防部长对绍伊古说了什么？", "zh"),
    ("Was hat Chinas Verteidigungsminister zu Schoigu gesagt?", "de"),
    ("An welchem Tag sprach Dong Jun beim Shangri-La-Dialog in Singapur?", "de"),  # names and "in", "an"
    ("Selon Qin Gang, quand a commencé la guerre ?", "fr"),
    ("Qu'a dit le ministre chinois de la Défense à Choïgou ?", "fr"),
    ("¿Qué le dijo el ministro de Defensa chino a Shoigú?", "es"),
    ("What did China's defense minister tell Shoigu?", "en"),
])
def test_language_of_a_question(text, language):
    assert detect_language(text) == language


def test_cyrillic_names_are_transliterated_for_fuzzy_matching():
    assert transliterated_names("Что Шойгу сказал Кулебе о Ван И?") == ["shoygu", "kulebe"]
    assert transliterated_names("Кто такой Дун Цзюнь?") == ["tszyun"]  # the first word and short ones left out


@pytest.mark.parametrize("word, pinyin", [
    ("Цинь", "qin"), ("Ган", "gang"), ("Сяншаньском", "xiangshan"), ("Гуанчжоу", "guangzhou"), ("Дун", "dong"),
    ("Цзюнь", "jun"), ("Ван", "wang"), ("Си", "xi"), ("Цзиньпин", "jinping"), ("Цінь", "qin"),  # Ukrainian і
    ("Шойгу", None), ("Лавров", None),  # not Chinese names: no Palladius reading
])
def test_chinese_names_in_cyrillic_read_back_as_pinyin(word, pinyin):
    assert (palladius_forms(word) or (None,))[0] == pinyin  # the likelier reading first


@pytest.mark.parametrize("variants", [
    ("Selenskyj", "Zelensky"), ("Lawrow", "Lavrov"), ("Schoigu", "Choïgou", "Shoigu", "Shoigú"),
    ("Kouleba", "Kuleba"),
])
def test_a_name_spelled_by_another_languages_rules_has_one_key(variants):
    assert len({spelling_key(v) for v in variants}) == 1


def test_latin_letters_with_accents_are_latin():
    assert is_latin("Choïgou") and is_latin("Außenministerium") and not is_latin("Шойгу") and not is_latin("董军")


def test_chinese_characters_give_their_syllable_pairs():
    assert han_pairs("董军在香山") == [("dong", "jun"), ("jun", "zai"), ("zai", "xiang"), ("xiang", "shan")]
    assert han_pairs("Dong Jun?") == []


def test_content_words_leave_out_function_words_in_every_language():
    assert content_words("Hat der Westen Chinas Friedensplan akzeptiert?") == \
        ["Westen", "Chinas", "Friedensplan", "akzeptiert"]
    assert content_words("Qu'a dit Wang Yi au début de ses discussions avec Lavrov ?") == \
        ["Wang", "début", "discussions", "Lavrov"]
    assert content_words("美国和欧洲的政客") == ["美国", "欧洲", "政客"]  # 和 and 的 are function words


_SOURCES = ["Politicians in the U.S. and Europe have criticized China for not doing more to prevent the conflict.",
            "Civilians were evacuated in July after the meeting.", "The plan was dismissed by the West."]


@pytest.mark.parametrize("question, meaning", [
    ("Wann wurden die Zivilisten evakuiert?", {"civilian"}),
    ("Qui a critiqué la Chine en juillet ?", {"juli"}),
    ("美国和欧洲的政客为什么批评中国？", {"critic"}),
    ("Hat der Westen Chinas Friedensplan akzeptiert?", {"west"}),
])
def test_question_words_are_looked_up_among_the_sources_words(seeded, question, meaning):
    meanings = [m for _, m in CrossSimilarity(seeded.multilingual.encoder).translate(question, _SOURCES).values()]
    assert any(meaning <= m for m in meanings)
    assert all(m <= {t for s in _SOURCES for t in content_stems(s)} for m in meanings)  # only the sources' words


def test_a_word_with_nothing_near_it_among_the_sources_is_not_guessed(seeded):
    meanings = CrossSimilarity(seeded.multilingual.encoder).translate("Wie viele Panzer?", ["Ministers met in July."])
    assert meanings == {}


def test_translated_words_choose_the_sentence_across_languages(seeded):
    # the similarity alone prefers a quoted outburst about China ("Why on earth the blame…")
    a = seeded.answer("美国和欧洲的政客为什么批评中国？")
    assert not a.abstained and a.citations[0].article_id.startswith("002_")
    assert "not doing more to prevent the conflict" in a.text


@pytest.mark.parametrize("question, lead", [
    ("Хто з китайських міністрів оборони говорив із Шойгу по відеозв'язку?", "Dong Jun"),  # not Shoigu himself
    ("Welcher US-Präsident drängt auf ein schnelles Ende des Ukraine-Kriegs?", "Donald Trump"),  # next to "President"
])
def test_a_lead_answer_across_languages_is_not_a_name_the_question_gives(seeded, question, lead):
    assert seeded.answer(question).short_answer == lead


@pytest.mark.parametrize("question, asks", [
    ("Which outlet reported the call?", True),
    ("Which news organisation is cited as the source for the call?", True),
    ("Laut welcher Zeitung war Peking besorgt?", True),
    ("Welcher Nachrichtendienst berichtete darüber?", True),
    ("Яке інформагентство взяло інтерв'ю у Ван І?", True),
    ("Какое СМИ сообщило об этом?", True),
    ("Quel journal a publié l'entretien ?", True),
    ("¿Qué periódico publicó la entrevista?", True),
    ("这是哪家媒体报道的？", True),
    ("Which ministry released the statement?", False),
    ("According to the Times piece on the coach, which broadcaster holds the league's rights?", False),  # a business
    ("Welches Ministerium hat das gesagt?", False),
    ("Яке міністерство це заявило?", False),
])
def test_questions_that_ask_for_a_news_outlet(question, asks):
    assert asks_outlet(question) is asks
    assert answer_type(question) in ("organization", "list")


@pytest.mark.parametrize("question", [
    "Какое издание сообщило, что министр обороны Китая в сентябре призвал в Пекине к переговорам?",
    "Яке видання повідомило, що Дун Цзюнь закликав до переговорів на Сяншанському форумі?",
])
def test_an_outlet_question_is_answered_with_the_outlet_the_report_cites(seeded, question):
    # the best sentence ends "…, Bloomberg reported"; the ministry a neighbouring report is about is no outlet
    a = seeded.answer(question)
    assert a.short_answer == "Bloomberg" and a.citations[0].article_id.startswith("000_")


@pytest.mark.parametrize("question, head, duration", [
    ("2024年是中俄建交多少周年？", "anniversari", False),
    ("Яку річницю дипломатичних відносин відзначають Китай і Росія?", "anniversari", False),
    ("Wie lange dauert der Krieg schon?", "long", True),
    ("¿Cuánto tiempo duró la llamada?", "long", True),
    ("Сколько лет длится война?", "year", True),
    ("Combien d'années durera le programme ?", "year", True),
    ("Із скількох країн прибули делегації?", "countri", False),
    ("Wie viele Länder unterstützen den Plan?", "countri", False),
    ("¿Cuántos dólares dará el Banco Mundial?", "dollar", False),
    ("Скільки грошей дасть Світовий банк?", "money", False),  # how much money: a sum, whatever its currency
    ("¿Cuánto dinero dará el Banco Mundial?", "money", False),
    ("In welchem Jahr wurde das gesagt?", "", False),  # which year: a date, not a count of years
    ("Сколько китайских граждан проживало в Украине?", "citizen", False),  # people news counts
    ("乌克兰有多少中国公民？", "citizen", False),
    ("¿Cuántos soldados chinos murieron en Ucrania?", "soldier", False),
    ("Combien de réfugiés ukrainiens la Chine a-t-elle accueillis ?", "refuge", False),
    ("几月几日？", "", False),
])
def test_what_a_question_in_another_language_counts(question, head, duration):
    assert head_noun(question) == head
    assert asks_duration(question) is duration


@pytest.mark.parametrize("question, lead, article", [
    # the best sentence across languages names the forum; the count stands three sentences on, before "countries"
    ("Із скількох країн прибули посадовці з оборони, до яких звертався Дун Цзюнь на Сяншанському форумі?", "dozens",
     "000_"),
    ("Какую годовщину дипломатических отношений Китай и Россия отмечают в 2024 году?", "75th", "001_"),  # an ordinal
    ("Скільки грошей дасть Світовий банк на підготовку проєктів відбудови України?", "$200 million", "000_"),
])
def test_a_count_or_an_ordinal_asked_in_another_language_leads_the_answer(seeded, question, lead, article):
    a = seeded.answer(question)
    assert a.short_answer == lead and a.citations[0].article_id.startswith(article)


@pytest.mark.parametrize("question", [
    "¿Cuántos puntos tiene el documento de posición de China sobre la guerra?",  # "the two men exchanged views"
    "Скільки ракет Китай продав Росії у 2023 році?",  # "our two countries", "the two militaries"
])
def test_the_two_a_story_has_named_are_no_count_it_reports(seeded, question):
    assert seeded.answer(question).abstained


@pytest.mark.parametrize("question, lead", [
    # "approximately 6,000 Chinese nationals" counts citizens, never soldiers or refugees
    ("¿Cuántos ciudadanos chinos vivían en Ucrania?", "approximately 6,000"),
    ("¿Cuántos soldados chinos murieron en Ucrania?", ""),
    ("Combien de réfugiés ukrainiens la Chine a-t-elle accueillis ?", ""),
])
def test_a_count_of_people_asked_in_another_language_counts_those_asked_for(seeded, question, lead):
    a = seeded.answer(question)
    assert a.short_answer == lead and a.abstained is (not lead)


@pytest.mark.parametrize("question", [
    "For how many dollars has China sold dual-use goods to Russia?",
    "Pour combien de dollars la Chine a-t-elle vendu de biens à double usage à la Russie ?",
])
def test_a_count_of_something_else_is_no_sum_of_money(seeded, question):
    # the dual-use goods sentence holds no sum; "dozens of countries" stands two sentences on
    assert seeded.answer(question).abstained


def test_how_much_money_is_answered_by_a_sum_without_the_word(seeded):
    a = seeded.answer("How much money will the World Bank provide?")
    assert not a.abstained and a.short_answer == "$200 million"


@pytest.mark.parametrize("question, codes", [
    ("Wie viel Geld hat Deutschland zugesagt?", {"DE"}),
    ("Що Китаю пообіцяла Німеччина?", {"CN", "DE"}),  # declined: Китаю, Німеччина
    ("Qu'a promis l'Allemagne à la Chine ?", {"DE", "CN"}),
    ("德国向乌克兰提供了多少援助？", {"DE", "UA"}),
    ("Что сказал министр мало известной страны?", set()),  # lower-case words are no country
    ("Какого числа, по словам Цинь Гана, началось вторжение в Украину?", {"UA"}),  # Qin Gang, not Ghana
    ("Германия пообещала деньги?", {"DE"}),  # the first word of a question may be the country
])
def test_countries_a_question_names_in_its_own_language(question, codes):
    assert countries_named(question) == codes


def test_english_stories_name_a_country_by_name_or_its_people():
    assert named_in("DE", "German officials said") and named_in("US", "the U.S. said")
    assert named_in("GB", "Britain's envoy") and not named_in("DE", "French officials said")


def test_a_country_no_retrieved_story_names_is_declined_across_languages(seeded):
    # the World Bank's $200 million is in the library; nothing Germany pledged is
    a = seeded.answer("Wie viel Geld hat Deutschland für das PREPARE-Programm zugesagt?")
    assert a.abstained and a.text == say("abstain", "de")


def test_one_is_no_count_of_countries(seeded):
    # "the security of one country cannot be achieved …" does not say how many backed the plan
    assert seeded.answer("Wie viele Länder haben Chinas Friedensplan unterstützt?").abstained


def test_across_languages_the_answer_is_chosen_from_a_wider_pool_of_passages(seeded):
    # the spokesperson's sentence is in the right article's third passage, past the usual two per article
    a = seeded.answer("¿Cómo se llama el portavoz de Exteriores chino que le quitó importancia a lo que dijo Dong?")
    assert a.short_answer == "Wang Wenbin" and a.citations[0].article_id.startswith("001_")
    assert len(a.hits) > seeded.settings.search_k


def test_the_questions_own_names_in_the_best_sentence_are_evidence_across_languages(seeded):
    # Kuleba, Wang Yi and Guangzhou (Cyrillic) all stand in the sentence: its similarity alone (0.80) is too low
    a = seeded.answer("Коли Кулеба зустрічався з Ван І в Гуанчжоу?")
    assert not a.abstained and a.short_answer == "July" and a.citations[0].article_id.startswith("000_")


def test_only_pairs_of_chinese_syllables_a_story_prints_count_as_names(seeded):
    # 董军 → "dong jun", 香山 → "xiangshan": two of the question's eleven pairs, and the sentence holding both answers
    a = seeded.answer("董军在香山论坛讲话是几号？")
    assert not a.abstained and a.citations[0].article_id.startswith("000_") and "Sept. 13" in a.text


@pytest.mark.parametrize("question", [
    "Was hat Olaf Scholz zu Chinas Friedensplan gesagt?",
    "Qu'a dit Emmanuel Macron sur le plan de paix chinois ?",  # "Macron" is only loosely near "president"
])
def test_a_name_no_retrieved_story_prints_is_declined_across_languages(seeded, question):
    assert seeded.answer(question).abstained


def test_capitalised_nouns_that_mean_something_are_no_unknown_name(seeded):
    # German capitalises nouns: "Präsident" means president, "Chinas" is China's
    a = seeded.answer("Wo hat sich Außenminister Wang Yi mit Sergej Lawrow getroffen?")
    assert not a.abstained and a.short_answer == "Moscow"


def test_a_near_spelling_needs_the_same_first_letter(seeded):
    # "Пекине" read as "pieking" is not "speaking": a stray match split Putin and Xi into separate stories
    a = seeded.answer("Когда Путин и Си Цзиньпин пожимали руки в Пекине?")
    assert not a.abstained and "October 18, 2023" in a.text


def test_country_names_in_a_question_are_no_such_evidence(seeded):
    a = seeded.answer("Pour combien de dollars la Chine a-t-elle vendu de biens à double usage à la Russie ?")
    assert a.abstained and a.citations == []


def test_a_cyrillic_chinese_name_becomes_exact_english_search_terms(seeded):
    q = seeded.lexical.query("Цинь Ган называет отношения Китая и России союзом?")
    assert {"qin", "gang"} <= set(q.english)


def test_names_in_separate_stories_across_languages_are_declined(seeded):
    # Shoigu and the Xiangshan Forum are both in the library, never in one report
    a = seeded.answer("Что Шойгу сказал на Сяншаньском форуме?")
    assert a.abstained and a.text == say("abstain", "ru")


def test_every_passage_has_its_e5_vector(seeded):
    ml = seeded.multilingual
    assert ml is not None and ml.mode == "passages"
    assert ml.ids() == set(seeded.store.chunk_ids())


def test_a_russian_question_is_answered_from_the_english_source(seeded):
    a = seeded.answer("Что министр обороны Китая Дун Цзюнь сказал Шойгу по видеосвязи?")
    assert a.language == "ru" and not a.abstained
    assert a.citations[0].article_id.startswith("001_")
    assert "Shoigu" in a.text  # the evidence is the English sentence, quoted as written


def test_a_ukrainian_question_the_library_cannot_answer_is_declined_in_ukrainian(seeded):
    a = seeded.answer("Скільки танків Китай передав Росії?")
    assert a.abstained and a.citations == [] and a.text == say("abstain", "uk")


def test_modes_articles_and_off(tmp_path, minilm, monkeypatch):
    monkeypatch.chdir(tmp_path)
    articles = Engine(load_settings(citebot_data_dir=tmp_path / "a", multilingual_index="articles"), embedder=minilm)
    articles.ingest([SEEDS])
    assert len(articles.multilingual.ids()) == 5  # one vector per article: headline and lead
    hits = articles.search("Какой министр обороны Китая поддержал Россию в разговоре с Шойгу?", k=4)
    assert hits  # English search still runs; the question's language routes it in plan/retrieve
    off = Engine(load_settings(citebot_data_dir=tmp_path / "o", multilingual_index="off"), embedder=minilm)
    off.ingest([SEEDS])
    assert off.multilingual is None and "multilingual" not in off.ingestor.pipeline


def test_an_update_replaces_the_e5_vectors_too(engine, seeds_copy):
    engine.ingest([seeds_copy])
    before = engine.multilingual.ids()
    path = seeds_copy / "001_e6593ee7aab35600.txt"
    path.write_text(path.read_text() + "\n\nShoigu later thanked Dong Jun for the message, TASS reported.\n")
    report = engine.ingest([seeds_copy])
    assert len(report.updated) == 1
    after = engine.multilingual.ids()
    assert after == set(engine.store.chunk_ids()) and after != before


def test_cross_lingual_question_set_gate(seeded):
    """The project's own set: 144 questions in uk, ru, zh, de, fr, es (36 unanswerable; the 30 after the first 54,
    the 18 number questions and the last 42 written before they were first run). Gates sit a little under the
    measured figures (README), so a regression fails."""
    report = Evaluator(seeded).run(load_questions(ROOT / "evals" / "crosslingual_questions.jsonl"))
    rows = [q for q in report.questions if not q["abstain_expected"]]
    right = sum(1 for q in rows if not q["abstained"] and set(q["cited"]) & set(q["evidence"]))
    assert len(rows) == 108 and right >= 88  # measured 92 of 108 (86 before the glossary)
    assert report.summary["all"]["exact_match"] >= 0.33  # measured 0.37
    assert report.summary["all"]["hits_at_4"] >= 0.95
    assert report.summary["unanswerable"]["abstain_recall"] >= 0.55  # measured 22 of 36 (22 before the glossary)
    assert set(report.by["language"]) >= {"uk", "ru", "zh", "de", "fr", "es"}


@pytest.mark.parametrize("language, lead", [
    ("ru", "24 февраля прошлого года"), ("uk", "24 лютого минулого року"), ("zh", "去年2月24日"),
    ("de", "24. Februar letzten Jahres"), ("en", "February 24 last year"),
])
def test_a_date_lead_with_a_relative_year_reads_in_the_reader_s_language(language, lead):
    from retrieval.messages import localized_date

    assert localized_date("February 24 last year", language) == lead


@pytest.mark.parametrize("question, negated", [
    ("Чи підтвердив Пекін, за словами Зеленського, що не постачатиме Росії зброю?", True),
    ("Hat Peking den Angriff nicht verurteilt?", True),
    ("中国没有向俄罗斯提供武器吗？", True),
    ("中国是不是向俄罗斯提供了武器？", False),  # A-not-A asks yes or no
    ("Не заявлял ли Дун Цзюнь, что Китай изменит политику?", False),  # a leading "Не …ли" asks for agreement
    ("¿China manda ayuda letal?", False),
])
def test_a_question_in_another_language_about_a_negation(question, negated):
    assert foreign_negated(question) is negated


@pytest.mark.parametrize("question, verdict", [
    # blind xl12: the sentence's negation of what is asked, read through the question's meaning
    ("Заявил ли Дун Цзюнь, что Китай изменит свою политику в отношении России из-за давления со стороны США и "
     "Европы?", "Нет"),
    ("Чи підтвердив Пекін, за словами Зеленського, що не постачатиме Росії зброю?", "Так"),  # in the reader's words
])
def test_yes_or_no_across_languages(seeded, question, verdict):
    assert seeded.answer(question).short_answer == verdict


@pytest.mark.parametrize("question, kind", [
    # asked by intonation alone, with no question word: yes or no
    ("Цинь Ган называет отношения Китая и России союзом?", "yes_no"),
    ("Цинь Ган признал, что Китай поставлял России оружие?", "yes_no"),  # "что" after a comma joins, asks nothing
    ("Заклик Дун Цзюня на форумі якнайшвидше сісти за стіл переговорів — це щось нове?", "yes_no"),
    ("Sieht sich China laut Qin Gang als Konfliktpartei in der Ukraine-Krise?", "yes_no"),
    ("中国是否向俄罗斯提供了武器？", "yes_no"),
    ("Какому информагентству Ван И дал интервью?", "organization"),  # a question word: not yes or no
    ("Selon Newsweek, comment le ministère a-t-il qualifié les relations ?", "other"),
    ("董军与绍伊古的视频通话持续了多长时间？", "number"),
    ("Цинь Ган называет отношения Китая и России союзом", "other"),  # no question mark: not asked by intonation
])
def test_a_question_without_a_question_word_asks_yes_or_no(question, kind):
    assert answer_type(question) == kind


def test_across_languages_only_a_negation_gives_a_verdict(seeded):
    """Across languages what is asked is known only roughly: "Qin … praised China-Russia relations as a model" was
    answered "Да" to "does Qin call the relations an alliance?" because it negates nothing."""
    a = seeded.answer("Цинь Ган называет отношения Китая и России союзом?")
    assert a.short_answer == "" and a.abstained and a.citations == []
    assert a.text == say("no_verdict", "ru") and a.nearest  # no verdict: said so, and where to read on
