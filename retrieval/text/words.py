"""Word-level helpers shared by search, the answer backends and the citation checker: content words,
Snowball stems, numbers, names."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)?", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Words that carry no content in a question, beyond the general stop words.
QUESTION_WORDS = frozenset(
    "what who whom whose which when where why how did does do is are was were tell told say said says "
    "according article articles sources source mention mentioned".split()
)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English function words (retrieval/text/data/stopwords_en.txt)."""
    text = (Path(__file__).parent / "data" / "stopwords_en.txt").read_text(encoding="utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    return frozenset(words) | frozenset(w.replace("'", "’") for w in words)


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) stem of a lower-cased word, possessive removed: "talks"~"talk"."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return _stemmer().stemWord(w)


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


_WH = re.compile(r"\b(?:which|what|whose|how many|how much)\s+((?:[\w’'-]+\s+){0,3}?[\w’'-]+)\s+"
                 r"(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|said|says|told|of|in|for|to)\b",
                 re.IGNORECASE)


def focus_stems(question: str) -> list[str]:
    """The words naming what is asked: "Which *news agency* did …", "How many *tanks* has …"."""
    m = _WH.search(question)
    return content_stems(m.group(1), drop_question_words=True) if m else []


_CAPITALISED_RUN = re.compile(r"\b(?:[A-Z][\w’'.-]*\s+){1,4}[A-Z][\w’'-]*")


def proper_phrases(text: str) -> list[str]:
    """Runs of two to five capitalised words — names like "Dong Jun" or "Xiangshan Forum" — less a
    leading question or stop word ("Did Wang Yi" → "Wang Yi")."""
    out: dict[str, None] = {}
    stop = stopwords()
    for m in _CAPITALISED_RUN.finditer(text):
        words = m.group(0).split()
        while words and (words[0].casefold() in stop or words[0].casefold() in QUESTION_WORDS):
            words = words[1:]
        if len(words) >= 2:
            out.setdefault(" ".join(words), None)
    return list(out)
