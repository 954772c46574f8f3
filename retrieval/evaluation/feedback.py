"""The bot's feedback log (FEEDBACK_LOG) turned into evaluation questions — only with labels people gave.

The log is append-only: every press is a line, and a person who changes their mind presses again
(the line names the vote it `replaces`). So one person's votes on one answer collapse to the last,
and their "what was wrong?" note (a `note` line) is attached to it. Then, per vote:

- 👍 — the cited articles are the evidence; the answer is kept as `candidate_answer`, and becomes the
  gold answer only when an admin voted (`admin: true`, a confirmation);
- 👎 — with a note, the note is the gold answer (the person's correction); without one, the row
  `needs_label`;
- "wrong source" — the source the person chose (or the only one cited) is `not_evidence_article_ids`;
  the row `needs_label` a gold answer.

Rows that `need_label` are never scored as wrong by `citebot eval` (they are not scored at all).

    >>> feedback_to_questions([{"feedback": "up", "question": "Q", "answer": "A [1].", "cited": ["a"]}])[0]["id"]
    'feedback_1'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..ingest.loaders import jsonl_objects
from .questions import EvalFormatError, read_text

VOTES = ("up", "down", "wrong_source")
_MARKER = re.compile(r"\s*\[\d+\]")


def read_feedback_log(path: str | Path) -> list[dict[str, Any]]:
    """The bot's feedback log, one record a line; every bad line is named at once."""
    path = Path(path)
    records, errors = [], []
    for n, record, problem in jsonl_objects(read_text(path)):
        if problem:
            errors.append(f"line {n}: {problem}")
        else:
            records.append(record)
    if errors:
        plural = "s" if len(errors) > 1 else ""
        raise EvalFormatError(f"{path}: {len(errors)} bad line{plural}: " + "; ".join(errors[:20]))
    return records


def latest_votes(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One vote per person per answer — the last — with that person's notes on the answer as `note`.
    Records without an answer id or user id (older logs) each stand alone."""
    votes: dict[tuple, dict[str, Any]] = {}
    notes: dict[tuple, list[str]] = {}
    for i, r in enumerate(records):
        key = (r["answer_id"], r["user_id"]) if r.get("answer_id") and r.get("user_id") is not None else ("#", i)
        if r.get("feedback") == "note":
            if str(r.get("note") or "").strip():
                notes.setdefault(key, []).append(str(r["note"]).strip())
        elif r.get("feedback") in VOTES:
            votes.pop(key, None)  # a later press replaces the earlier one (and takes its place in time)
            votes[key] = r
    return [{**r, "note": " ".join(notes[key])} if key in notes else r for key, r in votes.items()]


def _row(n: int, r: dict[str, Any]) -> dict[str, Any]:
    kind, cited, note = r["feedback"], list(r.get("cited") or []), str(r.get("note") or "")
    row: dict[str, Any] = {"id": f"feedback_{n}", "question": r["question"], "question_type": f"feedback_{kind}",
                           "answer": "", "evidence_article_ids": [], "abstain_expected": False}
    if kind == "up":
        row["evidence_article_ids"] = cited
        row["candidate_answer"] = r.get("answer", "")
        if r.get("admin"):  # an admin's 👍 confirms the answer as gold
            row["answer"] = _MARKER.sub("", r.get("answer", "")).strip()
            if r.get("short_answer"):
                row["short_answer"] = r["short_answer"]
            row["abstain_expected"] = bool(r.get("abstained"))
    elif kind == "down":
        row["rejected_answer"] = r.get("answer", "")
        if note:
            row["answer"] = note
        else:
            row["needs_label"] = True
    else:
        wrong = r.get("wrong_article_id") or (cited[0] if len(cited) == 1 else None)
        row["not_evidence_article_ids"] = [wrong] if wrong else []
        row["needs_label"] = True
    for field in ("history", "language", "answer_id", "note"):
        if r.get(field):
            row[field] = r[field]
    return row


def feedback_to_questions(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evaluation rows from the log: one per person's last vote on an answer (see the module docstring)."""
    votes = [r for r in latest_votes(records) if r.get("question")]
    return [_row(n, r) for n, r in enumerate(votes, 1)]


def split_for_review(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows with a usable label, rows someone must label first)."""
    return [r for r in rows if not r.get("needs_label")], [r for r in rows if r.get("needs_label")]
