"""Shared fixtures: one real embedding model per session, a fresh store per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from retrieval import Engine, load_settings
from retrieval.index.embeddings import MiniLMEmbedder

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


class CountingEmbedder:
    """The real model, counting how many texts it embedded."""

    def __init__(self, inner: MiniLMEmbedder):
        self.inner = inner
        self.name = inner.name
        self.dimensions = inner.dimensions
        self.count = 0

    def embed(self, texts, progress=None):
        self.count += len(texts)
        return self.inner.embed(texts, progress=progress)

    def embed_query(self, text):
        return self.inner.embed_query(text)

    def embed_documents(self, texts):
        return self.inner.embed_documents(texts)


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder(batch_size=8)


@pytest.fixture
def embedder(minilm) -> CountingEmbedder:
    return CountingEmbedder(minilm)


@pytest.fixture
def settings(tmp_path, monkeypatch):
    for var in ("CHROMA_HOST", "ANSWER_BACKEND", "TELEGRAM_BOT_TOKEN", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    return load_settings(citebot_data_dir=tmp_path / "data")


@pytest.fixture
def engine(settings, embedder) -> Engine:
    return Engine(settings, embedder=embedder)


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    dest = tmp_path / "articles"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture(scope="session")
def seeded_engine_factory(tmp_path_factory, minilm):
    """A store with the seeds ingested once per session; tests that only read share it."""
    data = tmp_path_factory.mktemp("seeded")
    settings = load_settings(citebot_data_dir=data / "data")
    engine = Engine(settings, embedder=CountingEmbedder(minilm))
    report = engine.ingest([SEEDS])
    assert report.ok and len(report.added) == 5
    return engine


@pytest.fixture
def seeded(seeded_engine_factory) -> Engine:
    return seeded_engine_factory
