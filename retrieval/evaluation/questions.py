"""Question sets: one JSON object a line, checked field by field; every bad line is reported at once.

Fields: `id`, `question`, `answer` (a string or a list of accepted answers), `evidence_article_ids`,
`question_type`, `abstain_expected`; optional `short_answer` (accepted lead answers), `answer_type`,
`intent`, `language`, `list_items` (every item a complete answer must name), `history` (earlier
turns `{"question", "answer"?}` — a turn without an answer is played through the bot first), `now`
(the date relative time counts from), `needs_label` (a row nobody has labelled yet: never scored).

    >>> load_questions("evals/seed_questions.jsonl")[0].question     # doctest: +SKIP
    'Where did Dong Jun call for negotiations to end the war?'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..answer.plan import ANSWER_TYPES, INTENTS
from ..errors import CitebotError
from ..ingest.loaders import jsonl_objects, parse_date
from ..models import Turn


class EvalFormatError(CitebotError):
    """A question file is malformed; the message names every bad line and field."""


@dataclass
class EvalQuestion:
    id: str
    question: str
    answers: list[str]
    evidence: list[str]
    question_type: str = "unknown"
    abstain_expected: bool = False
    history: list[Turn] = field(default_factory=list)
    now: date | None = None
    short_answers: list[str] = field(default_factory=list)
    answer_type: str = ""
    intent: str = ""
    language: str = ""
    list_items: list[str] = field(default_factory=list)
    needs_label: bool = False

    @property
    def scored(self) -> bool:
        """A row with a gold label: an expected decline, an answer, list items, or an intent to check."""
        return not self.needs_label and (self.abstain_expected or bool(self.answers) or bool(self.list_items)
                                         or self.intent in ("small_talk", "about_bot"))


def read_text(path: Path) -> str:
    """A UTF-8 file (a BOM is fine), or one clear error."""
    if not path.is_file():
        raise EvalFormatError(f"{path}: no such file")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EvalFormatError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    except OSError as exc:
        raise EvalFormatError(f"{path}: unreadable ({exc.strerror or exc})") from None


def _strings(row: dict[str, Any], name: str, problems: list[str], allow_str: bool = True) -> list[str]:
    value = row.get(name, [])
    if allow_str and isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"field '{name}' must be {'a string or ' if allow_str else ''}a list of strings")
        return []
    return [v for v in value if v.strip()]


def _choice(row: dict[str, Any], name: str, allowed: tuple[str, ...], problems: list[str]) -> str:
    value = row.get(name, "")
    if value in ("", None):
        return ""
    if not isinstance(value, str) or value not in (*allowed, "none"):
        problems.append(f"field '{name}' must be one of {', '.join(allowed)} (got {value!r})")
        return ""
    return value


def _row(row: dict[str, Any], problems: list[str]) -> EvalQuestion | None:
    qid = row.get("id")
    if not isinstance(qid, str | int) or isinstance(qid, bool) or not str(qid).strip():
        problems.append("field 'id' must be a non-empty string")
    q = row.get("question")
    if not isinstance(q, str) or not q.strip():
        problems.append("field 'question' must be a non-empty string")
    answers = _strings(row, "answer", problems)
    evidence = _strings(row, "evidence_article_ids", problems, allow_str=False)
    short = _strings(row, "short_answer", problems)
    items = _strings(row, "list_items", problems, allow_str=False)
    abstain = row.get("abstain_expected", False)
    if not isinstance(abstain, bool):
        problems.append("field 'abstain_expected' must be true or false")
    qtype = row.get("question_type", "unknown")
    if not isinstance(qtype, str):
        problems.append("field 'question_type' must be a string")
    language = row.get("language", "")
    if not isinstance(language, str):
        problems.append("field 'language' must be a string")
    answer_type = _choice(row, "answer_type", ANSWER_TYPES, problems)
    intent = _choice(row, "intent", INTENTS, problems)
    history = []
    raw_history = row.get("history") or []
    if not isinstance(raw_history, list):
        raw_history = [raw_history]
    for turn in raw_history:
        if not isinstance(turn, dict) or not isinstance(turn.get("question"), str):
            problems.append("field 'history' must be a list of {question, answer} objects")
            break
        history.append(Turn(turn["question"], str(turn.get("answer", "") or "")))
    now = None
    if row.get("now"):
        now = parse_date(row["now"])
        if now is None:
            problems.append(f"field 'now' is not a date: {row['now']!r}")
    if problems:
        return None
    return EvalQuestion(str(qid), q.strip(), answers, evidence, qtype or "unknown", abstain, history, now, short,
                        answer_type, intent, language, items, bool(row.get("needs_label")))


def load_questions(path: str | Path) -> list[EvalQuestion]:
    path = Path(path)
    out: list[EvalQuestion] = []
    errors: list[str] = []
    seen: set[str] = set()
    for n, row, problem in jsonl_objects(read_text(path)):
        if problem:
            errors.append(f"line {n}: {problem}")
            continue
        problems: list[str] = []
        q = _row(row, problems)
        if q is not None and q.id in seen:
            problems.append(f"duplicate id {q.id!r}")
        if problems:
            errors.append(f"line {n}: " + "; ".join(problems))
            continue
        seen.add(q.id)
        out.append(q)
    if errors:
        shown = "; ".join(errors[:20]) + (f"; … and {len(errors) - 20} more" if len(errors) > 20 else "")
        raise EvalFormatError(f"{path}: {len(errors)} bad line{'s' if len(errors) > 1 else ''}: {shown}")
    if not out:
        raise EvalFormatError(f"{path}: no questions")
    return out
