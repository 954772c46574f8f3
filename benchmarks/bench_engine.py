"""Engine benchmarks, side by side with a baseline built the way LangChain's RAG tutorial builds it
(RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200), Chroma, plain similarity_search).

For each corpus size it measures, for both systems, in the same run:
- ingest throughput (chunks/s) and the ingesting process's peak memory;
- search latency p50/p95 (query embedding included);
- answer latency p50/p95 (ours: the extractive answer; baseline: similarity_search + prompt assembly,
  i.e. everything before an LLM would be called);
and, on the MultiHop-RAG stub corpus, retrieval quality (recall of all evidence articles @4/@10).

The embedding model costs ~50 ms a chunk on 2 cores, so 10k and 100k-chunk runs would take hours.
Sizes listed in --model-sizes use the real model; the others use a stand-in embedder (deterministic
random unit vectors, same dimension) that measures everything *except* the model — chunking, cleaning,
deduplication, Chroma and the lexical index. The model's own throughput is reported separately.

Usage:
    python benchmarks/bench_engine.py                              # 1k (model), 10k, 100k (stand-in)
    python benchmarks/bench_engine.py --sizes 1000 --queries 50    # quick
Writes benchmarks/results/engine.json and prints a table.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.newscorpus import MULTIHOP, StandInEmbedder, queries, sentence_pool, write_corpus  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


# --- embedders -------------------------------------------------------------------------------------
def make_embedder(kind: str):
    if kind == "model":
        from retrieval.index.embeddings import MiniLMEmbedder

        return MiniLMEmbedder(batch_size=1)  # the default (EMBED_BATCH_SIZE), measured fastest here
    return StandInEmbedder()


def percentiles(values: list[float]) -> tuple[float, float]:
    from retrieval.evaluation import percentile

    return round(percentile(values, 0.5), 2), round(percentile(values, 0.95), 2)


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --- workers (one process per system and size, so peak memory is its own) ---------------------------
def worker_ours(corpus: Path, data: Path, embed_kind: str, n_queries: int) -> dict:
    from retrieval import Engine, load_settings

    embedder = make_embedder(embed_kind)
    query_embedder = make_embedder("model")
    engine = Engine(load_settings(citebot_data_dir=data, multilingual_index="off"), embedder=embedder)
    t = time.perf_counter()
    report = engine.ingest([corpus])
    seconds = time.perf_counter() - t
    chunks = engine.stats().chunks
    ingest_peak = peak_mb()
    # Queries always use the real model for the question vector.
    engine.searcher.embedder = query_embedder
    qs = queries(n_queries)
    for q in qs[:5]:
        engine.search(q)  # warm up
    search, answer = [], []
    for q in qs:
        t = time.perf_counter()
        engine.search(q)
        search.append((time.perf_counter() - t) * 1000)
    for q in qs:
        t = time.perf_counter()
        engine.answer(q)
        answer.append((time.perf_counter() - t) * 1000)
    return {"chunks": chunks, "articles": len(report.added), "ingest_s": round(seconds, 2),
            "chunks_per_s": round(chunks / seconds, 1), "peak_mb": ingest_peak,
            "search_ms": percentiles(search), "answer_ms": percentiles(answer), "peak_mb_total": peak_mb()}


def worker_baseline(corpus: Path, data: Path, embed_kind: str, n_queries: int) -> dict:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    embedder = make_embedder(embed_kind)
    t = time.perf_counter()
    docs = [Document(page_content=p.read_text(), metadata={"source": p.name}) for p in sorted(corpus.glob("*.txt"))]
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
    store = Chroma(collection_name="baseline", embedding_function=embedder, persist_directory=str(data))
    for i in range(0, len(splits), 5000):
        store.add_documents(splits[i:i + 5000])
    seconds = time.perf_counter() - t
    ingest_peak = peak_mb()
    if embed_kind != "model":
        store._embedding_function = make_embedder("model")  # real question vectors, as for ours
    qs = queries(n_queries)
    for q in qs[:5]:
        store.similarity_search(q, k=4)
    search, answer = [], []
    for q in qs:
        t = time.perf_counter()
        store.similarity_search(q, k=4)
        search.append((time.perf_counter() - t) * 1000)
    for q in qs:
        t = time.perf_counter()
        hits = store.similarity_search(q, k=4)
        _prompt = f"Question: {q}\nContext: " + "\n\n".join(d.page_content for d in hits)
        answer.append((time.perf_counter() - t) * 1000)
    return {"chunks": len(splits), "articles": len(docs), "ingest_s": round(seconds, 2),
            "chunks_per_s": round(len(splits) / seconds, 1), "peak_mb": ingest_peak,
            "search_ms": percentiles(search), "answer_ms": percentiles(answer), "peak_mb_total": peak_mb()}


def worker_quality(system: str, data: Path) -> dict:
    """Retrieval on the MultiHop-RAG stub corpus (real model): recall of all evidence articles, hits@4."""
    from retrieval.evaluation import load_questions

    qs = [q for q in load_questions(MULTIHOP / "questions.jsonl") if q.evidence]
    embedder = make_embedder("model")
    ranked: list[list[str]] = []
    if system == "ours":
        from retrieval import Engine, load_settings

        engine = Engine(load_settings(citebot_data_dir=data, multilingual_index="off"), embedder=embedder)
        engine.ingest([MULTIHOP / "articles"])
        for q in qs:
            hits = engine.searcher.search(q.question, k=10, max_per_article=1)
            ranked.append(list(dict.fromkeys(h.article_id for h in hits)))
    else:
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        docs = [Document(page_content=p.read_text(), metadata={"id": p.stem})
                for p in sorted((MULTIHOP / "articles").glob("*.txt"))]
        splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(docs)
        store = Chroma(collection_name="baseline", embedding_function=embedder, persist_directory=str(data))
        store.add_documents(splits)
        for q in qs:
            hits = store.similarity_search(q.question, k=30)
            ranked.append(list(dict.fromkeys(d.metadata["id"] for d in hits))[:10])
    out = {}
    for k in (4, 10):
        out[f"recall_all@{k}"] = round(statistics.fmean(set(q.evidence) <= set(r[:k]) for q, r in zip(qs, ranked,
                                                                                                   strict=True)), 3)
        out[f"hits@{k}"] = round(statistics.fmean(bool(set(q.evidence) & set(r[:k])) for q, r in zip(qs, ranked,
                                                                                                   strict=True)), 3)
    out["questions"] = len(qs)
    return out


def model_throughput(n: int = 200) -> dict:
    """The embedding model alone, on ~200-token chunks of the generated corpus."""
    from retrieval.index.embeddings import MiniLMEmbedder

    pool = sentence_pool()
    rng = random.Random(5)
    texts = [" ".join(rng.sample(pool, 7)) for _ in range(n)]
    out = {}
    for batch in (1, 8, 32):
        emb = MiniLMEmbedder(batch_size=batch)
        emb.embed(texts[:8])
        t = time.perf_counter()
        emb.embed(texts)
        out[f"batch_{batch}_chunks_per_s"] = round(n / (time.perf_counter() - t), 1)
    return out


# --- driver ----------------------------------------------------------------------------------------
def run_worker(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--worker", *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"worker {args} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="target chunk counts")
    p.add_argument("--model-sizes", type=int, nargs="*", default=[1000], help="sizes that use the real model")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--no-quality", action="store_true")
    p.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.worker:
        kind = args.worker[0]
        if kind == "quality":
            result = worker_quality(args.worker[1], Path(args.worker[2]))
        elif kind == "model":
            result = model_throughput()
        else:
            corpus, data, embed_kind, nq = Path(args.worker[1]), Path(args.worker[2]), args.worker[3], int(
                args.worker[4])
            result = (worker_ours if kind == "ours" else worker_baseline)(corpus, data, embed_kind, nq)
        print(json.dumps(result))
        return

    RESULTS.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": {"cores": __import__("os").cpu_count()}, "sizes": {}, "started": time.ctime()}
    with tempfile.TemporaryDirectory(prefix="citebot-bench-") as tmp:
        tmp = Path(tmp)
        for size in args.sizes:
            corpus = tmp / f"corpus-{size}"
            write_corpus(corpus, max(1, size // 3))  # ~3 chunks an article with the default chunking
            embed_kind = "model" if size in args.model_sizes else "stand-in"
            row = {"embedder": embed_kind}
            for system in ("ours", "baseline"):
                print(f"[{time.strftime('%H:%M:%S')}] {system} at ~{size} chunks ({embed_kind})…", flush=True)
                row[system] = run_worker([system, str(corpus), str(tmp / f"{system}-{size}"), embed_kind,
                                          str(args.queries)])
                print("   ", row[system], flush=True)
            results["sizes"][str(size)] = row
        results["model"] = run_worker(["model"])
        if not args.no_quality and MULTIHOP.exists():
            results["quality_multihop_stub"] = {s: run_worker(["quality", s, str(tmp / f"q-{s}")])
                                                for s in ("ours", "baseline")}
    (RESULTS / "engine.json").write_text(json.dumps(results, indent=2))
    print_table(results)


def print_table(results: dict) -> None:
    head = ("target", "system", "embedder", "chunks", "chunks/s", "peak MB", "search p50", "search p95",
            "answer p50", "answer p95")
    rows = [head]
    for size, row in results["sizes"].items():
        o, b = row["ours"], row["baseline"]
        for name, r in (("ours", o), ("baseline", b)):
            rows.append((size, name, row["embedder"], str(r["chunks"]), f"{r['chunks_per_s']:.0f}",
                         f"{r['peak_mb']:.0f}", f"{r['search_ms'][0]:.1f}", f"{r['search_ms'][1]:.1f}",
                         f"{r['answer_ms'][0]:.1f}", f"{r['answer_ms'][1]:.1f}"))
        rows.append((size, "ratio o/b", "", f"{o['chunks'] / b['chunks']:.2f}",
                     f"{o['chunks_per_s'] / b['chunks_per_s']:.2f}", f"{o['peak_mb'] / b['peak_mb']:.2f}",
                     f"{o['search_ms'][0] / b['search_ms'][0]:.2f}", f"{o['search_ms'][1] / b['search_ms'][1]:.2f}",
                     f"{o['answer_ms'][0] / b['answer_ms'][0]:.2f}", f"{o['answer_ms'][1] / b['answer_ms'][1]:.2f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for r in rows:
        print("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
    print("model alone:", results.get("model"))
    if "quality_multihop_stub" in results:
        print("MultiHop-RAG retrieval (stub corpus):", results["quality_multihop_stub"])


if __name__ == "__main__":
    main()
