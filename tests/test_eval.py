"""Evaluation: input validation, metric definitions, the CLI, feedback conversion, and the
regression gate — the seed set must keep its quality."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from retrieval.evaluation import (
    EvalFormatError,
    Evaluator,
    contains,
    exact_match,
    feedback_to_questions,
    load_questions,
    normalize,
    percentile,
    token_f1,
)

from .conftest import ROOT, SEEDS

SEED_SET = ROOT / "evals" / "seed_questions.jsonl"


def test_seed_set_shape():
    qs = load_questions(SEED_SET)
    assert len(qs) >= 100
    kinds = {q.answer_type for q in qs}
    assert {"person", "organization", "place", "date", "number", "yes_no", "list", "reason"} <= kinds
    assert {q.intent for q in qs} >= {"question", "follow_up", "small_talk", "about_bot"}
    assert any(len(q.history) >= 2 for q in qs) and any(q.list_items for q in qs)
    assert sum(q.question_type == "near_miss" for q in qs) >= 10
    assert sum(q.abstain_expected for q in qs) >= 10
    types = {q.question_type for q in qs}
    assert {"follow_up", "time_scoped", "multi_article", "unanswerable"} <= types
    assert any(q.history for q in qs) and any(q.now for q in qs)
    assert any(len(q.evidence) > 1 for q in qs)


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "line 1: invalid JSON"),
    ('["a"]', "line 1: a line must be a JSON object"),
    ('{"id": "x"}', "field 'question'"),
    ('{"question": "q", "answer": 5}', "field 'answer'"),
    ('{"question": "q", "evidence_article_ids": "a"}', "field 'evidence_article_ids'"),
    ('{"question": "q", "abstain_expected": "yes"}', "field 'abstain_expected'"),
    ('{"question": "q", "history": ["hi"]}', "field 'history'"),
    ('{"question": "q", "now": "someday"}', "field 'now'"),
])
def test_malformed_lines_name_line_and_field(tmp_path, line, message):
    f = tmp_path / "q.jsonl"
    f.write_text(line + "\n")
    with pytest.raises(EvalFormatError, match=message.replace("(", r"\(")):
        load_questions(f)


def test_duplicate_ids_and_empty_file(tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_text('{"id": "a", "question": "q"}\n\n{"id": "a", "question": "r"}\n')
    with pytest.raises(EvalFormatError, match="line 3: duplicate id"):
        load_questions(f)
    f.write_text("\n")
    with pytest.raises(EvalFormatError, match="no questions"):
        load_questions(f)


def test_answer_metrics():
    assert normalize("The  Xiangshan Forum, [1]!") == "xiangshan forum"  # SQuAD: punctuation removed
    assert exact_match("the Xiangshan Forum.", ["Xiangshan Forum"]) == 1.0
    assert token_f1("at the Xiangshan Forum in Beijing", ["Xiangshan Forum"]) == pytest.approx(2 * 0.4 / 1.4)
    assert token_f1("nothing here", ["Xiangshan Forum"]) == 0.0
    assert contains("He spoke at the Xiangshan Forum [1].", ["Shangri-La", "Xiangshan Forum"]) == 1.0
    assert percentile([1, 2, 3, 4], 0.5) == 2.5 and percentile([], 0.9) == 0.0


def test_scores_and_citation_metrics(seeded):
    rows = Evaluator(seeded).run([q for q in load_questions(SEED_SET) if q.id in ("seed_23", "seed_41")]).questions
    answered, declined = rows
    assert answered["score"] == 1.0 and answered["citation_precision"] == 1.0 and answered["citation_recall"] == 1.0
    assert answered["recall_all_at_4"] == 1.0 and answered["mrr_at_10"] == 1.0 and answered["supported_share"] == 1.0
    assert declined["abstained"] and declined["score"] == 1.0 and "citation_precision" not in declined


@pytest.fixture(scope="module")
def seed_report(seeded_engine_factory):
    return Evaluator(seeded_engine_factory).run(load_questions(SEED_SET))


def test_seed_regression_gate_original_52(seed_report):
    """The first 52 questions at (at least) the level they were measured at before the larger set:
    fails the build when quality drops below the measured level minus a margin."""
    rows = [r for r in seed_report.questions if r["id"] in {f"seed_{i:02d}" for i in range(1, 53)}]
    m = Evaluator._summarise(rows, "question_type")["all"]
    assert m["n"] == 52
    assert m["recall_all_at_10"] >= 0.95 and m["hits_at_4"] >= 0.95
    assert m["containment"] >= 0.90
    assert m["abstain_recall"] >= 0.90 and m["abstain_precision"] >= 0.95
    assert m["citation_precision"] >= 0.88 and m["citation_recall"] >= 0.88
    assert m["supported_share"] == 1.0
    assert m["score"] >= 0.80


def test_seed_regression_gate(seed_report):
    """The whole seed set (319 questions: every answer type, lists, follow-up chains, small talk,
    related paragraphs, near misses, and 60 fresh questions written blind), at the measured level minus
    a margin (README)."""
    m = seed_report.summary["all"]
    assert m["n"] >= 315
    assert m["recall_all_at_10"] >= 0.95 and m["hits_at_4"] >= 0.95
    assert m["containment"] >= 0.90  # measured 0.93
    assert m["abstain_precision"] >= 0.87 and m["abstain_recall"] >= 0.94  # measured 0.91 / 0.97
    assert m["supported_share"] == 1.0
    assert m["score"] >= 0.86  # measured +0.90
    assert m["exact_match"] >= 0.60  # measured 0.64: the lead, phrases and yes/no included
    assert seed_report.summary["near_miss"]["abstain_recall"] >= 0.92  # measured 0.97
    assert seed_report.summary["time_scoped"]["score"] >= 0.85
    assert seed_report.summary["small_talk"]["score"] == 1.0 and seed_report.summary["about_bot"]["score"] == 1.0
    by_type = seed_report.by["answer_type"]
    assert by_type["person"]["exact_match"] >= 0.88 and by_type["organization"]["exact_match"] >= 0.82  # .93/.88
    # number 0.79: "how many days after …" is computed from two dates, "both sides" is a count
    assert by_type["number"]["exact_match"] >= 0.72 and by_type["date"]["exact_match"] >= 0.75  # date 0.80
    assert by_type["place"]["exact_match"] >= 0.85  # measured 0.91
    # yes/no 0.74: seed_085's answering sentence is read again from the story the question names
    assert by_type["quote"]["exact_match"] >= 0.50 and by_type["yes_no"]["exact_match"] >= 0.68  # 0.57 / 0.74


def test_cli_eval_writes_reports(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    subset = tmp_path / "q.jsonl"
    subset.write_text("".join(SEED_SET.read_text().splitlines(keepends=True)[:4]))
    code = main(["eval", str(subset), "--articles", str(SEEDS), "--out", "r.json", "--html", "r.html"])
    out = capsys.readouterr().out
    assert code == 0 and out.splitlines()[0].split()[:3] == ["type", "n", "hits@4"]
    report = json.loads((tmp_path / "r.json").read_text())
    assert len(report["questions"]) == 4 and report["summary"]["all"]["n"] == 4
    assert "latency_ms" in report["questions"][0] and report["questions"][0]["cited"]
    html = (tmp_path / "r.html").read_text()
    assert "<table>" in html and "seed_01" in html


def test_feedback_log_becomes_a_question_set(tmp_path, capsys):
    log = tmp_path / "feedback.jsonl"
    records = [
        {"feedback": "up", "question": "Q1", "answer": "A1 [1].", "cited": ["a"], "abstained": False},
        {"feedback": "down", "question": "Q2", "answer": "A2", "cited": ["b"]},
        {"feedback": "wrong_source", "question": "Q3", "answer": "A3", "cited": ["c"],
         "history": [{"question": "Q0", "answer": "A0"}]},
    ]
    log.write_text("".join(json.dumps(r) + "\n" for r in records))
    rows = feedback_to_questions(records)
    assert [r["question_type"] for r in rows] == ["feedback_up", "feedback_down", "feedback_wrong_source"]
    assert rows[0]["evidence_article_ids"] == ["a"] and rows[2]["not_evidence_article_ids"] == ["c"]
    assert main(["feedback-to-eval", str(log), "--out", str(tmp_path / "q.jsonl")]) == 0
    loaded = load_questions(tmp_path / "q.jsonl")
    assert [q.question for q in loaded] == ["Q1", "Q2", "Q3"] and loaded[2].history[0].question == "Q0"


def test_judge_metrics_with_a_chat_model(seeded):
    from langchain_core.language_models import FakeListChatModel

    judge = FakeListChatModel(responses=["0.75\nmost sentences are supported", "1"])
    q = [q for q in load_questions(SEED_SET) if q.id == "seed_23"]
    report = Evaluator(seeded, judge=judge).run(q)
    row = report.questions[0]
    assert row["faithfulness"] == 0.75 and row["relevance"] == 1.0
    assert report.summary["all"]["faithfulness"] == 0.75


def test_cli_judge_needs_an_llm_backend(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ANSWER_BACKEND", raising=False)
    assert main(["eval", str(SEED_SET), "--judge"]) == 1
    assert "--judge needs an LLM backend" in capsys.readouterr().err


def test_bad_feedback_log_is_one_clear_error(tmp_path, capsys):
    log = tmp_path / "feedback.jsonl"
    log.write_text('{"feedback": "up", "question": "Q"}\n{oops\n')
    assert main(["feedback-to-eval", str(log), "--out", str(tmp_path / "q.jsonl")]) == 1
    assert "line 2: invalid JSON" in capsys.readouterr().err
    assert main(["feedback-to-eval", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "q.jsonl")]) == 1


@pytest.mark.parametrize("condenser", ["rules", "llm"])
def test_evaluation_measures_exactly_what_users_get(seeded, condenser):
    """The evaluator's answers equal Engine.answer()'s for the same question, history and now."""
    from langchain_core.language_models import FakeListChatModel

    from retrieval import Engine, load_settings

    engine = seeded
    if condenser == "llm":  # a model that rewrites follow-ups (and answers nothing itself)
        rewrites = {"What did he tell Shoigu?": "What did Dong Jun tell Sergei Shoigu?"}

        class Rewriter(FakeListChatModel):
            def invoke(self, messages, *args, **kwargs):
                text = messages[-1].content
                if "Last question:" not in text:
                    reply = "NOT_IN_SOURCES"  # asked to answer: decline (the sources' own answer may stand)
                else:
                    last = text.rsplit("Last question:", 1)[-1].split("\n")[0].strip()
                    reply = rewrites.get(last, last)
                return super().invoke(messages, *args, **kwargs).model_copy(update={"content": reply})

        engine = Engine(load_settings(citebot_data_dir=seeded.settings.citebot_data_dir), embedder=seeded.embedder,
                        chat_model=Rewriter(responses=["x"]))
    questions = load_questions(SEED_SET)
    report = Evaluator(engine).run(questions)
    for q, row in zip(questions, report.questions, strict=True):
        history = Evaluator(engine)._conversation(q)
        direct = engine.answer(q.question, history=history, now=q.now, language=q.language or None)
        assert (row["answer"], row["abstained"], row["standalone"]) == (
            direct.text, direct.abstained, direct.standalone_question), q.id
