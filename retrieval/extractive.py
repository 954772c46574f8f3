"""The extractive answer backend: the embedded default, needing no model server.

It answers with the retrieved passages' own sentences — the ones that best cover the
question's content words (weighted by how rare each word is among the candidates), helped
by the passage's retrieval score — each followed by its citation. It never writes a word
that is not in a source. When the best sentence covers too little of the question, or a
name the question asks about appears in no passage, it abstains.

Usage:
    >>> backend = ExtractiveBackend(max_sentences=3, threshold=0.3)
    >>> draft = backend.generate("What did Dong Jun tell Shoigu?", hits)   # doctest: +SKIP
    >>> draft.text                                                          # doctest: +SKIP
    'The Russian government released a video of Dong Jun's message to Shoigu, … [1]'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .citations import is_injection
from .models import Hit
from .textutil import content_stems, proper_nouns, stem


@dataclass
class Draft:
    """A backend's answer before citation checking; markers are 1-based hit numbers."""

    text: str
    abstained: bool = False
    evidence: float = 0.0  # how well the sources cover the question, 0..1
    backend: str = ""
    note: str = ""


@dataclass
class _Candidate:
    hit: int
    text: str
    stems: set[str]
    score: float = 0.0
    coverage: float = 0.0


class ExtractiveBackend:
    """Question + hits → Draft made of the passages' best sentences."""

    name = "extractive"

    def __init__(self, max_sentences: int = 3, threshold: float = 0.3, redundancy: float = 0.6):
        self.max_sentences = max_sentences
        self.threshold = threshold
        self.redundancy = redundancy

    def evidence(self, question: str, hits: list[Hit]) -> tuple[float, list[_Candidate]]:
        q = content_stems(question, drop_question_words=True)
        cands: list[_Candidate] = []
        seen: set[str] = set()
        for i, h in enumerate(hits):
            for s in h.sentence_texts():
                key = " ".join(s.split())
                if key in seen or len(s.split()) < 4 or is_injection(s):
                    continue
                seen.add(key)
                cands.append(_Candidate(i, s, set(content_stems(s))))
        if not q or not cands:
            return 0.0, cands
        n = len(cands)
        idf = {t: math.log(1 + n / (1 + sum(1 for c in cands if t in c.stems))) + 0.5 for t in q}
        total = sum(idf.values())
        best_retrieval = max((h.score for h in hits), default=1.0) or 1.0
        for c in cands:
            c.coverage = sum(idf[t] for t in q if t in c.stems) / total
            c.score = 0.8 * c.coverage + 0.2 * (hits[c.hit].score / best_retrieval)
        cands.sort(key=lambda c: c.score, reverse=True)
        evidence = cands[0].coverage
        # A name the question asks about that no passage mentions: the sources do not answer it.
        passages = " ".join(h.title + " " + h.text for h in hits)
        have = {stem(w) for w in content_stems(passages)}
        missing = [p for p in proper_nouns(question) if stem(p.casefold()) not in have]
        if missing:
            evidence *= 0.3
        return evidence, cands

    def generate(self, question: str, hits: list[Hit]) -> Draft:
        evidence, cands = self.evidence(question, hits)
        if evidence < self.threshold or not cands:
            return Draft("", abstained=True, evidence=evidence, backend=self.name)
        best = cands[0]
        chosen = [best]
        covered = set(best.stems)
        q = set(content_stems(question, drop_question_words=True))
        for c in cands[1:]:
            if len(chosen) >= self.max_sentences or c.score < 0.6 * best.score:
                break
            overlap = len(c.stems & covered) / max(1, len(c.stems))
            adds = (c.stems & q) - covered
            if overlap < self.redundancy or adds:
                chosen.append(c)
                covered |= c.stems
        # Keep each article's sentences in reading order after the best one.
        text = " ".join(f"{c.text.strip()} [{c.hit + 1}]" for c in chosen)
        return Draft(text, evidence=evidence, backend=self.name)

