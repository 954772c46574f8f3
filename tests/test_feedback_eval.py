"""The feedback log as an evaluation set: one row per person's last vote, labels only where people gave
them, and `citebot eval` never counting an unlabelled row as wrong."""

from __future__ import annotations

import json

from bot.cli import main
from retrieval import Evaluator, feedback_to_questions, load_questions
from retrieval.evaluation.feedback import latest_votes, split_for_review

SUPPORT, TALKS = "001_e6593ee7aab35600", "000_92ea0622785c83bc"  # two seed articles
SHOIGU = "What did China's defense minister tell Shoigu?"
ANSWER = ("Chinese Defense Minister Dong Jun gave his full support to Russia's war in Ukraine during a video call "
          "with his Russian counterpart Sergei Shoigu [1].")


def vote(kind: str, user: int = 1, answer_id: str = "a1", **extra) -> dict:
    return {"feedback": kind, "answer_id": answer_id, "user_id": user, "question": SHOIGU, "answer": ANSWER,
            "cited": [SUPPORT, TALKS], "abstained": False, **extra}


def test_the_last_press_wins_and_notes_attach_to_it():
    records = [vote("up"), vote("down", replaces="up"), vote("up", user=2),
               {"feedback": "note", "answer_id": "a1", "user_id": 1, "note": "wrong minister"},
               vote("wrong_source", replaces="down", wrong_article_id=TALKS)]
    votes = latest_votes(records)
    assert [(v["user_id"], v["feedback"]) for v in votes] == [(2, "up"), (1, "wrong_source")]
    assert votes[1]["note"] == "wrong minister" and "note" not in votes[0]
    old = [{"feedback": "up", "question": "Q"}, {"feedback": "up", "question": "Q"}]  # no ids: each stands alone
    assert len(latest_votes(old)) == 2


def test_labels_come_only_from_people():
    up, confirmed, down, corrected, wrong, unsure = feedback_to_questions([
        vote("up", user=1), vote("up", user=9, admin=True, short_answer="full support"),
        vote("down", user=2), vote("down", user=3),
        vote("wrong_source", user=4, wrong_article_id=TALKS), vote("wrong_source", user=5),
        {"feedback": "note", "answer_id": "a1", "user_id": 3, "note": "He pledged support to Russia"},
    ])
    # 👍: the cited articles are evidence, the answer only a candidate …
    assert up["evidence_article_ids"] == [SUPPORT, TALKS] and up["answer"] == "" and up["candidate_answer"] == ANSWER
    assert "needs_label" not in up
    # … unless an admin confirmed it: then it is gold (without the markers)
    assert confirmed["answer"] == ANSWER.replace(" [1]", "") and confirmed["short_answer"] == "full support"
    # 👎 alone needs a label; 👎 with a correction is gold
    assert down["needs_label"] and down["answer"] == "" and down["rejected_answer"] == ANSWER
    assert corrected["answer"] == "He pledged support to Russia" and "needs_label" not in corrected
    # "wrong source": the chosen one only — with two cited and none chosen, nothing is assumed
    assert wrong["not_evidence_article_ids"] == [TALKS] and wrong["needs_label"]
    assert unsure["not_evidence_article_ids"] == [] and unsure["needs_label"]
    labelled, review = split_for_review([up, confirmed, down, corrected, wrong, unsure])
    assert labelled == [up, confirmed, corrected] and review == [down, wrong, unsure]


def test_cli_writes_reviews_apart_and_eval_never_scores_them_as_wrong(seeded, tmp_path, capsys, monkeypatch):
    log = tmp_path / "feedback.jsonl"
    records = [vote("up", user=1), vote("up", user=9, answer_id="a2", admin=True), vote("down", user=2),
               vote("down", user=3, answer_id="a3", question="What is the capital of France?", cited=[])]
    log.write_text("".join(json.dumps(r) + "\n" for r in records))
    out, review = tmp_path / "q.jsonl", tmp_path / "review.jsonl"
    assert main(["feedback-to-eval", str(log), "--out", str(out), "--review", str(review)]) == 0
    assert "2 questions written" in capsys.readouterr().out
    labelled, unlabelled = load_questions(out), load_questions(review)
    assert [q.question_type for q in labelled] == ["feedback_up", "feedback_up"]
    assert [q.needs_label for q in unlabelled] == [True, True]

    report = Evaluator(seeded).run(labelled + unlabelled)
    scores = {r["id"]: r["score"] for r in report.questions}
    assert scores == {"feedback_1": None, "feedback_2": 1.0, "feedback_3": None, "feedback_4": None}
    assert report.questions[0]["hits_at_4"] == 1.0  # a 👍 still scores retrieval against its evidence
