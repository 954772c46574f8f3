"""The `citebot` commands (the parser in cli.py wires them). Each takes the parsed arguments and the
Engine and returns the exit code; errors people can cause are raised as CitebotError (exit 1) or
UsageError (exit 2) and printed as one line by `cli.main`.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from .cli import UsageError
from .render import ProgressBar, answer_text, source_line


def _filters(args):
    from retrieval import Filters

    if args.since and args.until and args.since > args.until:
        raise UsageError("--since is after --until")
    return Filters(sources=args.source or [], since=args.since, until=args.until)


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _waiting(who: str) -> None:
    print(f"citebot: waiting for another writer ({who}) to finish…", file=sys.stderr)


def cmd_ingest(args, engine) -> int:
    progress = None if args.quiet or args.json else ProgressBar("embedding")
    report = engine.ingest(args.paths, prune=args.prune, progress=progress, on_wait=_waiting)
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
    outlets = ", ".join(f"{k} ({v})" for k, v in stats.outlets.items())
    if stats.unknown_outlet:
        outlets += f"{', ' if outlets else ''}{stats.unknown_outlet} without an outlet"
    print("outlets:    " + (outlets or "-"))
    print(f"store:      {stats.store} · collection {stats.collection} · generation {stats.generation}")
    print(f"pipeline:   {stats.embedding or '-'}")
    return 0


def cmd_ask(args, engine) -> int:
    answer = engine.answer(args.question, filters=_filters(args), now=args.now, k=args.k, language=args.lang)
    if args.json:
        _print_json(answer.to_dict())
    else:
        print(answer_text(answer, quotes=not args.no_quotes))
    return 0


def cmd_chat(args, engine, stdin=None) -> int:
    from .chat import TerminalChat

    return TerminalChat(engine, turns=args.turns, filters=_filters(args)).run(stdin or sys.stdin)


def cmd_eval(args, engine) -> int:
    """Ingest into a throwaway store (with --articles) or use the configured one, then score."""
    from retrieval import Engine, Evaluator, format_table, load_questions, load_settings

    for flag, target in (("--out", args.out), ("--html", args.html)):
        if target and not Path(target).resolve().parent.is_dir():  # fail now, not after the whole run
            raise UsageError(f"{flag} {target}: the folder {Path(target).resolve().parent} does not exist")
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
        _print_json({"summary": result.summary, "by": result.by, "settings": result.settings})
    else:
        print(format_table(result.summary))
        for key in ("answer_type", "intent", "language"):
            groups = result.by[key]
            if len(groups) > 2:  # more than one group besides "all"
                print(f"\nby {key.replace('_', ' ')}:")
                print(format_table(groups))
        if args.out:
            print(f"report: {args.out}")
    return 0


def cmd_feedback_to_eval(args, engine) -> int:
    """One row per person's last vote on an answer; rows without a gold label are marked `needs_label`
    (never scored) and, with --review, written to their own file instead."""
    from retrieval import feedback_to_questions, read_feedback_log, split_for_review

    rows = feedback_to_questions(read_feedback_log(args.log))
    labelled, review = split_for_review(rows)
    keep = labelled if args.review else rows
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in keep))
    print(f"{len(keep)} questions written to {args.out} ({len(labelled)} labelled, {len(review)} need review)")
    if args.review:
        Path(args.review).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in review))
        print(f"{len(review)} questions to review written to {args.review}")
    return 0


def cmd_watch(args, engine, sleep=time.sleep) -> int:
    """Poll the subscribed feeds (plus FEEDS_FILE or CITEBOT_FEEDS) now and every interval; one line a poll."""
    engine.subscribe_feed_list(Path(args.feeds_file) if args.feeds_file else None)
    if not engine.web.feeds():
        raise UsageError("no feeds to watch: give FEEDS_FILE or set CITEBOT_FEEDS (a text file, one URL a line)")
    minutes = args.interval or engine.settings.citebot_feed_interval
    try:
        while True:
            report = engine.poll_feeds()
            if args.json:
                print(json.dumps(report.to_dict(), ensure_ascii=False), flush=True)
            else:
                print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {report.summary()}", flush=True)
            for url, reason in report.problems:
                print(f"problem {url}: {reason}", file=sys.stderr)
            if args.once:
                return 0
            sleep(minutes * 60)
    except KeyboardInterrupt:
        print("citebot: stopped watching", file=sys.stderr)
        return 0


def _setup_logging(settings) -> None:
    from .audit import setup_logging

    setup_logging(settings.log_format)


def cmd_serve(args, engine) -> int:
    from .telegram.app import run

    _setup_logging(engine.settings)
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
        report = engine.ingest([root], progress=ProgressBar("embedding"), on_wait=_waiting)
        print(report.summary(), file=sys.stderr)
        for s in report.skipped:
            print(f"skipped {s.path}: {s.reason}", file=sys.stderr)
    if settings.telegram_bot_token:
        return cmd_serve(args, engine)
    print("TELEGRAM_BOT_TOKEN is not set: starting a terminal chat on the same engine.", file=sys.stderr)
    args.turns, args.since, args.until, args.source = 6, None, None, None
    return cmd_chat(args, engine)
