"""Which sentences go with a lead: the one stating it (and another source that agrees), or the best sentence
and those that answer nearly as well and add something.

    >>> Support(max_sentences=3).companions(ev, hits, ev.sentences[0])          # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Hit
from .candidates import Sentence
from .evidence import Evidence
from .leads import Candidate

ACROSS_MARGIN = 0.01  # a second sentence joins an answer across languages within this similarity of the first


@dataclass
class Support:
    max_sentences: int = 3
    threshold: float = 0.45  # the evidence an answer needs: a companion from the same story covers at least this
    redundancy: float = 0.6  # a companion sharing more of its words with those chosen must add a question word

    def of_candidate(self, ev: Evidence, cand: Candidate) -> list[Sentence]:
        """The sentence that states the lead — with the best sentence when the lead stood next to it —
        and a sentence from another article that says the same, if one does."""
        best = ev.sentences[0]
        if cand.sentence is None:  # found in a headline: the best sentence of that article stands for it
            same = [s for s in ev.sentences if s.hit == cand.hit]
            return [same[0] if same else best]
        chosen = [cand.sentence]
        beside = cand.sentence in ev.neighbours(best)
        if cand.sentence is not best and beside and best.coverage > cand.sentence.coverage:
            chosen = sorted([best, cand.sentence], key=lambda s: (s.hit, s.index))
        for s in ev.sentences[1:6]:
            if len(chosen) >= self.max_sentences:
                break
            if s.hit != cand.hit and cand.key in s.text.casefold() and s.coverage >= 0.6 * best.coverage:
                chosen.append(s)  # another source agrees
                break
        return chosen

    def companions(self, ev: Evidence, hits: list[Hit], first: Sentence) -> list[Sentence]:
        """The first sentence, then others that answer nearly as well and add something."""
        if not ev.weights:  # across languages: similarities sit close together, so only near-equals join
            near = [c for c in ev.sentences if c is not first and c.coverage >= first.coverage - ACROSS_MARGIN
                    and hits[c.hit].article_id == hits[first.hit].article_id]
            return [first, *near[: self.max_sentences - 1]]
        chosen = [first]
        covered = set(first.stems)
        q = ev.question_stems
        floor = max(self.threshold, 0.7 * first.coverage)
        floor_other = max(self.threshold, 0.8 * first.coverage)
        for c in ev.sentences:
            if c is first:
                continue
            if len(chosen) >= self.max_sentences or c.score < 0.6 * first.score:
                break
            same_article = hits[c.hit].article_id == hits[first.hit].article_id
            if c.coverage < (floor if same_article else floor_other):
                continue
            overlap = len(c.stems & covered) / max(1, len(c.stems))
            if overlap < self.redundancy or (c.stems & q) - covered:
                chosen.append(c)
                covered |= c.stems
        return chosen
