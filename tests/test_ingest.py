"""Incremental, idempotent sync: unchanged skipped, changes replaced, prune, duplicates, crashes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from retrieval import Engine, LockTimeout, load_settings
from retrieval.index.locks import FileLock

from .conftest import ROOT
from .corpus import write_corpus


def _chunk_ids(engine: Engine) -> set[str]:
    return engine.store.chunk_ids()


def test_reingest_embeds_nothing_and_changed_article_is_replaced(engine, embedder, seeds_copy):
    first = engine.ingest([seeds_copy])
    assert len(first.added) == 5 and first.chunks_embedded == embedder.count > 0
    before = _chunk_ids(engine)

    embedder.count = 0
    again = engine.ingest([seeds_copy])
    assert (again.unchanged, again.added, again.updated, embedder.count) == (5, [], [], 0)
    assert _chunk_ids(engine) == before

    target = next(seeds_copy.glob("003_*"))
    target.write_text(target.read_text().replace("constructive role", "constructive part"))
    changed = engine.ingest([seeds_copy])
    assert changed.updated == [target.stem] and changed.unchanged == 4
    after = _chunk_ids(engine)
    old = {c for c in before if c.startswith(target.stem)}
    new = {c for c in after if c.startswith(target.stem)}
    assert old and new and not old & new, "the old version's chunks are gone, the new ones are in"
    assert after - new == before - old
    assert engine.lexical.count() == len(after)
    assert "constructive part" in engine.search("constructive part Wang Yi", k=1)[0].text


def test_prune_removes_vanished_articles_only_under_the_given_path(engine, seeds_copy, tmp_path):
    other = tmp_path / "other"
    write_corpus(other, 2)
    engine.ingest([seeds_copy, other])
    victim = next(seeds_copy.glob("004_*"))
    victim.unlink()
    kept = engine.ingest([seeds_copy])  # no --prune: nothing removed
    assert kept.removed == [] and engine.stats().articles == 7
    pruned = engine.ingest([seeds_copy], prune=True)
    assert pruned.removed == [victim.stem]
    stats = engine.stats()
    assert stats.articles == 6 and stats.chunks == engine.lexical.count()
    assert not any(c.startswith(victim.stem) for c in _chunk_ids(engine))


def test_exact_and_near_duplicates_collapse_into_alternates(engine, seeds_copy, tmp_path):
    engine.ingest([seeds_copy])
    src = next(seeds_copy.glob("001_*")).read_text()
    copies = tmp_path / "wire"
    copies.mkdir()
    (copies / "exact.txt").write_text("Title: Same story elsewhere\nSource: Wire A\n\n" + src)
    near = src.replace("video call", "video conference").replace("Sputnik News reported", "Sputnik said")
    (copies / "near.txt").write_text("Title: Syndicated copy\nSource: Wire B\n\n" + near)
    chunks_before = engine.stats().chunks
    report = engine.ingest([copies])
    canonical = next(seeds_copy.glob("001_*")).stem
    assert sorted(report.duplicates) == [("exact", canonical), ("near", canonical)]
    assert engine.stats().chunks == chunks_before and engine.stats().duplicates == 2
    record = engine.store.all_articles()[canonical]
    assert {a["article_id"] for a in record.alternates} == {"exact", "near"}
    assert {a["source"] for a in record.alternates} == {"Wire A", "Wire B"}


def test_same_file_name_in_two_folders_gets_two_ids(engine, tmp_path):
    for folder in ("a", "b"):
        write_corpus(tmp_path / folder, 1, seed=1 if folder == "a" else 2)
    report = engine.ingest([tmp_path / "a", tmp_path / "b"])
    assert len(report.added) == 2 and report.added[0] == "gen_0000" and report.added[1].startswith("gen_0000-")
    assert engine.ingest([tmp_path / "a", tmp_path / "b"]).unchanged == 2


def test_bad_input_is_reported_and_nothing_stored_is_lost(engine, seeds_copy, tmp_path):
    engine.ingest([seeds_copy])
    before = (_chunk_ids(engine), engine.stats().articles)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_bytes(b"\xff\xfe\x00\x00garbage")
    (bad / "y.txt").write_text("")
    next(seeds_copy.glob("002_*")).write_bytes(b"\x00binary now")  # a stored article's file turns bad
    report = engine.ingest([seeds_copy, bad, tmp_path / "nope"], prune=True)
    assert len(report.skipped) == 4 and not report.ok
    assert report.removed == [] and (_chunk_ids(engine), engine.stats().articles) == before


def test_writer_lock_excludes_a_second_writer(tmp_path):
    lock = tmp_path / "w.lock"
    told = []
    with FileLock(lock).hold(), pytest.raises(LockTimeout), FileLock(lock).hold(timeout=0.3, on_wait=told.append):
        pass
    assert told and "pid" in told[0]  # the waiting writer is told who holds the lock


def test_interrupted_run_leaves_orphans_that_the_next_run_removes(engine, tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    write_corpus(corpus, 30)
    real_put = engine.store.put_articles
    calls = {"n": 0}

    def crash_on_second_batch(records):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("simulated kill between chunks and records")
        return real_put(records)

    monkeypatch.setattr(engine.store, "put_articles", crash_on_second_batch)
    with pytest.raises(KeyboardInterrupt):
        engine.ingest([corpus])
    monkeypatch.setattr(engine.store, "put_articles", real_put)
    assert engine.store.meta()["in_progress"] is True

    report = engine.ingest([corpus])
    assert report.repaired_orphans > 0
    clean = Engine(load_settings(citebot_data_dir=tmp_path / "clean"), embedder=engine.embedder)
    clean.ingest([corpus])
    assert _chunk_ids(engine) == _chunk_ids(clean)
    assert engine.lexical.count() == clean.lexical.count() == clean.stats().chunks


@pytest.mark.slow
def test_killed_ingest_process_converges_on_rerun(tmp_path, engine):
    corpus = tmp_path / "c"
    write_corpus(corpus, 24)  # ~58 chunks in batches of 16: the kill lands well before the end
    data = tmp_path / "killed"
    script = textwrap.dedent(
        f"""
        import sys
        from retrieval import Engine, load_settings
        engine = Engine(load_settings(citebot_data_dir={str(data)!r}))
        engine.ingestor.batch_chunks = 16
        def progress(done, total):
            print(done, total, flush=True)
        engine.ingest([{str(corpus)!r}], progress=progress)
        print("finished", flush=True)
        """
    )
    env = dict(os.environ, CITEBOT_DATA_DIR=str(data))
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.startswith("finished"):
            pytest.fail("ingest finished before it could be killed")
        done = int(line.split()[0])
        if done > 20:  # past the first committed batch, inside the second
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    rerun = Engine(load_settings(citebot_data_dir=data), embedder=engine.embedder)
    report = rerun.ingest([corpus])
    assert report.unchanged > 0 and report.added, "the re-run keeps finished work and completes the rest"
    clean = Engine(load_settings(citebot_data_dir=tmp_path / "clean"), embedder=engine.embedder)
    clean.ingest([corpus])
    assert _chunk_ids(rerun) == _chunk_ids(clean)
    assert rerun.lexical.count() == clean.stats().chunks == rerun.stats().chunks
    # the same passage answers (the vectors of the two libraries come from differently padded batches, so
    # near-ties further down may swap)
    found, want = rerun.search("report number 7919"), clean.search("report number 7919")
    assert found[0].chunk_id == want[0].chunk_id and found[0].article_id == "gen_0001" and len(found) == len(want)
    shutil.rmtree(data)


def test_two_files_with_one_name_keep_their_ids_when_one_goes(engine, tmp_path):
    bodies = {"north": "The harbour board approved a new ferry timetable on Monday after a month of talks. "
                       "Crossings to the northern islands will run every forty minutes from June.",
              "south": "Farmers in the southern valley began the grape harvest two weeks early this year. "
                       "Growers blamed a dry spring and said yields would be lower than usual."}
    for outlet, body in bodies.items():  # two different stories, both saved as story.txt
        (tmp_path / outlet).mkdir()
        (tmp_path / outlet / "story.txt").write_text(f"Title: Ferry timetable ({outlet})\n\n{body}\n")
    first = engine.ingest([tmp_path])
    ids = {engine.store.all_articles()[a].ref.title: a for a in first.added}
    assert len(ids) == 2 and len(set(ids.values())) == 2

    (tmp_path / "north" / "story.txt").unlink()
    after = engine.ingest([tmp_path], prune=True)
    assert after.removed == [ids["Ferry timetable (north)"]] and after.unchanged == 1 and not after.added
    assert set(engine.store.all_articles()) == {ids["Ferry timetable (south)"]}
