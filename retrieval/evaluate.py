"""Score retrieval, answers, citations and abstention on a JSONL question set.

Input, one JSON object a line: `id`, `question`, `answer` (a string or a list of accepted
answers), `evidence_article_ids`, `question_type`, `abstain_expected`; optional `history`
(earlier turns: `{"question", "answer"}`) and `now` (the date time expressions count from).

Deterministic metrics (no model needed):
- retrieval: Hits@k, recall of *all* evidence articles @4 and @10, MRR@10 (over distinct articles);
- answers: exact match, token F1 (SQuAD normalisation), gold-answer containment;
- abstention: precision and recall of declines, and a score of +1 right, 0 declined, −1 wrong;
- citations: precision and recall of cited article ids against the evidence ids, and the share of
  answer sentences whose cited passage supports them;
- latency p50/p95.
Judge metrics (faithfulness, relevance) are added when a chat model is given.

Usage:
    >>> questions = load_questions("evals/seed_questions.jsonl")
    >>> report = Evaluator(engine).run(questions)                # doctest: +SKIP
    >>> report.summary["all"]["containment"]                      # doctest: +SKIP
"""

from __future__ import annotations

import re
import statistics
import string
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .citations import CitationVerifier
from .errors import CitebotError
from .followup import Turn
from .loaders import jsonl_objects, parse_date
from .models import Answer


class EvalFormatError(CitebotError):
    """A question file line is malformed; the message names the line and the field."""


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


def load_questions(path: str | Path) -> list[EvalQuestion]:
    path = Path(path)
    if not path.is_file():
        raise EvalFormatError(f"{path}: no such file")
    out: list[EvalQuestion] = []
    seen: set[str] = set()
    for n, row, problem in jsonl_objects(path.read_text(encoding="utf-8")):
        where = f"{path} line {n}"
        if problem:
            raise EvalFormatError(f"{where}: {problem}")
        q = row.get("question")
        if not isinstance(q, str) or not q.strip():
            raise EvalFormatError(f"{where}: field 'question' must be a non-empty string")
        answer = row.get("answer", "")
        answers = [answer] if isinstance(answer, str) else answer
        if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
            raise EvalFormatError(f"{where}: field 'answer' must be a string or a list of strings")
        evidence = row.get("evidence_article_ids", [])
        if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
            raise EvalFormatError(f"{where}: field 'evidence_article_ids' must be a list of strings")
        abstain = row.get("abstain_expected", False)
        if not isinstance(abstain, bool):
            raise EvalFormatError(f"{where}: field 'abstain_expected' must be true or false")
        history = []
        for turn in row.get("history") or []:
            if not isinstance(turn, dict) or not isinstance(turn.get("question"), str):
                raise EvalFormatError(f"{where}: field 'history' must be a list of {{question, answer}} objects")
            history.append(Turn(turn["question"], str(turn.get("answer", ""))))
        now = None
        if row.get("now"):
            now = parse_date(row["now"])
            if now is None:
                raise EvalFormatError(f"{where}: field 'now' is not a date: {row['now']!r}")
        qid = str(row.get("id") or f"line{n}")
        if qid in seen:
            raise EvalFormatError(f"{where}: duplicate id {qid!r}")
        seen.add(qid)
        out.append(EvalQuestion(qid, q.strip(), [a for a in answers if a.strip()], evidence,
                                str(row.get("question_type") or "unknown"), abstain, history, now))
    if not out:
        raise EvalFormatError(f"{path}: no questions")
    return out


# --- answer metrics (SQuAD normalisation) ------------------------------------------------------
def normalize(text: str) -> str:
    text = text.casefold().replace("’", "'")
    text = re.sub(r"\[\d+\]", " ", text)
    text = "".join(ch for ch in text if ch not in set(string.punctuation) | {"“", "”", "‘"})
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def exact_match(pred: str, golds: list[str]) -> float:
    return float(any(normalize(pred) == normalize(g) for g in golds))


def token_f1(pred: str, golds: list[str]) -> float:
    p = normalize(pred).split()
    best = 0.0
    for g in golds:
        t = normalize(g).split()
        common = Counter(p) & Counter(t)
        same = sum(common.values())
        if same:
            precision, recall = same / len(p), same / len(t)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def contains(pred: str, golds: list[str]) -> float:
    p = normalize(pred)
    return float(any(normalize(g) and normalize(g) in p for g in golds))


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


@dataclass
class Report:
    questions: list[dict[str, Any]]
    summary: dict[str, dict[str, float]]
    settings: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


METRICS = [
    ("n", "n", "{:.0f}"), ("hits@4", "hits_at_4", "{:.2f}"), ("recall_all@4", "recall_all_at_4", "{:.2f}"),
    ("recall_all@10", "recall_all_at_10", "{:.2f}"), ("MRR@10", "mrr_at_10", "{:.2f}"), ("EM", "exact_match", "{:.2f}"),
    ("F1", "f1", "{:.2f}"), ("contains", "containment", "{:.2f}"), ("abst.P", "abstain_precision", "{:.2f}"),
    ("abst.R", "abstain_recall", "{:.2f}"), ("score", "score", "{:+.2f}"), ("cite.P", "citation_precision", "{:.2f}"),
    ("cite.R", "citation_recall", "{:.2f}"), ("supported", "supported_share", "{:.2f}"),
    ("p50 ms", "latency_p50_ms", "{:.0f}"), ("p95 ms", "latency_p95_ms", "{:.0f}"),
]


class Evaluator:
    """Runs a question set through an Engine and scores it."""

    def __init__(self, engine, judge=None):
        self.engine = engine
        self.judge = judge  # a LangChain chat model, or None
        self.verifier = CitationVerifier()

    def _equivalents(self) -> dict[str, set[str]]:
        """Article id → the ids that stand for the same article (a canonical and its copies)."""
        eq: dict[str, set[str]] = defaultdict(set)
        for aid, rec in self.engine.store.all_articles().items():
            root = rec.canonical or aid
            eq[root].add(aid)
            eq[aid] = eq[root]
        return eq

    def run(self, questions: Iterable[EvalQuestion], k: int | None = None,
            progress: Callable[[int, int], None] | None = None) -> Report:
        questions = list(questions)
        eq = self._equivalents()
        rows = []
        for i, q in enumerate(questions, 1):
            rows.append(self._one(q, eq, k))
            if progress:
                progress(i, len(questions))
        s = self.engine.settings
        return Report(rows, self._summarise(rows), {
            "backend": s.answer_backend, "k": k or s.search_k, "chunk_tokens": s.chunk_tokens,
            "chunk_overlap": s.chunk_overlap, "abstain_threshold": s.abstain_threshold,
            "max_chunks_per_article": s.max_chunks_per_article,
        })

    def _one(self, q: EvalQuestion, eq: dict[str, set[str]], k: int | None) -> dict[str, Any]:
        def canon(aid: str) -> str:
            return min(eq.get(aid, {aid}))

        evidence = {canon(e) for e in q.evidence}
        # Retrieval over distinct articles, with the same standalone question and time scope the answer uses.
        from .chain import merge_filters
        from .timefilter import parse_time_scope

        standalone = self.engine.pipeline.rules.condense(q.question, q.history) if q.history else q.question
        scope = parse_time_scope(standalone, q.now)
        hits = self.engine.searcher.search(scope.question or standalone, k=10, filters=merge_filters(None, scope),
                                           max_per_article=1)
        ranked = list(dict.fromkeys(canon(h.article_id) for h in hits))
        t = time.perf_counter()
        answer: Answer = self.engine.answer(q.question, history=q.history, now=q.now, k=k)
        latency = (time.perf_counter() - t) * 1000

        row: dict[str, Any] = {
            "id": q.id, "question": q.question, "question_type": q.question_type,
            "abstain_expected": q.abstain_expected, "gold": q.answers, "evidence": sorted(evidence),
            "answer": answer.text, "abstained": answer.abstained, "standalone": answer.standalone_question,
            "cited": [canon(c.article_id) for c in answer.citations], "retrieved": ranked, "latency_ms": latency,
            "note": answer.note,
        }
        if evidence:
            first = next((r for r, a in enumerate(ranked[:10], 1) if a in evidence), None)
            row["hits_at_4"] = float(bool(evidence & set(ranked[:4])))
            row["recall_all_at_4"] = float(evidence <= set(ranked[:4]))
            row["recall_all_at_10"] = float(evidence <= set(ranked[:10]))
            row["mrr_at_10"] = 1.0 / first if first else 0.0
        answered = not answer.abstained
        if not q.abstain_expected:
            text = answer.text if answered else ""
            row["exact_match"] = exact_match(text, q.answers) if q.answers else None
            row["f1"] = token_f1(text, q.answers) if q.answers else None
            row["containment"] = contains(text, q.answers) if q.answers else None
            correct = answered and bool(row["containment"])
        else:
            correct = not answered
        row["score"] = 1.0 if correct else (0.0 if not answered else -1.0)
        if answered and evidence:
            cited = set(row["cited"])
            row["citation_precision"] = len(cited & evidence) / len(cited) if cited else 0.0
            row["citation_recall"] = len(cited & evidence) / len(evidence)
        if answered:
            row["supported_share"] = self.supported_share(answer)
        if self.judge is not None and answered:
            row.update(self._judge(q.question, answer))
        return row

    def supported_share(self, answer: Answer) -> float:
        """Share of answer sentences whose cited articles' retrieved passages support them."""
        by_marker = {c.marker: c.article_id for c in answer.citations}
        sentences = self.verifier.split(answer.text)
        if not sentences:
            return 0.0
        ok = 0
        for s in sentences:
            arts = {by_marker.get(m + 1) for m in s.hits}
            passages = [h for h in answer.hits if h.article_id in arts]
            ok += any(self.verifier.supports(s.claim, h) for h in passages)
        return ok / len(sentences)

    def _judge(self, question: str, answer: Answer) -> dict[str, float | None]:
        from langchain_core.messages import HumanMessage

        from .llm import format_sources
        from .prompts import render

        def ask(prompt: str) -> float | None:
            try:
                reply = self.judge.invoke([HumanMessage(prompt)]).content
                m = re.search(r"\d+(?:\.\d+)?", str(reply))
                return max(0.0, min(1.0, float(m.group(0)))) if m else None
            except Exception:
                return None

        return {
            "faithfulness": ask(render("judge_faithfulness", sources=format_sources(answer.hits), answer=answer.text)),
            "relevance": ask(render("judge_relevance", question=question, answer=answer.text)),
        }

    @staticmethod
    def _summarise(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            groups[r["question_type"]].append(r)
        groups["all"] = rows
        out = {}
        for name, rs in groups.items():
            m: dict[str, float] = {"n": len(rs)}
            for key in ("hits_at_4", "recall_all_at_4", "recall_all_at_10", "mrr_at_10", "exact_match", "f1",
                        "containment", "citation_precision", "citation_recall", "supported_share", "score",
                        "faithfulness", "relevance"):
                vals = [r[key] for r in rs if r.get(key) is not None]
                if vals:
                    m[key] = statistics.fmean(vals)
            declined = [r for r in rs if r["abstained"]]
            should = [r for r in rs if r["abstain_expected"]]
            if declined:
                m["abstain_precision"] = sum(r["abstain_expected"] for r in declined) / len(declined)
            if should:
                m["abstain_recall"] = sum(r["abstained"] for r in should) / len(should)
            lat = [r["latency_ms"] for r in rs]
            m["latency_p50_ms"] = percentile(lat, 0.5)
            m["latency_p95_ms"] = percentile(lat, 0.95)
            out[name] = m
        return out


def format_table(summary: dict[str, dict[str, float]]) -> str:
    """A plain-text table: one row per question type, then all."""
    names = [n for n in summary if n != "all"] + ["all"]
    header = ["type"] + [label for label, _, _ in METRICS]
    rows = [header]
    for n in names:
        m = summary[n]
        rows.append([n] + [fmt.format(m[key]) if key in m else "-" for _, key, fmt in METRICS])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
                     for r in rows)


def read_feedback_log(path: str | Path) -> list[dict[str, Any]]:
    """The bot's feedback log (FEEDBACK_LOG), one record a line."""
    path = Path(path)
    if not path.is_file():
        raise EvalFormatError(f"{path}: no such file")
    records = []
    for n, record, problem in jsonl_objects(path.read_text(encoding="utf-8")):
        if problem:
            raise EvalFormatError(f"{path} line {n}: {problem}")
        records.append(record)
    return records


def feedback_to_questions(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turn the bot's feedback log into evaluation questions.

    👍 → the answer is accepted (its quoted sources become the evidence); 👎 → kept for labelling
    (`needs_label`); "wrong source" → the cited articles are recorded as `not_evidence_article_ids`.
    """
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
