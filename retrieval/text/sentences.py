"""Sentence boundaries as character spans, never crossing a paragraph break.

pysbd (rule-based; "Mr.", "U.S.", "Sept. 13." stay inside their sentence) within each paragraph,
in the article's language where pysbd has rules for it. A paragraph with no stop inside it is one
sentence and skips pysbd (~1 ms a sentence).

    >>> split_sentences("Mr. Wang met U.S. officials on Sept. 13. They talked.")
    ['Mr. Wang met U.S. officials on Sept. 13.', 'They talked.']
    >>> split_sentences("He spoke at the Congress.Qin said it began on February 24.")
    ['He spoke at the Congress.', 'Qin said it began on February 24.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PARA = re.compile(r"\n\s*\n|\n")
# Scraped pages glue sentences of joined paragraphs ("… People's Congress.Qin said …", "… agenda.”“The …"):
# no splitter breaks there without the space, so such a joint is a break of its own.
_GLUED = re.compile(r"(?:(?<=[a-z][a-z][.!?])|(?<=[a-z][a-z][.!?][”\"’]))(?=[“\"]?[A-Z][a-z])")
_CLOSING = "”’\"»)]"
_TRAILING = re.compile(r"[.!?…。！？\"'”’)\]\s]+$")
# pysbd's languages; Ukrainian punctuation follows Russian rules closely enough.
_PYSBD = {"en", "zh", "es", "ru", "de", "fr", "it", "nl", "pl", "da", "el", "ja", "bg", "ar", "fa", "hi", "sk"}
_ALIAS = {"uk": "ru", "be": "ru"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@lru_cache(maxsize=8)
def _segmenter(language: str):
    import pysbd

    return pysbd.Segmenter(language=language, clean=False, char_span=False)


def sentence_spans(text: str, language: str = "en") -> list[Span]:
    """Character spans of the sentences of `text`."""
    lang = _ALIAS.get(language, language)
    lang = lang if lang in _PYSBD else "en"
    spans: list[Span] = []
    for pos, end in _blocks(text):
        para = text[pos:end]
        if para.strip() and not any(c in ".!?…。！？" for c in _TRAILING.sub("", para)):
            lead = len(para) - len(para.lstrip())
            spans.append(Span(pos + lead, pos + lead + len(para.strip())))
        elif para.strip():
            cursor = 0
            for sent in _segmenter(lang).segment(para):
                s = sent.strip()
                if not s:
                    continue
                at = para.find(s, cursor)
                if at < 0:  # pysbd normalised something: fall back to the rest of the paragraph
                    at = cursor
                    s = para[cursor:].strip()
                cursor = at + len(s)
                closing = len(s) - len(s.lstrip(_CLOSING))
                if closing and s[closing - 1] in "\"'" and at > 0 and para[at - 1].isspace() and \
                        s[closing:closing + 1].isalnum():
                    closing = 0  # a straight quote after a space, before a word, opens: '… 2020. "The tunnel …'
                if closing and spans and spans[-1].start >= pos:  # pysbd leaves a closing quote to the next one:
                    spans[-1] = Span(spans[-1].start, pos + at + closing)  # "… agenda." | "” He left."
                    rest = s[closing:].lstrip()
                    at, s = at + len(s) - len(rest), rest
                if s:
                    spans.append(Span(pos + at, pos + at + len(s)))
                if cursor >= len(para):
                    break
    return spans


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs, cut again where sentences were glued together."""
    out, pos = [], 0
    for para_match in [*_PARA.finditer(text), None]:
        end = para_match.start() if para_match else len(text)
        cuts = [m.start() for m in _GLUED.finditer(text, pos, end)]
        for a, b in zip([pos, *cuts], [*cuts, end], strict=True):
            out.append((a, b))
        if para_match is None:
            break
        pos = para_match.end()
    return out


def split_sentences(text: str, language: str = "en") -> list[str]:
    return [text[s.start : s.end] for s in sentence_spans(text, language)]
