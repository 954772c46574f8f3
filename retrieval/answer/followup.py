"""Rewrite a follow-up question into a standalone one.

`RuleCondenser` needs no model: it resolves pronouns against the previous turn ("he" after
"Who is China's defense minister?" becomes the person the answer named), swaps the entity
in elliptical follow-ups ("What about Qin Gang?"), and carries the previous topic into
questions too short to stand alone. LLM backends use the `condense` prompt instead and fall
back to these rules when the model fails.

Usage:
    >>> RuleCondenser().condense("What did he tell Shoigu?", [Turn(
    ...     "Who is China's defense minister?", "China's Defense Minister Dong Jun called for talks [1].")])
    'What did Dong Jun tell Shoigu?'
"""

from __future__ import annotations

import re

from ..models import Turn
from ..text.words import QUESTION_WORDS, content_stems, proper_nouns, stopwords
from .timescope import parse_time_scope

_PERSON = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,4})\b")
_TITLES = {"President", "Minister", "Foreign", "Defense", "Defence", "Chinese", "Russian", "Ukrainian", "Mr", "Mrs",
           "Ms", "Dr", "The", "Prime", "Secretary", "General", "Chancellor", "Spokesperson", "Beijing", "Moscow"}
_PERSONAL = re.compile(r"\b(he|she|him|her|his|hers)\b", re.IGNORECASE)
_THING = re.compile(r"\b(they|them|their|it|its)\b", re.IGNORECASE)
_ELLIPSIS = re.compile(r"^\s*(?:and what about|and how about|what about|how about|and)\s+(.+?)\s*\??\s*$",
                       re.IGNORECASE)
_CLAUSE = re.compile(r"\b(?:who|whom|whose|what|which|when|where|why|how|did|does|do|is|are|was|were|has|have|had|"
                     r"will|would|can|could)\b", re.IGNORECASE)
_MARKER = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")


def _people(text: str) -> list[str]:
    out = []
    for m in _PERSON.finditer(_MARKER.sub("", text)):
        words = [w for w in re.split(r"[ -]", m.group(1))
                 if w not in _TITLES and w.casefold() not in stopwords() and w.casefold() not in QUESTION_WORDS]
        if len(words) >= 2:
            out.append(" ".join(words))
    return out


def _names(text: str) -> list[str]:
    """People's full names first, then other capitalised names not part of them."""
    people = _people(text)
    rest = [n for n in proper_nouns(text) if not any(n in p.split() for p in people)]
    return people + rest


def _subject_phrase(question: str) -> str:
    """'Who is China's defense minister?' → "China's defense minister"."""
    m = re.match(r"^\s*(?:who|what)\s+(?:is|was|are|were)\s+(?:the\s+)?(.+?)\s*\??\s*$", question, re.IGNORECASE)
    return m.group(1) if m else ""


class RuleCondenser:
    """Deterministic follow-up rewriting for the extractive backend (and as the LLM's fallback)."""

    def condense(self, question: str, history: list[Turn] | None) -> str:
        question = question.strip()
        if not history:
            return question
        prev = history[-1]
        prev_q = prev.resolved

        m = _ELLIPSIS.match(question)
        if m and not _CLAUSE.search(m.group(1)) and len(m.group(1).split()) <= 5:  # "and Qin Gang?", not a clause
            return self._swap(prev_q, m.group(1))

        person = self._person_referent(prev_q, prev.answer, prev.short_answer)
        out = question
        if person and _PERSONAL.search(out):
            out = _PERSONAL.sub(lambda w: self._inflect(w.group(1), person), out, count=1)
        thing = self._thing_referent(prev_q)
        if thing and _THING.search(out):
            out = _THING.sub(lambda w: thing + ("'s" if w.group(1).lower() in ("their", "its") else ""), out, count=1)
        if out != question:
            return out
        if len(content_stems(question, drop_question_words=True)) <= 2 and not _names(question):
            topic = ", ".join(_names(prev_q)) or _subject_phrase(prev_q) or prev_q.rstrip("?")
            return f"{question.rstrip('?')} ({topic})?"
        return question

    @staticmethod
    def _inflect(pronoun: str, name: str) -> str:
        return f"{name}'s" if pronoun.lower() in ("his", "hers") else name

    @staticmethod
    def _person_referent(prev_q: str, prev_answer: str, prev_lead: str = "") -> str:
        named = _people(prev_q)
        asked_who = re.match(r"^\s*(?:who|whom|which (?:\w+\s+){0,4}?(?:official|minister|spokesperson|"
                             r"spokesman|spokeswoman|leader|president|diplomat|envoy|person))\b", prev_q, re.IGNORECASE)
        if asked_who and prev_lead and _people(prev_lead):  # the person the last answer named first
            return _people(prev_lead)[0]
        if re.match(r"^\s*who\b", prev_q, re.IGNORECASE):
            for p in _people(prev_answer):
                if p not in named:
                    return p
            return _subject_phrase(prev_q)
        return named[0] if named else ""

    @staticmethod
    def _thing_referent(prev_q: str) -> str:
        """"it"/"they": a name in the previous question that is not (part of) a person's name."""
        people = {w for p in _people(prev_q) for w in p.split()}
        nouns = [n for n in proper_nouns(prev_q) if n not in people]
        return nouns[0] if nouns else ""

    @staticmethod
    def _swap(prev_q: str, new: str) -> str:
        """Put `new` where the previous question's main name stood, or ask it about the old topic."""
        if parse_time_scope(f"x {new}").found:
            return f"{prev_q.rstrip('?')} {new}?"
        old = _people(prev_q) or proper_nouns(prev_q)
        if old:
            return prev_q.replace(old[0], new, 1)
        return f"{new}: {prev_q}"
