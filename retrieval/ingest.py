"""Incremental, idempotent sync of article files into the store and the lexical index.

- Unchanged articles (same content hash, same chunking/embedding pipeline) embed nothing.
- A changed article's old chunks are replaced; `prune` removes articles whose files vanished.
- Exact and near-duplicate articles collapse into the first one; the copies are recorded as
  its alternates.
- One writer at a time (a file lock): two processes writing one embedded Chroma directory
  silently lose vectors.
- Crash safety: the article record (with its content hash) is written only after all its
  chunks; a run marks the store "in progress" and the next run after a crash deletes orphan
  chunks, so a re-run converges to the store a clean run would have built.

Usage:
    >>> report = ingestor.sync(["seeds/"], prune=True)      # doctest: +SKIP
    >>> report.summary()                                      # doctest: +SKIP
    '5 added, 0 updated, 0 unchanged, 0 duplicates, 0 removed; 23 chunks embedded'
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import Chunker
from .dedup import DuplicateFinder, signature
from .errors import CitebotError
from .lexical import LexicalIndex
from .loaders import JSONL_SUFFIXES, LoadReport, Skipped, load_paths
from .models import Article, Chunk
from .store import ArticleRecord, ChromaStore

Progress = Callable[[int, int], None]  # (chunks done, chunks total)


class LockTimeout(CitebotError, RuntimeError):
    """Another process is writing to the same store."""


@contextmanager
def writer_lock(path: Path, timeout: float = 600.0, poll: float = 0.2):
    """An exclusive advisory lock on `path`; waits up to `timeout` seconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"another process is writing to this store (lock {path}); try again when it finishes"
                    ) from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (article, canonical it copies)
    removed: list[str] = field(default_factory=list)
    repaired_orphans: int = 0
    chunks_embedded: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.skipped

    def summary(self) -> str:
        s = (
            f"{len(self.added)} added, {len(self.updated)} updated, {self.unchanged} unchanged, "
            f"{len(self.duplicates)} duplicates, {len(self.removed)} removed; "
            f"{self.chunks_embedded} chunks embedded in {self.seconds:.1f} s"
        )
        if self.repaired_orphans:
            s += f"; {self.repaired_orphans} orphan chunks of an interrupted run removed"
        if self.skipped:
            s += f"; {len(self.skipped)} skipped"
        return s

    def to_dict(self) -> dict:
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "duplicates": [{"article_id": a, "duplicate_of": c} for a, c in self.duplicates],
            "removed": self.removed, "repaired_orphans": self.repaired_orphans,
            "chunks_embedded": self.chunks_embedded, "seconds": round(self.seconds, 3),
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
        }


def _origin_file(origin: str) -> str:
    return origin.split("#L", 1)[0]


def _under(path: str, roots: list[Path]) -> bool:
    p = Path(path)
    return any(p == r or r in p.parents for r in roots)


class Ingestor:
    """Files → Articles → Chunks → vectors in Chroma + rows in the lexical index."""

    def __init__(
        self,
        store: ChromaStore,
        lexical: LexicalIndex,
        embedder,
        chunker: Chunker,
        lock_path: Path,
        near_duplicate_threshold: float = 0.85,
        max_file_mb: float = 20.0,
        batch_chunks: int = 64,
    ):
        self.store = store
        self.lexical = lexical
        self.embedder = embedder
        self.chunker = chunker
        self.lock_path = lock_path
        self.threshold = near_duplicate_threshold
        self.max_file_mb = max_file_mb
        self.batch_chunks = batch_chunks
        self.pipeline = f"{embedder.name}|cl100k:{chunker.chunk_tokens}/{chunker.overlap}|v2"

    def sync(
        self, paths: Iterable[str | Path], prune: bool = False, progress: Progress | None = None,
        lock_timeout: float = 600.0,
    ) -> IngestReport:
        started = time.perf_counter()
        paths = list(paths)
        loaded = load_paths(paths, self.max_file_mb)
        report = IngestReport(skipped=list(loaded.skipped))
        with writer_lock(self.lock_path, timeout=lock_timeout):
            meta = self.store.meta()
            if meta.get("in_progress"):
                report.repaired_orphans = self._repair()
            self.lexical.sync(self.store)
            self.store.bump_generation(in_progress=True)  # readers rebuild after we finish
            self.lexical.set_meta(generation="dirty")
            records = self.store.all_articles()
            self._assign_ids(loaded, records)
            if prune:
                self._prune(paths, loaded, records, report)
            self._index(loaded.articles, records, report, progress)
            gen = self.store.bump_generation(in_progress=False, pipeline=self.pipeline)
            self.lexical.set_meta(store_identity=self.store.identity, generation=gen)
        report.seconds = time.perf_counter() - started
        return report

    # --- steps ---------------------------------------------------------------------------------
    def _assign_ids(self, loaded: LoadReport, records: dict[str, ArticleRecord]) -> None:
        """Two different files with the same stem get distinct, stable ids."""
        this_run: dict[str, str] = {}
        for a in loaded.articles:
            file = _origin_file(a.origin)
            rec = records.get(a.article_id)
            clash_now = a.article_id in this_run and this_run[a.article_id] != file
            clash_stored = (
                rec is not None and _origin_file(rec.origin) != file and Path(_origin_file(rec.origin)).exists()
            )
            if clash_now or clash_stored:
                a.article_id = f"{a.article_id}-{hashlib.sha1(file.encode()).hexdigest()[:6]}"
            this_run.setdefault(a.article_id, file)

    def _prune(self, paths, loaded: LoadReport, records: dict[str, ArticleRecord], report: IngestReport):
        roots = [Path(p).resolve() for p in paths if Path(p).exists()]
        seen = set(loaded.seen_files)
        loaded_ids = {a.article_id for a in loaded.articles}
        broken = {_origin_file(s.path.rsplit(":", 1)[0]) for s in loaded.skipped}
        gone = []
        for aid, rec in records.items():
            file = _origin_file(rec.origin)
            if not rec.origin or not _under(file, roots):
                continue
            vanished = file not in seen
            dropped_line = (
                file in seen and Path(file).suffix.lower() in JSONL_SUFFIXES
                and aid not in loaded_ids and not any(b.endswith(Path(file).name) for b in broken)
            )
            if vanished or dropped_line:
                gone.append(aid)
        self._remove(gone, records)
        report.removed.extend(gone)

    def _remove(self, ids: list[str], records: dict[str, ArticleRecord]) -> None:
        chunk_ids = [cid for aid in ids for cid in records[aid].chunk_ids()]
        self.store.delete_chunks(chunk_ids)
        self.lexical.delete_articles(ids)
        # Copies of a removed article lose their canonical: forget them so they are indexed anew.
        orphans = [a for a, r in records.items() if r.canonical in ids and a not in ids]
        self.store.delete_articles(ids + orphans)
        for aid in ids + orphans:
            records.pop(aid, None)

    def _index(self, articles: list[Article], records, report: IngestReport, progress: Progress | None):
        finder = DuplicateFinder(self.threshold)
        for rec in records.values():
            if not rec.canonical:
                finder.add(rec.article_id, rec.content_hash, rec.minhash)

        pending: list[tuple[Article, list[Chunk], str]] = []
        total = 0
        done = 0
        updates: list[ArticleRecord] = []
        for a in articles:
            rec = records.get(a.article_id)
            if (
                rec is not None and rec.content_hash == a.content_hash and rec.pipeline == self.pipeline
                and (not rec.canonical or rec.canonical in records)
            ):
                report.unchanged += 1
                continue
            sig = signature(a.text)
            if rec is not None:
                # Replace: the old version's chunks go first, its record stays until the new one is whole.
                self.store.delete_chunks(rec.chunk_ids())
                self.lexical.delete_articles([a.article_id])
                finder.remove(a.article_id)
            dup_of = finder.match(a.content_hash, sig, exclude=a.article_id)
            if dup_of and dup_of in records:
                canonical = records[dup_of]
                alt = {"article_id": a.article_id, "title": a.title, "source": a.source, "url": a.url}
                canonical.alternates = [x for x in canonical.alternates if x["article_id"] != a.article_id] + [alt]
                copy = self._record(a, 0, sig, canonical=dup_of)
                updates += [canonical, copy]
                records[a.article_id] = copy
                report.duplicates.append((a.article_id, dup_of))
                continue
            chunks = self.chunker.split(a)
            pending.append((a, chunks, sig))
            total += len(chunks)
            (report.updated if rec is not None else report.added).append(a.article_id)
            record = self._record(a, len(chunks), sig)
            records[a.article_id] = record  # later copies in this run dedupe against it
            finder.add(a.article_id, a.content_hash, sig)

        batch: list[tuple[Article, list[Chunk], str]] = []
        size = 0
        for item in pending:
            batch.append(item)
            size += len(item[1])
            if size >= self.batch_chunks:
                done = self._flush(batch, records, done, total, progress)
                batch, size = [], 0
        if batch:
            done = self._flush(batch, records, done, total, progress)
        if updates:  # after the canonical articles' own chunks and records are in
            self.store.put_articles(list({r.article_id: r for r in updates}.values()))
        report.chunks_embedded = done

    def _flush(self, batch, records, done: int, total: int, progress: Progress | None) -> int:
        chunks = [c for _, cs, _ in batch for c in cs]
        if chunks:
            def tick(n: int) -> None:
                nonlocal done
                done += n
                if progress:
                    progress(done, total)

            vectors = self.embedder.embed([c.embedding_text() for c in chunks], progress=tick)
            self.store.add_chunks(chunks, vectors)
            self.lexical.add_chunks(chunks)
        # Records last: an article counts as stored only when all its chunks are.
        self.store.put_articles([records[a.article_id] for a, _, _ in batch])
        return done

    def _record(self, a: Article, n_chunks: int, sig: str, canonical: str = "") -> ArticleRecord:
        return ArticleRecord(
            article_id=a.article_id, title=a.title, content_hash=a.content_hash, pipeline=self.pipeline,
            n_chunks=n_chunks, origin=a.origin, source=a.source, url=a.url, published=a.published,
            author=a.author, canonical=canonical, minhash=sig,
        )

    def _repair(self) -> int:
        """After an interrupted run: delete chunks that no complete article record accounts for."""
        valid = {cid for r in self.store.all_articles().values() for cid in r.chunk_ids()}
        orphans = [cid for cid, _, _ in self.store.iter_chunks() if cid not in valid]
        self.store.delete_chunks(orphans)
        return len(orphans)
