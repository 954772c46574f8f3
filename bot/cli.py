"""citebot — ask a library of news articles, get answers that cite their sources.

Every command works on the store configured by the environment (or `.env`): by default an
embedded Chroma store under CITEBOT_DATA_DIR, offline models, no keys. Add --json to any
read command for machine-readable output.

Exit codes: 0 success, 1 error, 2 bad usage, 3 ingest finished but skipped some input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date

from retrieval import CitebotError, Engine, Filters, load_settings, parse_date

from .render import ProgressBar, shorten, source_line


def _date(value: str) -> date:
    parsed = parse_date(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)")
    return parsed


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {value!r}")
    return int(value)


def _filters(args) -> Filters:
    if args.since and args.until and args.since > args.until:
        raise SystemExit("citebot: error: --since is after --until")
    return Filters(sources=args.source or [], since=args.since, until=args.until)


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=_date, help="only articles published on or after this date")
    p.add_argument("--until", type=_date, help="only articles published on or before this date")
    p.add_argument("--source", action="append", metavar="OUTLET",
                   help="only articles from this outlet (repeat for several)")


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --- commands -----------------------------------------------------------------------------
def cmd_ingest(args, engine) -> int:
    progress = None
    if not args.quiet and not args.json:
        progress = ProgressBar("embedding")
    report = engine.ingest(args.paths, prune=args.prune, progress=progress)
    if progress:
        progress.close()
    for s in report.skipped:
        print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.summary())
    return 3 if report.skipped else 0


def cmd_search(args, engine) -> int:
    hits = engine.search(args.query, k=args.k, filters=_filters(args))
    if args.json:
        _print_json({"query": args.query, "hits": [h.to_dict() for h in hits],
                     "timings_ms": engine.searcher.last_timings})
        return 0
    if not hits:
        print("No matching passages.")
    for i, h in enumerate(hits, 1):
        print(f"{i}. {source_line(h)}  [score {h.score:.3f}]")
        if h.url:
            print(f"   {h.url}")
        print("   " + shorten(h.text, 400).replace("\n", " "))
    return 0


def cmd_stats(args, engine) -> int:
    stats = engine.stats()
    if args.json:
        _print_json(stats.to_dict())
        return 0
    print(f"articles:   {stats.articles} (+{stats.duplicates} duplicates recorded as alternates)")
    print(f"chunks:     {stats.chunks} (lexical index: {stats.lexical_rows})")
    print(f"published:  {stats.earliest or '-'} … {stats.latest or '-'} ({stats.undated} undated)")
    print("outlets:    " + (", ".join(f"{k} ({v})" for k, v in stats.outlets.items()) or "-"))
    print(f"store:      {stats.store} · collection {stats.collection} · generation {stats.generation}")
    print(f"pipeline:   {stats.embedding or '-'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="citebot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="load articles (.txt .md .html .jsonl, files or folders) into the store",
                       description="Load articles into the store. Unchanged articles are skipped; changed "
                                   "ones replace their old version; syndicated copies become alternates.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--prune", action="store_true",
                   help="remove stored articles whose files under PATH no longer exist")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="hybrid (dense + BM25) search; shows the matching passages",
                       description="Search the stored articles and print the best passages with their sources.")
    p.add_argument("query")
    p.add_argument("--k", type=_positive, default=None, help="how many passages (default SEARCH_K)")
    _add_filters(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("stats", help="what is stored: articles, outlets, date range, chunks")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        engine = Engine(load_settings())
        return args.func(args, engine)
    except CitebotError as exc:
        print(f"citebot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("citebot: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
