"""Hybrid retrieval that ranks *articles* first, then returns their best passages.

News questions are about articles: their words are spread over the headline, the lead and several
paragraphs, which no single 200-token passage holds. So four lists are fused:

- dense passages (Chroma, MiniLM vectors) and lexical passages (tantivy BM25);
- lexical *articles* (tantivy BM25F over headline, lead and body, weighted, stemmed), and the same
  articles by BM25 over their words as written: two analyzers err in different places (newsdev
  search MRR@10 0.684 → 0.708 with both; the stemmed list alone already holds title and lead).

Each list's scores are min-max normalised (rank fusion barely tells rank 1 from rank 2, so it lets
many mediocre passages outvote one strong article). A passage scores its weighted dense and lexical
evidence; an article scores its article-level evidence plus its best passage plus a share of its
next best passages' — evidence from several paragraphs adds up. Articles are ranked by it (with a
preference for a time period or for recent news when the question asks for one), and each keeps
at most `max_per_article` of its best passages. Weights live in Settings (tuned on the development
sets; see benchmarks/). Outlet and date filters apply to every list; on the dense side they are
served from the lexical engine's fast fields (Chroma's `where` is slow at scale).

Usage:
    >>> searcher = HybridSearcher(corpus, embedder, Fusion())          # doctest: +SKIP
    >>> [h.title for h in searcher.search("Xiangshan Forum", k=3)]      # doctest: +SKIP
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import date

from ..models import Filters, Hit
from ..text.words import content_stems
from .corpus import Corpus
from .lexquery import LexicalQuery
from .store import passes

REST_PASSAGES = 2  # an article's next passages that add to its best one (long articles gain no more)
PASSAGE_TIEBREAK = 0.01  # orders an article's passages without reordering the articles


def _minmax(values: list[float]) -> list[float]:
    """Scores scaled to 0..1 within their list (all 1 when they are equal)."""
    if not values:
        return []
    lo, hi = min(values), max(values)
    return [1.0 if hi == lo else (v - lo) / (hi - lo) for v in values]


def _scaled(ranked: list[tuple[str, float]], weight: float) -> list[tuple[str, float]]:
    """A list's (id, score) pairs with scores min-max normalised and weighted."""
    return [(key, weight * norm) for (key, _), norm in zip(ranked, _minmax([s for _, s in ranked]), strict=True)]


@dataclass(frozen=True)
class Fusion:
    """How the lists are weighed (Settings: SEARCH_*)."""

    candidates: int = 40  # depth of each list
    dense: float = 1.0
    lexical: float = 1.0
    article: float = 1.5
    rest: float = 0.0  # share of an article's other passages' scores added to its best one
    title_boost: float = 1.0
    lead_boost: float = 0.5
    source_boost: float = 1.0  # the outlet's name ("what did Reuters report …")
    exact: float = 1.0  # whole-article BM25 over the words as written (index/lexical.py search_exact_articles)
    multilingual: float = 4.0  # e5 passages, for questions not in English (beside their looked-up words)
    filter_ids_limit: int = 20_000  # dense search restricted to filtered ids up to this many passages


@dataclass(frozen=True)
class Preference:
    """Prefer articles near a date: an explicit period ("in March 2023") or recent news ("lately")."""

    since: date | None = None
    until: date | None = None
    half_life_days: float = 30.0  # how fast the preference fades outside the period
    weight: float = 0.5

    def factor(self, published: date | None) -> float:
        if published is None:
            return 1.0
        if (self.since is None or published >= self.since) and (self.until is None or published <= self.until):
            return 1.0 + self.weight
        edge = self.since if self.since and published < self.since else self.until
        days = abs((published - edge).days) if edge else 0
        return 1.0 + self.weight * math.pow(0.5, days / self.half_life_days)


@dataclass
class Candidates:
    """What one query found, before fusion: re-fused cheaply with other weights (benchmarks/tune)."""

    query: LexicalQuery
    dense: list[Hit]  # best first, with cosine similarity
    lexical: list[tuple[str, float]]  # passage id, BM25
    articles: list[tuple[str, float]]  # article id, BM25F
    passages: dict[str, Hit]  # every passage either passage list found
    multilingual: list[tuple[str, float]] = field(default_factory=list)  # passage id, e5 cosine (other languages)
    exact: list[tuple[str, float]] = field(default_factory=list)  # article id, BM25 of the words as written
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class Ranking:
    articles: list[str]  # best first
    article_score: dict[str, float]
    by_article: dict[str, list[str]]  # article → its passages found, best first
    passage_score: dict[str, float]


def fuse(c: Candidates, f: Fusion, prefer: Preference | None = None) -> Ranking:
    """Articles ranked by article-level evidence, best passage and a share of the next best passages."""
    score = dict(_scaled([(h.chunk_id, h.dense_similarity or 0.0) for h in c.dense], f.dense))
    for cid, value in [*_scaled(c.lexical, f.lexical), *_scaled(c.multilingual, f.multilingual)]:
        if cid in c.passages:
            score[cid] = score.get(cid, 0.0) + value
    by_article: dict[str, list[str]] = {}
    for cid in sorted(score, key=score.__getitem__, reverse=True):
        by_article.setdefault(c.passages[cid].article_id, []).append(cid)
    article_score: dict[str, float] = {}
    for aid, value in [*_scaled(c.articles, f.article), *_scaled(c.exact, f.exact)]:
        article_score[aid] = article_score.get(aid, 0.0) + value
    for aid, cids in by_article.items():
        best, *others = (score[x] for x in cids)
        article_score[aid] = article_score.get(aid, 0.0) + best + f.rest * sum(others[:REST_PASSAGES])
    if prefer is not None:
        published = {h.article_id: h.published for h in c.passages.values()}
        for aid in article_score:
            article_score[aid] *= prefer.factor(published.get(aid))
    ranked = sorted(article_score, key=article_score.__getitem__, reverse=True)
    return Ranking(ranked, article_score, by_article, score)


class HybridSearcher:
    """query → list[Hit], best first."""

    def __init__(self, corpus: Corpus, embedder, fusion: Fusion | None = None, max_per_article: int = 2,
                 multilingual=None):
        self.corpus = corpus
        self.embedder = embedder
        self.multilingual = multilingual  # e5 search for questions not in English (index/multilingual.py)
        self.fusion = fusion or Fusion()
        self.max_per_article = max_per_article
        self.last_timings: dict[str, float] = {}

    @property
    def store(self):
        return self.corpus.store

    @property
    def lexical(self):
        return self.corpus.lexical

    def search(self, query: str, k: int = 6, filters: Filters | None = None, max_per_article: int | None = None,
               prefer: Preference | None = None, language: str = "en") -> list[Hit]:
        query = query.strip()
        if not query:
            return []
        t0 = time.perf_counter()
        cands = self.gather(query, max(self.fusion.candidates, k * 4), filters, language)
        t1 = time.perf_counter()
        ranking = fuse(cands, self.fusion, prefer)
        hits = self._passages(cands, ranking, k, max_per_article or self.max_per_article, filters)
        t2 = time.perf_counter()
        self.last_timings = {**cands.timings, "gather_ms": (t1 - t0) * 1000, "fuse_ms": (t2 - t1) * 1000,
                             "total_ms": (t2 - t0) * 1000}
        return hits

    def gather(self, query: str, n: int, filters: Filters | None = None, language: str = "en") -> Candidates:
        """The ranked lists for a query (the I/O half of a search). English questions go to the English
        embedding model; others to the multilingual one, and the library words their words mean
        (index/glossary.py) to the English model and the lexical index."""
        t0 = time.perf_counter()
        self.corpus.ensure_fresh()  # timed apart: a first search after a restart loads Chroma's vectors here
        tf = time.perf_counter()
        english = language == "en" or self.multilingual is None
        gloss = "" if english else " ".join(self.multilingual.glossary.gloss(query))
        seen = query if english else gloss  # what the English embedding model searches with
        dense, ml = [], []
        if seen:
            vector = self.embedder.embed([seen])[0]
        t1 = time.perf_counter()
        if seen:
            dense = self._dense(vector, n, filters)
        if not english:
            ml = self.multilingual.search(query, n, filters)
        t2 = time.perf_counter()
        q = self.lexical.query(f"{query} {gloss}" if gloss else query)
        lexical = self.lexical.search_passages(q, n, filters) if content_stems(query) or q.other else []
        f = self.fusion
        articles = self.lexical.search_articles(
            q, n, {"a_title": f.title_boost, "a_lead": f.lead_boost, "a_body": 1.0, "a_source": f.source_boost},
            filters) if not q.empty else []
        exact = self.lexical.search_exact_articles(q, n, filters) if english and f.exact else []
        passages = {h.chunk_id: h for h in dense}
        passages.update(self.lexical.get_hits([cid for cid, _ in [*lexical, *ml] if cid not in passages]))
        t3 = time.perf_counter()
        return Candidates(q, dense, lexical, articles, passages, ml, exact, timings={
            "fresh_ms": (tf - t0) * 1000, "embed_ms": (t1 - tf) * 1000, "dense_ms": (t2 - t1) * 1000,
            "lexical_ms": (t3 - t2) * 1000})

    def _passages(self, c: Candidates, ranking: Ranking, k: int, cap: int, filters: Filters | None) -> list[Hit]:
        """The best passages of the best articles, in article order, each article's best first."""
        by_article = {a: list(cids) for a, cids in ranking.by_article.items()}
        for aid in [a for a in ranking.articles[:k] if a not in by_article]:
            # Found by headline, lead or body only: its best-matching passage stands for it.
            best = self.lexical.search_passages(c.query, cap, filters, article_ids=[aid])
            got = self.lexical.get_hits([cid for cid, _ in best])
            for cid, bm25 in best:
                if cid in got:
                    got[cid].lexical_score = bm25
                    c.passages[cid] = got[cid]
                    by_article.setdefault(aid, []).append(cid)
        dense_rank = {h.chunk_id: r for r, h in enumerate(c.dense, 1)}
        lexical = {cid: (r, s) for r, (cid, s) in enumerate(c.lexical, 1)}
        out: list[tuple[float, Hit]] = []
        for rank, aid in enumerate(ranking.articles, 1):
            for cid in by_article.get(aid, [])[:cap]:
                h = c.passages[cid]
                h.article_rank = rank
                h.dense_rank = dense_rank.get(cid)
                if cid in lexical:
                    h.lexical_rank, h.lexical_score = lexical[cid]
                out.append((ranking.article_score[aid] + PASSAGE_TIEBREAK * ranking.passage_score.get(cid, 0.0), h))
            if len(out) >= k:
                break
        top = out[0][0] if out else 1.0
        hits, floor = [], 1.0
        for s, h in out[:k]:
            # Article order comes first, so a later article's best passage never outscores the one above it.
            floor = min(floor, round(s / top, 4) if top > 0 else 0.0)
            h.score = floor
            hits.append(h)
        return hits

    def _dense(self, vector, n: int, filters: Filters | None) -> list[Hit]:
        """Nearest passages; with a filter, searched among the ids the lexical engine admits."""
        if filters is None or filters.is_empty():
            return self.store.query(vector, n)
        allowed = self.lexical.filtered_passages(filters, self.fusion.filter_ids_limit)
        if allowed is not None:
            return self.store.query(vector, n, ids=allowed)
        # Most passages pass: search unfiltered a little deeper and drop the rest in memory.
        wide = self.store.query(vector, n * 4)
        kept = [h for h in wide if passes({"source_key": h.source.casefold(), "article_id": h.article_id,
                                           "published_day": h.published.toordinal() if h.published else None},
                                          filters)]
        for rank, h in enumerate(kept, 1):
            h.dense_rank = rank
        return kept[:n] if len(kept) >= n // 2 else self.store.query(vector, n, filters)


def make_retriever(searcher: HybridSearcher, k: int, filters: Filters | None):
    """The hybrid searcher as a LangChain BaseRetriever (Documents carry the Hit's metadata).

    >>> retriever = make_retriever(searcher, k=4, filters=None)   # doctest: +SKIP
    >>> retriever.invoke("Xiangshan Forum")[0].metadata["title"]  # doctest: +SKIP
    """
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever
    from pydantic import ConfigDict

    class CitebotRetriever(BaseRetriever):
        model_config = ConfigDict(arbitrary_types_allowed=True)
        searcher: HybridSearcher
        k: int = 6
        filters: Filters | None = None

        def _get_relevant_documents(self, query: str, *, run_manager=None) -> list[Document]:
            hits = self.searcher.search(query, k=self.k, filters=self.filters)
            return [Document(page_content=h.text, metadata={**h.to_dict(), "text": None}) for h in hits]

    return CitebotRetriever(searcher=searcher, k=k, filters=filters)
