"""The one public API every front end uses: ingest, search, plan, answer (and its stream), stats.

Components are built on first use, so `citebot stats` loads no model and `citebot --help` imports
nothing heavy.

Usage:
    >>> engine = Engine(load_settings())                          # doctest: +SKIP
    >>> engine.ingest(["seeds/"]).summary()                       # doctest: +SKIP
    >>> engine.answer("Where did Dong Jun call for talks?").text  # doctest: +SKIP
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from .answer.chain import AnswerPipeline, StreamEvent
from .answer.plan import Plan
from .config import Settings, load_settings
from .index.corpus import Corpus
from .index.lexical import LexicalIndex
from .index.locks import FileLock, OnWait, StoreLease
from .index.offline import quiet_environment
from .index.search import Fusion, HybridSearcher
from .index.store import ChromaStore
from .ingest.sync import FaultHook, Ingestor, IngestReport, Progress
from .library import describe
from .models import Answer, Article, Filters, Hit, Turn

quiet_environment()


@dataclass
class Stats:
    articles: int
    duplicates: int
    chunks: int
    outlets: dict[str, int] = field(default_factory=dict)  # known outlets only
    unknown_outlet: int = 0
    earliest: str | None = None
    latest: str | None = None
    undated: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    store: str = ""
    collection: str = ""
    embedding: str = ""
    generation: int = 0
    lexical_rows: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Engine:
    """citebot's engine. Thread-safe for concurrent questions; one writer at a time."""

    def __init__(self, settings: Settings | None = None, embedder=None, chat_model=None,
                 fault: FaultHook | None = None):
        self.settings = settings or load_settings()
        self._embedder = embedder
        self._chat_model = chat_model  # replaces the configured LLM (tests, apps that bring their own)
        self._fault = fault  # called before each write step of an ingest (fault-injection tests)

    # --- components ------------------------------------------------------------------------
    @cached_property
    def store(self) -> ChromaStore:
        return ChromaStore.from_settings(self.settings)

    @property
    def _store_key(self) -> str:
        """Names this store's local files: the collection, and the server when there is one."""
        s = self.settings
        where = f"{s.chroma_host}-{s.chroma_port}-" if s.server_mode else ""
        return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{where}{s.chroma_collection}")

    @cached_property
    def corpus(self) -> Corpus:
        s = self.settings
        lexical = LexicalIndex(s.citebot_data_dir / f"lexical-{self._store_key}")
        lock = (StoreLease(self.store) if s.server_mode
                else FileLock(s.citebot_data_dir / "locks" / f"{self._store_key}.lock"))
        return Corpus(self.store, lexical, lock, self.multilingual)

    @cached_property
    def multilingual(self):
        """e5 vectors for questions in other languages (MULTILINGUAL_INDEX), or None when off."""
        if self.settings.multilingual_index == "off":
            return None
        from .index.multilingual import MultilingualIndex, make_encoder

        return MultilingualIndex(self.store, make_encoder(), self.settings.multilingual_index)

    @property
    def lexical(self) -> LexicalIndex:
        return self.corpus.lexical

    @cached_property
    def embedder(self):
        if self._embedder is None:
            from .index.embeddings import make_embedder

            self._embedder = make_embedder(batch_size=self.settings.embed_batch_size,
                                           threads=self.settings.embed_threads)
        return self._embedder

    @cached_property
    def ingestor(self) -> Ingestor:
        from .ingest.chunking import Chunker
        from .ingest.entities import EntityTagger

        s = self.settings
        ml = self.multilingual
        return Ingestor(self.corpus, self.embedder, Chunker(s.chunk_tokens, s.chunk_overlap), EntityTagger(),
                        near_duplicate_threshold=s.near_duplicate_threshold, max_file_mb=s.max_file_mb,
                        fault=self._fault, extra=f"{ml.encoder.name}/{ml.mode}" if ml else "")

    @cached_property
    def searcher(self) -> HybridSearcher:
        s = self.settings
        fusion = Fusion(candidates=s.search_candidates, dense=s.search_dense_weight, lexical=s.search_lexical_weight,
                        article=s.search_article_weight, rest=s.search_article_rest, title_boost=s.search_title_boost,
                        lead_boost=s.search_lead_boost, source_boost=s.search_source_boost,
                        multilingual=s.search_multilingual_weight, exact=s.search_exact_weight)
        return HybridSearcher(self.corpus, self.embedder, fusion, max_per_article=s.max_chunks_per_article,
                              multilingual=self.multilingual)

    @cached_property
    def pipeline(self) -> AnswerPipeline:
        from .answer.backends import make_backend
        from .answer.extractive import ExtractiveBackend
        from .answer.prompts import Prompts
        from .index.embeddings import SentenceSimilarity

        s = self.settings
        ml = self.multilingual
        cross = None
        if ml is not None:
            from .index.multilingual import CrossSimilarity

            cross = CrossSimilarity(ml.encoder, glossary=ml.glossary)
        extractive = ExtractiveBackend(s.answer_max_sentences, s.abstain_threshold,
                                       similarity=SentenceSimilarity(self.embedder), cross=cross,
                                       translate=cross.translate if cross is not None else None)
        backend = make_backend(s, extractive, self._chat_model, Prompts(s.citebot_prompts_dir))
        return AnswerPipeline(self.searcher, backend, extractive, s, describe_library=self.describe_library)

    @property
    def streams_drafts(self) -> bool:
        """True when answers are written by a model, so `stream()` yields draft text before the answer."""
        return self.pipeline.backend.can_stream

    # --- operations --------------------------------------------------------------------------
    def ingest(self, paths: list[str | Path], prune: bool = False, progress: Progress | None = None,
               lock_timeout: float = 600.0, on_wait: OnWait | None = None) -> IngestReport:
        """Files, folders, article links and feed URLs (a feed brings its newest items)."""
        from .ingest.remote import is_url

        urls = [str(p) for p in paths if is_url(p)]
        files = [p for p in paths if not is_url(p)]
        extra = self.web.load(urls) if urls else ([], [])
        return self.ingestor.sync(files, prune=prune, progress=progress, lock_timeout=lock_timeout, on_wait=on_wait,
                                  extra=extra)

    @cached_property
    def web(self):
        """Article links, subscribed feeds and retention (ingest/remote.py)."""
        from .ingest.remote import WebLibrary

        return WebLibrary(self.settings)

    def poll_feeds(self, max_items: int = 50, only: str | None = None):
        """Fetch and store what is new in every subscribed feed (or the one at URL `only`; see `citebot
        watch`), then retire old web articles when CITEBOT_MAX_AGE_DAYS is set."""
        report = self.web.poll(lambda articles: self.ingest_articles(articles, lock_timeout=120), max_items, only)
        if self.settings.citebot_max_age_days:
            report.retired = self.retire_expired()
        return report

    def add_feed(self, url: str):
        """Subscribe to a checked feed and store its newest items now: (subscription, PollReport)."""
        sub = self.web.add_feed(url)
        return sub, self.poll_feeds(only=sub.url)

    def subscribe_feed_list(self, path: Path | None = None) -> list[str]:
        """Subscribe to the feeds listed in `path` or CITEBOT_FEEDS (a text file, one URL a line)."""
        from .ingest.remote import read_feed_list

        path = path or self.settings.citebot_feeds
        return self.web.subscribe(read_feed_list(Path(path))) if path else []

    def retire_expired(self, today: date | None = None) -> list[str]:
        """Web articles older than CITEBOT_MAX_AGE_DAYS leave the library; files under the article root never."""
        from .ingest.remote import expired

        if not self.settings.citebot_max_age_days:
            return []
        return self.ingestor.retire(expired(self.store.all_articles(), self.settings.citebot_max_age_days, today))

    def ingest_articles(self, articles: list[Article], progress: Progress | None = None,
                        lock_timeout: float = 600.0, on_wait: OnWait | None = None) -> IngestReport:
        """Store articles loaded elsewhere (fetched pages, feeds)."""
        return self.ingestor.store_articles(articles, progress=progress, lock_timeout=lock_timeout, on_wait=on_wait)

    def warm_up(self) -> float:
        """Load what a first question would — the store's vector index, the lexical index, the models (the
        multilingual one too when it is on) — by answering two throwaway questions; seconds taken. A long-running
        front end calls it in the background at start: measured on MultiHop-RAG (326 articles), a fresh
        process's first English answer took 1.4 s and its first Russian one 4.2 s, against ~0.1 s warm."""
        t = time.perf_counter()
        self.answer("What is the latest news?")
        if self.settings.multilingual_index != "off":
            self.answer("Какие последние новости?")
        return time.perf_counter() - t

    def search(self, query: str, k: int | None = None, filters: Filters | None = None) -> list[Hit]:
        return self.searcher.search(query, k or self.settings.search_k, filters)

    def plan(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
             now: date | None = None, language: str | None = None) -> Plan:
        return self.pipeline.plan(question, history, filters, now, language)

    def retrieve(self, plan: Plan, k: int | None = None, max_per_article: int | None = None) -> list[Hit]:
        """The passages a plan is answered from (evaluation ranks articles with this)."""
        return self.pipeline.retrieve(plan, k, max_per_article)

    def answer(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
               now: date | None = None, k: int | None = None, language: str | None = None) -> Answer:
        """Answer with checked citations, or decline. History: earlier turns, oldest first; `language`:
        what the user's client says they read, used when the message itself is too short to tell."""
        return self.pipeline.answer(question, history=history, filters=filters, now=now, k=k, language=language)

    def stream(self, question: str, history: list[Turn] | None = None, filters: Filters | None = None,
               now: date | None = None, k: int | None = None, language: str | None = None) -> Iterator[StreamEvent]:
        """Like `answer`, as events: draft text while an LLM writes, then the checked Answer last."""
        return self.pipeline.stream(question, history=history, filters=filters, now=now, k=k, language=language)

    def evaluate(self, questions_path: str | Path, k: int | None = None, judge=None, progress: Progress | None = None):
        """Score this engine on a JSONL question set (see retrieval.evaluation)."""
        from .evaluation import Evaluator, load_questions

        return Evaluator(self, judge=judge).run(load_questions(questions_path), k=k, progress=progress)

    def judge_model(self):
        """The configured LLM as a chat model, for judge metrics (needs an LLM backend)."""
        from .answer.backends import chat_model
        from .config import ConfigError

        if self.settings.answer_backend == "extractive":
            raise ConfigError("--judge needs an LLM backend: set ANSWER_BACKEND to openai, ollama or llamacpp")
        return self._chat_model or chat_model(self.settings)

    def as_retriever(self, k: int | None = None, filters: Filters | None = None):
        """The hybrid searcher as a LangChain BaseRetriever."""
        from .index.search import make_retriever

        return make_retriever(self.searcher, k or self.settings.search_k, filters)

    def refresh(self) -> bool:
        """Bring the lexical index in step with the store now (readers otherwise check every 2 s)."""
        return self.corpus.ensure_fresh(force=True)

    def stats(self) -> Stats:
        records = self.store.all_articles()
        canon = [r for r in records.values() if not r.canonical]
        dates = sorted(r.ref.published for r in canon if r.ref.published)
        meta = self.store.meta()
        return Stats(
            articles=len(canon),
            duplicates=len(records) - len(canon),
            chunks=self.store.count_chunks(),
            outlets=dict(Counter(r.ref.source for r in canon if r.ref.source).most_common()),
            unknown_outlet=sum(1 for r in canon if not r.ref.source),
            earliest=dates[0].isoformat() if dates else None,
            latest=dates[-1].isoformat() if dates else None,
            undated=sum(1 for r in canon if not r.ref.published),
            languages=dict(Counter(r.language for r in canon).most_common()),
            store=self.store.location,
            collection=self.store.name,
            embedding=str(meta.get("pipeline", "")),
            generation=int(meta.get("generation", 0)),
            lexical_rows=self.lexical.count(),
        )

    def describe_library(self, language: str = "en") -> str:
        """What the library holds, in words, with example questions (for "what can you do?" and /help)."""
        return describe(self, language)
