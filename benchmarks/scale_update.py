"""The update-phase processes of benchmarks/bench_scale.py (run through scale_workers.py): the models'
cost per passage, an add of 100 articles and no-op ingests, a reader opened before the add, restarts."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.newscorpus import StandInEmbedder
from benchmarks.scale_workers import MARKER, Timers, engine_for, load1, peak_mb, rss_mb, state


# --- models alone -----------------------------------------------------------------------------------
def w_models(new: str, e5_chunks: str) -> dict:
    """MiniLM over every chunk of the new articles (as ingest chunks them), and e5 passages on a few."""
    from retrieval import load_settings
    from retrieval.index.embeddings import MiniLMEmbedder
    from retrieval.ingest.chunking import Chunker
    from retrieval.ingest.loaders import load_paths

    s = load_settings(multilingual_index="off")
    chunker = Chunker(s.chunk_tokens, s.chunk_overlap)
    texts = [c.embedding_text() for a in load_paths([new]).articles for c in chunker.split(a)]
    model = MiniLMEmbedder(batch_size=s.embed_batch_size, threads=s.embed_threads)
    model.embed(texts[:4])
    load = load1()
    t = time.perf_counter()
    model.embed(texts)
    minilm = time.perf_counter() - t
    out = {"new_chunks": len(texts), "minilm_s": round(minilm, 2), "minilm_s_per_chunk": round(minilm / len(texts), 4),
           "load_before": load}
    k = int(e5_chunks)
    if k:
        from retrieval.index.multilingual import make_encoder

        enc = make_encoder()
        enc.passage(texts[:2])
        t = time.perf_counter()
        enc.passage(texts[:k])
        e5 = time.perf_counter() - t
        out.update(e5_name=enc.name, e5_chunks=k, e5_s=round(e5, 2), e5_s_per_chunk=round(e5 / k, 4))
    out["load_after"] = load1()
    return out


# --- updates: add, no-op, reader, restart -------------------------------------------------------------
def _finds(engine, word: str, article_id: str) -> bool:
    return any(h.article_id == article_id for h in engine.search(word, 6))


def _dense_sees(engine, word: str, aid: str) -> dict:
    """Does this process's Chroma find the new article's passage by its own (stand-in) vector?"""
    hit = next(h for h in engine.search(word, 6) if h.article_id == aid)
    header = hit.headline + (f" ({hit.published.isoformat()})" if hit.published else "")
    vector = StandInEmbedder().embed([f"{header}\n{hit.text}" if header else hit.text])[0]
    out: dict = {}
    try:
        out["dense_sees_new"] = any(h.chunk_id == hit.chunk_id for h in engine.store.query(vector, 5))
    except Exception as exc:  # what Chroma says is the finding
        out["dense_sees_new"] = f"error: {type(exc).__name__}: {exc}"[:200]
    try:
        out["chroma_get_new"] = bool(engine.store.chunks.get(ids=[hit.chunk_id])["ids"])
    except Exception as exc:
        out["chroma_get_new"] = f"error: {type(exc).__name__}: {exc}"[:200]
    return out


def w_add(data: str, new: str, corpus: str) -> dict:
    timers = Timers()
    timers.ingest_parts()
    engine = engine_for(Path(data))
    engine.search("warm up the store and the index", 6)
    first = sorted(Path(new).glob("*.txt"))[0]
    word, aid = f"{MARKER}{int(first.stem[1:])}", first.stem
    out: dict = {"before": state(engine), "found_before": _finds(engine, word, aid), "open_rss_mb": rss_mb()}
    t0 = time.perf_counter()
    report = engine.ingest([new])
    t1 = time.perf_counter()
    found = _finds(engine, word, aid)
    t2 = time.perf_counter()
    out.update(add={"articles": len(report.added), "chunks": report.chunks_embedded, "ingest_s": round(t1 - t0, 2),
                    "first_search_s": round(t2 - t1, 3), "searchable_s": round(t2 - t0, 2), "found": found,
                    "search_timings_ms": {k: round(v, 1) for k, v in engine.searcher.last_timings.items()},
                    "parts": timers.report(), "load": load1()},
               after_add=state(engine), writer_view=_dense_sees(engine, word, aid))
    for name, paths in (("noop_new", [new]), ("noop_library", [corpus, new])):
        before = state(engine)
        timers.seconds.clear()
        timers.calls.clear()
        t = time.perf_counter()
        r = engine.ingest(paths)
        out[name] = {"seconds": round(time.perf_counter() - t, 2), "summary": r.summary(), "changed": r.changed,
                     "before": before, "after": state(engine), "parts": timers.report()}
        out[name]["moved"] = out[name]["before"] != out[name]["after"]
    out["peak_mb"] = peak_mb()
    return out


def w_reader(data: str, new: str) -> None:
    """Opened before the add; after 'go' on stdin, searches until it finds the new article (10 s at most)."""
    engine = engine_for(Path(data))
    first = sorted(Path(new).glob("*.txt"))[0]
    word, aid = f"{MARKER}{int(first.stem[1:])}", first.stem
    print(json.dumps({"ready": True, "found_before": _finds(engine, word, aid), "chunks": engine.store.count_chunks()}),
          flush=True)
    sys.stdin.readline()
    t = time.perf_counter()
    tries, found, catch_up_ms = 0, False, 0.0
    while time.perf_counter() - t < 10 and not found:
        tries += 1
        s = time.perf_counter()
        found = _finds(engine, word, aid)
        catch_up_ms = max(catch_up_ms, (time.perf_counter() - s) * 1000)
        if not found:
            time.sleep(0.25)
    out = {"found_after": found, "seconds_to_visible": round(time.perf_counter() - t, 2), "tries": tries,
           "slowest_search_ms": round(catch_up_ms, 1), "chunks_seen": engine.store.count_chunks()}
    if found:
        out.update(_dense_sees(engine, word, aid))
    print(json.dumps(out), flush=True)


def w_restart(data: str, warm: str = "") -> dict:
    """A fresh process: imports, model load, then Engine construction (Chroma + tantivy) and a first search;
    with `warm`, the bot's start: `Engine.warm_up()` first (timed apart), then the first question's search."""
    t0 = time.perf_counter()
    from retrieval import Engine, load_settings
    from retrieval.index.embeddings import MiniLMEmbedder

    t1 = time.perf_counter()
    model = MiniLMEmbedder(batch_size=1)
    t2 = time.perf_counter()
    import chromadb  # noqa: F401 - imported by the store on first use; timed apart

    t3 = time.perf_counter()
    engine = Engine(load_settings(citebot_data_dir=Path(data), multilingual_index="off"), embedder=model)
    _ = engine.store
    t4 = time.perf_counter()
    _ = engine.corpus
    t5 = time.perf_counter()
    warm_ms = round(engine.warm_up() * 1000, 1) if warm else 0.0
    t5w = time.perf_counter()
    hits = engine.search("What did China's defense minister tell Shoigu?", 6)
    t6 = time.perf_counter()
    parts = {k: round(v, 1) for k, v in engine.searcher.last_timings.items()}
    engine.search("Who won the election in Taiwan?", 6)
    t7 = time.perf_counter()
    ms = lambda a, b: round((b - a) * 1000, 1)  # noqa: E731
    return {"import_ms": ms(t0, t1), "model_load_ms": ms(t1, t2), "chromadb_import_ms": ms(t2, t3),
            "store_open_ms": ms(t3, t4), "lexical_open_ms": ms(t4, t5), "first_search_ms": ms(t5w, t6),
            "second_search_ms": ms(t6, t7), "open_to_first_answer_ms": round(ms(t2, t6) - warm_ms, 1),
            "first_search_parts_ms": parts,
            "hits": len(hits), "peak_mb": peak_mb(), "load": load1(), **({"warm_up_ms": warm_ms} if warm else {})}


WORKERS = {"models": w_models, "add": w_add, "reader": w_reader, "restart": w_restart}
