"""Hybrid retrieval: dense (Chroma) + lexical (BM25), fused with reciprocal rank fusion.

Each side returns a deeper candidate list than asked for; RRF adds 1/(60 + rank) from
each list a chunk appears in. At most `max_per_article` chunks of one article reach the
top k, so one long article cannot crowd out the others. Filters (outlet, published-date
range) apply on both sides.

Usage:
    >>> searcher = HybridSearcher(store, lexical, embedder)             # doctest: +SKIP
    >>> [h.title for h in searcher.search("Xiangshan Forum", k=3)]      # doctest: +SKIP
    ["Chinese defense minister calls for talks to end Russia's war against Ukraine", ...]
"""

from __future__ import annotations

import time
from collections.abc import Callable

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .lexical import LexicalIndex
from .models import Filters, Hit
from .store import ChromaStore

RRF_K = 60


class HybridSearcher:
    """query → list[Hit], best first."""

    def __init__(
        self,
        store: ChromaStore,
        lexical: LexicalIndex,
        embedder,
        max_per_article: int = 2,
        candidates: int = 30,
        refresh: Callable[[], None] | None = None,
    ):
        self.store = store
        self.lexical = lexical
        self.embedder = embedder
        self.max_per_article = max_per_article
        self.candidates = candidates
        self.refresh = refresh  # keeps the lexical index in step with the store
        self.last_timings: dict[str, float] = {}

    def search(
        self, query: str, k: int = 6, filters: Filters | None = None, max_per_article: int | None = None
    ) -> list[Hit]:
        query = query.strip()
        if not query:
            return []
        cap = max_per_article or self.max_per_article
        n = max(self.candidates, k * 4)
        t0 = time.perf_counter()
        if self.refresh:
            self.refresh()
        vector = self.embedder.embed([query])[0]
        t1 = time.perf_counter()
        dense = self.store.query(vector, n, filters)
        t2 = time.perf_counter()
        lexical = self.lexical.search(query, n, filters)
        t3 = time.perf_counter()

        fused: dict[str, Hit] = {}
        for h in dense:
            h.score = 1.0 / (RRF_K + h.dense_rank)
            fused[h.chunk_id] = h
        missing = [cid for cid, _ in lexical if cid not in fused]
        fetched = self.lexical.get_hits(missing)  # the index keeps text and metadata: no Chroma round trip
        for rank, (cid, bm25) in enumerate(lexical, 1):
            h = fused.get(cid) or fetched.get(cid)
            if h is None:
                continue
            h.lexical_rank = rank
            h.lexical_score = bm25
            h.score += 1.0 / (RRF_K + rank)
            fused[cid] = h

        best = 2.0 / (RRF_K + 1)  # top of both lists
        per_article: dict[str, int] = {}
        out: list[Hit] = []
        for h in sorted(fused.values(), key=lambda x: x.score, reverse=True):
            if per_article.get(h.article_id, 0) >= cap:
                continue
            per_article[h.article_id] = per_article.get(h.article_id, 0) + 1
            h.score = round(h.score / best, 4)
            out.append(h)
            if len(out) >= k:
                break
        t4 = time.perf_counter()
        self.last_timings = {
            "embed_ms": (t1 - t0) * 1000, "dense_ms": (t2 - t1) * 1000,
            "lexical_ms": (t3 - t2) * 1000, "fuse_ms": (t4 - t3) * 1000, "total_ms": (t4 - t0) * 1000,
        }
        return out


class CitebotRetriever(BaseRetriever):
    """The hybrid searcher as a LangChain retriever (Documents carry the Hit's metadata).

    >>> retriever = CitebotRetriever(searcher=searcher, k=4)      # doctest: +SKIP
    >>> retriever.invoke("Xiangshan Forum")[0].metadata["title"]  # doctest: +SKIP
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)
    searcher: HybridSearcher
    k: int = 6
    filters: Filters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.searcher.search(query, k=self.k, filters=self.filters)
        return [Document(page_content=h.text, metadata={**h.to_dict(), "text": None}) for h in hits]
