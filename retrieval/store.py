"""The Chroma store: the source of truth for chunks, vectors and article records.

Two collections: `<name>` holds chunks (text, vector, article metadata); `<name>__articles`
holds one record per article (content hash, chunk count, origin, duplicates) plus a
`__meta__` record with a generation counter that every completed sync bumps. Everything
else (the lexical index) is derived from these and rebuilt when the generation moves.

Embedded (`PersistentClient`) by default; a Chroma server when CHROMA_HOST is set.

Usage:
    >>> store = ChromaStore.from_settings(load_settings())   # doctest: +SKIP
    >>> store.count_chunks()                                  # doctest: +SKIP
    42
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .config import Settings
from .errors import CitebotError
from .models import Chunk, Filters, Hit

META_ID = "__meta__"
PAGE = 2000


class StoreError(CitebotError, RuntimeError):
    """The vector store cannot be reached or refused an operation; the message says which."""


@dataclass
class ArticleRecord:
    article_id: str
    title: str
    content_hash: str
    pipeline: str
    n_chunks: int
    origin: str = ""
    source: str = ""
    url: str = ""
    published: date | None = None
    author: str = ""
    canonical: str = ""  # set when this article is a duplicate of `canonical`
    alternates: list[dict[str, str]] = field(default_factory=list)
    minhash: str = ""

    def chunk_ids(self) -> list[str]:
        return [f"{self.article_id}:{self.content_hash[:10]}:{i}" for i in range(self.n_chunks)]

    def to_metadata(self) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "title": self.title,
            "content_hash": self.content_hash,
            "pipeline": self.pipeline,
            "n_chunks": self.n_chunks,
            "origin": self.origin,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "canonical": self.canonical,
            "alternates": json.dumps(self.alternates),
            "minhash": self.minhash,
        }
        if self.published:
            meta["published"] = self.published.isoformat()
        return meta

    @classmethod
    def from_metadata(cls, article_id: str, m: dict[str, Any]) -> ArticleRecord:
        return cls(
            article_id=article_id,
            title=m.get("title", ""),
            content_hash=m.get("content_hash", ""),
            pipeline=m.get("pipeline", ""),
            n_chunks=int(m.get("n_chunks", 0)),
            origin=m.get("origin", ""),
            source=m.get("source", ""),
            url=m.get("url", ""),
            published=date.fromisoformat(m["published"]) if m.get("published") else None,
            author=m.get("author", ""),
            canonical=m.get("canonical", ""),
            alternates=json.loads(m.get("alternates") or "[]"),
            minhash=m.get("minhash", ""),
        )


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "article_id": chunk.article_id,
        "index": chunk.index,
        "title": chunk.title,
        "source": chunk.source,
        "source_key": chunk.source.casefold(),
        "url": chunk.url,
        "start_char": chunk.start_char,
        "end_char": chunk.end_char,
        "sentences": ",".join(f"{a}:{b}" for a, b in chunk.sentences),
    }
    if chunk.published:
        meta["published"] = chunk.published.isoformat()
        meta["published_day"] = chunk.published.toordinal()
    return meta


def where_clause(filters: Filters | None) -> dict[str, Any] | None:
    """Chroma `where` for source and date-range filters (two keys need an explicit $and)."""
    if filters is None or filters.is_empty():
        return None
    parts: list[dict[str, Any]] = []
    if filters.sources:
        keys = [s.casefold() for s in filters.sources]
        parts.append({"source_key": {"$in": keys}})
    if filters.since:
        parts.append({"published_day": {"$gte": filters.since.toordinal()}})
    if filters.until:
        parts.append({"published_day": {"$lte": filters.until.toordinal()}})
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _spans(value: str) -> list[tuple[int, int]]:
    out = []
    for part in filter(None, (value or "").split(",")):
        a, _, b = part.partition(":")
        out.append((int(a), int(b)))
    return out


def hit_from(chunk_id: str, text: str, meta: dict[str, Any], score: float = 0.0) -> Hit:
    return Hit(
        chunk_id=chunk_id,
        article_id=meta.get("article_id", ""),
        text=text or "",
        title=meta.get("title", ""),
        score=score,
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        published=date.fromisoformat(meta["published"]) if meta.get("published") else None,
        sentences=_spans(meta.get("sentences", "")),
    )


class ChromaStore:
    """Chunks and article records in Chroma, embedded or on a server."""

    def __init__(self, client: Any, name: str, location: str):
        self.client = client
        self.name = name
        self.location = location
        try:
            self.chunks = client.get_or_create_collection(
                name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
            )
            self.articles = client.get_or_create_collection(f"{name}__articles", embedding_function=None)
        except Exception as exc:
            raise StoreError(f"cannot open the Chroma collection {name!r} at {location}: {exc}") from exc
        self.max_batch = min(client.get_max_batch_size(), 5000)

    @classmethod
    def from_settings(cls, settings: Settings) -> ChromaStore:
        import chromadb

        chroma_settings = chromadb.Settings(anonymized_telemetry=False)
        if settings.server_mode:
            location = f"{'https' if settings.chroma_ssl else 'http'}://{settings.chroma_host}:{settings.chroma_port}"
            try:
                client = chromadb.HttpClient(
                    host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl,
                    settings=chroma_settings,
                )
                client.heartbeat()
            except Exception as exc:
                raise StoreError(
                    f"cannot reach the Chroma server at {location} ({type(exc).__name__}: {exc}). "
                    "Is `chroma run` up? Unset CHROMA_HOST to use the embedded store."
                ) from None
        else:
            settings.chroma_path.mkdir(parents=True, exist_ok=True)
            location = str(settings.chroma_path)
            client = chromadb.PersistentClient(path=location, settings=chroma_settings)
        return cls(client, settings.chroma_collection, location)

    # --- identity and generation ---------------------------------------------------------
    @property
    def identity(self) -> str:
        """Changes when the collection is dropped and created again."""
        return str(self.chunks.id)

    def meta(self) -> dict[str, Any]:
        got = self._call(self.articles.get, ids=[META_ID], include=["metadatas"])
        return dict(got["metadatas"][0]) if got["ids"] else {}

    def generation(self) -> int:
        return int(self.meta().get("generation", 0))

    def bump_generation(self, **extra: Any) -> int:
        meta = self.meta()
        meta.update(extra)
        meta["generation"] = int(meta.get("generation", 0)) + 1
        meta["updated_at"] = time.time()
        self._call(self.articles.upsert, ids=[META_ID], embeddings=[[1.0]], metadatas=[meta], documents=[""])
        return meta["generation"]

    # --- chunks ------------------------------------------------------------------------------
    def add_chunks(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> None:
        for i in range(0, len(chunks), self.max_batch):
            part = chunks[i : i + self.max_batch]
            self._call(
                self.chunks.upsert,
                ids=[c.chunk_id for c in part],
                embeddings=[list(map(float, v)) for v in vectors[i : i + self.max_batch]],
                documents=[c.text for c in part],
                metadatas=[chunk_metadata(c) for c in part],
            )

    def delete_chunks(self, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), self.max_batch):
            self._call(self.chunks.delete, ids=list(ids[i : i + self.max_batch]))

    def count_chunks(self) -> int:
        return self._call(self.chunks.count)

    def query(self, vector: Sequence[float], n: int, filters: Filters | None = None) -> list[Hit]:
        res = self._call(
            self.chunks.query,
            query_embeddings=[list(map(float, vector))],
            n_results=n,
            where=where_clause(filters),
            include=["documents", "metadatas", "distances"],
        )
        hits = []
        for rank, (cid, doc, meta, dist) in enumerate(
            zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0], strict=True), 1
        ):
            h = hit_from(cid, doc, meta or {})
            h.dense_rank = rank
            h.dense_similarity = 1.0 - float(dist)
            hits.append(h)
        return hits

    def iter_chunks(self, page: int = PAGE) -> Iterator[tuple[str, str, dict[str, Any]]]:
        offset = 0
        while True:
            res = self._call(self.chunks.get, limit=page, offset=offset, include=["documents", "metadatas"])
            if not res["ids"]:
                return
            yield from zip(res["ids"], res["documents"], res["metadatas"], strict=True)
            offset += len(res["ids"])

    # --- article records ------------------------------------------------------------------
    def put_articles(self, records: Sequence[ArticleRecord]) -> None:
        for i in range(0, len(records), self.max_batch):
            part = records[i : i + self.max_batch]
            self._call(
                self.articles.upsert,
                ids=[r.article_id for r in part],
                embeddings=[[1.0]] * len(part),
                documents=[r.title for r in part],
                metadatas=[r.to_metadata() for r in part],
            )

    def delete_articles(self, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), self.max_batch):
            self._call(self.articles.delete, ids=list(ids[i : i + self.max_batch]))

    def all_articles(self) -> dict[str, ArticleRecord]:
        out: dict[str, ArticleRecord] = {}
        offset = 0
        while True:
            res = self._call(self.articles.get, limit=PAGE, offset=offset, include=["metadatas"])
            if not res["ids"]:
                return out
            for aid, meta in zip(res["ids"], res["metadatas"], strict=True):
                if aid != META_ID:
                    out[aid] = ArticleRecord.from_metadata(aid, meta or {})
            offset += len(res["ids"])

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise StoreError(f"Chroma at {self.location} failed: {type(exc).__name__}: {exc}") from exc
