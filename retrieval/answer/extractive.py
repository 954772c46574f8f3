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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import Hit, Turn
from ..text.injection import is_injection
from ..text.words import content_stems, focus_stems, proper_nouns, stem
from .backends import Draft
from .followup import RuleCondenser

if TYPE_CHECKING:
    from .plan import Plan


@dataclass
class _Candidate:
    hit: int
    text: str
    stems: set[str]
    score: float = 0.0
    coverage: float = 0.0
    context: set[str] = field(default_factory=set)


class ExtractiveBackend:
    """Question + hits → Draft made of the passages' best sentences."""

    name = "extractive"
    can_stream = False

    def __init__(self, max_sentences: int = 3, threshold: float = 0.3, redundancy: float = 0.6):
        self.max_sentences = max_sentences
        self.threshold = threshold
        self.redundancy = redundancy
        self.rules = RuleCondenser()

    def condense(self, question: str, history: list[Turn]) -> str:
        return self.rules.condense(question, history)

    def stream(self, plan: Plan, hits: list[Hit]) -> Iterator[Draft]:
        yield self.generate(plan, hits)

    def evidence(self, question: str, hits: list[Hit]) -> tuple[float, list[_Candidate]]:
        """How much of the question the best few sentences cover (0..1), and the scored candidates.

        Words are weighted by rarity among the candidates, and the words naming what is asked
        ("which *news agency*") count double. The evidence is the weighted share of question
        words covered by the union of the top `max_sentences` sentences, so a question whose
        parts sit in different articles is not judged by one sentence alone.
        """
        q = content_stems(question, drop_question_words=True)
        cands: list[_Candidate] = []
        seen: set[str] = set()
        for i, h in enumerate(hits):
            sentences = h.sentence_texts()
            stems = [set(content_stems(s)) for s in sentences]
            for j, s in enumerate(sentences):
                key = " ".join(s.split())
                if key in seen or len(s.split()) < 4 or is_injection(s):
                    continue
                seen.add(key)
                # The sentences around it often hold who is speaking ("…," he told RIA Novosti).
                context = set().union(*stems[max(0, j - 1): j + 2])
                cands.append(_Candidate(i, s, stems[j], context=context))
        if not q or not cands:
            return 0.0, cands
        n = len(cands)
        focus = set(focus_stems(question))
        weight = {t: (math.log(1 + n / (1 + sum(1 for c in cands if t in c.stems))) + 0.5) * (2 if t in focus else 1)
                  for t in q}
        total = sum(weight.values())
        best_retrieval = max((h.score for h in hits), default=1.0) or 1.0
        for c in cands:
            c.coverage = sum(weight[t] for t in q if t in c.stems) / total
            in_context = sum(weight[t] for t in q if t in c.context) / total
            c.score = 0.55 * c.coverage + 0.25 * in_context + 0.2 * (hits[c.hit].score / best_retrieval)
        cands.sort(key=lambda c: c.score, reverse=True)
        covered: set[str] = set()
        for c in cands[: self.max_sentences]:
            covered |= c.stems
        evidence = sum(weight[t] for t in q if t in covered) / total
        # A name the question asks about that no passage (text, title or outlet) mentions: not answerable here.
        have = set(content_stems(" ".join(f"{h.title} {h.source} {h.text}" for h in hits)))
        if any(stem(p) not in have for p in proper_nouns(question)):
            evidence *= 0.3
        return evidence, cands

    def generate(self, plan: Plan, hits: list[Hit]) -> Draft:
        question = plan.search_query
        evidence, cands = self.evidence(question, hits)
        if evidence < self.threshold or not cands:
            return Draft("", abstained=True, evidence=evidence, backend=self.name)
        best = cands[0]
        chosen = [best]
        covered = set(best.stems)
        q = set(content_stems(question, drop_question_words=True))
        # Companions must answer nearly as well; from another article, better still (a second source
        # that only shares the topic would dilute the citations).
        floor = max(self.threshold, 0.7 * best.coverage)
        floor_other = max(self.threshold, 0.8 * best.coverage)
        for c in cands[1:]:
            if len(chosen) >= self.max_sentences or c.score < 0.6 * best.score:
                break
            same_article = hits[c.hit].article_id == hits[best.hit].article_id
            if c.coverage < (floor if same_article else floor_other):
                continue
            overlap = len(c.stems & covered) / max(1, len(c.stems))
            adds = (c.stems & q) - covered
            if overlap < self.redundancy or adds:
                chosen.append(c)
                covered |= c.stems
        text = " ".join(f"{c.text.strip()} [{c.hit + 1}]" for c in chosen)
        return Draft(text, evidence=evidence, backend=self.name)

