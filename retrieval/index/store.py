"""The Chroma store: the source of truth for passages, vectors and article records.

Collections:
- `<name>`: one row per passage — text, vector, the article's SourceRef, sentence and entity spans;
- `<name>__articles`: one record per article (content hash, chunk count, origin, duplicates, the band
  keys that find its near copies: index/records.py), plus
  `__meta__` (a generation counter that moves only when stored content changes, and a digest of the
  set of passage ids the records account for) and, in server mode, `__lock__` (the writers' lease).

Everything else (the lexical index) is derived from these and checked against the digest.
Embedded (`PersistentClient`) by default; a Chroma server when CHROMA_HOST is set.

Usage:
    >>> store = ChromaStore.from_settings(load_settings())   # doctest: +SKIP
    >>> store.count_chunks()                                  # doctest: +SKIP
    42
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import CitebotError
from ..models import Chunk, Entity, Filters, Hit, SourceRef, Span
from .records import BAND_KEYS, ArticleRecord, bands

META_ID = "__meta__"
LOCK_ID = "__lock__"
RESERVED = (META_ID, LOCK_ID)
PAGE = 2000


class StoreError(CitebotError, RuntimeError):
    """The vector store cannot be reached or refused an operation; the message says which."""


def id_digest(ids: Iterable[str]) -> str:
    """An order-free digest of a set of passage ids (XOR of their hashes): cheap to keep up to date
    one id at a time, and equal for two indexes exactly when they hold the same passage versions."""
    acc = 0
    for i in ids:
        acc ^= int.from_bytes(hashlib.blake2b(i.encode(), digest_size=16).digest(), "big")
    return f"{acc:032x}"


def xor_digest(a: str, b: str) -> str:
    return f"{int(a or '0', 16) ^ int(b or '0', 16):032x}"


# --- passage metadata: what Chroma and the lexical index keep for each passage -------------------
def _pack_spans(spans: Sequence[Span]) -> str:
    return ",".join(f"{a}:{b}" for a, b in spans)


def _unpack_spans(value: str) -> list[Span]:
    out = []
    for part in filter(None, (value or "").split(",")):
        a, _, b = part.partition(":")
        out.append((int(a), int(b)))
    return out


def _pack_entities(ents: Sequence[Entity]) -> str:
    return ";".join(f"{a}:{b}:{label}" for a, b, label in ents)


def _unpack_entities(value: str) -> list[Entity]:
    out = []
    for part in filter(None, (value or "").split(";")):
        a, b, label = part.split(":", 2)
        out.append((int(a), int(b), label))
    return out


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "article_id": chunk.article_id, "index": chunk.index, "title": chunk.title, "source": chunk.source,
        "source_key": chunk.source.casefold(), "url": chunk.url, "start_char": chunk.start_char,
        "end_char": chunk.end_char, "sentences": _pack_spans(chunk.sentences),
        "entities": _pack_entities(chunk.entities), "title_entities": _pack_entities(chunk.title_entities),
        "story": chunk.story, "language": chunk.language,
    }
    if chunk.published:
        meta["published"] = chunk.published.isoformat()
        meta["published_day"] = chunk.published.toordinal()
    return meta


def hit_from(chunk_id: str, text: str, meta: dict[str, Any], score: float = 0.0) -> Hit:
    return Hit(
        chunk_id=chunk_id, article_id=meta.get("article_id", ""), text=text or "", ref=SourceRef.from_dict(meta),
        score=score, story=meta.get("story", ""), language=meta.get("language", "en"),
        sentences=_unpack_spans(meta.get("sentences", "")), entities=_unpack_entities(meta.get("entities", "")),
        title_entities=_unpack_entities(meta.get("title_entities", "")),
    )


def where_clause(filters: Filters | None) -> dict[str, Any] | None:
    """Chroma `where` for source and date-range filters (two keys need an explicit $and)."""
    if filters is None or filters.is_empty():
        return None
    parts: list[dict[str, Any]] = []
    if filters.sources:
        parts.append({"source_key": {"$in": [s.casefold() for s in filters.sources]}})
    if filters.since:
        parts.append({"published_day": {"$gte": filters.since.toordinal()}})
    if filters.until:
        parts.append({"published_day": {"$lte": filters.until.toordinal()}})
    if filters.articles:
        parts.append({"article_id": {"$in": list(filters.articles)}})
    return parts[0] if len(parts) == 1 else {"$and": parts}


def passes(meta: dict[str, Any], filters: Filters | None) -> bool:
    """The same test as `where_clause`, on one passage's metadata (for filtering in memory)."""
    if filters is None or filters.is_empty():
        return True
    if filters.sources and meta.get("source_key", "") not in {s.casefold() for s in filters.sources}:
        return False
    if filters.articles and meta.get("article_id", "") not in filters.articles:
        return False
    day = meta.get("published_day")
    if filters.since and (day is None or day < filters.since.toordinal()):
        return False
    return not (filters.until and (day is None or day > filters.until.toordinal()))


class ChromaStore:
    """Passages and article records in Chroma, embedded or on a server."""

    def __init__(self, client: Any, name: str, location: str, server: bool = False):
        self.name = name
        self.location = location
        self.server = server
        self._use(client)

    def _use(self, client: Any) -> None:
        try:
            chunks = client.get_or_create_collection(
                self.name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
            )
            articles = client.get_or_create_collection(f"{self.name}__articles", embedding_function=None)
        except Exception as exc:
            raise StoreError(f"cannot open the Chroma collection {self.name!r} at {self.location}: {exc}") from exc
        self.client, self.chunks, self.articles = client, chunks, articles
        self._sides: dict[str, Any] = {}
        self.max_batch = min(client.get_max_batch_size(), 5000)

    def reopen(self) -> None:
        """Open the embedded folder afresh after another process wrote to it. An embedded client keeps
        its vector index in memory: it reads the other process's records and passage texts from SQLite
        but never its new vectors (chroma-core/chroma#3792), and a new client for the same folder
        reuses its cached one (see _embedded_client). A server needs nothing."""
        if not self.server:
            self._use(_embedded_client(self.location))
            _release_memory()

    @classmethod
    def from_settings(cls, settings: Settings) -> ChromaStore:
        import chromadb

        chroma_settings = _chroma_settings()
        if settings.server_mode:
            location = f"{'https' if settings.chroma_ssl else 'http'}://{settings.chroma_host}:{settings.chroma_port}"
            try:
                client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                             ssl=settings.chroma_ssl, settings=chroma_settings)
                client.heartbeat()
            except Exception as exc:
                raise StoreError(
                    f"cannot reach the Chroma server at {location} ({type(exc).__name__}: {exc}). "
                    "Is `chroma run` up? Unset CHROMA_HOST to use the embedded store."
                ) from None
            return cls(client, settings.chroma_collection, location, server=True)
        return cls(_embedded_client(str(settings.chroma_path)), settings.chroma_collection, str(settings.chroma_path))

    # --- identity, generation, digest --------------------------------------------------------
    @property
    def identity(self) -> str:
        """Changes when the collection is dropped and created again."""
        return str(self.chunks.id)

    def side_collection(self, suffix: str):
        """A collection of vectors kept beside the passages, `<name>__<suffix>` (cosine; vectors given)."""
        if suffix not in self._sides:
            self._sides[suffix] = self._call(self.client.get_or_create_collection, f"{self.name}__{suffix}",
                                             configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)
        return self._sides[suffix]

    def meta(self) -> dict[str, Any]:
        got = self._call(self.articles.get, ids=[META_ID], include=["metadatas"])
        return dict(got["metadatas"][0]) if got["ids"] else {}

    def put_meta(self, **values: Any) -> dict[str, Any]:
        meta = self.meta()
        meta.update(values)
        self._call(self.articles.upsert, ids=[META_ID], embeddings=[[1.0]], metadatas=[meta], documents=[""])
        return meta

    def generation(self) -> int:
        return int(self.meta().get("generation", 0))

    # --- passages ------------------------------------------------------------------------------
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

    def query(self, vector: Sequence[float], n: int, filters: Filters | None = None,
              ids: Sequence[str] | None = None) -> list[Hit]:
        """Nearest passages; `ids` restricts the search to those passages (a filter decided elsewhere)."""
        if ids is not None and not ids:
            return []
        res = self._call(
            self.chunks.query, query_embeddings=[list(map(float, vector))], n_results=n,
            where=where_clause(filters) if ids is None else None, ids=list(ids) if ids is not None else None,
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

    def get_chunks(self, ids: Sequence[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for i in range(0, len(ids), PAGE):
            res = self._call(self.chunks.get, ids=list(ids[i : i + PAGE]), include=["documents", "metadatas"])
            yield from zip(res["ids"], res["documents"], res["metadatas"], strict=True)

    def chunks_of(self, article_ids: Sequence[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every passage of these articles."""
        res = self._call(self.chunks.get, where={"article_id": {"$in": list(article_ids)}},
                         include=["documents", "metadatas"])
        for cid, doc, meta in zip(res["ids"], res["documents"], res["metadatas"], strict=True):
            yield cid, doc or "", meta or {}

    def chunk_ids(self, page: int = 10_000) -> set[str]:
        """Every stored passage id (ids only: ~100k in about a second)."""
        out: set[str] = set()
        offset = 0
        while True:
            res = self._call(self.chunks.get, limit=page, offset=offset, include=[])
            if not res["ids"]:
                return out
            out.update(res["ids"])
            offset += len(res["ids"])

    # --- article records ------------------------------------------------------------------
    def put_articles(self, records: Sequence[ArticleRecord]) -> None:
        for i in range(0, len(records), self.max_batch):
            part = records[i : i + self.max_batch]
            self._call(
                self.articles.upsert, ids=[r.article_id for r in part], embeddings=[[1.0]] * len(part),
                documents=[r.ref.title for r in part], metadatas=[r.to_metadata() for r in part],
            )

    def delete_articles(self, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), self.max_batch):
            self._call(self.articles.delete, ids=list(ids[i : i + self.max_batch]))

    def get_articles(self, ids: Sequence[str]) -> dict[str, ArticleRecord]:
        out: dict[str, ArticleRecord] = {}
        for i in range(0, len(ids), PAGE):  # SQLite takes at most 32,766 variables a statement
            res = self._call(self.articles.get, ids=list(ids[i:i + PAGE]), include=["metadatas"])
            out.update((aid, ArticleRecord.from_metadata(aid, meta or {}))
                       for aid, meta in zip(res["ids"], res["metadatas"], strict=True))
        return out

    def find_articles(self, part: int = 500, **fields: Sequence[str]) -> dict[str, ArticleRecord]:
        """The records holding one of the given values in any of the given fields, e.g.
        `find_articles(origin=[…], content_hash=[…])`: one indexed query per `part` values a field."""
        wanted = {k: sorted({v for v in vs if v}) for k, vs in fields.items()}
        out: dict[str, ArticleRecord] = {}
        for i in range(0, max(map(len, wanted.values()), default=0), part):
            clauses = [{k: {"$in": vs[i:i + part]}} for k, vs in wanted.items() if vs[i:i + part]]
            res = self._call(self.articles.get, where=clauses[0] if len(clauses) == 1 else {"$or": clauses},
                             include=["metadatas"])
            for aid, meta in zip(res["ids"], res["metadatas"], strict=True):
                if aid not in RESERVED:
                    out[aid] = ArticleRecord.from_metadata(aid, meta or {})
        return out

    def near_copies(self, content_hashes: Sequence[str], minhashes: Sequence[str]) -> dict[str, ArticleRecord]:
        """Canonical records that may be copies of these texts: the same content hash or a shared band."""
        keys: dict[str, list[str]] = {k: [] for k in BAND_KEYS}
        for sig in minhashes:
            for k, v in bands(sig).items():
                keys[k].append(v)
        found = self.find_articles(content_hash=content_hashes, **keys)
        return {aid: r for aid, r in found.items() if not r.canonical}

    def all_articles(self) -> dict[str, ArticleRecord]:
        out: dict[str, ArticleRecord] = {}
        offset = 0
        while True:
            res = self._call(self.articles.get, limit=PAGE, offset=offset, include=["metadatas"])
            if not res["ids"]:
                return out
            for aid, meta in zip(res["ids"], res["metadatas"], strict=True):
                if aid not in RESERVED:
                    out[aid] = ArticleRecord.from_metadata(aid, meta or {})
            offset += len(res["ids"])

    # --- the writers' lease (server mode) -----------------------------------------------------
    def lease(self) -> dict[str, Any] | None:
        got = self._call(self.articles.get, ids=[LOCK_ID], include=["metadatas"])
        return dict(got["metadatas"][0]) if got["ids"] else None

    def try_add_lease(self, owner: str, expires: float) -> None:
        """Chroma's `add` keeps the first row with an id and ignores later ones: of two writers adding
        the lease at once, exactly one owns it, which each learns by reading it back."""
        self._call(self.articles.add, ids=[LOCK_ID], embeddings=[[1.0]], documents=[""],
                   metadatas=[{"owner": owner, "expires": expires}])

    def renew_lease(self, owner: str, expires: float) -> bool:
        current = self.lease()
        if not current or current.get("owner") != owner:
            return False
        self._call(self.articles.upsert, ids=[LOCK_ID], embeddings=[[1.0]], documents=[""],
                   metadatas=[{"owner": owner, "expires": expires}])
        return True

    def drop_lease(self, owner: str | None = None, expires: float | None = None) -> None:
        """Delete the lease — only if it is still the one described (owner, expiry), so a writer
        breaking a stale lease never deletes a fresh one taken meanwhile."""
        current = self.lease()
        if current is None:
            return
        if owner is not None and current.get("owner") != owner:
            return
        if expires is not None and current.get("expires") != expires:
            return
        self._call(self.articles.delete, ids=[LOCK_ID])

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise StoreError(f"Chroma at {self.location} failed: {_reason(exc)}") from exc


def _chroma_settings():
    import chromadb

    return chromadb.Settings(anonymized_telemetry=False)


def _release_memory() -> None:
    """Hand the old client's freed memory back to the system. glibc keeps freed pages in per-thread
    arenas, and every client brings its own threads: 60 reopens of the 14k-passage newsdev store grew a
    process from 335 to 1,457 MB, and to 388 MB with this (benchmarks/bench_reopen.py)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _embedded_client(path: str):
    """A client with its own view of the folder as it is now. Chroma caches one client system per
    folder and process, vector indexes included: without clearing that cache a store opened later in
    the same process would show the vectors as they were when the first was opened."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=path, settings=_chroma_settings())
    except Exception as exc:
        raise StoreError(f"cannot open the embedded store at {path}: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__

