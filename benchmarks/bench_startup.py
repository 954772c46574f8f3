"""Start-up cost of the command line, as scripts pay it: `citebot --help` and one `citebot ask` as a
whole process, each run 5 times (min and median printed).

Usage:
    python benchmarks/bench_startup.py            # uses (and fills on first use) a store of the seeds
Writes benchmarks/results/startup.json.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
CITEBOT = Path(sys.executable).with_name("citebot")


def timed(args: list[str], env: dict[str, str], runs: int = 5) -> dict[str, float]:
    seconds = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([str(CITEBOT), *args], env=env, check=True, capture_output=True)
        seconds.append(time.perf_counter() - t)
    return {"min_s": round(min(seconds), 3), "median_s": round(statistics.median(seconds), 3)}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="citebot-startup-") as tmp:
        env = {**os.environ, "CITEBOT_DATA_DIR": str(Path(tmp) / "data")}
        subprocess.run([str(CITEBOT), "ingest", str(ROOT / "seeds"), "--quiet"], env=env, check=True,
                       capture_output=True)
        results = {
            "help": timed(["--help"], env),
            "ask": timed(["ask", "What did China's defense minister tell Shoigu?"], env),
            "stats": timed(["stats"], env),
        }
    for name, r in results.items():
        print(f"citebot {name:6s} min {r['min_s']:.2f} s   median {r['median_s']:.2f} s")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "startup.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
