"""Hybrid retrieval: dense and BM25 passages with article BM25, fused per article; cap, filters, sync."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

from retrieval import Engine, Filters, load_settings
from retrieval.index.search import fuse

from .corpus import ingest_texts, write_corpus


def test_xiangshan_forum_finds_the_right_article_first(seeded):
    hits = seeded.search("Xiangshan Forum", k=3)
    top = hits[0]
    assert top.article_id.startswith("000_") and "Xiangshan Forum" in top.text
    assert top.lexical_rank == 1 and top.title.startswith("Chinese defense minister calls for talks")


def test_both_sides_contribute_and_scores_are_ordered(seeded):
    hits = seeded.search("What did China's defense minister tell Shoigu?", k=5)
    # the one article naming Shoigu shares the top with the minister's own speech (headline match)
    assert [h.article_id[:4] for h in hits[:4]].count("001_") == 2
    assert {h.article_id[:4] for h in hits[:4]} == {"000_", "001_"}
    assert all(h.dense_rank for h in hits[:2]) and all(h.lexical_rank for h in hits[:2])
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert 0 < hits[-1].score <= hits[0].score <= 1.0


def test_at_most_n_chunks_per_article(seeded):
    for cap in (1, 2):
        hits = seeded.searcher.search("China Russia Ukraine war peace", k=6, max_per_article=cap)
        counts = {}
        for h in hits:
            counts[h.article_id] = counts.get(h.article_id, 0) + 1
        assert max(counts.values()) <= cap
        assert len(hits) == min(6, 5 * cap)


def test_filters_by_source_and_date(engine, tmp_path):
    write_corpus(tmp_path / "c", 12)
    engine.ingest([tmp_path / "c"])
    hits = engine.search("report talks", k=10, filters=Filters(sources=["outlet 1"]))
    assert hits and {h.source for h in hits} == {"Outlet 1"}
    window = Filters(since=date(2023, 3, 1), until=date(2023, 6, 30))
    hits = engine.search("report talks", k=10, filters=window)
    assert hits and all(date(2023, 3, 1) <= h.published <= date(2023, 6, 30) for h in hits)
    assert engine.search("report talks", filters=Filters(since=date(2030, 1, 1))) == []


def test_lexical_index_follows_a_store_changed_by_another_process(engine, tmp_path, embedder):
    write_corpus(tmp_path / "c", 3)
    engine.ingest([tmp_path / "c"])
    reader = Engine(engine.settings, embedder=embedder)
    assert reader.search("report number 7919")[0].article_id == "gen_0001"
    write_corpus(tmp_path / "d", 4, seed=3)
    engine.ingest([tmp_path / "d"])
    reader.refresh()
    expected = engine.stats().chunks
    assert reader.lexical.count() == expected
    # The lexical index is derived: losing or corrupting it loses nothing. Each file is replaced, not
    # rewritten in place: the open engines map these files, and truncating a mapped file under them
    # kills the process with SIGBUS (a disk that corrupts a file does not truncate live mappings).
    for f in engine.lexical.folder.iterdir():
        if f.is_file():
            bad = f.with_name(f.name + ".bad")
            bad.write_bytes(b"garbage" * 100)
            os.replace(bad, f)
    fresh = Engine(load_settings(citebot_data_dir=engine.settings.citebot_data_dir), embedder=embedder)
    fresh.refresh()
    assert fresh.lexical.count() == expected and fresh.search("report number 7919")[0].article_id.startswith("gen_0001")


def test_langchain_retriever(seeded):
    docs = seeded.as_retriever(k=2).invoke("Qin Gang invisible hand")
    assert len(docs) == 2 and docs[0].metadata["article_id"].startswith("004_")
    assert "invisible hand" in docs[0].page_content


def test_empty_and_stopword_queries(seeded):
    assert seeded.search("   ") == []
    assert len(seeded.search("the of and", k=3)) == 3  # dense side still answers


def test_snippet_shows_the_matching_sentences(seeded):
    hit = seeded.search("evacuating Chinese nationals", k=1)[0]
    assert hit.snippet("evacuating Chinese nationals").startswith("The foreign ministers also talked about evacuating")


def test_lexical_index_is_incremental_and_reopens_without_rebuilding(tmp_path):
    from retrieval.index.lexical import LexicalIndex

    index = LexicalIndex(tmp_path / "lex")
    rows = [(f"c{i}", f"the minister met envoy number {i} in Beijing", {"article_id": f"a{i}", "title": f"T{i}"})
            for i in range(20)]
    with index.writer() as w:
        w.add_passages(rows)
    assert index.search_passages(index.query("envoy number 7"), 3)[0][0] == "c7"
    again = LexicalIndex(tmp_path / "lex")  # a restart, or a second process: opens what is on disk
    assert again.count() == 20 and again.search_passages(again.query("envoy number 7"), 3)[0][0] == "c7"
    with index.writer() as w:  # one more passage: a commit, no rebuild
        w.add_passages([("c99", "a brand new envoy report", {"article_id": "z", "title": "T"})])
        w.delete_passages(["c3"])
    again.reload()
    assert again.count() == 20 and again.search_passages(again.query("brand new envoy"), 1)[0][0] == "c99"
    assert "c3" not in {cid for cid, _ in again.search_passages(again.query("envoy number 3"), 20)}


def test_a_filter_admits_exactly_its_passages_in_the_writer_and_in_a_reader(tmp_path):
    """The admitted ids come from a numeric fast field mapped back to ids (stored documents are read once
    per passage and process); writer and a fresh reader must agree with the filter, across a delete."""
    from retrieval.index.lexical import LexicalIndex

    index = LexicalIndex(tmp_path / "lex")
    rows = [(f"c{i}", f"story {i}", {"article_id": f"a{i}", "title": "T", "source_key": f"outlet {i % 3}",
                                     "published_day": date(2024, 1, 1 + i).toordinal()}) for i in range(24)]
    with index.writer() as w:
        w.add_passages(rows)
    outlet = Filters(sources=["Outlet 1"])
    january = Filters(since=date(2024, 1, 5), until=date(2024, 1, 10))
    want_outlet = {f"c{i}" for i in range(24) if i % 3 == 1}
    want_january = {f"c{i}" for i in range(4, 10)}
    reader = LexicalIndex(tmp_path / "lex")
    for lex in (index, reader, reader):  # the reader twice: from stored documents, then from its map
        assert set(lex.filtered_passages(outlet, 100)) == want_outlet
        assert set(lex.filtered_passages(january, 100)) == want_january
    assert index.filtered_passages(outlet, 5) is None  # more than the limit: search unfiltered instead
    with index.writer() as w:
        w.delete_passages(["c4"])
        w.add_passages([("c99", "late story", {"article_id": "z", "source_key": "outlet 1",
                                               "published_day": date(2024, 1, 6).toordinal()})])
    reader.reload()
    assert set(reader.filtered_passages(january, 100)) == want_january - {"c4"} | {"c99"}
    assert set(reader.filtered_passages(outlet, 100)) == want_outlet - {"c4"} | {"c99"}


def test_the_words_as_written_are_a_second_article_list(engine, tmp_path):
    """"arms" (weapons) and "arm" share the stem "arm": the stemmed article list cannot tell the story
    about arms deliveries from the one about a bowler's arm; the list of the words as written can."""
    ingest_texts(engine, tmp_path, {
        "arms": "Title: Deliveries resume\n\nThe ministry said deliveries of arms resumed on Monday. "
                "Officials gave no figures.",
        "cricket": "Title: Bowler out\n\nThe bowler hurt his arm in training. His arm was strapped, and the "
                   "arm injury will keep him out. Doctors said the arm needs rest.",
    })
    q = engine.lexical.query("arms")
    assert [a for a, _ in engine.lexical.search_exact_articles(q, 5)] == ["arms"]
    stemmed = engine.lexical.search_articles(q, 5, {"a_title": 1.0, "a_lead": 0.5, "a_body": 1.0})
    assert {a for a, _ in stemmed} == {"arms", "cricket"}  # one stem, two stories
    cands = engine.searcher.gather("arms", 10)
    assert [a for a, _ in cands.exact] == ["arms"]
    with_exact = fuse(cands, engine.searcher.fusion).article_score
    without = fuse(cands, replace(engine.searcher.fusion, exact=0.0)).article_score
    assert with_exact["arms"] - without["arms"] == engine.searcher.fusion.exact
    assert with_exact["cricket"] == without["cricket"]


def test_warm_up_loads_what_a_first_question_needs(settings, engine, tmp_path, minilm):
    """A front end warms the engine at start: afterwards the first question finds everything loaded."""
    write_corpus(tmp_path / "c", 4)
    engine.ingest([tmp_path / "c"])
    fresh = Engine(settings, embedder=minilm)  # a restart
    assert not {"searcher", "pipeline", "corpus"} & set(vars(fresh))
    assert fresh.warm_up() > 0
    assert {"searcher", "pipeline", "corpus"} <= set(vars(fresh))

