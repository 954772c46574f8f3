"""How chunk size and overlap change answer quality and retrieval on the seed set.

Every setting ingests seeds/ into a throwaway store and runs the seed evaluation (extractive backend).
The default (CHUNK_TOKENS=200, CHUNK_OVERLAP=40) was chosen from this table.

Usage:
    python benchmarks/chunk_sweep.py                # prints a table, writes results/chunk_sweep.json
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETTINGS = [(100, 20), (150, 30), (200, 0), (200, 40), (300, 60), (400, 80)]


def main() -> None:
    from retrieval import Engine, load_settings
    from retrieval.index.embeddings import MiniLMEmbedder

    embedder = MiniLMEmbedder()
    rows = []
    for tokens, overlap in SETTINGS:
        with tempfile.TemporaryDirectory() as tmp:
            engine = Engine(load_settings(citebot_data_dir=tmp, chunk_tokens=tokens, chunk_overlap=overlap),
                            embedder=embedder)
            engine.ingest([ROOT / "seeds"])
            m = engine.evaluate(ROOT / "evals" / "seed_questions.jsonl").summary["all"]
            rows.append({"chunk_tokens": tokens, "overlap": overlap, "chunks": engine.stats().chunks,
                         **{k: round(m[k], 3) for k in ("mrr_at_10", "containment", "score", "citation_precision",
                                                        "citation_recall", "latency_p50_ms")}})
            print(rows[-1], flush=True)
    out = ROOT / "benchmarks" / "results" / "chunk_sweep.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
