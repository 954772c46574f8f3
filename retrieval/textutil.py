"""Word-level helpers shared by the answer backends and the citation checker."""

from __future__ import annotations

import re
from functools import lru_cache

from .lexical import stopwords

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)?", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Words that carry no content in a question, beyond the general stop words.
QUESTION_WORDS = frozenset(
    [
        "what",
        "who",
        "whom",
        "whose",
        "which",
        "when",
        "where",
        "why",
        "how",
        "did",
        "does",
        "do",
        "is",
        "are",
        "was",
        "were",
        "tell",
        "told",
        "say",
        "said",
        "says",
        "according",
        "article",
        "articles",
        "report",
        "reported",
        "reports",
        "news",
        "sources",
        "source",
        "mention",
        "mentioned",
    ]
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "ly", "s")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match "talks"~"talk", "negotiations"~"negotiate"."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in _SUFFIXES:
        if len(w) > len(suf) + 3 and w.endswith(suf):
            w = w[: -len(suf)]
            break
    return w[:7]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def content_stems(text: str, drop_question_words: bool = False) -> list[str]:
    """Stems of the content words, in order, without repeats."""
    stop = stopwords()
    seen: dict[str, None] = {}
    for w in words(text):
        lw = w.casefold()
        if lw in stop or (drop_question_words and lw in QUESTION_WORDS):
            continue
        if len(lw) < 2 and not lw.isdigit():
            continue
        seen.setdefault(stem(lw), None)
    return list(seen)


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def proper_nouns(text: str) -> list[str]:
    """Capitalised words that are not at a sentence start and not stop/question words."""
    stop = stopwords()
    out: dict[str, None] = {}
    tokens = words(text)
    prev_end = True
    for w in tokens:
        lw = w.casefold()
        base = w[:-2] if lw.endswith(("'s", "’s")) else w
        if not prev_end and base[:1].isupper() and lw not in stop and lw not in QUESTION_WORDS and len(base) > 1:
            out.setdefault(base, None)
        prev_end = False
    return list(out)
