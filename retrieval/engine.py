"""The one public API every front end uses: ingest, search, answer (and its stream), stats.

Components are built lazily, so `citebot stats` does not load the embedding model.

Usage:
    >>> engine = Engine(load_settings())                          # doctest: +SKIP
    >>> engine.ingest(["seeds/"]).summary()                       # doctest: +SKIP
    >>> engine.search("Xiangshan Forum", k=3)[0].title            # doctest: +SKIP
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from .chain import StreamEvent
from .config import Settings, load_settings
from .followup import Turn
from .ingest import Ingestor, IngestReport, LockTimeout, Progress, writer_lock
from .lexical import LexicalIndex
from .models import Answer, Filters, Hit
from .offline import quiet_environment
from .search import CitebotRetriever, HybridSearcher
from .store import ChromaStore

quiet_environment()


@dataclass
class Stats:
    articles: int
    duplicates: int
    chunks: int
    outlets: dict[str, int] = field(default_factory=dict)
    earliest: str | None = None
    latest: str | None = None
    undated: int = 0
    store: str = ""
    collection: str = ""
    embedding: str = ""
    generation: int = 0
    lexical_rows: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Engine:
    """citebot's engine. Thread-safe for concurrent searches; one ingest at a time."""

    REFRESH_SECONDS = 2.0

    def __init__(self, settings: Settings | None = None, embedder=None, chat_model=None):
        self.settings = settings or load_settings()
        self._embedder = embedder
        self._chat_model = chat_model  # replaces the configured LLM (tests, apps that bring their own)
        self._refresh_lock = threading.Lock()
        self._checked_at = 0.0

    # --- components ------------------------------------------------------------------------
    @cached_property
    def store(self) -> ChromaStore:
        return ChromaStore.from_settings(self.settings)

    @cached_property
    def embedder(self):
        if self._embedder is None:
            from .embeddings import make_embedder

            self._embedder = make_embedder(batch_size=self.settings.embed_batch_size,
                                           threads=self.settings.embed_threads)
        return self._embedder

    @property
    def _store_key(self) -> str:
        """Names this store's local files: the collection, and the server when there is one."""
        s = self.settings
        where = f"{s.chroma_host}-{s.chroma_port}-" if s.server_mode else ""
        return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{where}{s.chroma_collection}")

    @cached_property
    def lexical(self) -> LexicalIndex:
        return LexicalIndex(self.settings.citebot_data_dir / f"lexical-{self._store_key}.sqlite")

    @property
    def lock_path(self) -> Path:
        return self.settings.citebot_data_dir / "locks" / f"{self._store_key}.lock"

    @cached_property
    def chunker(self):
        from .chunking import Chunker

        return Chunker(self.settings.chunk_tokens, self.settings.chunk_overlap)

    @cached_property
    def searcher(self) -> HybridSearcher:
        return HybridSearcher(
            self.store, self.lexical, self.embedder,
            max_per_article=self.settings.max_chunks_per_article, refresh=self.refresh_lexical,
        )

    @cached_property
    def pipeline(self):
        from .chain import AnswerPipeline
        from .llm import make_backend

        return AnswerPipeline(self.searcher, make_backend(self.settings, self._chat_model), self.settings)

    @property
    def streams_drafts(self) -> bool:
        """True when answers are written by a model, so `stream()` yields draft text before the answer."""
        from .llm import LLMBackend

        return isinstance(self.pipeline.backend, LLMBackend)

    # --- operations --------------------------------------------------------------------------
    def ingest(self, paths: list[str | Path], prune: bool = False, progress: Progress | None = None,
               lock_timeout: float = 600.0) -> IngestReport:
        ingestor = Ingestor(
            self.store, self.lexical, self.embedder, self.chunker, self.lock_path,
            near_duplicate_threshold=self.settings.near_duplicate_threshold,
            max_file_mb=self.settings.max_file_mb,
        )
        report = ingestor.sync(paths, prune=prune, progress=progress, lock_timeout=lock_timeout)
        self._checked_at = time.monotonic()
        return report

    def search(self, query: str, k: int | None = None, filters: Filters | None = None) -> list[Hit]:
        return self.searcher.search(query, k or self.settings.search_k, filters)

    def answer(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
               now: date | None = None, k: int | None = None) -> Answer:
        """Answer with checked citations, or abstain. History: earlier turns, oldest first."""
        return self.pipeline.answer(question, history=history, filters=filters, now=now, k=k)

    def stream(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
               now: date | None = None, k: int | None = None) -> Iterator[StreamEvent]:
        """Like `answer`, as events: draft text while an LLM writes, then the checked Answer last."""
        return self.pipeline.stream(question, history=history, filters=filters, now=now, k=k)

    def evaluate(self, questions_path: str | Path, k: int | None = None, judge=None,
                 progress: Progress | None = None):
        """Score this engine on a JSONL question set (see retrieval.evaluate)."""
        from .evaluate import Evaluator, load_questions

        return Evaluator(self, judge=judge).run(load_questions(questions_path), k=k, progress=progress)

    def judge_model(self):
        """The configured LLM as a chat model, for judge metrics (needs an LLM backend)."""
        from .config import ConfigError
        from .llm import chat_model

        if self.settings.answer_backend == "extractive":
            raise ConfigError("--judge needs an LLM backend: set ANSWER_BACKEND to openai, ollama or llamacpp")
        return self._chat_model or chat_model(self.settings)

    def as_retriever(self, k: int | None = None, filters: Filters | None = None) -> CitebotRetriever:
        return CitebotRetriever(searcher=self.searcher, k=k or self.settings.search_k, filters=filters)

    def refresh_lexical(self, force: bool = False) -> None:
        """Rebuild the lexical index when another process changed the store (checked every 2 s)."""
        now = time.monotonic()
        if not force and now - self._checked_at < self.REFRESH_SECONDS:
            return
        with self._refresh_lock:
            self._checked_at = now
            meta = self.store.meta()
            state = (self.store.identity, str(int(meta.get("generation", 0))))
            if self.lexical.state() == state or meta.get("in_progress"):
                return  # in step, or a writer is busy and will leave it in step
            try:
                with writer_lock(self.lock_path, timeout=0):
                    self.lexical.sync(self.store)
            except LockTimeout:
                pass

    def stats(self) -> Stats:
        records = self.store.all_articles()
        canon = [r for r in records.values() if not r.canonical]
        dates = sorted(r.published for r in canon if r.published)
        meta = self.store.meta()
        return Stats(
            articles=len(canon),
            duplicates=len(records) - len(canon),
            chunks=self.store.count_chunks(),
            outlets=dict(Counter(r.source or "(unknown)" for r in canon).most_common()),
            earliest=dates[0].isoformat() if dates else None,
            latest=dates[-1].isoformat() if dates else None,
            undated=sum(1 for r in canon if not r.published),
            store=self.store.location,
            collection=self.store.name,
            embedding=str(meta.get("pipeline", "")),
            generation=int(meta.get("generation", 0)),
            lexical_rows=self.lexical.count(),
        )
