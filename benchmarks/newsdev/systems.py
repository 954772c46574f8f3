"""newsdev's systems: whole-article BM25, the LangChain-tutorial baseline and citebot (search and eval).

Each phase of LangChain and citebot (ingest, query, eval) runs in its own process (`run_worker`), so a
store is never open twice and each phase's memory is its own. `citebot_ranked` is the one adapter to
change when the engine's API moves.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.newsdev import ROOT


def load_corpus(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def load_eval_questions(path: Path, limit: int | None) -> list[dict]:
    qs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    return qs[:limit] if limit else qs


def write_txt_corpus(docs: list[dict], folder: Path) -> None:
    """The corpus as header + body .txt files: the input bench_engine.worker_baseline reads."""
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (folder / f"{d['id']}.txt").write_text(
            f"Title: {d['title']}\nSource: {d['source']}\nDate: {d['published']}\nURL: {d['url']}\n\n{d['text']}\n",
            encoding="utf-8")


def citebot_engine(data_dir: Path):
    from retrieval import Engine, load_settings

    return Engine(load_settings(citebot_data_dir=data_dir))


def citebot_ranked(engine, question: str, k: int = 10) -> list[str]:
    """The citebot adapter: distinct article ids, best first (one passage an article, raw question)."""
    hits = engine.searcher.search(question, k=k, filters=None, max_per_article=1)
    return list(dict.fromkeys(h.article_id for h in hits))[:k]


def timed_queries(rank, questions: list[dict]) -> tuple[list[list[str]], list[float]]:
    for q in questions[:3]:
        rank(q["question"])  # warm-up: model load, index load
    ranked, ms = [], []
    for q in questions:
        t = time.perf_counter()
        ranked.append(rank(q["question"]))
        ms.append((time.perf_counter() - t) * 1000)
    return ranked, ms


def _ingest_citebot(corpus: Path, data: Path) -> dict:
    engine = citebot_engine(data)
    t = time.perf_counter()
    report = engine.ingest([corpus])
    seconds = time.perf_counter() - t
    stats = engine.stats()
    s = engine.settings
    return {"ingest_s": round(seconds, 1), "articles": stats.articles, "duplicates": len(report.duplicates),
            "duplicate_pairs": report.duplicates[:20], "chunks": stats.chunks,
            "skipped": [str(x) for x in report.skipped][:20],
            "settings": {"chunk_tokens": s.chunk_tokens, "chunk_overlap": s.chunk_overlap,
                         "multilingual_index": s.multilingual_index}}


def _eval_citebot(data: Path, questions: Path) -> dict:
    from retrieval import Evaluator, load_questions

    engine = citebot_engine(data)
    t = time.perf_counter()
    report = Evaluator(engine).run(load_questions(questions))
    rows = [{k: r.get(k) for k in ("id", "question_type", "retrieved", "abstained", "answer", "containment")}
            for r in report.questions]
    return {"summary": report.summary, "eval_s": round(time.perf_counter() - t, 1), "rows": rows}


def _ingest_langchain(corpus: Path, data: Path) -> dict:
    from benchmarks.bench_engine import worker_baseline

    with tempfile.TemporaryDirectory(prefix="newsdev-txt-") as tmp:
        write_txt_corpus(load_corpus(corpus), Path(tmp))
        t = time.perf_counter()
        out = worker_baseline(Path(tmp), data, "model", 0)  # 0 queries: build the store only
        out["ingest_s"] = round(time.perf_counter() - t, 1)
    return {k: out[k] for k in ("ingest_s", "articles", "chunks", "chunks_per_s", "peak_mb")}


def _query_langchain(data: Path, questions: Path, limit: int | None) -> dict:
    from langchain_chroma import Chroma

    from benchmarks.bench_engine import make_embedder

    store = Chroma(collection_name="baseline", embedding_function=make_embedder("model"),
                   persist_directory=str(data))
    qs = load_eval_questions(questions, limit)

    def rank(q: str) -> list[str]:
        depth = 40
        while True:  # deep enough for 10 distinct articles
            docs = store.similarity_search(q, k=depth)
            ids = list(dict.fromkeys(Path(d.metadata["source"]).stem for d in docs))
            if len(ids) >= 10 or len(docs) < depth or depth >= 320:
                return ids[:10]
            depth *= 2

    ranked, ms = timed_queries(rank, qs)
    return {"ranked": ranked, "ms": ms}


def worker(kind: str, args: list[str]) -> dict:
    """One phase of one system (run in its own process by `run_worker`)."""
    if kind == "ingest-citebot":
        return _ingest_citebot(Path(args[0]), Path(args[1]))
    if kind == "query-citebot":
        engine = citebot_engine(Path(args[0]))
        questions = load_eval_questions(Path(args[1]), int(args[2]) or None)
        ranked, ms = timed_queries(lambda q: citebot_ranked(engine, q), questions)
        return {"ranked": ranked, "ms": ms}
    if kind == "eval-citebot":
        return _eval_citebot(Path(args[0]), Path(args[1]))
    if kind == "ingest-langchain":
        return _ingest_langchain(Path(args[0]), Path(args[1]))
    if kind == "query-langchain":
        return _query_langchain(Path(args[0]), Path(args[1]), int(args[2]) or None)
    raise SystemExit(f"unknown worker {kind}")


def run_worker(kind: str, *args: str) -> dict:
    """`python -m benchmarks.newsdev _worker KIND OUT ARGS…` from the repository root; the environment
    (MULTILINGUAL_INDEX among it) is inherited."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    try:
        proc = subprocess.run([sys.executable, "-m", "benchmarks.newsdev", "_worker", kind, str(out), *args],
                              cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
        if proc.returncode != 0:
            raise SystemExit(f"worker {kind} failed:\n{proc.stderr[-4000:]}")
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def bm25_article(docs: list[dict], questions: list[dict]) -> tuple[list[list[str]], list[float], float]:
    """Whole-article BM25, bm25s defaults: title + text as one document, English stop words, no stemming."""
    import bm25s

    t = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([f"{d['title']}\n{d['text']}" for d in docs], stopwords="en",
                                   show_progress=False), show_progress=False)
    build_s = time.perf_counter() - t
    ids = [d["id"] for d in docs]

    def rank(q: str) -> list[str]:
        result, _ = retriever.retrieve(bm25s.tokenize([q], stopwords="en", show_progress=False), k=10,
                                       show_progress=False)
        return [ids[int(i)] for i in result[0]]

    ranked, ms = timed_queries(rank, questions)
    return ranked, ms, build_s
