"""Follow-up rewriting without a model, and time expressions turned into date filters."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval import Turn
from retrieval.answer.followup import RuleCondenser
from retrieval.answer.timescope import parse_time_scope

C = RuleCondenser()


@pytest.mark.parametrize(
    ("question", "history", "expected"),
    [
        ("What did he tell Shoigu?",
         [Turn("Who is China's defense minister?", "China's Defense Minister Dong Jun called for talks [1].")],
         "What did Dong Jun tell Shoigu?"),
        ("What was his title?", [Turn("What did Qin Gang say about the invisible hand?", "…")],
         "What was Qin Gang's title?"),
        ("What about Qin Gang?", [Turn("Where did Dong Jun call for negotiations?", "…")],
         "Where did Qin Gang call for negotiations?"),
        ("And in 2023?", [Turn("What did Qin Gang say about peace talks?", "…")],
         "What did Qin Gang say about peace talks in 2023?"),
        ("What did they promise Russia?", [Turn("What is China's position on Ukraine?", "…")],
         "What did China promise Russia?"),
        ("Why?", [Turn("Did China condemn the invasion?", "…")], "Why did China condemn the invasion?"),
        ("Who is Lavrov?", [Turn("What did Wang Yi say?", "…")], "Who is Lavrov?"),
        ("What did he tell Shoigu?", [], "What did he tell Shoigu?"),
    ],
)
def test_rule_condenser(question, history, expected):
    assert C.condense(question, history) == expected


def test_the_resolved_question_of_a_turn_is_used_for_the_next():
    history = [Turn("Who is China's defense minister?", "Dong Jun is … [1]", "Who is China's defense minister?"),
               Turn("What did he tell Shoigu?", "…", "What did Dong Jun tell Shoigu?")]
    assert C.condense("What about Wang Yi?", history) == "What did Wang Yi tell Shoigu?"


NOW = date(2024, 6, 1)


@pytest.mark.parametrize(
    ("question", "since", "until", "rest"),
    [
        ("What did China say in 2023?", date(2023, 1, 1), date(2023, 12, 31), "What did China say?"),
        ("Who spoke in February 2024 about peace?", date(2024, 2, 1), date(2024, 2, 29), "Who spoke about peace?"),
        ("What did China say since February?", date(2024, 2, 1), None, "What did China say?"),
        ("What happened since September?", date(2023, 9, 1), None, "What happened?"),
        ("What did Qin say before March 2023?", None, date(2023, 2, 28), "What did Qin say?"),
        ("Talks after June 5, 2023", date(2023, 6, 6), None, "Talks"),
        ("Talks between March and May 2023", date(2023, 3, 1), date(2023, 5, 31), "Talks"),
        ("Any news from last week?", date(2024, 5, 25), NOW, "Any news?"),
        ("What did Lavrov say over the past 3 days?", date(2024, 5, 29), NOW, "What did Lavrov say?"),
        ("What happened this month?", date(2024, 6, 1), NOW, "What happened?"),
        ("What was reported yesterday?", date(2024, 5, 31), date(2024, 5, 31), "What was reported?"),
    ],
)
def test_time_scopes(question, since, until, rest):
    scope = parse_time_scope(question, now=NOW)
    assert (scope.since, scope.until, scope.question) == (since, until, rest)


def test_no_time_scope_and_report_dates_are_not_filters():
    assert not parse_time_scope("Who is China's defense minister?", NOW).found
    # "on <date>" names when a report appeared; it must not hide the other reports.
    assert not parse_time_scope("Do the report from The Verge on 2023-11-24 and Wired agree?", NOW).found
    assert not parse_time_scope("What did the 2023 report say?", NOW).found
