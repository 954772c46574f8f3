"""Time retrieval.injection.is_injection: µs per sentence over every test sentence, repeated.

It runs on every candidate sentence of every answer, so it must stay far below the answer's own latency
(target: well under 50 µs a sentence on average). Sentences: tests/data/injections.txt,
tests/data/not_injections.txt and every sentence of the seed articles.

Usage:
    python benchmarks/bench_injection.py              # 1000 rounds
    python benchmarks/bench_injection.py --rounds 100
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.ingest.loaders import load_paths  # noqa: E402
from retrieval.text.injection import is_injection  # noqa: E402
from retrieval.text.sentences import split_sentences  # noqa: E402


def sentences() -> dict[str, list[str]]:
    def lines(name: str) -> list[str]:
        text = (ROOT / "tests" / "data" / name).read_text(encoding="utf-8")
        return [s for s in text.splitlines() if s.strip() and not s.startswith("#")]

    seeds = [s for a in load_paths([ROOT / "seeds"]).articles for s in split_sentences(a.text)]
    return {"injections": lines("injections.txt"), "not_injections": lines("not_injections.txt"), "seeds": seeds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1000)
    args = parser.parse_args()
    groups = sentences()
    everything = [s for group in groups.values() for s in group]
    for name, group in {**groups, "all": everything}.items():
        flagged = sum(map(is_injection, group))
        start = time.perf_counter()
        for _ in range(args.rounds):
            for s in group:
                is_injection(s)
        per = (time.perf_counter() - start) / (args.rounds * len(group)) * 1e6
        print(f"{name:15} {len(group):4} sentences  {flagged:4} flagged  {per:6.1f} µs/sentence")


if __name__ == "__main__":
    main()
