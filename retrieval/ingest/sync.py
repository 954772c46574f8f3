"""Incremental, idempotent, crash-safe sync of articles into the corpus.

- Unchanged articles (same content hash, same pipeline) embed nothing; an ingest that changes
  nothing writes nothing (the store's generation does not move).
- Updates are atomic for readers: the new version's passages go in under new ids first, then the
  article record is switched to them, then the old passages are deleted. A reader sees the old or
  the new version, never neither; a crash at any point leaves orphans that the next writer deletes.
- Removals delete the record first and the passages after it, for the same reason.
- Exact and near-duplicate articles collapse into the first one; the copies are its alternates.
- One writer at a time (see index/locks.py); the corpus keeps the lexical index in step.

Usage:
    >>> report = ingestor.sync(["seeds/"], prune=True)      # doctest: +SKIP
    >>> report.summary()                                      # doctest: +SKIP
    '5 added, 0 updated, 0 unchanged, 0 duplicates, 0 removed; 23 chunks embedded in 1.2 s'
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..index.corpus import Corpus, CorpusWriter
from ..index.locks import OnWait
from ..index.records import ArticleRecord
from ..models import Article, Chunk, SourceRef
from .chunking import Chunker
from .loaders import JSONL_SUFFIXES, LoadReport, Skipped, load_paths

Progress = Callable[[int, int], None]  # (chunks done, chunks total)
FaultHook = Callable[[str], None]  # called before each write step: "chunks", "records", "old_chunks"
PIPELINE_VERSION = "v3"  # bump when stored chunks must be rebuilt: every article is re-processed


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
    refs: dict[str, SourceRef] = field(default_factory=dict)  # every article of the run (and canonicals of copies)
    passages: dict[str, int] = field(default_factory=dict)  # article id → passages stored, for "Added: …" replies

    @property
    def ok(self) -> bool:
        return not self.skipped

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.duplicates or self.repaired_orphans)

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
            "articles": [{"article_id": aid, **ref.to_dict(), "passages": self.passages.get(aid, 0)}
                         for aid, ref in self.refs.items()],
        }


def _origin_file(origin: str) -> str:
    return origin.split("#L", 1)[0]


def _under(path: str, roots: list[Path]) -> bool:
    p = Path(path)
    return any(p == r or r in p.parents for r in roots)


@dataclass
class _Pending:
    article: Article
    chunks: list[Chunk]
    record: ArticleRecord
    old: ArticleRecord | None  # the version it replaces


class Ingestor:
    """Articles → chunks → entities → vectors → the corpus."""

    def __init__(self, corpus: Corpus, embedder, chunker: Chunker, tagger=None, near_duplicate_threshold: float = 0.85,
                 max_file_mb: float = 20.0, batch_chunks: int = 64, fault: FaultHook | None = None, extra: str = ""):
        self.corpus = corpus
        self.embedder = embedder
        self.chunker = chunker
        self.tagger = tagger
        self.threshold = near_duplicate_threshold
        self.max_file_mb = max_file_mb
        self.batch_chunks = batch_chunks
        self.fault = fault or (lambda step: None)
        tagged = f"|{tagger.name}" if tagger is not None else ""
        extra = f"|{extra}" if extra else ""  # e.g. the multilingual model and mode: changing it re-embeds
        self.pipeline = (f"{embedder.name}{tagged}{extra}|cl100k:{chunker.chunk_tokens}/{chunker.overlap}"
                         f"|{PIPELINE_VERSION}")

    def sync(self, paths: Iterable[str | Path], prune: bool = False, progress: Progress | None = None,
             lock_timeout: float = 600.0, on_wait: OnWait | None = None,
             extra: tuple[list[Article], list[Skipped]] = ([], [])) -> IngestReport:
        """Load files and folders and store what changed; `prune` drops articles whose files vanished.
        `extra`: articles loaded elsewhere (fetched links) to store in the same run, and what was skipped."""
        paths = list(paths)
        loaded = load_paths(paths, self.max_file_mb) if paths else LoadReport()
        return self.store_articles(loaded.articles + list(extra[0]), skipped=loaded.skipped + list(extra[1]),
                                   progress=progress, lock_timeout=lock_timeout, on_wait=on_wait,
                                   prune=(paths, loaded) if prune and paths else None)

    def retire(self, article_ids: list[str], lock_timeout: float = 600.0) -> list[str]:
        """Remove these articles (retention): records first, then their passages."""
        if not article_ids:
            return []
        with self.corpus.writing(timeout=lock_timeout, pipeline=self.pipeline) as w:
            records = self.corpus.store.all_articles()
            gone = [a for a in article_ids if a in records]
            self.remove(gone, records, w)
        return gone

    def store_articles(self, articles: list[Article], skipped: Iterable[Skipped] = (), progress: Progress | None = None,
                       lock_timeout: float = 600.0, on_wait: OnWait | None = None,
                       prune: tuple[list, LoadReport] | None = None) -> IngestReport:
        """Store articles already loaded (files, fetched pages)."""
        started = time.perf_counter()
        report = IngestReport(skipped=list(skipped))
        with self.corpus.writing(timeout=lock_timeout, on_wait=on_wait, pipeline=self.pipeline) as w:
            report.repaired_orphans = w.repaired
            # Pruning looks at every record; otherwise only the records these articles may touch are read
            # (their ids and files, the canonicals of their copies): a write costs what it changes.
            records = self.corpus.store.all_articles() if prune else self._records_of(articles)
            self._assign_ids(articles, records)
            self._complete(records, [a.article_id for a in articles])  # the ids just given
            if prune:
                self._prune(*prune, records, report, w)
            self._index(articles, records, report, progress, w)
        report.seconds = time.perf_counter() - started
        return report

    # --- steps ---------------------------------------------------------------------------------
    def _records_of(self, articles: list[Article]) -> dict[str, ArticleRecord]:
        records = self.corpus.store.find_articles(origin=[a.origin for a in articles])
        self._complete(records, [a.article_id for a in articles])
        return records

    def _complete(self, records: dict[str, ArticleRecord], ids: list[str]) -> None:
        """Add the stored records of these ids, and the canonicals of every copy held, not yet in `records`."""
        for _ in range(2):  # ids, then the canonicals of what they brought
            missing = [i for i in dict.fromkeys(ids) if i and i not in records]
            records.update(self.corpus.store.get_articles(missing))
            ids = [r.canonical for r in records.values() if r.canonical]

    @staticmethod
    def _assign_ids(articles: list[Article], records: dict[str, ArticleRecord]) -> None:
        """Two different files with the same stem get distinct ids, and a file keeps its id for good."""
        stored_by_origin = {r.origin: aid for aid, r in records.items() if r.origin}
        this_run: dict[str, str] = {}
        for a in articles:
            file = _origin_file(a.origin)
            if a.origin in stored_by_origin:  # the id this file (line) was stored under
                a.article_id = stored_by_origin[a.origin]
            else:
                rec = records.get(a.article_id)
                clash_now = a.article_id in this_run and this_run[a.article_id] != file
                clash_stored = rec is not None and _origin_file(rec.origin) != file
                if clash_now or clash_stored:
                    a.article_id = f"{a.article_id}-{hashlib.sha1(file.encode()).hexdigest()[:6]}"
            this_run.setdefault(a.article_id, file)

    def _prune(self, paths: list, loaded: LoadReport, records: dict[str, ArticleRecord], report: IngestReport,
               w: CorpusWriter) -> None:
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
        self.remove(gone, records, w)
        report.removed.extend(gone)

    def remove(self, ids: list[str], records: dict[str, ArticleRecord], w: CorpusWriter) -> None:
        """Records first, passages after: a crash in between leaves orphans, never a record without passages."""
        if not ids:
            return
        chunk_ids = [cid for aid in ids for cid in records[aid].chunk_ids()]
        # Copies of a removed article lose their canonical: forget them so they are indexed anew.
        orphans = [a for a, r in records.items() if r.canonical in ids and a not in ids]
        self.fault("records")
        w.remove_records(ids + orphans)
        self.fault("old_chunks")
        w.remove_chunks(chunk_ids, drop_articles=ids)
        for aid in ids + orphans:
            records.pop(aid, None)

    def _index(self, articles: list[Article], records: dict[str, ArticleRecord], report: IngestReport,
               progress: Progress | None, w: CorpusWriter) -> None:
        from .dedup import DuplicateFinder, signature  # datasketch (and scipy): only when something is new

        pending: list[_Pending] = []
        copies: dict[str, ArticleRecord] = {}
        replaced_by_copy: list[ArticleRecord] = []
        changed: dict[int, str] = {}  # position of each new or changed article → its signature
        for i, a in enumerate(articles):
            rec = records.get(a.article_id)
            report.refs[a.article_id] = a.ref
            if (rec is not None and rec.content_hash == a.content_hash and rec.pipeline == self.pipeline
                    and (not rec.canonical or rec.canonical in records)):
                report.unchanged += 1
                report.passages[a.article_id] = rec.n_chunks
            else:
                changed[i] = signature(a.text)
        if not changed:
            return
        # The stored articles these may copy: the same text, or a band of the signature in common.
        near = self.corpus.store.near_copies([articles[i].content_hash for i in changed], list(changed.values()))
        finder = DuplicateFinder(self.threshold)
        for r in near.values():
            records.setdefault(r.article_id, r)
            finder.add(r.article_id, r.content_hash, r.minhash)
        for i, sig in changed.items():
            a = articles[i]
            rec = records.get(a.article_id)
            if rec is not None:
                finder.remove(a.article_id)
            dup_of = finder.match(a.content_hash, sig, exclude=a.article_id)
            if dup_of and dup_of in records:
                canonical = records[dup_of]
                alt = {"article_id": a.article_id, "title": a.title, "source": a.source, "url": a.url}
                canonical.alternates = [x for x in canonical.alternates if x["article_id"] != a.article_id] + [alt]
                copy = self._record(a, 0, sig, canonical=dup_of)
                copies[canonical.article_id] = canonical
                copies[a.article_id] = copy
                if rec is not None and rec.n_chunks:
                    replaced_by_copy.append(rec)
                records[a.article_id] = copy
                report.duplicates.append((a.article_id, dup_of))
                report.refs.setdefault(dup_of, canonical.ref)
                continue
            chunks = self.chunker.split(a)
            record = self._record(a, len(chunks), sig)
            pending.append(_Pending(a, chunks, record, rec if rec is not None and rec.n_chunks else None))
            (report.updated if rec is not None else report.added).append(a.article_id)
            report.passages[a.article_id] = len(chunks)
            records[a.article_id] = record  # later copies in this run dedupe against it
            finder.add(a.article_id, a.content_hash, sig)

        total = sum(len(p.chunks) for p in pending)
        done = 0
        batch: list[_Pending] = []
        for item in pending:
            batch.append(item)
            if sum(len(p.chunks) for p in batch) >= self.batch_chunks:
                done = self._flush(batch, done, total, progress, w)
                batch = []
        if batch:
            done = self._flush(batch, done, total, progress, w)
        if copies:  # after the canonical articles' own passages and records are in
            self.fault("records")
            w.put_records(list(copies.values()))
            self.fault("old_chunks")
            w.remove_chunks([cid for r in replaced_by_copy for cid in r.chunk_ids()])
        report.chunks_embedded = done

    def _flush(self, batch: list[_Pending], done: int, total: int, progress: Progress | None,
               w: CorpusWriter) -> int:
        chunks = [c for p in batch for c in p.chunks]
        if chunks:
            if self.tagger is not None:
                self.tagger.tag(chunks)

            def tick(n: int) -> None:
                nonlocal done
                done += n
                if progress:
                    progress(done, total)

            vectors = self.embedder.embed([c.embedding_text() for c in chunks], progress=tick)
            self.fault("chunks")
            w.add([(p.article, p.chunks) for p in batch], vectors)
        # The switch: an article counts as its new version only once all its passages are in.
        self.fault("records")
        w.put_records([p.record for p in batch])
        self.fault("old_chunks")
        # Old passages last; a version re-made by a new pipeline keeps its ids and was overwritten in place.
        new_ids = {c.chunk_id for c in chunks}
        w.remove_chunks([cid for p in batch if p.old for cid in p.old.chunk_ids() if cid not in new_ids])
        return done

    def _record(self, a: Article, n_chunks: int, sig: str, canonical: str = "") -> ArticleRecord:
        return ArticleRecord(
            article_id=a.article_id, ref=a.ref, content_hash=a.content_hash, pipeline=self.pipeline,
            n_chunks=n_chunks, origin=a.origin, author=a.author, language=a.language, credit=a.credit,
            canonical=canonical, minhash=sig,
        )
