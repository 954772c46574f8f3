"""Server mode: the same engine against a real `chroma run` on loopback."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest

from retrieval import Engine, load_settings
from retrieval.store import StoreError

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
