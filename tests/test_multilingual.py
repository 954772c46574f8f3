"""Questions in other languages over English news: the e5 index beside the passages, cross-lingual
retrieval and evidence, answers whose own words follow the reader while quotes stay as written."""

from __future__ import annotations

import pytest

from retrieval import Engine, Evaluator, detect_language, load_questions, load_settings, say
from retrieval.text.language import transliterated_names
from retrieval.text.names import han_pairs, palladius_forms

from .conftest import ROOT, SEEDS


@pytest.mark.parametrize("text, language", [
    ("Що сказав міністр оборони Китаю Шойгу?", "uk"),
    ("Что министр обороны Китая сказал Шойгу?", "ru"),
    ("中国国防部长对绍伊古说了什么？", "zh"),
    ("Was hat Chinas Verteidigungsminister zu Schoigu gesagt?", "de"),
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


def test_chinese_characters_give_their_syllable_pairs():
    assert han_pairs("董军在香山") == [("dong", "jun"), ("jun", "zai"), ("zai", "xiang"), ("xiang", "shan")]
    assert han_pairs("Dong Jun?") == []


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
    """The project's own set: 54 questions in uk, ru, zh, de, fr, es (12 unanswerable). Gates sit a little
    under the measured figures (README), so a regression fails."""
    report = Evaluator(seeded).run(load_questions(ROOT / "evals" / "crosslingual_questions.jsonl"))
    rows = [q for q in report.questions if not q["abstain_expected"]]
    right = sum(1 for q in rows if not q["abstained"] and set(q["cited"]) & set(q["evidence"]))
    assert len(rows) == 42 and right >= 26  # measured 29 of 42
    assert report.summary["all"]["hits_at_4"] >= 0.95
    assert report.summary["unanswerable"]["abstain_recall"] >= 0.55  # measured 0.67
    assert set(report.by["language"]) >= {"uk", "ru", "zh", "de", "fr", "es"}
