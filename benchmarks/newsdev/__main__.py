"""`python -m benchmarks.newsdev build|run` (or `python benchmarks/newsdev …`): see the package docstring."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def main() -> None:
    if str(ROOT) not in sys.path:  # `python benchmarks/newsdev …` puts only this folder on the path
        sys.path.insert(0, str(ROOT))
    import benchmarks.newsdev as newsdev
    from benchmarks.newsdev import CACHE, DEFAULT_DOCS, SEED, SYSTEMS

    p = argparse.ArgumentParser(prog="python -m benchmarks.newsdev", description=newsdev.__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="generate the corpus and the question file")
    b.add_argument("--out", type=Path, default=CACHE / "newsdev")
    b.add_argument("--docs", type=int, default=DEFAULT_DOCS, help=f"documents (default {DEFAULT_DOCS})")
    b.add_argument("--seed", type=int, default=SEED)
    r = sub.add_parser("run", help="measure retrieval of several systems on a built corpus")
    r.add_argument("--corpus", type=Path, default=CACHE / "newsdev", help="folder made by `build`")
    r.add_argument("--queries", type=int, default=0, help="use only the first N questions (0 = all)")
    r.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=SYSTEMS)
    r.add_argument("--rebuild", action="store_true", help="ignore cached stores")
    r.add_argument("--multilingual", default="off", choices=("off", "passages", "articles"),
                   help="MULTILINGUAL_INDEX for the citebot store (default off: newsdev is English only)")
    w = sub.add_parser("_worker")
    w.add_argument("kind")
    w.add_argument("out", type=Path)
    w.add_argument("args", nargs="*")
    a = p.parse_args()
    if a.cmd == "_worker":
        from benchmarks.newsdev.systems import worker

        a.out.write_text(json.dumps(worker(a.kind, a.args)))
    elif a.cmd == "build":
        from benchmarks.newsdev.build import build

        m = build(a.out, a.docs, a.seed)
        brief = {k: v for k, v in m.items() if k not in ("placements", "topics")}
        brief["verification"] = {k: (v if not isinstance(v, list) else len(v)) for k, v in m["verification"].items()}
        print(json.dumps(brief, indent=1, ensure_ascii=False))
        print(f"wrote {a.out}/corpus.jsonl, questions.jsonl, manifest.json")
    else:
        from benchmarks.newsdev.run import run

        run(a.corpus, a.queries or None, a.systems, a.rebuild, a.multilingual)


if __name__ == "__main__":
    main()
