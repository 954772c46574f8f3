"""Tune the fusion weights of hybrid search on question sets we can see, and print what each weighs.

For every question the ranked lists (dense passages, lexical passages, lexical articles stemmed and
as written — the last at SEARCH_EXACT_WEIGHT, not in the grid) are gathered once with the engine's own
plan of the question; then every weight combination re-fuses
them in memory (retrieval.index.search.fuse), so a grid of hundreds of settings costs seconds. The
headline/lead/outlet boosts change the article-level BM25 itself, so each of those re-queries
tantivy (milliseconds, no model).

Usage:
    python benchmarks/tune_fusion.py seeds:evals/seed_questions.jsonl:seeds \\
        mhr:../shared/eval/multihop_rag/questions.jsonl:../shared/eval/multihop_rag/articles
Prints the best settings by the mean of MRR@10 and recall of all evidence @10 over the sets, and
writes benchmarks/results/tune_fusion.json (`--out`).

Options: `--store NAME=DIR` searches an existing store for set NAME instead of building one (e.g. the
newsdev store of benchmarks/newsdev: `--store newsdev=benchmarks/.cache/stores/citebot-…`);
`--require SET:METRIC>=VALUE` (or `>`; VALUE a number or `current`, the defaults' figure) lists the
best settings that meet every requirement; `--dump PATH` writes every setting's figures.
MULTILINGUAL_INDEX=off is fine for English sets: the e5 index only serves questions in other
languages, so the lists gathered here are the same.

Note: this ranks with the plan's search query, filters and date preference, as `citebot eval` does,
but not with its per-outlet searches (plan.outlets, answer/chain.py `_by_outlet`), so on questions
that name outlets its figures can differ from `citebot eval`'s.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "results"

GRID = {
    "dense": [0.5, 1.0, 1.5],
    "lexical": [0.5, 1.0, 1.5],
    "article": [0.0, 0.5, 1.0, 1.5, 2.5],
    "rest": [0.0, 0.25, 0.5],
}
BOOSTS = [(1.0, 0.0, 1.0), (1.0, 0.5, 1.0), (1.5, 0.0, 1.0), (1.0, 0.0, 0.0), (2.0, 1.5, 1.0),
          (2.0, 1.0, 2.0)]  # title, lead, source


def engine_for(articles: str, store: str | None = None):
    """A store with these articles, built once and kept under benchmarks/.cache (or the given store)."""
    from retrieval import Engine, load_settings

    key = hashlib.sha1(str(Path(articles).resolve()).encode()).hexdigest()[:10]
    engine = Engine(load_settings(citebot_data_dir=Path(store) if store else CACHE / f"tune-{key}"))
    if engine.stats().articles == 0:
        t = time.perf_counter()
        report = engine.ingest([articles])
        print(f"ingested {articles}: {report.summary()} ({time.perf_counter() - t:.0f} s)", file=sys.stderr)
    return engine


def metrics(ranked: list[str], evidence: set[str]) -> dict[str, float]:
    first = next((r for r, a in enumerate(ranked[:10], 1) if a in evidence), None)
    return {"hits@4": float(bool(evidence & set(ranked[:4]))), "hits@10": float(bool(evidence & set(ranked[:10]))),
            "recall_all@4": float(evidence <= set(ranked[:4])),
            "recall_all@10": float(evidence <= set(ranked[:10])), "mrr@10": 1.0 / first if first else 0.0}


REQUIRE = re.compile(r"^([^:]+):([\w@]+)(>=|>)(current|[0-9.]+)$")


def meets(result: dict, requirements: list[tuple[str, str, str, str]], current: dict) -> bool:
    """True when `result` meets every SET:METRIC>=VALUE requirement (`current`: the defaults' figure)."""
    for name, metric, op, value in requirements:
        have = result["sets"][name][metric]
        need = current["sets"][name][metric] if value == "current" else float(value)
        if have < need or (op == ">" and have == need):
            return False
    return True


def main() -> None:
    from retrieval.evaluation import load_questions
    from retrieval.index.search import Fusion, fuse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", metavar="NAME:QUESTIONS:ARTICLES")
    parser.add_argument("--limit", type=int, default=0, help="questions per set (0 = all)")
    parser.add_argument("--store", action="append", default=[], metavar="NAME=DIR",
                        help="search this existing store for set NAME instead of building one")
    parser.add_argument("--require", action="append", default=[], metavar="SET:METRIC>=VALUE",
                        help="also list the best settings meeting this (VALUE: a number or `current`)")
    parser.add_argument("--dump", type=Path, help="write every setting's figures here (JSON)")
    parser.add_argument("--out", type=Path, default=RESULTS / "tune_fusion.json")
    args = parser.parse_args()
    stores = dict(spec.split("=", 1) for spec in args.store)
    requirements = []
    for spec in args.require:
        m = REQUIRE.match(spec.replace(" ", ""))
        if not m:
            parser.error(f"--require {spec!r}: expected SET:METRIC>=VALUE")
        requirements.append(m.groups())

    data = []  # (set name, candidates, evidence, plan prefer)
    for spec in args.sets:
        name, questions, articles = spec.split(":", 2)
        engine = engine_for(articles, stores.get(name))
        qs = [q for q in load_questions(questions) if q.evidence and not q.history]
        if args.limit:
            qs = qs[: args.limit]
        t = time.perf_counter()
        for q in qs:
            plan = engine.plan(q.question, now=q.now)
            cands = engine.searcher.gather(plan.search_query, 40, plan.filters)
            data.append((name, engine, cands, set(q.evidence), plan))
        print(f"{name}: {len(qs)} questions gathered in {time.perf_counter() - t:.1f} s", file=sys.stderr)

    results = []
    for title, lead, source in BOOSTS:
        for _, engine, cands, _, _ in data:  # the article list depends on the boosts: re-query tantivy only
            cands.articles = engine.lexical.search_articles(
                cands.query, 40, {"a_title": title, "a_lead": lead, "a_body": 1.0, "a_source": source})
        for dense, lexical, article, rest in itertools.product(*GRID.values()):
            f = replace(Fusion(), dense=dense, lexical=lexical, article=article, rest=rest, title_boost=title,
                        lead_boost=lead, source_boost=source)
            per_set: dict[str, list[dict[str, float]]] = {}
            for name, _, cands, evidence, plan in data:
                ranking = fuse(cands, f, plan.prefer)
                per_set.setdefault(name, []).append(metrics(ranking.articles, evidence))
            summary = {name: {m: round(statistics.fmean(r[m] for r in rows), 4) for m in rows[0]}
                       for name, rows in per_set.items()}
            objective = statistics.fmean((s["mrr@10"] + s["recall_all@10"]) / 2 for s in summary.values())
            results.append({"fusion": {"dense": dense, "lexical": lexical, "article": article, "rest": rest,
                                       "title_boost": title, "lead_boost": lead, "source_boost": source},
                            "objective": round(objective, 4), "sets": summary})
    results.sort(key=lambda r: r["objective"], reverse=True)
    default = Fusion()
    for r in results[:10]:
        print(json.dumps(r))
    current = next(r for r in results if r["fusion"] == {
        "dense": default.dense, "lexical": default.lexical, "article": default.article, "rest": default.rest,
        "title_boost": default.title_boost, "lead_boost": default.lead_boost, "source_boost": default.source_boost})
    print("current defaults:", json.dumps(current))
    summary: dict = {"best": results[:20], "current": current}
    if requirements:
        passing = [r for r in results if meets(r, requirements, current)]
        print(f"{len(passing)} of {len(results)} settings meet {' and '.join(args.require)}")
        for r in passing[:10]:
            print(json.dumps(r))
        summary.update(requirements=args.require, meeting=len(passing), best_meeting=passing[:20])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2))
    if args.dump:
        args.dump.write_text(json.dumps(results))


if __name__ == "__main__":
    main()
