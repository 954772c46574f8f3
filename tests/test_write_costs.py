"""A write costs what it changes, not the library's size: the meta tally kept one record at a time,
and near duplicates found against a signature matrix (no LSH index built from every record)."""

from __future__ import annotations

import random

import pytest

from retrieval.index.records import BAND_KEYS
from retrieval.index.store import ChromaStore
from retrieval.index.tally import Tally
from retrieval.ingest.dedup import DuplicateFinder, signature

from .corpus import write_corpus


def _words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"w{rng.randrange(5000)}" for _ in range(n)]


def test_finder_matches_exact_then_the_most_similar_near_copy():
    base = _words(400, 1)
    finder = DuplicateFinder(0.85)
    finder.add("orig", "h1", signature(" ".join(base)))
    finder.add("other", "h2", signature(" ".join(_words(400, 2))))
    assert finder.match("h1", "") == "orig"
    assert finder.match("h1", "", exclude="orig") is None
    edited = base[:]
    edited[200] = "changed"  # one word in 400: ~0.99 similar
    assert finder.match("h3", signature(" ".join(edited))) == "orig"
    assert finder.match("h3", signature(" ".join(edited)), exclude="orig") is None
    assert finder.match("h4", signature(" ".join(base[:150] + _words(250, 3)))) is None  # far below 0.85
    finder.remove("orig")
    assert finder.match("h1", signature(" ".join(base))) is None


def test_finder_grows_past_its_first_block_and_picks_the_closest():
    finder = DuplicateFinder(0.85)
    texts = [_words(300, s) for s in range(600)]  # past the 256-row first block
    for i, t in enumerate(texts):
        finder.add(f"a{i}", f"h{i}", signature(" ".join(t)))
    closer = texts[517][:]
    closer[5] = "x"
    further = texts[517][:]
    for j in range(0, 300, 60):
        further[j] = f"y{j}"
    finder.add("further", "hf", signature(" ".join(further)))
    assert finder.match("new", signature(" ".join(closer))) == "a517"
    finder.remove("a517")
    assert finder.match("new", signature(" ".join(closer))) == "further"


def _full(engine) -> Tally:
    return Tally.of(engine.store.all_articles().values())


def _assert_tally_true(engine) -> None:
    meta = engine.store.meta()
    kept, full = Tally.from_meta(meta), _full(engine)
    assert kept == full and meta["digest"] == full.digest
    assert meta["latest"] == full.latest and meta["latest"]


def test_tally_follows_adds_updates_copies_and_removals_without_reading_every_record(engine, tmp_path,
                                                                                        monkeypatch):
    lib = tmp_path / "lib"
    paths = write_corpus(lib, 8)
    engine.ingest([lib])
    _assert_tally_true(engine)
    reads = []
    real = ChromaStore.all_articles
    monkeypatch.setattr(ChromaStore, "all_articles", lambda self: reads.append(1) or real(self))

    paths[2].write_text(paths[2].read_text().replace("Outlet 2", "Outlet Z").replace("Date: 2023", "Date: 2025")
                        .replace("filed report", "filed a report"))
    (lib / "copy.txt").write_text(paths[3].read_text().replace("Generated report 3", "Syndicated report 3"))
    paths[5].unlink()
    report = engine.ingest([lib], prune=True)
    assert report.updated and report.duplicates and report.removed
    assert len(reads) == 1, "one read of the records at the start, none to tally them at the end"
    monkeypatch.setattr(ChromaStore, "all_articles", real)
    _assert_tally_true(engine)
    assert engine.store.meta()["latest"].startswith("2025")
    assert "Outlet Z" in engine.corpus.profile().outlets

    (lib / "copy.txt").unlink()
    paths[3].unlink()  # the canonical of a copy goes with it
    engine.ingest([lib], prune=True)
    _assert_tally_true(engine)


def test_a_write_without_prune_reads_only_the_records_it_touches(engine, tmp_path, monkeypatch):
    lib, more = tmp_path / "lib", tmp_path / "more"
    paths = write_corpus(lib, 6)
    engine.ingest([lib])
    monkeypatch.setattr(ChromaStore, "all_articles", lambda self: pytest.fail("read every record"))
    more.mkdir()
    text = paths[4].read_text()
    (more / "edited_copy.txt").write_text(text.replace("Generated report 4", "Wire: report 4")
                                          .replace("filed report", "filed a report", 1))
    (more / "fresh.txt").write_text("Title: Harbour reopens\nSource: Outlet 9\nDate: 2024-05-02\n\n"
                                    "The harbour reopened on Thursday after a week of repairs to the quay.\n")
    report = engine.ingest([more])
    assert report.duplicates == [("edited_copy", "gen_0004")] and report.added == ["fresh"]
    paths[1].write_text(paths[1].read_text().replace("filed report", "filed a report"))
    assert engine.ingest([lib]).updated == ["gen_0001"]
    monkeypatch.undo()
    _assert_tally_true(engine)


def test_records_stored_before_band_keys_get_them_once(engine, tmp_path):
    lib = tmp_path / "lib"
    paths = write_corpus(lib, 3)
    engine.ingest([lib])
    store = engine.store
    bare = store.articles.get(ids=["gen_0002"], include=["metadatas"])["metadatas"][0]
    assert all(bare[k] for k in BAND_KEYS)
    bare = {k: v for k, v in bare.items() if k not in BAND_KEYS}
    store.articles.delete(ids=["gen_0002"])  # as an older citebot stored it
    store.articles.add(ids=["gen_0002"], embeddings=[[1.0]], metadatas=[bare], documents=[""])
    meta = {k: v for k, v in store.meta().items() if k != "bands"}
    store.articles.delete(ids=["__meta__"])
    store.articles.add(ids=["__meta__"], embeddings=[[1.0]], metadatas=[meta], documents=[""])
    assert not store.near_copies([], [bare["minhash"]])

    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "copy.txt").write_text(paths[2].read_text().replace("filed report", "filed a report", 1))
    assert engine.ingest([tmp_path / "more"]).duplicates == [("copy", "gen_0002")]
    assert engine.store.meta()["bands"] and store.near_copies([], [bare["minhash"]])


def test_an_interrupted_writer_or_an_old_store_gets_a_full_tally(engine, tmp_path):
    lib = tmp_path / "lib"
    paths = write_corpus(lib, 4)
    engine.ingest([lib])
    engine.store.put_meta(in_progress=True, outlet_counts="{}", day_counts="{}")  # records changed, tally not
    paths[0].write_text(paths[0].read_text().replace("Outlet 0", "Outlet Q").replace("filed report", "filed a report"))
    engine.ingest([lib])
    _assert_tally_true(engine)

    meta = engine.store.meta()
    del meta["outlet_counts"], meta["day_counts"]
    engine.store.articles.delete(ids=["__meta__"])  # upsert would keep the keys it does not name
    engine.store.articles.add(ids=["__meta__"], embeddings=[[1.0]], metadatas=[meta], documents=[""])
    paths[1].write_text(paths[1].read_text().replace("Outlet 1", "Outlet R").replace("filed report", "filed a report"))
    engine.ingest([lib])
    _assert_tally_true(engine)


def test_records_are_asked_for_in_pages(engine, tmp_path, monkeypatch):
    """A first ingest of a large library asks for tens of thousands of ids: SQLite takes 32,766
    variables a statement, so every lookup goes in pages (here pages of 2)."""
    write_corpus(tmp_path / "lib", 5)
    engine.ingest([tmp_path / "lib"])
    monkeypatch.setattr("retrieval.index.store.PAGE", 2)
    ids = [f"gen_{i:04d}" for i in range(5)]
    assert sorted(engine.store.get_articles(ids)) == ids
    origins = [r.origin for r in engine.store.get_articles(ids).values()]
    assert sorted(engine.store.find_articles(part=2, origin=origins)) == ids
