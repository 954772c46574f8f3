"""citebot — ask a library of news articles, get answers that cite their sources.

Every command works on the store configured by the environment (or `.env`): by default an
embedded Chroma store under CITEBOT_DATA_DIR, offline models, no keys. Add --json to any
read command for machine-readable output.

Exit codes: 0 success, 1 error, 2 bad usage, 3 ingest finished but skipped some input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date


class UsageError(Exception):
    """Arguments that do not fit together (exit code 2)."""


def _date(value: str) -> date:
    from retrieval import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"not a date: {value!r} (use YYYY-MM-DD)")
    return parsed


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {value!r}")
    return int(value)


def _minutes(value: str) -> float:
    try:
        minutes = float(value)
    except ValueError:
        minutes = 0.0
    if not 0 < minutes <= 1440:
        raise argparse.ArgumentTypeError(f"must be minutes between 0 and 1440, got {value!r}")
    return minutes


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=_date, help="only articles published on or after this date")
    p.add_argument("--until", type=_date, help="only articles published on or before this date")
    p.add_argument("--source", action="append", metavar="OUTLET",
                   help="only articles from this outlet (repeat for several)")


def build_parser() -> argparse.ArgumentParser:
    from retrieval import BACKENDS

    from . import commands as c

    parser = argparse.ArgumentParser(prog="citebot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="load articles (.txt .md .html .jsonl, files, folders, article or feed URLs)",
                       description="Load articles into the store. Unchanged articles are skipped; changed "
                                   "ones replace their old version; syndicated copies become alternates. "
                                   "URLs of article pages and of RSS/Atom/JSON feeds are fetched.")
    p.add_argument("paths", nargs="+", metavar="PATH_OR_URL")
    p.add_argument("--prune", action="store_true",
                   help="remove stored articles whose files under PATH no longer exist")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=c.cmd_ingest)

    p = sub.add_parser("search", help="hybrid (dense + BM25) search; shows the matching passages",
                       description="Search the stored articles and print the best passages with their sources.")
    p.add_argument("query")
    p.add_argument("--k", type=_positive, default=None, help="how many passages (default SEARCH_K)")
    _add_filters(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=c.cmd_search)

    p = sub.add_parser("ask", help="answer a question with cited sources (or say the sources do not answer it)",
                       description="Answer a question from the stored articles. The answer leads with the short "
                                   "answer, then source sentences, each with a [n] marker pointing to a numbered "
                                   "source whose passage supports it.")
    p.add_argument("question")
    p.add_argument("--k", type=_positive, default=None, help="passages to retrieve (default SEARCH_K)")
    p.add_argument("--now", type=_date, default=None, help="the date 'last week' etc. count from (default today)")
    p.add_argument("--lang", default=None, help="the reader's language when the question is too short to tell")
    p.add_argument("--no-quotes", action="store_true", help="leave the quoted passages out of the source list")
    _add_filters(p)
    p.add_argument("--json", action="store_true", help="the answer, citations, flags and timings as JSON")
    p.set_defaults(func=c.cmd_ask)

    p = sub.add_parser("chat", help="a conversation in the terminal, follow-up questions included")
    p.add_argument("--turns", type=_positive, default=6, help="how many earlier turns a follow-up may use")
    _add_filters(p)
    p.set_defaults(func=c.cmd_chat)

    p = sub.add_parser("eval", help="score retrieval, answers, citations and abstention on a question set",
                       description="Run every question of a JSONL set and print a table per question type "
                                   "(and per answer type, intent and language). With --articles the articles go "
                                   "into a throwaway store; without it the configured store is used.")
    p.add_argument("questions", help="JSONL: id, question, answer, evidence_article_ids, question_type, "
                                     "abstain_expected[, short_answer, answer_type, intent, language, list_items, "
                                     "history, now]")
    p.add_argument("--articles", nargs="+", metavar="PATH", help="ingest these into a throwaway store first")
    p.add_argument("--backend", choices=BACKENDS, help="answer backend (default ANSWER_BACKEND)")
    p.add_argument("--k", type=_positive, default=None, help="passages per answer (default SEARCH_K)")
    p.add_argument("--out", metavar="FILE", help="write the full JSON report here")
    p.add_argument("--html", metavar="FILE", help="write an HTML report here")
    p.add_argument("--judge", action="store_true", help="add LLM-judged faithfulness and relevance "
                                                        "(uses the configured LLM backend's model)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=c.cmd_eval)

    p = sub.add_parser("feedback-to-eval", help="turn the bot's feedback log into an evaluation question set",
                       description="One row per person's last vote on an answer. 👍: the cited articles become "
                                   "the evidence and the answer a candidate (gold only when an admin voted); 👎 with "
                                   "a note: the note is the gold answer; \"wrong source\": the chosen source is "
                                   "recorded as not evidence. Rows without a gold label are never scored as wrong.")
    p.add_argument("log", help="the feedback log (FEEDBACK_LOG)")
    p.add_argument("--out", required=True, help="the JSONL question file to write")
    p.add_argument("--review", metavar="FILE", help="write rows without a usable label here instead of to --out "
                                                    "(without it they stay in --out, marked needs_label)")
    p.set_defaults(func=c.cmd_feedback_to_eval)

    p = sub.add_parser("watch", help="poll news feeds on a schedule and ingest what is new",
                       description="Subscribe to the feeds in FEEDS_FILE (or CITEBOT_FEEDS; one URL a line) and "
                                   "poll every subscribed feed now and every CITEBOT_FEED_INTERVAL minutes: new "
                                   "items are fetched (conditional GET, robots.txt, per-host politeness), stored "
                                   "and searchable at once. Web articles older than CITEBOT_MAX_AGE_DAYS are "
                                   "retired. `citebot serve` does the same inside the bot. Ctrl-C stops.")
    p.add_argument("feeds_file", nargs="?", metavar="FEEDS_FILE")
    p.add_argument("--once", action="store_true", help="poll once and exit (for cron)")
    p.add_argument("--interval", type=_minutes, default=None, metavar="MINUTES",
                   help="minutes between polls (default CITEBOT_FEED_INTERVAL)")
    p.add_argument("--json", action="store_true", help="one JSON object per poll")
    p.set_defaults(func=c.cmd_watch)

    p = sub.add_parser("serve", help="run the Telegram bot (TELEGRAM_BOT_TOKEN; long polling, or a webhook "
                                     "when TELEGRAM_WEBHOOK_URL is set)")
    p.set_defaults(func=c.cmd_serve)

    p = sub.add_parser("run", help="the main job: ingest CITEBOT_ARTICLE_ROOT on first use, then serve the bot "
                                   "(with a token) or chat in the terminal")
    p.set_defaults(func=c.cmd_run)

    p = sub.add_parser("stats", help="what is stored: articles, outlets, date range, chunks")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=c.cmd_stats)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from retrieval import CitebotError, Engine, load_settings

    try:
        engine = Engine(load_settings())
        return args.func(args, engine)
    except UsageError as exc:
        parser.error(str(exc))  # exits with 2
    except CitebotError as exc:
        print(f"citebot: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"citebot: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("citebot: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("CITEBOT_DEBUG"):
            raise
        print(f"citebot: internal error: {type(exc).__name__}: {exc} (set CITEBOT_DEBUG=1 for the trace)",
              file=sys.stderr)
        return 1
    return 0  # pragma: no cover - parser.error exits


if __name__ == "__main__":
    sys.exit(main())
