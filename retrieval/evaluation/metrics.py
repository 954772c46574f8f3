"""Answer metrics with SQuAD's normalisation, and percentiles.

    >>> exact_match("the Xiangshan Forum.", ["Xiangshan Forum"]), contains("He said no.", ["no"])
    (1.0, 1.0)
    >>> contains("It was not over.", ["no"])   # whole words: "no" is not in "not"
    0.0
"""

from __future__ import annotations

import re
import string
from collections import Counter

_PUNCT = set(string.punctuation) | {"“", "”", "‘", "’", "«", "»", "—", "–"}


def normalize(text: str) -> str:
    text = text.casefold().replace("’", "'")
    text = re.sub(r"\[\d+\]", " ", text)
    text = "".join(" " if ch in _PUNCT else ch for ch in text)  # "Congress.Qin" stays two words
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def exact_match(pred: str, golds: list[str]) -> float:
    return float(any(normalize(pred) == normalize(g) for g in golds))


def token_f1(pred: str, golds: list[str]) -> float:
    p = normalize(pred).split()
    best = 0.0
    for g in golds:
        t = normalize(g).split()
        same = sum((Counter(p) & Counter(t)).values())
        if same:
            precision, recall = same / len(p), same / len(t)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def contains(pred: str, golds: list[str]) -> float:
    """1 when a gold answer occurs in the prediction as whole words (after normalisation)."""
    p = f" {normalize(pred)} "
    return float(any(normalize(g) and f" {normalize(g)} " in p for g in golds))


def item_recall(pred: str, items: list[str]) -> float:
    """The share of a list question's items that the answer names."""
    return sum(contains(pred, [i]) for i in items) / len(items) if items else 0.0


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)
