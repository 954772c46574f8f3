"""newsdev's benchmark run: cached stores, scoring over distinct articles, the tables and result files."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.newsdev import CACHE, RESULTS, SYSTEMS
from benchmarks.newsdev.systems import bm25_article, load_corpus, load_eval_questions, run_worker

METRIC_KEYS = ("hits@4", "hits@10", "mrr@10", "recall_all@4", "recall_all@10")


def cached_store(system: str, corpus: Path, key_extra: str, build_fn, rebuild: bool) -> tuple[Path, dict]:
    """A system's store under benchmarks/.cache/stores/, keyed by the corpus file's hash (and settings)."""
    digest = hashlib.sha256(corpus.read_bytes() + key_extra.encode()).hexdigest()[:16]
    final = CACHE / "stores" / f"{system}-{digest}"
    done = final / "newsdev-ingest.json"
    if done.is_file() and not rebuild:
        info = json.loads(done.read_text())
        info["cached"] = True
        return final, info
    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.rmtree(final, ignore_errors=True)
    partial.mkdir(parents=True)
    info = build_fn(partial)
    (partial / "newsdev-ingest.json").write_text(json.dumps(info, indent=1))
    partial.rename(final)
    info["cached"] = False
    return final, info


def score(questions: list[dict], ranked: list[list[str]]) -> dict:
    """Hits@4/@10, MRR@10 (distinct articles) and recall of all evidence @4/@10, overall and per type."""
    rows = []
    for q, r in zip(questions, ranked, strict=True):
        ev = set(q["evidence_article_ids"])
        first = next((i for i, a in enumerate(r[:10], 1) if a in ev), None)
        rows.append((q["question_type"], {
            "hits@4": float(bool(ev & set(r[:4]))), "hits@10": float(bool(ev & set(r[:10]))),
            "mrr@10": 1.0 / first if first else 0.0,
            "recall_all@4": float(ev <= set(r[:4])), "recall_all@10": float(ev <= set(r[:10])),
        }))
    out = {}
    for name in ["all", *sorted({t for t, _ in rows})]:
        sel = [m for t, m in rows if name in ("all", t)]
        out[name] = {"n": len(sel), **{k: round(statistics.fmean(m[k] for m in sel), 3) for k in METRIC_KEYS}}
    return out


def pct(ms: list[float]) -> tuple[float, float]:
    s = sorted(ms)

    def q(p: float) -> float:
        k = (len(s) - 1) * p
        lo, hi = int(k), min(int(k) + 1, len(s) - 1)
        return s[lo] + (s[hi] - s[lo]) * (k - lo)

    return round(q(0.5), 1), round(q(0.95), 1)


def _citebot_store(corpus: Path, rebuild: bool) -> tuple[Path, dict]:
    from retrieval import load_settings

    s = load_settings()
    extra = f"citebot|{s.chunk_tokens}|{s.chunk_overlap}|{s.embed_batch_size}|ml={s.multilingual_index}"
    return cached_store("citebot", corpus, extra, lambda d: run_worker("ingest-citebot", str(corpus), str(d)),
                        rebuild)


def _fusion_settings() -> dict:
    from retrieval import load_settings

    s = load_settings()
    return {k: getattr(s, k) for k in ("search_candidates", "search_dense_weight", "search_lexical_weight",
                                       "search_article_weight", "search_article_rest", "search_title_boost",
                                       "search_lead_boost", "search_source_boost", "search_aspect_weight",
                                       "search_aspect_pool", "multilingual_index")}


def run(corpus_dir: Path, n_queries: int | None, systems: list[str], rebuild: bool,
        multilingual: str = "off") -> dict:
    os.environ["MULTILINGUAL_INDEX"] = multilingual  # read by load_settings here and in every worker
    corpus, qpath = corpus_dir / "corpus.jsonl", corpus_dir / "questions.jsonl"
    if not corpus.is_file():
        raise SystemExit(f"{corpus}: no corpus; run `python -m benchmarks.newsdev build` first")
    docs = load_corpus(corpus)
    all_qs = load_eval_questions(qpath, n_queries)
    qs = [q for q in all_qs if q["evidence_article_ids"]]
    results: dict = {"corpus": str(corpus), "corpus_sha256": hashlib.sha256(corpus.read_bytes()).hexdigest(),
                     "documents": len(docs), "questions": len(all_qs), "questions_with_evidence": len(qs),
                     "machine": {"cores": os.cpu_count()}, "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                     "citebot_settings": _fusion_settings(), "systems": {}}
    details: dict = {"ids": [q["id"] for q in qs], "ranked": {}}
    with tempfile.TemporaryDirectory(prefix="newsdev-run-") as tmp:
        qfile = Path(tmp) / "questions.jsonl"
        qfile.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in qs), encoding="utf-8")
        afile = Path(tmp) / "questions-all.jsonl"
        afile.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in all_qs), encoding="utf-8")
        for system in systems:
            log(f"{system} …")
            t = time.perf_counter()
            row: dict = {}
            if system == "bm25-article":
                ranked, ms, build_s = bm25_article(docs, qs)
                row.update(index_s=round(build_s, 1), documents_indexed=len(docs))
            elif system in ("citebot", "citebot-eval"):
                store, info = _citebot_store(corpus, rebuild)
                row["ingest"] = info
                log(f"  store {store.name}: {describe(info)}")
                if system == "citebot":
                    out = run_worker("query-citebot", str(store), str(qfile), "0")
                    ranked, ms = out["ranked"], out["ms"]
                else:
                    out = run_worker("eval-citebot", str(store), str(afile))
                    summ = out["summary"]["all"]
                    row["evaluate"] = {"summary": out["summary"], "eval_s": out["eval_s"]}
                    by_id = {r["id"]: r for r in out["rows"]}
                    ranked = [by_id[q["id"]]["retrieved"] for q in qs]
                    ms = None
                    row["answer_latency_ms"] = (round(summ["latency_p50_ms"], 1), round(summ["latency_p95_ms"], 1))
            elif system == "langchain":
                store, info = cached_store("langchain", corpus, "langchain|1000|200",
                                           lambda d: run_worker("ingest-langchain", str(corpus), str(d)), rebuild)
                row["ingest"] = info
                log(f"  store {store.name}: {describe(info)}")
                out = run_worker("query-langchain", str(store), str(qfile), "0")
                ranked, ms = out["ranked"], out["ms"]
            else:
                raise SystemExit(f"unknown system {system!r}; choose from {', '.join(SYSTEMS)}")
            row["metrics"] = score(qs, ranked)
            if ms is not None:
                row["query_ms_p50"], row["query_ms_p95"] = pct(ms)
            row["seconds"] = round(time.perf_counter() - t, 1)
            results["systems"][system] = row
            details["ranked"][system] = ranked
            m = row["metrics"]["all"]
            log(f"  {system}: hits@4 {m['hits@4']:.3f} hits@10 {m['hits@10']:.3f} MRR@10 {m['mrr@10']:.3f} "
                f"({row['seconds']} s)")
    _carry_over(results, RESULTS / "newsdev.json")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "newsdev.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    table = format_results(results)
    (RESULTS / "newsdev.txt").write_text(table + "\n")
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "newsdev-run-details.json").write_text(json.dumps(details))
    print(table)
    return results


def _carry_over(results: dict, previous: Path) -> None:
    """Systems not run this time keep their last figures, if those were measured on the same corpus
    (`--systems citebot-eval` after a change to answers need not re-ingest the LangChain baseline)."""
    if not previous.is_file():
        return
    old = json.loads(previous.read_text())
    if old.get("corpus_sha256") != results["corpus_sha256"]:
        return
    for name in SYSTEMS:
        if name in old.get("systems", {}) and name not in results["systems"]:
            results["systems"][name] = {**old["systems"][name],
                                        "measured": old["systems"][name].get("measured", old.get("started"))}
    results["systems"] = {n: results["systems"][n] for n in SYSTEMS if n in results["systems"]}


def _latency(r: dict) -> list[str]:
    """p50/p95 of one search, or of a full answer (marked *) for citebot-eval."""
    search = "query_ms_p50" in r
    values = (r.get("query_ms_p50"), r.get("query_ms_p95")) if search else r.get("answer_latency_ms", (None, None))
    return ["-" if v is None else (f"{v:.1f}" if v < 10 else f"{v:.0f}") + ("" if search else "*") for v in values]


def format_results(results: dict) -> str:
    head = ["system", "hits@4", "hits@10", "MRR@10", "all@4", "all@10", "p50 ms", "p95 ms", "chunks", "ingest s"]
    rows = [head]
    for name, r in results["systems"].items():
        m = r["metrics"]["all"]
        ing = r.get("ingest", {})
        rows.append([name, *(f"{m[k]:.3f}" for k in METRIC_KEYS), *_latency(r),
                     str(ing.get("chunks", r.get("documents_indexed", "-"))),
                     "-" if not ing else f"{ing.get('ingest_s', '-')}" + (" (cached)" if ing.get("cached") else "")])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in rows]
    types = sorted({t for r in results["systems"].values() for t in r["metrics"] if t != "all"})
    first = next(iter(results["systems"].values()))["metrics"]
    lines += ["", "hits@10 by question type (n): " + ", ".join(f"{t} ({first[t]['n']})" for t in types)]
    for metric in ("hits@10", "hits@4", "mrr@10"):
        if metric != "hits@10":
            lines.append(f"{metric} by question type:")
        for name, r in results["systems"].items():
            lines.append(f"  {name:<13} " + "  ".join(f"{t.split('_')[0]} {r['metrics'][t][metric]:.3f}"
                                                     for t in types))
    ml = results.get("citebot_settings", {}).get("multilingual_index", "?")
    lines += ["", f"newsdev: {results['documents']} documents, {results['questions_with_evidence']} questions with "
                  f"evidence (of {results['questions']}); all@k = recall of ALL evidence articles in the top k; "
                  "latency = one search (* = citebot-eval: a full answer).",
              f"citebot store built with MULTILINGUAL_INDEX={ml} (the e5 index serves only non-English questions; "
              "every newsdev question is English)."]
    lines += [f"{name}: not re-run; measured {r['measured']} on the same corpus."
              for name, r in results["systems"].items() if r.get("measured")]
    return "\n".join(lines)


def describe(info: dict) -> str:
    how = "cached" if info["cached"] else f"built in {info['ingest_s']} s"
    return f"{how}, {info['chunks']} chunks"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)
