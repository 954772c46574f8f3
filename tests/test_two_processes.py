"""A reader (the bot) and a writer (`citebot ingest` from cron) on one embedded store: the reader finds
the writer's new articles on every side, its vector index included, after its next freshness check."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from retrieval import Engine, load_settings

from .conftest import ROOT
from .corpus import write_corpus

NEW = ("Title: Lantern festival opens\nSource: Wire\nDate: 2024-02-01\n\n"
       "The zorvakh festival of lanterns opened in the old harbour with fireworks and music.\n")
QUESTION = "zorvakh festival of lanterns in the harbour"


def _dense_ids(engine: Engine) -> list[str]:
    vector = engine.embedder.embed([QUESTION])[0]
    return [h.article_id for h in engine.store.query(vector, 3)]


def _library(tmp_path, embedder, n: int) -> Engine:
    """An engine over n generated articles; the lantern story waits in tmp_path/new."""
    write_corpus(tmp_path / "lib", n)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "lantern.txt").write_text(NEW)
    engine = Engine(load_settings(citebot_data_dir=tmp_path / "data", multilingual_index="off"), embedder=embedder)
    engine.ingest([tmp_path / "lib"])
    assert "lantern" not in _dense_ids(engine)
    return engine


def test_a_reader_sees_another_process_s_new_vectors(tmp_path, embedder):
    reader = _library(tmp_path, embedder, 12)

    script = textwrap.dedent(f"""
        from retrieval import Engine, load_settings
        engine = Engine(load_settings(citebot_data_dir={str(tmp_path / 'data')!r}, multilingual_index="off"))
        print(engine.ingest([{str(tmp_path / 'new')!r}]).added)
        """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "lantern" in out.stdout

    reader.corpus.ensure_fresh(force=True)
    assert _dense_ids(reader)[0] == "lantern"
    assert reader.search(QUESTION, 1)[0].article_id == "lantern"


def test_a_store_opened_later_in_the_same_process_is_not_an_old_view(tmp_path, embedder):
    first = _library(tmp_path, embedder, 6)
    settings = first.settings
    writer = Engine(settings, embedder=embedder)
    writer.ingest([tmp_path / "new"])
    assert _dense_ids(writer)[0] == "lantern"
    assert _dense_ids(Engine(settings, embedder=embedder))[0] == "lantern"
    first.corpus.ensure_fresh(force=True)
    assert _dense_ids(first)[0] == "lantern"
