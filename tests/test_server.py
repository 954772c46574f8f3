"""Server mode: the same engine against a real `chroma run` on loopback."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest

from retrieval import Engine, StoreError, load_settings

from .conftest import SEEDS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    chroma = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "chroma"
    exe = str(chroma) if chroma.exists() else "chroma"
    proc = subprocess.Popen([exe, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("chroma run did not start")


@pytest.fixture
def chroma_server(tmp_path):
    port = free_port()
    proc = start_chroma(tmp_path / "server-data", port)
    yield port, proc
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.slow
def test_ingest_and_search_against_a_chroma_server(chroma_server, tmp_path, minilm):
    port, _ = chroma_server
    settings = load_settings(citebot_data_dir=tmp_path / "client", chroma_host="127.0.0.1", chroma_port=port)
    engine = Engine(settings, embedder=minilm)
    report = engine.ingest([SEEDS])
    assert len(report.added) == 5 and engine.store.location == f"http://127.0.0.1:{port}"
    assert engine.search("Xiangshan Forum", k=1)[0].article_id.startswith("000_")
    assert engine.ingest([SEEDS]).unchanged == 5

    # A second client on another machine (another data dir) builds its lexical index from the server.
    other = Engine(load_settings(citebot_data_dir=tmp_path / "client2", chroma_host="127.0.0.1",
                                 chroma_port=port), embedder=minilm)
    assert other.search("Xiangshan Forum", k=1)[0].lexical_rank == 1
    assert other.stats().articles == 5


def test_unreachable_server_is_a_clear_error(tmp_path):
    settings = load_settings(citebot_data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(StoreError, match=r"cannot reach the Chroma server at http://127\.0\.0\.1"):
        Engine(settings).stats()


@pytest.mark.slow
def test_two_writers_with_their_own_folders_share_one_server(chroma_server, tmp_path, minilm):
    """Two citebot processes (different data folders) writing one Chroma server: the lease in the store
    keeps them apart, and each reader's lexical index is checked against the store — not only its
    generation — and repaired when it drifts."""
    import threading

    from retrieval import LockTimeout
    from retrieval.index.locks import StoreLease

    from .corpus import write_corpus

    port, _ = chroma_server

    def engine(name: str) -> Engine:
        return Engine(load_settings(citebot_data_dir=tmp_path / name, chroma_host="127.0.0.1", chroma_port=port),
                      embedder=minilm)

    a, b = engine("a"), engine("b")
    write_corpus(tmp_path / "ca", 6, seed=1)
    write_corpus(tmp_path / "cb", 6, seed=2)
    for f in (tmp_path / "cb").glob("*.txt"):
        f.rename(f.with_name(f.name.replace("gen_", "other_")))
    errors: list[BaseException] = []

    def run(e: Engine, folder) -> None:
        try:
            e.ingest([folder])
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(a, tmp_path / "ca")),
               threading.Thread(target=run, args=(b, tmp_path / "cb"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    stats = a.stats()
    assert stats.articles == 12
    for e in (a, b):
        e.refresh()
        assert e.lexical.count() == stats.chunks
        assert e.corpus.lexical.state().digest == e.store.meta()["digest"]
    assert b.search("report number 7919", k=3)[0].article_id in ("gen_0001", "other_0001")

    # Drift behind a reader's back (same generation, a passage missing): found and repaired.
    victim = next(iter(b.store.chunk_ids()))
    with b.lexical.writer() as w:
        w.delete_passages([victim])
    assert b.lexical.count() == stats.chunks - 1
    b.corpus.ensure_fresh(force=True)
    assert b.lexical.count() == stats.chunks and b.lexical.get_hits([victim])
    # A drift that keeps the count (one passage swapped for a stray one) is caught by the periodic digest check.
    with b.lexical.writer() as w:
        w.delete_passages([victim])
        w.add_passages([("stray:0000000000:0", "a stray passage", {"article_id": "stray"})])
    b.corpus.ensure_fresh(force=True)
    assert not b.lexical.get_hits([victim])  # same count: not seen yet
    b.corpus.VERIFY_SECONDS = 0
    b.corpus.ensure_fresh(force=True)
    assert b.lexical.get_hits([victim]) and not b.lexical.get_hits(["stray:0000000000:0"])

    # While one writer holds the lease, the other waits and is told who holds it.
    told: list[str] = []
    with StoreLease(a.store).hold(), pytest.raises(LockTimeout, match="another writer"):
        b.ingest([tmp_path / "cb"], lock_timeout=1.0, on_wait=told.append)
    assert told and "pid" in told[0]
