"""Answer latency for questions not in English, warm and cold.

A question in another language is answered sentence by sentence by multilingual-e5 similarity, and its
words are looked up among the candidate sentences' words (retrieval/index/multilingual.py). Both need
e5 vectors of those sentences and words, which are cached in memory: on a small library every question
soon finds them cached (warm), while on a large one most questions bring sentences never seen (cold).
This prints both, per stage, beside English questions on the same library as the baseline.

Usage:
    python benchmarks/bench_crosslingual.py [--questions evals/crosslingual_questions.jsonl]
Writes benchmarks/results/crosslingual_latency.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from retrieval import Engine, load_settings

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def _percentiles(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 1), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1)}


def _run(engine: Engine, questions: list[str], cold: bool) -> dict[str, float]:
    cross = engine.pipeline.extractive.cross
    ms = []
    for q in questions:
        if cold and cross is not None:
            cross.clear()  # as if no sentence or word of this question had been seen
        t = time.perf_counter()
        engine.answer(q)
        ms.append((time.perf_counter() - t) * 1000)
    return _percentiles(ms)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--questions", type=Path, default=ROOT / "evals" / "crosslingual_questions.jsonl")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    other = [r["question"] for r in rows]
    english = [r["question_en"] for r in rows if r.get("question_en")]
    with tempfile.TemporaryDirectory(prefix="citebot-xl-") as tmp:
        engine = Engine(load_settings(citebot_data_dir=Path(tmp) / "data"))
        engine.ingest([ROOT / "seeds"])
        engine.answer(other[0])  # load the models once, outside the figures
        engine.answer(english[0])
        results = {
            "english (same questions)": _run(engine, english, cold=False),
            "other languages, warm": _run(engine, other, cold=False),
            "other languages, cold": _run(engine, other, cold=True),
        }
    for name, r in results.items():
        print(f"{name:26s} n {r['n']:3d}   p50 {r['p50_ms']:7.1f} ms   p95 {r['p95_ms']:7.1f} ms")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "crosslingual_latency.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
