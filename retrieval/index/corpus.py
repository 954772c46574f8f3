"""The stored library as one thing: the Chroma store (the truth), the lexical index derived from
it, and the writers' lock. It owns one invariant: *the lexical index holds exactly the passages
the store holds*.

- Writers go through `writing()`: one at a time (a file lock, or a lease in a shared Chroma
  server), the index repaired first if it drifted, and at the end — only if something changed —
  the store's generation moves and its digest (the set of passage ids the article records account
  for) is recorded. An ingest that changes nothing writes nothing.
- Readers call `ensure_fresh()` before searching (throttled to one check every 2 s): the index's
  recorded identity, generation, passage count and digest are compared with the store's; when they
  differ the index is caught up by an id diff — the missing passages added, the extra removed —
  never rebuilt in full unless it is empty.

Usage:
    >>> corpus = Corpus(store, LexicalIndex(folder), lock)     # doctest: +SKIP
    >>> with corpus.writing() as w:                              # doctest: +SKIP
    ...     w.add([(article, chunks)], vectors)
    >>> corpus.ensure_fresh()                                    # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from ..models import Article, Chunk
from .lexical import LexicalError, LexicalIndex
from .locks import OnWait
from .records import ArticleRecord
from .state import IndexState
from .store import ChromaStore, chunk_metadata, id_digest, xor_digest
from .tally import Tally

log = logging.getLogger("citebot.corpus")


class WriterLock(Protocol):
    def hold(self, timeout: float = ..., on_wait: OnWait | None = ...) -> contextlib.AbstractContextManager: ...


def article_body(rows: Sequence[tuple[str, str, dict[str, Any]]]) -> str:
    """An article's text put back together from its passages (they are overlapping slices of it)."""
    parts: list[str] = []
    end = -1
    for _, text, meta in sorted(rows, key=lambda r: int(r[2].get("index", 0))):
        if meta.get("story"):
            continue
        start = int(meta.get("start_char", 0))
        if start >= end:
            parts.append(text)
        else:
            parts.append(text[end - start:])
        end = max(end, int(meta.get("end_char", start + len(text))))
    return "\n\n".join(p for p in parts if p.strip())


@dataclass
class Profile:
    generation: object
    outlets: list[str]
    latest: date | None


class CorpusWriter:
    """What a writer may do, in an order that never leaves an article unanswerable."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.changed = False
        self.repaired = 0  # orphan passages of an interrupted run deleted before this writer started
        self._index_digest = "0" * 32
        self._index_delta = 0
        self.tally = Tally()  # the records this writer wrote, less the ones they replaced or it removed

    def _begin(self) -> None:
        if not self.changed:
            self.corpus.store.put_meta(in_progress=True)
            self.changed = True

    def add(self, items: Sequence[tuple[Article, Sequence[Chunk]]], vectors) -> None:
        """New passages (under new ids) of several articles, searchable on every side, before any record
        points to them. One Chroma upsert and one lexical commit for the batch: a commit per article
        cost ~0.3 s each at 100k passages (benchmarks/results/scale.txt)."""
        chunks = [c for _, cs in items for c in cs]
        if not chunks:
            return
        self._begin()
        self.corpus.store.add_chunks(chunks, vectors)
        if self.corpus.multilingual is not None:
            self.corpus.multilingual.add(chunks)
        with self.corpus.lexical.writer() as w:
            w.add_chunks(chunks)
            for article, cs in items:
                main = [c for c in cs if not c.story]
                if main:
                    w.put_article(article, chunk_metadata(main[0]))
            self._index_digest = xor_digest(self._index_digest, w.digest)
            self._index_delta += w.added - w.removed

    def put_records(self, records: Sequence[ArticleRecord]) -> None:
        if records:
            self._begin()
            records = list({r.article_id: r for r in records}.values())
            self._replacing(r.article_id for r in records)
            self.corpus.store.put_articles(records)
            for r in records:
                self.tally.add(r)

    def remove_chunks(self, ids: Sequence[str], drop_articles: Sequence[str] = ()) -> None:
        """Old passages, last: once no record points to them (or their article is gone)."""
        if not ids and not drop_articles:
            return
        self._begin()
        self.corpus.store.delete_chunks(ids)
        if self.corpus.multilingual is not None:
            self.corpus.multilingual.delete(ids)
        with self.corpus.lexical.writer() as w:
            w.delete_passages(ids)
            w.delete_articles(drop_articles)
            self._index_digest = xor_digest(self._index_digest, w.digest)
            self._index_delta += w.added - w.removed

    def remove_records(self, ids: Sequence[str]) -> None:
        if ids:
            self._begin()
            self._replacing(ids)
            self.corpus.store.delete_articles(ids)

    def _replacing(self, ids: Iterable[str]) -> None:
        for old in self.corpus.store.get_articles(list(dict.fromkeys(ids))).values():
            self.tally.remove(old)


class Corpus:
    REFRESH_SECONDS = 2.0
    VERIFY_SECONDS = 600.0

    def __init__(self, store: ChromaStore, lexical: LexicalIndex, lock: WriterLock, multilingual=None):
        self.store = store
        self.lexical = lexical
        self.lock = lock
        self.multilingual = multilingual  # e5 vectors beside the passages (index/multilingual.py), or None
        self._check_lock = threading.Lock()
        self._checked_at = 0.0
        self._loaded = lexical.state()  # the index state this process's searcher shows
        self._verified_at = time.monotonic()  # short-lived processes (`citebot ask`) never pay a full check
        self._vectors_seen = store.generation()  # the generation this process's vector indexes reflect
        self._profile: Profile | None = None

    # --- writing ---------------------------------------------------------------------------------
    @contextlib.contextmanager
    def writing(self, timeout: float = 600.0, on_wait: OnWait | None = None,
                pipeline: str = "") -> Iterator[CorpusWriter]:
        with self.lock.hold(timeout=timeout, on_wait=on_wait):
            meta = self.store.meta()
            repaired = self.repair_orphans() if meta.get("in_progress") else 0
            self.ensure_fresh(force=True)
            self._backfill_glossary(meta)
            self._backfill_bands(meta)
            before = self.lexical.state()
            writer = CorpusWriter(self)
            writer.repaired = repaired
            writer.changed = bool(repaired)
            yield writer
            if writer.changed:
                # The last tally plus this writer's; every record is read only when there is no tally to
                # trust (a store from before, or a writer interrupted after changing records).
                last = None if meta.get("in_progress") else Tally.from_meta(meta)
                tally = last.merge(writer.tally) if last else Tally.of(self.store.all_articles().values())
                meta = self.store.put_meta(generation=int(meta.get("generation", 0)) + 1, in_progress=False,
                                           pipeline=pipeline or meta.get("pipeline", ""), updated_at=time.time(),
                                           **tally.to_meta())
                digest = tally.digest
                ours = xor_digest(before.digest, writer._index_digest)
                self._vectors_seen = int(meta["generation"])  # our own writes are in our vector indexes
                if ours == digest:  # the index followed every change: it is in step without a check
                    self.lexical.set_state(IndexState(self.store.identity, int(meta["generation"]),
                                                      before.passages + writer._index_delta, digest))
                self._checked_at = 0.0

    def _backfill_glossary(self, meta: dict[str, Any]) -> None:
        """The words of a library stored before it had a glossary (once; later passages add their own)."""
        if self.multilingual is None or meta.get("glossary"):
            return
        ids = sorted(self.lexical.passage_ids())
        for i in range(0, len(ids), 5_000):
            hits = self.lexical.get_hits(ids[i: i + 5_000]).values()
            self.multilingual.glossary.add(f"{h.title}\n{h.text}" for h in hits)
        self.store.put_meta(glossary=1)

    def _backfill_bands(self, meta: dict[str, Any]) -> None:
        """The near-copy band keys (index/records.py) of records stored before they had them (once)."""
        if meta.get("bands"):
            return
        self.store.put_articles(list(self.store.all_articles().values()))
        self.store.put_meta(bands=1)

    def repair_orphans(self) -> int:
        """After an interrupted write: delete passages that no article record accounts for (the new
        version of an article whose record was never switched, or the old one that was never removed)."""
        valid = {cid for r in self.store.all_articles().values() for cid in r.chunk_ids()}
        orphans = sorted(self.store.chunk_ids() - valid)
        self.store.delete_chunks(orphans)
        if self.multilingual is not None:
            self.multilingual.delete(sorted(self.multilingual.ids() - valid))
        with contextlib.suppress(LexicalError), self.lexical.writer() as w:
            w.delete_passages(orphans)
        self.store.put_meta(in_progress=False)
        return len(orphans)

    # --- freshness -------------------------------------------------------------------------------
    def profile(self) -> Profile:
        """The outlets the library holds articles from (most articles first) and its latest publication
        date, as the last writer recorded them (read again only when the generation moves)."""
        meta = self.store.meta()
        if self._profile is None or self._profile.generation != meta.get("generation"):
            latest = meta.get("latest")
            self._profile = Profile(meta.get("generation"), json.loads(meta.get("outlets") or "[]"),
                                    date.fromisoformat(latest) if latest else None)
        return self._profile

    def store_state(self) -> IndexState:
        meta = self.store.meta()
        return IndexState(self.store.identity, int(meta.get("generation", 0)), self.store.count_chunks(),
                          str(meta.get("digest", "0" * 32)))

    def ensure_fresh(self, force: bool = False) -> bool:
        """Bring the lexical index in step with the store if it drifted; True when it changed anything.

        Every check compares identity, generation and digest, and the index's *actual* passage count
        with the store's; every VERIFY_SECONDS a long-running process also recomputes the digest of
        the passage ids the index really holds (a drift that keeps the count is caught there).
        """
        now = time.monotonic()
        if not force and now - self._checked_at < self.REFRESH_SECONDS:
            return False
        with self._check_lock:
            self._checked_at = now
            want = self.store_state()
            if want.generation != self._vectors_seen:  # another process wrote: see its new vectors too
                self.store.reopen()
                self._vectors_seen = want.generation
            recorded = self.lexical.state()
            if recorded != self._loaded:  # another process (or Corpus) sharing this folder wrote to it
                self.lexical.reload()
                self._loaded = recorded
            have = replace(recorded, passages=self.lexical.count())
            if have == want and now - self._verified_at > self.VERIFY_SECONDS:
                self._verified_at = now
                have = replace(have, digest=id_digest(self.lexical.passage_ids()))
            if have == want:
                return False
            try:
                self._catch_up(want)
            except LexicalError as exc:  # a writer in another process holds the index; it will leave it right
                log.info("lexical index busy, not repaired now: %s", exc)
                return False
            self._loaded = self.lexical.state()
            return True

    def _catch_up(self, want: IndexState) -> None:
        have = self.lexical.state()
        store_ids = self.store.chunk_ids()
        rebuild = have.identity != want.identity
        index_ids = set() if rebuild else self.lexical.passage_ids()
        missing = sorted(store_ids - index_ids)
        extra = sorted(index_ids - store_ids)
        touched: set[str] = set()
        with self.lexical.writer() as w:
            if rebuild:
                w.clear()
            w.delete_passages(extra)
            touched |= {cid.split(":", 1)[0] for cid in extra}
            for i in range(0, len(missing), 2000):
                rows = list(self.store.get_chunks(missing[i:i + 2000]))
                w.add_passages(rows)
                touched |= {meta.get("article_id", "") for _, _, meta in rows}
            self._rebuild_articles(w, sorted(a for a in touched if a))
        count = self.lexical.count()
        log.info("lexical index caught up: %d passages added, %d removed (%d now)", len(missing), len(extra), count)
        # The index now holds exactly the store's passages: record the state it was compared with.
        self.lexical.set_state(IndexState(want.identity, want.generation, count, want.digest))

    def _rebuild_articles(self, w, article_ids: list[str]) -> None:
        """Article documents from the store's passages of each touched article."""
        for i in range(0, len(article_ids), 200):
            group = article_ids[i:i + 200]
            by_article: dict[str, list] = {a: [] for a in group}
            for cid, doc, meta in self.store.chunks_of(group):
                by_article.setdefault(meta.get("article_id", ""), []).append((cid, doc, meta))
            w.delete_articles(group)
            for aid, rows in by_article.items():
                main = [r for r in rows if not r[2].get("story")]
                if main:
                    w.put_article_text(aid, main[0][2].get("title", ""), article_body(rows), main[0][2])

