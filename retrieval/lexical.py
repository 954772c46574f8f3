"""The lexical side of hybrid search: SQLite FTS5 with BM25 ranking, beside Chroma.

Chroma 1.5 ranks by vectors only when run locally, so keyword ranking lives here. The
index is *derived*: it records the store's identity and generation, and `sync()`
rebuilds it from the chunks Chroma holds whenever they differ — after a crash, when a
second process ingested, or when several bots share one Chroma server.

Usage:
    >>> index = LexicalIndex("data/lexical-citebot.sqlite")   # doctest: +SKIP
    >>> index.sync(store)                                        # doctest: +SKIP
    >>> index.search("Xiangshan Forum", 5)                       # doctest: +SKIP
    [('000_92ea…:0', 7.91), ...]
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .models import Chunk, Filters, Hit
from .store import chunk_metadata, hit_from

_TOKEN = re.compile(r"\w+", re.UNICODE)
SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, text, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS chunk_map(
    rowid INTEGER PRIMARY KEY,
    chunk_id TEXT UNIQUE NOT NULL,
    article_id TEXT NOT NULL,
    source_key TEXT NOT NULL DEFAULT '',
    published_day INTEGER,
    meta TEXT NOT NULL DEFAULT '{}'  -- the chunk's Chroma metadata: a lexical-only hit needs no round trip
);
CREATE INDEX IF NOT EXISTS chunk_map_article ON chunk_map(article_id);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
"""


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English function words (retrieval/data/stopwords_en.txt)."""
    text = (Path(__file__).parent / "data" / "stopwords_en.txt").read_text(encoding="utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(words) | frozenset(w.replace("'", "’") for w in words)


def query_terms(text: str) -> list[str]:
    """Content words of a query, lower-cased, stop words dropped, order kept, no repeats."""
    stop = stopwords()
    seen: dict[str, None] = {}
    for tok in _TOKEN.findall(text.casefold()):
        if tok not in stop and (len(tok) > 1 or tok.isdigit()):
            seen.setdefault(tok, None)
    return list(seen)


class LexicalIndex:
    """BM25 over chunk titles and texts, filtered by source and published day."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()  # one connection per thread: sqlite objects are not shareable
        try:
            db = self._conn()
            columns = {row[1] for row in db.execute("PRAGMA table_info(chunk_map)")}
            if columns and "meta" not in columns:  # an older layout: it is only a cache, start afresh
                db.executescript("DROP TABLE IF EXISTS fts; DROP TABLE IF EXISTS chunk_map; DROP TABLE IF EXISTS meta;")
            db.executescript(SCHEMA)
        except sqlite3.DatabaseError:
            # A corrupt file is only a cache of what Chroma holds: start afresh, rebuild on sync.
            self.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._conn().executescript(SCHEMA)

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def _conn(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

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
        return self._conn().execute("SELECT count(*) FROM chunk_map").fetchone()[0]

    # --- writing -----------------------------------------------------------------------------
    def add(self, rows: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
        """Rows of (chunk_id, title, text, Chroma metadata); replaces rows with the same ids."""
        db = self._conn()
        db.execute("BEGIN")
        try:
            for chunk_id, title, text, meta in rows:
                old = db.execute("SELECT rowid FROM chunk_map WHERE chunk_id = ?", (chunk_id,)).fetchone()
                if old:
                    db.execute("DELETE FROM fts WHERE rowid = ?", old)
                    db.execute("DELETE FROM chunk_map WHERE rowid = ?", old)
                cur = db.execute(
                    "INSERT INTO chunk_map(chunk_id, article_id, source_key, published_day, meta) VALUES (?,?,?,?,?)",
                    (chunk_id, meta.get("article_id", ""), meta.get("source_key", ""), meta.get("published_day"),
                     json.dumps(meta)),
                )
                db.execute("INSERT INTO fts(rowid, title, text) VALUES (?,?,?)", (cur.lastrowid, title, text))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def add_chunks(self, chunks: Sequence[Chunk]) -> None:
        self.add((c.chunk_id, c.title, c.text, chunk_metadata(c)) for c in chunks)

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        db = self._conn()
        db.execute("BEGIN")
        try:
            for aid in article_ids:
                rows = db.execute("SELECT rowid FROM chunk_map WHERE article_id = ?", (aid,)).fetchall()
                db.executemany("DELETE FROM fts WHERE rowid = ?", rows)
                db.execute("DELETE FROM chunk_map WHERE article_id = ?", (aid,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def clear(self) -> None:
        db = self._conn()
        db.execute("BEGIN")
        db.execute("DELETE FROM fts")
        db.execute("DELETE FROM chunk_map")
        db.execute("DELETE FROM meta")
        db.execute("COMMIT")

    def sync(self, store, force: bool = False) -> bool:
        """Rebuild from the store when it is not the state this index was built from."""
        identity, generation = store.identity, str(store.generation())
        if not force and self.state() == (identity, generation):
            return False
        self.clear()
        batch: list[tuple] = []
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
    def get_hits(self, ids: Sequence[str]) -> dict[str, Hit]:
        """Hits for chunk ids, from the text and metadata kept here."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._conn().execute(
            f"SELECT m.chunk_id, f.text, m.meta FROM chunk_map m JOIN fts f ON f.rowid = m.rowid "
            f"WHERE m.chunk_id IN ({marks})", list(ids))
        return {cid: hit_from(cid, text, json.loads(meta)) for cid, text, meta in rows}

    def search(self, query: str, n: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, bm25) best first; BM25 is returned positive (FTS5 reports it negated)."""
        terms = query_terms(query)
        if not terms:
            return []
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms[:32])
        sql = (
            "SELECT m.chunk_id, -bm25(fts, 0.5, 1.0) AS score FROM fts JOIN chunk_map m ON m.rowid = fts.rowid "
            "WHERE fts MATCH ?"
        )
        params: list[Any] = [match]
        if filters and filters.sources:
            sql += f" AND m.source_key IN ({','.join('?' * len(filters.sources))})"
            params += [s.casefold() for s in filters.sources]
        if filters and filters.since:
            sql += " AND m.published_day >= ?"
            params.append(filters.since.toordinal())
        if filters and filters.until:
            sql += " AND m.published_day <= ?"
            params.append(filters.until.toordinal())
        sql += " ORDER BY bm25(fts, 0.5, 1.0) LIMIT ?"
        params.append(n)
        return [(cid, float(score)) for cid, score in self._conn().execute(sql, params)]
