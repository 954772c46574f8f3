"""The measuring processes of benchmarks/bench_scale.py, one per process so each one's memory is its own
(build and search here; models, updates and restarts in scale_update.py).

    python benchmarks/scale_workers.py NAME ARG...      # prints one JSON line (the reader: two)

Every engine here runs with MULTILINGUAL_INDEX=off and the stand-in embedder for passages; the real
MiniLM model embeds questions where latency is measured.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.newscorpus import OUTLETS, StandInEmbedder, queries  # noqa: E402

MARKER = "zorvakh"  # + article number: a word found only in that new article
FILTERS = {  # name → (since, until, outlet)
    "none": (None, None, None),
    "date_month": (date(2023, 3, 1), date(2023, 3, 31), None),  # ~8% of the library
    "outlet": (None, None, "Reuters"),  # 1 of 8 outlets: ~12%
    "date_quarter": (date(2023, 4, 1), date(2023, 6, 30), None),  # ~25%: above the id-list limit
}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def load1() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def p(values: list[float], q: float) -> float:
    from retrieval.evaluation import percentile

    return round(percentile(values, q), 2)


class Sampler(threading.Thread):
    """The 1-minute load every `every` seconds while a phase runs."""

    def __init__(self, every: float = 15.0):
        super().__init__(daemon=True)
        self.every, self.loads, self._stop = every, [load1()], threading.Event()

    def run(self) -> None:
        while not self._stop.wait(self.every):
            self.loads.append(load1())

    def stop(self) -> dict:
        self._stop.set()
        return {"min": min(self.loads), "mean": round(sum(self.loads) / len(self.loads), 2), "max": max(self.loads)}


class Timers:
    """Seconds spent in wrapped functions (nested ones overlap: CorpusWriter.add holds Chroma's add)."""

    def __init__(self):
        self.seconds, self.calls = Counter(), Counter()

    def wrap(self, owner, attr: str, label: str) -> None:
        fn = getattr(owner, attr)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - t
                self.calls[label] += 1

        setattr(owner, attr, timed)

    def ingest_parts(self) -> None:
        import retrieval.ingest.dedup as dedup
        import retrieval.ingest.sync as sync
        from retrieval.index.corpus import Corpus, CorpusWriter
        from retrieval.index.store import ChromaStore
        from retrieval.ingest.chunking import Chunker
        from retrieval.ingest.entities import EntityTagger

        for owner, attr, label in [
            (sync, "load_paths", "load+clean files"), (Chunker, "split", "chunking (sentences, tokens)"),
            (EntityTagger, "tag", "entity tagging (spaCy)"), (StandInEmbedder, "embed", "stand-in embedder"),
            (dedup, "signature", "minhash signatures"), (dedup.DuplicateFinder, "match", "near-copy matching"),
            (CorpusWriter, "add", "corpus add (Chroma + tantivy)"), (ChromaStore, "add_chunks", "Chroma upsert"),
            (ChromaStore, "put_articles", "Chroma article records"), (ChromaStore, "all_articles",
                                                                      "Chroma read all records"),
            (ChromaStore, "meta", "Chroma meta"), (Corpus, "ensure_fresh", "freshness checks"),
            (ChromaStore, "find_articles", "Chroma records by origin, hash, band"),
            (ChromaStore, "get_articles", "Chroma records by id"),
        ]:
            self.wrap(owner, attr, label)

    def report(self) -> dict:
        out = {k: {"s": round(v, 2), "calls": self.calls[k]} for k, v in self.seconds.most_common()}
        if "corpus add (Chroma + tantivy)" in self.seconds:
            out["tantivy add+commit (derived)"] = {"s": round(self.seconds["corpus add (Chroma + tantivy)"]
                                                              - self.seconds["Chroma upsert"], 2),
                                                    "calls": self.calls["corpus add (Chroma + tantivy)"]}
        return out


def engine_for(data: Path, embedder=None):
    from retrieval import Engine, load_settings

    return Engine(load_settings(citebot_data_dir=data, multilingual_index="off"),
                  embedder=embedder or StandInEmbedder())


def filters_for(name: str):
    from retrieval import Filters

    since, until, outlet = FILTERS[name]
    return None if name == "none" else Filters(sources=[outlet] if outlet else [], since=since, until=until)


def state(engine) -> dict:
    meta = engine.store.meta()
    lex = engine.lexical.state()
    return {"generation": int(meta.get("generation", 0)), "chunks": engine.store.count_chunks(),
            "lexical": {"generation": lex.generation, "passages": lex.passages, "digest": lex.digest,
                        "rows": engine.lexical.count()},
            "lexical_files": sum(1 for f in engine.lexical.folder.iterdir() if f.is_file())}


# --- build ----------------------------------------------------------------------------------------
def w_ingest(corpus: str, data: str) -> dict:
    timers = Timers()
    timers.ingest_parts()
    engine = engine_for(Path(data))
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.time() - last[0] > 60 or done == total:
            last[0] = time.time()
            print(f"[{time.strftime('%H:%M:%S')}] ingest {done}/{total} chunks, rss {rss_mb()} MB, "
                  f"load {load1()}", file=sys.stderr, flush=True)

    sampler = Sampler(30)
    sampler.start()
    t = time.perf_counter()
    report = engine.ingest([corpus], progress=progress)
    seconds = time.perf_counter() - t
    stats = engine.stats()
    return {"articles": len(report.added), "duplicates": len(report.duplicates), "chunks": stats.chunks,
            "ingest_s": round(seconds, 1), "chunks_per_s": round(stats.chunks / seconds, 1),
            "peak_mb": peak_mb(), "load": sampler.stop(), "parts": timers.report(), "state": state(engine)}


def _article_header(text: str) -> dict:
    head = dict(line.split(": ", 1) for line in text.split("\n\n", 1)[0].splitlines() if ": " in line)
    return {"outlet": head.get("Source", ""), "day": date.fromisoformat(head["Date"]).toordinal()}


def w_baseline_build(corpus: str, data: str) -> dict:
    """LangChain's RAG tutorial: RecursiveCharacterTextSplitter(1000, 200) + Chroma (+ outlet/day metadata)."""
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    sampler = Sampler(30)
    sampler.start()
    t = time.perf_counter()
    docs = []
    for path in sorted(Path(corpus).glob("*.txt")):
        text = path.read_text()
        docs.append(Document(page_content=text, metadata={"source": path.name, **_article_header(text)}))
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
    store = Chroma(collection_name="baseline", embedding_function=StandInEmbedder(), persist_directory=data)
    for i in range(0, len(splits), 5000):
        store.add_documents(splits[i:i + 5000])
    seconds = time.perf_counter() - t
    return {"articles": len(docs), "chunks": len(splits), "ingest_s": round(seconds, 1),
            "chunks_per_s": round(len(splits) / seconds, 1), "peak_mb": peak_mb(), "load": sampler.stop()}


# --- search latency ---------------------------------------------------------------------------------
def _timed(run, qs: list[str], warm: int = 10) -> list[float]:
    for q in qs[:warm]:
        run(q)
    out = []
    for q in qs:
        t = time.perf_counter()
        run(q)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _summary(ms: list[float], parts: list[dict] | None = None) -> dict:
    out = {"p50_ms": p(ms, 0.5), "p95_ms": p(ms, 0.95), "n": len(ms)}
    if parts:
        out["parts_p50_ms"] = {k: p([t.get(k, 0.0) for t in parts], 0.5) for k in parts[0]}
    return out


def w_query_ours(data: str, n: str) -> dict:
    from retrieval.index.embeddings import MiniLMEmbedder

    sampler = Sampler(5)
    sampler.start()
    engine = engine_for(Path(data))
    qs = queries(int(n))
    model = MiniLMEmbedder(batch_size=1)
    out: dict = {"open_rss_mb": None, "query_embed_ms": _summary(_timed(lambda q: model.embed([q]), qs))}
    for embedder_name, embedder in (("minilm", model), ("stand-in", StandInEmbedder())):
        engine.searcher.embedder = embedder
        for name in FILTERS:
            f = filters_for(name)
            parts: list[dict] = []

            def run(q, f=f, parts=parts):
                engine.search(q, 6, f)
                parts.append(dict(engine.searcher.last_timings))

            ms = _timed(run, qs)
            out[f"{embedder_name}/{name}"] = _summary(ms, parts[-len(ms):])
        out["open_rss_mb"] = out["open_rss_mb"] or rss_mb()
    out.update(peak_mb=peak_mb(), rss_mb=rss_mb(), chunks=engine.store.count_chunks(), load=sampler.stop())
    return out


def w_query_baseline(data: str, n: str) -> dict:
    from langchain_chroma import Chroma

    from retrieval.index.embeddings import MiniLMEmbedder

    sampler = Sampler(5)
    sampler.start()
    model = MiniLMEmbedder(batch_size=1)
    store = Chroma(collection_name="baseline", embedding_function=model, persist_directory=data)
    qs = queries(int(n))
    out: dict = {}
    for name, (since, until, outlet) in FILTERS.items():
        parts = []
        if outlet:
            parts.append({"outlet": outlet})
        if since:
            parts.append({"day": {"$gte": since.toordinal()}})
        if until:
            parts.append({"day": {"$lte": until.toordinal()}})
        where = None if not parts else parts[0] if len(parts) == 1 else {"$and": parts}
        out[name] = _summary(_timed(lambda q, where=where: store.similarity_search(q, k=6, filter=where), qs))
    out.update(peak_mb=peak_mb(), rss_mb=rss_mb(), chunks=store._collection.count(), load=sampler.stop())
    return out


def w_query_bm25(corpus: str, n: str) -> dict:
    """Whole articles in bm25s (English stop words, no stemmer); filters as a weight mask over articles."""
    import bm25s
    import numpy as np

    sampler = Sampler(5)
    sampler.start()
    t = time.perf_counter()
    texts, days, outlets = [], [], []
    for path in sorted(Path(corpus).glob("*.txt")):
        text = path.read_text()
        head = _article_header(text)
        texts.append(text)
        days.append(head["day"])
        outlets.append(OUTLETS.index(head["outlet"]))
    day_arr, outlet_arr = np.array(days), np.array(outlets)
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    build_s = time.perf_counter() - t
    qs = queries(int(n))
    out: dict = {"index_s": round(build_s, 1), "articles": len(texts)}
    for name, (since, until, outlet) in FILTERS.items():
        def run(q, since=since, until=until, outlet=outlet):
            mask = None
            if since or until or outlet:
                ok = np.ones(len(texts), dtype=bool)
                if since:
                    ok &= day_arr >= since.toordinal()
                if until:
                    ok &= day_arr <= until.toordinal()
                if outlet:
                    ok &= outlet_arr == OUTLETS.index(outlet)
                mask = ok.astype(np.float32)
            tokens = bm25s.tokenize([q], stopwords="en", show_progress=False)
            return retriever.retrieve(tokens, k=6, weight_mask=mask, show_progress=False, n_threads=1)

        out[name] = _summary(_timed(run, qs))
    out.update(peak_mb=peak_mb(), rss_mb=rss_mb(), load=sampler.stop())
    return out


WORKERS = {"ingest": w_ingest, "baseline_build": w_baseline_build, "query_ours": w_query_ours,
           "query_baseline": w_query_baseline, "query_bm25": w_query_bm25}

if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from benchmarks import scale_update

    fn = WORKERS.get(sys.argv[1]) or scale_update.WORKERS[sys.argv[1]]
    result = fn(*sys.argv[2:])
    if result is not None:
        print(json.dumps(result))
