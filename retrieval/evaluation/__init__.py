"""Evaluation: question sets, metrics, the evaluator, and the bot's feedback turned into questions."""

from .evaluator import METRICS, Evaluator, Report, format_table
from .feedback import feedback_to_questions, read_feedback_log, split_for_review
from .metrics import contains, exact_match, item_recall, normalize, percentile, token_f1
from .questions import EvalFormatError, EvalQuestion, load_questions

__all__ = ["METRICS", "EvalFormatError", "EvalQuestion", "Evaluator", "Report", "contains", "exact_match",
           "feedback_to_questions", "format_table", "item_recall", "load_questions", "normalize", "percentile",
           "read_feedback_log", "split_for_review", "token_f1"]
