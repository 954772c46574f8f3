"""Capitals for a question typed in lower case, as the sources print its names.

People type "what date is wang yi meeting putin in moscow"; the answering rules find names by their
capitals (whose meeting, who does what, which names a sentence must hold). The retrieved passages
carry their named entities (tagged at ingest), so a run of the question's words that is one of those
names gets the sources' spelling ("wang yi" → "Wang Yi", "u.s." → "U.S.", "ukraine's" → "Ukraine's"),
and so does a single part of a person's name ("putin" → "Putin") unless the sources also print that
word in lower case ("grant"). Words no name holds stay as typed ("beijing forum" is "Beijing forum":
only the Xiangshan Forum is a forum's name). A question that already has capitals is left alone: its
writer chose them.

    >>> truecased("did zelensky say china would arm russia",
    ...           [("President Volodymyr Zelensky", "PERSON"), ("China", "GPE"), ("Russia", "GPE")], [])
    'Did Zelensky say China would arm Russia'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .words import stopwords

_WORD = re.compile(r"[^\W\d_](?:[\w.’'-]*\w)?|\d[\w.’'-]*")
_POSSESSIVE = re.compile(r"['’]s$")
_LONGEST = 6  # words in the longest name matched


def _key(word: str) -> str:
    return _POSSESSIVE.sub("", word).casefold()


def _spellings(names: Iterable[tuple[str, str]], texts: Iterable[str]) -> dict[tuple[str, ...], list[str]]:
    """Word runs of the names (and single parts of people's names) → their printed words."""
    stop = stopwords()
    lower = {m.group(0) for text in texts for m in _WORD.finditer(text) if m.group(0).islower()}
    out: dict[tuple[str, ...], list[str]] = {}
    for surface, label in names:
        words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(surface)]
        while words and words[0].casefold() in stop:  # "the Chinese Defense Ministry"
            words = words[1:]
        if not words or not any(w[0].isupper() for w in words):
            continue
        _prefer(out, tuple(w.casefold() for w in words), words)
        if label == "PERSON":
            for w in words:
                if w[0].isupper() and w.casefold() not in stop and w.casefold() not in lower:
                    _prefer(out, (w.casefold(),), [w])
    return out


def _prefer(out: dict[tuple[str, ...], list[str]], key: tuple[str, ...], words: list[str]) -> None:
    """The first spelling seen, unless it is a dateline's capitals ("MOSCOW -") and this one is not."""
    had = out.get(key)
    if had is None or (all(w.isupper() for w in had) and not all(w.isupper() for w in words)):
        out[key] = words


def truecased(question: str, names: Iterable[tuple[str, str]], texts: Iterable[str]) -> str:
    """`question` with the capitals its names have in the sources — (surface, label) pairs, e.g. the
    retrieved passages' entities — when it was typed without any; `texts` (the passages) tell which words
    are also printed in lower case."""
    if any(c.isupper() for c in question[1:]) or not question.strip():
        return question
    spelled = _spellings(names, texts)
    words = list(_WORD.finditer(question))
    keys = [_key(m.group(0)) for m in words]
    out, at, i = [], 0, 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            printed = spelled.get(tuple(keys[i:i + n]))
            if printed is None:
                continue
            for m, w in zip(words[i:i + n], printed, strict=True):
                out += [question[at:m.start()], w + m.group(0)[len(_POSSESSIVE.sub("", m.group(0))):]]
                at = m.end()
            i += n
            break
        else:
            i += 1
    text = "".join(out) + question[at:]
    return text[:1].upper() + text[1:]
