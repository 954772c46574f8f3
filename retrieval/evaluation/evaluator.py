"""Score retrieval, answers, citations and abstention on a question set — through exactly the path a
Telegram user's question takes (`Engine.answer`; ranking metrics re-rank with the answer's own plan).

Deterministic metrics (no model needed):
- retrieval: Hits@4, recall of *all* evidence articles @4 and @10, MRR@10 (over distinct articles);
- answers: exact match and token F1 of the lead (short) answer, gold containment in the whole answer,
  the share of a list question's items named;
- intent: whether small talk and questions about the bot were recognised;
- abstention: precision and recall of declines, and a score of +1 right, 0 declined, −1 wrong;
- citations: precision and recall of cited article ids against the evidence ids, and the share of
  answer sentences whose cited passage supports them;
- latency p50/p95.
Judge metrics (faithfulness, relevance) are added when a chat model is given. Summaries come per
question type, per answer type, per intent and per language.

Usage:
    >>> report = Evaluator(engine).run(load_questions("evals/seed_questions.jsonl"))   # doctest: +SKIP
    >>> report.summary["all"]["containment"]                                           # doctest: +SKIP
"""

from __future__ import annotations

import re
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from ..answer.citations import CitationVerifier
from ..messages import verdict_in_english
from ..models import Answer
from .metrics import contains, exact_match, item_recall, percentile, token_f1
from .questions import EvalQuestion


@dataclass
class Report:
    questions: list[dict[str, Any]]
    summary: dict[str, dict[str, float]]  # per question type, and "all"
    settings: dict[str, Any]
    by: dict[str, dict[str, dict[str, float]]]  # "answer_type" / "intent" / "language" → group → metrics

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


METRICS = [
    ("n", "n", "{:.0f}"), ("hits@4", "hits_at_4", "{:.2f}"), ("recall_all@4", "recall_all_at_4", "{:.2f}"),
    ("recall_all@10", "recall_all_at_10", "{:.2f}"), ("MRR@10", "mrr_at_10", "{:.2f}"), ("EM", "exact_match", "{:.2f}"),
    ("F1", "f1", "{:.2f}"), ("contains", "containment", "{:.2f}"), ("items", "list_recall", "{:.2f}"),
    ("intent", "intent_accuracy", "{:.2f}"), ("abst.P", "abstain_precision", "{:.2f}"),
    ("abst.R", "abstain_recall", "{:.2f}"), ("score", "score", "{:+.2f}"), ("cite.P", "citation_precision", "{:.2f}"),
    ("cite.R", "citation_recall", "{:.2f}"), ("supported", "supported_share", "{:.2f}"),
    ("p50 ms", "latency_p50_ms", "{:.0f}"), ("p95 ms", "latency_p95_ms", "{:.0f}"),
]
_AVERAGED = ("hits_at_4", "recall_all_at_4", "recall_all_at_10", "mrr_at_10", "exact_match", "f1", "containment",
             "list_recall", "intent_accuracy", "citation_precision", "citation_recall", "supported_share", "score",
             "faithfulness", "relevance")
OWN_WORDS = ("small_talk", "about_bot")


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
        by = {key: self._summarise(rows, key) for key in ("answer_type", "intent", "language")}
        return Report(rows, self._summarise(rows, "question_type"), {
            "backend": s.answer_backend, "k": k or s.search_k, "chunk_tokens": s.chunk_tokens,
            "chunk_overlap": s.chunk_overlap, "abstain_threshold": s.abstain_threshold,
            "max_chunks_per_article": s.max_chunks_per_article,
        }, by)

    def _conversation(self, q: EvalQuestion):
        """The history as the bot would have it: turns without a recorded answer are asked first."""
        history = []
        for turn in q.history:
            if turn.answer:
                history.append(turn)
            else:
                history.append(self.engine.answer(turn.question, history=list(history), now=q.now).turn())
        return history

    def _one(self, q: EvalQuestion, eq: dict[str, set[str]], k: int | None) -> dict[str, Any]:
        def canon(aid: str) -> str:
            return min(eq.get(aid, {aid}))

        evidence = {canon(e) for e in q.evidence}
        history = self._conversation(q)
        t = time.perf_counter()
        answer: Answer = self.engine.answer(q.question, history=history, now=q.now, k=k, language=q.language or None)
        latency = (time.perf_counter() - t) * 1000
        # Ranking metrics: the same plan, ranked ten articles deep.
        ranked = []
        if answer.plan is not None and answer.plan.retrieves:
            hits = self.engine.retrieve(answer.plan, k=10, max_per_article=1)
            ranked = list(dict.fromkeys(canon(h.article_id) for h in hits))

        row: dict[str, Any] = {
            "id": q.id, "question": q.question, "question_type": q.question_type,
            "answer_type": q.answer_type or answer.answer_type, "intent": q.intent or "question",
            "language": q.language or "en", "abstain_expected": q.abstain_expected, "gold": q.answers,
            "evidence": sorted(evidence), "answer": answer.text, "short_answer": answer.short_answer,
            "abstained": answer.abstained, "standalone": answer.standalone_question,
            "predicted_intent": answer.intent, "predicted_answer_type": answer.answer_type,
            "cited": [canon(c.article_id) for c in answer.citations], "retrieved": ranked,
            "citations": [c.to_dict() for c in answer.citations], "latency_ms": latency, "note": answer.note,
        }
        if evidence:
            first = next((r for r, a in enumerate(ranked[:10], 1) if a in evidence), None)
            row["hits_at_4"] = float(bool(evidence & set(ranked[:4])))
            row["recall_all_at_4"] = float(evidence <= set(ranked[:4]))
            row["recall_all_at_10"] = float(evidence <= set(ranked[:10]))
            row["mrr_at_10"] = 1.0 / first if first else 0.0
        if q.intent:
            row["intent_accuracy"] = float(answer.intent == q.intent or (
                q.intent in ("question", "follow_up") and answer.intent in ("question", "follow_up")))
        answered = not answer.abstained and bool(answer.citations)
        if not q.scored:
            row["score"] = None  # no gold label yet: never counted as wrong
        elif q.intent in OWN_WORDS:
            right = answer.intent == q.intent and not answer.citations
            row["score"] = 1.0 if right else (-1.0 if answer.citations else 0.0)
        elif q.abstain_expected:
            row["score"] = -1.0 if answered else 1.0
        else:
            short = verdict_in_english(answer.short_answer)  # "Oui" is scored as the gold's English "yes"
            text = f"{short}. {answer.text}" if answered and short else (answer.text if answered else "")
            lead = short if answered and short else text
            golds_short = q.short_answers or q.answers
            if golds_short:
                row["exact_match"] = exact_match(lead, golds_short)
                row["f1"] = token_f1(lead, golds_short)
            if q.answers:
                row["containment"] = contains(text, q.answers)
            if q.list_items:
                row["list_recall"] = item_recall(text, q.list_items)
            correct = answered and (bool(row.get("containment")) if q.answers else row.get("list_recall", 0) >= 0.5)
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
        sentences = [s for s in self.verifier.split(answer.text) if s.hits]
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

        from ..answer.backends import format_sources
        from ..answer.prompts import Prompts

        prompts = Prompts(self.engine.settings.citebot_prompts_dir)

        def ask(prompt: str) -> float | None:
            try:
                reply = self.judge.invoke([HumanMessage(prompt)]).content
                m = re.search(r"\d+(?:\.\d+)?", str(reply))
                return max(0.0, min(1.0, float(m.group(0)))) if m else None
            except Exception:  # a judge that fails leaves the metric empty, not the run
                return None

        return {
            "faithfulness": ask(prompts.render("judge_faithfulness", sources=format_sources(answer.hits, prompts),
                                               answer=answer.text)),
            "relevance": ask(prompts.render("judge_relevance", question=question, answer=answer.text)),
        }

    @staticmethod
    def _summarise(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, float]]:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            groups[str(r.get(key) or "unknown")].append(r)
        groups["all"] = rows
        out = {}
        for name, rs in groups.items():
            m: dict[str, float] = {"n": len(rs)}
            for metric in _AVERAGED:
                vals = [r[metric] for r in rs if r.get(metric) is not None]
                if vals:
                    m[metric] = statistics.fmean(vals)
            scored = [r for r in rs if r.get("score") is not None and r["intent"] not in OWN_WORDS]
            declined = [r for r in scored if r["abstained"]]
            should = [r for r in scored if r["abstain_expected"]]
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
    """A plain-text table: one row per group, then all."""
    names = [n for n in summary if n != "all"] + ["all"]
    header = ["type"] + [label for label, _, _ in METRICS]
    rows = [header]
    for n in names:
        m = summary[n]
        rows.append([n] + [fmt.format(m[key]) if key in m else "-" for _, key, fmt in METRICS])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
                     for r in rows)
