"""The lexical side of hybrid search: BM25 (bm25s) over passages kept in SQLite beside Chroma.

Chroma 1.5 ranks by vectors only when run locally, so keyword ranking lives here. The passages
(text, Chroma metadata) sit in a small SQLite file that is updated incrementally; the BM25 scorer
is an in-memory bm25s index (sparse matrices: ~3 ms a query at 100k passages, where SQLite FTS5's
bm25() took ~120 ms on long questions) built from that file on the first search after a change.
Source and date filters become a weight mask over the documents.

The file is *derived*: it records the store's identity and generation, and `sync()` rebuilds it
from the chunks Chroma holds whenever they differ — after a crash, when a second process ingested,
or when several bots share one Chroma server.

Usage:
    >>> index = LexicalIndex("data/lexical-citebot.sqlite")   # doctest: +SKIP
    >>> index.sync(store)                                        # doctest: +SKIP
    >>> index.search("Xiangshan Forum", 5)                       # doctest: +SKIP
    [('000_92ea…:0', 7.91), ...]
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .models import Chunk, Filters, Hit
from .store import chunk_metadata, hit_from
from .textutil import content_stems, stem, stopwords

_BM25_TOKEN = r"(?u)\b\w+\b"
SCHEMA_VERSION = "3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS passages(
    rowid INTEGER PRIMARY KEY,
    chunk_id TEXT UNIQUE NOT NULL,
    article_id TEXT NOT NULL,
    source_key TEXT NOT NULL DEFAULT '',
    published_day INTEGER,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}'  -- the chunk's Chroma metadata: a lexical-only hit needs no round trip
);
CREATE INDEX IF NOT EXISTS passages_article ON passages(article_id);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
"""


def _stem_words(words: list[str]) -> list[str]:
    return [stem(w) for w in words]


def _tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(texts, token_pattern=_BM25_TOKEN, stopwords=sorted(stopwords()), stemmer=_stem_words,
                          return_ids=False, show_progress=False)


class _Scorer:
    """An immutable BM25 snapshot: document order, the bm25s index, and filter columns."""

    def __init__(self, chunk_ids: list[str], sources: list[str], days: np.ndarray, bm25):
        self.chunk_ids = chunk_ids
        names, codes = np.unique(np.array(sources, dtype=object), return_inverse=True) if sources else ([], [])
        self.source_names = [str(n) for n in names]
        self.source_code = {name: i for i, name in enumerate(self.source_names)}
        self.sources = np.asarray(codes, dtype=np.int32)  # integer codes: a filter is an integer comparison
        self.days = days
        self.bm25 = bm25
        self.vocab = bm25.vocab_dict if chunk_ids else {}

    @classmethod
    def build(cls, rows: list[tuple[str, str, int | None, str]]) -> _Scorer:
        import bm25s

        bm25 = bm25s.BM25()
        if rows:
            bm25.index(_tokenize([r[3] for r in rows]), show_progress=False)
        days = np.array([r[2] if r[2] is not None else -1 for r in rows], dtype=np.int64)
        return cls([r[0] for r in rows], [r[1] for r in rows], days, bm25)

    def save(self, folder: Path) -> None:
        """Write atomically: into a temporary folder, then rename it into place."""
        tmp = folder.with_name(f"{folder.name}.tmp{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        self.bm25.save(str(tmp), show_progress=False)
        (tmp / "columns.json").write_text(json.dumps({
            "chunk_ids": self.chunk_ids, "sources": [self.source_names[c] for c in self.sources.tolist()],
        }))
        np.save(tmp / "days.npy", self.days)
        os.replace(tmp, folder)

    @classmethod
    def load(cls, folder: Path) -> _Scorer:
        import bm25s

        columns = json.loads((folder / "columns.json").read_text())
        bm25 = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
        return cls(columns["chunk_ids"], columns["sources"], np.load(folder / "days.npy"), bm25)

    def search(self, query: str, n: int, filters: Filters | None) -> list[tuple[str, float]]:
        if not self.chunk_ids:
            return []
        tokens = [t for t in _tokenize([query])[0] if t in self.vocab]
        if not tokens:
            return []
        scores = self.bm25.get_scores(tokens)
        if filters is not None and not filters.is_empty():
            keep = np.ones(len(self.chunk_ids), dtype=bool)
            if filters.sources:
                wanted = [self.source_code[s.casefold()] for s in filters.sources if s.casefold() in self.source_code]
                keep &= np.isin(self.sources, wanted)
            if filters.since:
                keep &= self.days >= filters.since.toordinal()
            if filters.until:
                keep &= (self.days >= 0) & (self.days <= filters.until.toordinal())
            scores = np.where(keep, scores, 0.0)
        k = min(n, len(scores))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.chunk_ids[int(d)], float(scores[d])) for d in top if scores[d] > 0]


class LexicalIndex:
    """BM25 over chunk titles and texts, filtered by source and published day."""

    PERSIST_MIN_PASSAGES = 5000

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()  # one connection per thread: sqlite objects are not shareable
        self._lock = threading.Lock()
        self._scorer: _Scorer | None = None
        self._scorer_revision: str | None = None
        try:
            self._prepare()
        except sqlite3.DatabaseError:
            # A corrupt file is only a cache of what Chroma holds: start afresh, rebuild on sync.
            self.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._prepare()

    def _prepare(self) -> None:
        db = self._conn()
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        version = None
        if "meta" in tables:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            version = row[0] if row else None
        if tables and version != SCHEMA_VERSION:  # an older layout: it is only a cache, start afresh
            for name in tables:
                if not name.startswith(("sqlite_", "fts_")):  # fts_*: shadow tables go with "fts"
                    db.execute(f'DROP TABLE IF EXISTS "{name}"')
        db.executescript(SCHEMA)
        db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
        # Names this file's lifetime: saved BM25 snapshots of an older file are never taken for its own.
        db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('file_id', ?)", (uuid.uuid4().hex[:12],))

    def _conn(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # --- bookkeeping -------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._conn().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, **values: Any) -> None:
        self._conn().executemany(
            "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [(k, str(v)) for k, v in values.items()]
        )

    def state(self) -> tuple[str | None, str | None]:
        return self.get_meta("store_identity"), self.get_meta("generation")

    def count(self) -> int:
        return self._conn().execute("SELECT count(*) FROM passages").fetchone()[0]

    # --- writing -----------------------------------------------------------------------------
    def _write(self, statements) -> None:
        """Run writes in one transaction that also bumps the file's revision (seen by every reader)."""
        db = self._conn()
        db.execute("BEGIN IMMEDIATE")
        try:
            statements(db)
            db.execute("INSERT INTO meta(key, value) VALUES ('revision', '1') ON CONFLICT(key) "
                       "DO UPDATE SET value = CAST(value AS INTEGER) + 1")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def add(self, rows: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
        """Rows of (chunk_id, title, text, Chroma metadata); replaces rows with the same ids."""
        def run(db):
            db.executemany(
                "INSERT OR REPLACE INTO passages(chunk_id, article_id, source_key, published_day, title, text, meta) "
                "VALUES (?,?,?,?,?,?,?)",
                [(cid, meta.get("article_id", ""), meta.get("source_key", ""), meta.get("published_day"), title,
                  text, json.dumps(meta)) for cid, title, text, meta in rows],
            )

        self._write(run)

    def add_chunks(self, chunks: Sequence[Chunk]) -> None:
        self.add((c.chunk_id, c.title, c.text, chunk_metadata(c)) for c in chunks)

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        ids = [(a,) for a in article_ids]
        self._write(lambda db: db.executemany("DELETE FROM passages WHERE article_id = ?", ids))

    def clear(self) -> None:
        self._write(lambda db: (db.execute("DELETE FROM passages"), db.execute(
            "DELETE FROM meta WHERE key NOT IN ('schema', 'revision', 'file_id')")))

    def sync(self, store, force: bool = False) -> bool:
        """Rebuild from the store when it is not the state this index was built from."""
        identity, generation = store.identity, str(store.generation())
        if not force and self.state() == (identity, generation):
            return False
        self.clear()
        batch: list[tuple[str, str, str, dict[str, Any]]] = []
        for cid, doc, meta in store.iter_chunks():
            meta = meta or {}
            batch.append((cid, meta.get("title", ""), doc or "", meta))
            if len(batch) >= 2000:
                self.add(batch)
                batch = []
        self.add(batch)
        self.set_meta(store_identity=identity, generation=generation)
        return True

    # --- reading -----------------------------------------------------------------------------
    def _current(self) -> _Scorer:
        """The BM25 snapshot for the file's current revision (rebuilt after any writer's change).

        Large snapshots are saved beside the file, so a restart loads in about a second what
        took ~25 s to build at 100k passages.
        """
        with self._lock:
            db = self._conn()
            revision = f"{self.get_meta('file_id')}-{self.get_meta('revision')}"
            if self._scorer is not None and self._scorer_revision == revision:
                return self._scorer
            saved = self.path.with_name(f"{self.path.name}.bm25-{revision}")
            scorer = None
            if saved.is_dir():
                try:
                    scorer = _Scorer.load(saved)
                except (OSError, ValueError, KeyError):
                    scorer = None
            if scorer is None:
                db.execute("BEGIN")  # rows and revision from one snapshot
                try:
                    revision = f"{self.get_meta('file_id')}-{self.get_meta('revision')}"
                    rows = db.execute("SELECT chunk_id, source_key, published_day, title || ' ' || text "
                                      "FROM passages ORDER BY rowid").fetchall()
                finally:
                    db.execute("COMMIT")
                scorer = _Scorer.build(rows)
                if len(rows) >= self.PERSIST_MIN_PASSAGES:
                    self._persist(scorer, revision)
            self._scorer, self._scorer_revision = scorer, revision
            return scorer

    def _persist(self, scorer: _Scorer, revision: str) -> None:
        folder = self.path.with_name(f"{self.path.name}.bm25-{revision}")
        try:
            if not folder.exists():
                scorer.save(folder)
        except OSError:  # a cache: losing the race to another process, or a full disk, costs a rebuild
            return
        for old in self.path.parent.glob(f"{self.path.name}.bm25-*"):
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)

    def search(self, query: str, n: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, BM25 score) best first."""
        if not content_stems(query):  # only stop words: nothing to rank by
            return []
        return self._current().search(query, n, filters)

    def get_hits(self, ids: Sequence[str]) -> dict[str, Hit]:
        """Hits for chunk ids, from the text and metadata kept here."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._conn().execute(f"SELECT chunk_id, text, meta FROM passages WHERE chunk_id IN ({marks})", list(ids))
        return {cid: hit_from(cid, text, json.loads(meta)) for cid, text, meta in rows}
