"""Nothing lost, ever: updates are atomic for readers, a crash at any write step converges, a no-op
ingest changes nothing, a killed update process loses no article."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from retrieval import Engine, load_settings

from .conftest import ROOT
from .corpus import write_corpus


class Crash(BaseException):
    """A simulated kill: not an Exception, so nothing on the way catches it."""


def _lead(path: Path) -> str:
    """Each generated article's unique first sentence."""
    return path.read_text().split("\n\n", 1)[1].split("\n")[0]


def _answerable(engine: Engine, corpus: Path) -> list[str]:
    """Articles whose unique lead no longer finds them (should be none)."""
    lost = []
    for f in sorted(corpus.glob("*.txt")):
        hits = engine.search(_lead(f), k=3)
        if not any(h.article_id == f.stem for h in hits):
            lost.append(f.stem)
    return lost


def _rewrite(corpus: Path) -> None:
    """A new version of every article: same lead, a changed body."""
    for f in corpus.glob("*.txt"):
        f.write_text(f.read_text().replace(" the ", " the revised ", 2))


def test_a_crash_at_every_write_step_of_an_update_loses_nothing(tmp_path, embedder):
    corpus = tmp_path / "c"
    write_corpus(corpus, 10, sentences=6)
    template = tmp_path / "template"
    base = Engine(load_settings(citebot_data_dir=template), embedder=embedder)
    base.ingest([corpus])
    base_chunks = base.stats().chunks
    del base
    _rewrite(corpus)
    clean = Engine(load_settings(citebot_data_dir=tmp_path / "clean"), embedder=embedder)
    clean.ingest([corpus])
    want = clean.store.chunk_ids()

    steps: list[str] = []
    probe = Engine(load_settings(citebot_data_dir=tmp_path / "probe"), embedder=embedder, fault=steps.append)
    shutil.copytree(template, tmp_path / "probe")
    probe.ingestor.batch_chunks = 4  # many batches: many kill points
    probe.ingest([corpus])
    assert len(steps) >= 12, steps

    for k in range(len(steps)):
        data = tmp_path / f"run{k}"
        shutil.copytree(template, data)
        calls = {"n": 0}

        def fault(step: str, k=k, calls=calls) -> None:
            calls["n"] += 1
            if calls["n"] == k + 1:
                raise Crash(f"killed before step {k} ({step})")

        engine = Engine(load_settings(citebot_data_dir=data), embedder=embedder, fault=fault)
        engine.ingestor.batch_chunks = 4
        with pytest.raises(Crash):
            engine.ingest([corpus])
        # Right after the crash a reader finds every article (its old or its new version).
        assert _answerable(Engine(load_settings(citebot_data_dir=data), embedder=embedder), corpus) == [], k
        rerun = Engine(load_settings(citebot_data_dir=data), embedder=embedder)
        report = rerun.ingest([corpus])
        assert rerun.store.chunk_ids() == want, f"kill point {k} ({steps[k]}): {report.summary()}"
        assert rerun.lexical.count() == len(want) == rerun.stats().chunks
        assert _answerable(rerun, corpus) == []
        shutil.rmtree(data)
    assert base_chunks > 0


def test_a_no_op_or_all_skipped_ingest_changes_nothing(tmp_path, capsys, monkeypatch, seeds_copy):
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", str(seeds_copy), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    before = capsys.readouterr().out
    assert main(["ingest", str(seeds_copy), "--quiet"]) == 0  # nothing changed
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01")
    assert main(["ingest", str(tmp_path / "bad.txt"), str(tmp_path / "missing"), "--quiet"]) == 3  # all skipped
    capsys.readouterr()
    assert main(["stats", "--json"]) == 0
    assert capsys.readouterr().out == before
    assert json.loads(before)["generation"] == 1


@pytest.mark.slow
def test_killed_update_process_loses_no_article(tmp_path, embedder):
    """The issue's scenario: kill an updating ingest, put the files back, re-run — every article is whole."""
    corpus = tmp_path / "c"
    write_corpus(corpus, 20)  # ~48 passages, written in batches of 16 by the killed process
    original = {f.name: f.read_text() for f in corpus.glob("*.txt")}
    data = tmp_path / "data"
    Engine(load_settings(citebot_data_dir=data), embedder=embedder).ingest([corpus])
    _rewrite(corpus)
    script = textwrap.dedent(f"""
        from retrieval import Engine, load_settings
        engine = Engine(load_settings(citebot_data_dir={str(data)!r}))
        engine.ingestor.batch_chunks = 16
        engine.ingest([{str(corpus)!r}], progress=lambda done, total: print(done, total, flush=True))
        print("finished", flush=True)
        """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, CITEBOT_DATA_DIR=str(data)))
    for line in proc.stdout:
        if line.startswith("finished"):
            pytest.fail("the update finished before it could be killed")
        if int(line.split()[0]) > 20:  # past the first committed batch, inside the second
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert _answerable(Engine(load_settings(citebot_data_dir=data), embedder=embedder), corpus) == []
    for name, text in original.items():  # put the files back
        (corpus / name).write_text(text)
    rerun = Engine(load_settings(citebot_data_dir=data), embedder=embedder)
    rerun.ingest([corpus])
    clean = Engine(load_settings(citebot_data_dir=tmp_path / "clean"), embedder=embedder)
    clean.ingest([corpus])
    assert rerun.store.chunk_ids() == clean.store.chunk_ids()
    assert rerun.stats().articles == 20 and rerun.lexical.count() == clean.stats().chunks
    assert _answerable(rerun, corpus) == []
