"""The bot's feedback log (FEEDBACK_LOG) turned into evaluation questions.

    >>> feedback_to_questions([{"feedback": "up", "question": "Q", "answer": "A [1].", "cited": ["a"]}])[0]["id"]
    'feedback_1'
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..ingest.loaders import jsonl_objects
from .questions import EvalFormatError, read_text


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


def feedback_to_questions(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """👍 → the answer is accepted (its quoted sources become the evidence); 👎 → kept for labelling
    (`needs_label`); "wrong source" → the cited articles are recorded as `not_evidence_article_ids`."""
    out = []
    for i, r in enumerate(records, 1):
        kind = r.get("feedback")
        if kind not in ("up", "down", "wrong_source") or not r.get("question"):
            continue
        row: dict[str, Any] = {
            "id": f"feedback_{i}", "question": r["question"], "question_type": f"feedback_{kind}",
            "answer": r.get("answer", "") if kind == "up" else "",
            "evidence_article_ids": r.get("cited", []) if kind == "up" else [],
            "abstain_expected": bool(r.get("abstained")) and kind == "up",
        }
        if kind == "down":
            row["needs_label"] = True
        if kind == "wrong_source":
            row["not_evidence_article_ids"] = r.get("cited", [])
            row["needs_label"] = True
        if r.get("history"):
            row["history"] = r["history"]
        out.append(row)
    return out
