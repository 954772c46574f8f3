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
from pathlib import Path

from retrieval import (
    CitebotError,
    Engine,
    Evaluator,
    Filters,
    Turn,
    feedback_to_questions,
    format_table,
    load_questions,
    load_settings,
    parse_date,
    read_feedback_log,
)

from .render import ProgressBar, answer_text, source_line


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
        _print_json({"query": args.query, "hits": [{**h.to_dict(), "snippet": h.snippet(args.query)} for h in hits],
                     "timings_ms": engine.searcher.last_timings})
        return 0
    if not hits:
        print("No matching passages.")
    for i, h in enumerate(hits, 1):
        print(f"{i}. {source_line(h)}  [score {h.score:.3f}]")
        if h.url:
            print(f"   {h.url}")
        print("   " + h.snippet(args.query).replace("\n", " "))
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


def cmd_ask(args, engine) -> int:
    answer = engine.answer(args.question, filters=_filters(args), now=args.now, k=args.k)
    if args.json:
        _print_json(answer.to_dict())
    else:
        print(answer_text(answer, quotes=not args.no_quotes))
    return 0


def cmd_chat(args, engine, stdin=None) -> int:
    """A conversation in the terminal; follow-ups are rewritten with the history."""
    stdin = stdin or sys.stdin
    history: list[Turn] = []
    interactive = stdin.isatty()
    if interactive:
        print("Ask about the articles. /new forgets the conversation, /quit leaves.")
    while True:
        if interactive:
            print("> ", end="", flush=True)
        line = stdin.readline()
        if not line:
            return 0
        question = line.strip()
        if not question:
            continue
        if question in ("/quit", "/exit"):
            return 0
        if question == "/new":
            history.clear()
            print("(conversation cleared)")
            continue
        answer = engine.answer(question, history=history[-args.turns:], filters=_filters(args))
        if answer.standalone_question and answer.standalone_question != question:
            print(f"(understood as: {answer.standalone_question})")
        print(answer_text(answer))
        print()
        history.append(Turn(question, answer.text, answer.standalone_question))


def cmd_eval(args, engine) -> int:
    """Ingest into a throwaway store (with --articles) or use the configured one, then score."""
    import tempfile

    questions = load_questions(args.questions)  # fail on a malformed file before any work
    overrides = {}
    if args.backend:
        overrides["answer_backend"] = args.backend
    with tempfile.TemporaryDirectory(prefix="citebot-eval-") as tmp:
        if args.articles:
            overrides["citebot_data_dir"] = tmp
        if overrides:
            engine = Engine(load_settings(**overrides))
        judge = engine.judge_model() if args.judge else None  # a bad --judge fails before any work
        if args.articles:
            report = engine.ingest(args.articles, progress=None if args.json else ProgressBar("embedding"))
            for s in report.skipped:
                print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
        bar = None if args.json else ProgressBar("questions", min_total=5)
        result = Evaluator(engine, judge=judge).run(questions, k=args.k, progress=bar)
        if bar:
            bar.close()
    if args.out:
        Path(args.out).write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
    if args.html:
        from .report_html import write_html

        write_html(result, Path(args.html), title=f"citebot evaluation: {Path(args.questions).name}")
    if args.json:
        _print_json({"summary": result.summary, "settings": result.settings})
    else:
        print(format_table(result.summary))
        if args.out:
            print(f"report: {args.out}")
    return 0


def cmd_feedback_to_eval(args, engine) -> int:
    rows = feedback_to_questions(read_feedback_log(args.log))
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"{len(rows)} questions written to {args.out}")
    return 0


def _setup_logging() -> None:
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def cmd_serve(args, engine) -> int:
    from .telegram.app import run

    _setup_logging()
    if engine.stats().articles == 0:
        print("citebot: the store is empty — run `citebot ingest PATH` first (or `citebot run`)", file=sys.stderr)
    run(engine.settings, engine)
    return 0


def cmd_run(args, engine) -> int:
    """The main job: ingest the article folder on first use, then the bot (with a token) or a terminal chat."""
    settings = engine.settings
    if engine.stats().articles == 0:
        root = Path(settings.citebot_article_root)
        print(f"First run: loading the articles in {root}/ …", file=sys.stderr)
        report = engine.ingest([root], progress=ProgressBar("embedding"))
        print(report.summary(), file=sys.stderr)
        for s in report.skipped:
            print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
    if settings.telegram_bot_token:
        return cmd_serve(args, engine)
    print("TELEGRAM_BOT_TOKEN is not set: starting a terminal chat on the same engine.", file=sys.stderr)
    args.turns, args.since, args.until, args.source = 6, None, None, None
    return cmd_chat(args, engine)


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

    p = sub.add_parser("ask", help="answer a question with cited sources (or say the sources do not answer it)",
                       description="Answer a question from the stored articles. Every sentence carries a [n] "
                                   "marker pointing to a numbered source whose passage supports it.")
    p.add_argument("question")
    p.add_argument("--k", type=_positive, default=None, help="passages to retrieve (default SEARCH_K)")
    p.add_argument("--now", type=_date, default=None, help="the date 'last week' etc. count from (default today)")
    p.add_argument("--no-quotes", action="store_true", help="leave the quoted passages out of the source list")
    _add_filters(p)
    p.add_argument("--json", action="store_true", help="the answer, citations, flags and timings as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="a conversation in the terminal, follow-up questions included")
    p.add_argument("--turns", type=_positive, default=6, help="how many earlier turns a follow-up may use")
    _add_filters(p)
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("eval", help="score retrieval, answers, citations and abstention on a question set",
                       description="Run every question of a JSONL set and print a table per question type. "
                                   "With --articles the articles go into a throwaway store; without it the "
                                   "configured store is used.")
    p.add_argument("questions", help="JSONL: id, question, answer, evidence_article_ids, question_type, "
                                     "abstain_expected[, history, now]")
    p.add_argument("--articles", nargs="+", metavar="PATH", help="ingest these into a throwaway store first")
    p.add_argument("--backend", choices=["extractive", "openai", "ollama", "llamacpp"],
                   help="answer backend (default ANSWER_BACKEND)")
    p.add_argument("--k", type=_positive, default=None, help="passages per answer (default SEARCH_K)")
    p.add_argument("--out", metavar="FILE", help="write the full JSON report here")
    p.add_argument("--html", metavar="FILE", help="write an HTML report here")
    p.add_argument("--judge", action="store_true", help="add LLM-judged faithfulness and relevance "
                                                        "(uses the configured LLM backend's model)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("feedback-to-eval", help="turn the bot's feedback log into an evaluation question set")
    p.add_argument("log", help="the feedback log (FEEDBACK_LOG)")
    p.add_argument("--out", required=True, help="the JSONL question file to write")
    p.set_defaults(func=cmd_feedback_to_eval)

    p = sub.add_parser("serve", help="run the Telegram bot (TELEGRAM_BOT_TOKEN; long polling, or a webhook "
                                     "when TELEGRAM_WEBHOOK_URL is set)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("run", help="the main job: ingest CITEBOT_ARTICLE_ROOT on first use, then serve the bot "
                                   "(with a token) or chat in the terminal")
    p.set_defaults(func=cmd_run)

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
