"""Memory of a long-running reader whose store is opened again after other processes write.

`ChromaStore.reopen` (index/store.py) gives a process a fresh embedded Chroma client each time another
process moved the store's generation. Every client brings its own threads, and glibc keeps the pages
freed by the old one in per-thread arenas, so the resident size grew with every reopen until the
arenas ran out. This prints the resident size after N reopens (each followed by a query), with the
memory hand-back `reopen` does and with it turned off, side by side, each in its own process.

Usage:
    python benchmarks/bench_reopen.py --data benchmarks/.cache/stores/citebot-…   # an existing store
    python benchmarks/bench_reopen.py --data DIR --reopens 60
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20


def run(data: str, reopens: int, trim: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    import retrieval.index.store as store_module
    from retrieval import Engine, load_settings

    if not trim:
        store_module._release_memory = lambda: None
    engine = Engine(load_settings(citebot_data_dir=Path(data), multilingual_index="off"))
    vector = engine.embedder.embed(["interest rates and inflation"])[0]
    engine.store.query(vector, 5)
    out = {"trim": trim, "passages": engine.store.count_chunks(), "start_mb": round(rss_mb())}
    marks = {}
    for i in range(1, reopens + 1):
        engine.store.reopen()
        engine.store.query(vector, 5)
        if i % max(1, reopens // 4) == 0 or i == reopens:
            marks[i] = round(rss_mb())
    out["after"] = marks
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="a citebot data folder (CITEBOT_DATA_DIR) to open")
    p.add_argument("--reopens", type=int, default=60)
    p.add_argument("--worker", choices=("trim", "plain"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.worker:
        print(json.dumps(run(a.data, a.reopens, a.worker == "trim")))
        return
    rows = []
    for mode in ("plain", "trim"):
        proc = subprocess.run([sys.executable, __file__, "--data", a.data, "--reopens", str(a.reopens),
                               "--worker", mode], capture_output=True, text=True, check=True)
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    print(f"store: {rows[0]['passages']} passages; resident MB after N reopens (each followed by a query)")
    for r in rows:
        marks = ", ".join(f"{n}: {mb}" for n, mb in r["after"].items())
        print(f"  {'with memory hand-back' if r['trim'] else 'without (before)':24} start {r['start_mb']}; {marks}")


if __name__ == "__main__":
    main()
