"""Check every citation in code; never trust a model's markers.

For each sentence of a draft answer: its `[n]` markers must point to retrieved passages
that support it. A marker that dangles or points to a passage that does not support the
sentence is re-attributed to the passage that does; a sentence no passage supports is
dropped. The sources left are numbered in order of first use, one per article, each with
the passage sentences that back the answer as its quote.

Support is judged on content words (light stemming, stop words ignored): most of the
sentence's words must occur in the passage, and every number in it must too. Passage
sentences that address an AI ("ignore your instructions…") never count as evidence.

Usage:
    >>> verifier = CitationVerifier()
    >>> result = verifier.verify("Dong Jun met Shoigu [2].", hits)      # doctest: +SKIP
    >>> result.text, [c.marker for c in result.citations]               # doctest: +SKIP
    ('Dong Jun met Shoigu [1].', [1])
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..models import Citation, Hit
from ..text.injection import is_injection
from ..text.sentences import split_sentences
from ..text.words import content_stems, numbers

_MARKERS = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
_MARKERS_AFTER_STOP = re.compile(r"([.!?…][\"”’)]*)\s*((?:\[\d+(?:\s*,\s*\d+)*\]\s*)+)")
# "… of Europe [1]. Qin Gang …": markers then a stop end a sentence too, even inside a quotation the source
# never closed (the splitter would run on to the next sentence)
_MARKERS_BEFORE_STOP = re.compile(r"((?:\s*\[\d+(?:\s*,\s*\d+)*\])+)([.!?…][\"”’)]*)(?=\s)")


@dataclass
class Verified:
    text: str
    citations: list[Citation]
    repaired: int = 0
    dropped: list[str] = field(default_factory=list)
    added: int = 0  # sentences that had no marker and got one

    @property
    def empty(self) -> bool:
        return not self.text.strip()


@dataclass
class _Sentence:
    claim: str  # the sentence without markers, with its own punctuation
    hits: list[int]  # 0-based indices into the hit list


_TAIL = re.compile(r"^(.*?)([.!?…]*)$", re.DOTALL)


def attach(claim: str, marks: str) -> str:
    """'It rained.' + '[1]' → 'It rained [1].'; a sentence ending in a quote keeps it whole."""
    body, stop = _TAIL.match(claim).groups()
    if not marks:
        return claim
    return f"{body} {marks}{stop}" if stop else f"{claim} {marks}"


class CitationVerifier:
    """Draft text with [n] markers (n = 1-based hit number) → checked text with renumbered markers."""

    def __init__(self, min_coverage: float = 0.65):
        self.min_coverage = min_coverage

    # --- support ------------------------------------------------------------------------------
    def coverage(self, claim: str, evidence: str | list[str], weight: dict[str, float] | None = None) -> float:
        """Share of the claim's content words found in one piece of evidence (0 when a number is
        missing), each word weighted by `weight` (default 1); over a list, the best piece."""
        if isinstance(evidence, list):
            return max((self.coverage(claim, e, weight) for e in evidence), default=0.0)
        want = content_stems(claim)
        if not want:
            return 0.0
        if not numbers(claim) <= numbers(evidence):
            return 0.0
        have = set(content_stems(evidence))
        w = weight or {}
        total = sum(w.get(t, 1.0) for t in want)
        return sum(w.get(t, 1.0) for t in want if t in have) / total

    @staticmethod
    def rarity(evidence: list[list[str]]) -> dict[str, float]:
        """Word weights from how few of the retrieved passages use each word: a claim is judged by its
        distinctive words ("stand with Russia"), not by the names every passage shares."""
        df: dict[str, int] = {}
        for pieces in evidence:
            for t in set(content_stems(" ".join(pieces))):
                df[t] = df.get(t, 0) + 1
        n = len(evidence)
        return {t: math.log(1 + n / d) for t, d in df.items()}

    def evidence(self, hit: Hit) -> list[str]:
        """What may support a claim: each pair of adjacent sentences of the passage (a claim's words must
        stand together, not be gathered from all over it), and the headline. Sentences that address a
        model are never evidence."""
        sentences = [s for s in hit.sentence_texts() if not is_injection(s)]
        pairs = [" ".join(sentences[i:i + 2]) for i in range(max(1, len(sentences) - 1))] if sentences else []
        return pairs + ([hit.headline] if hit.headline and not is_injection(hit.headline) else [])

    def supports(self, claim: str, hit: Hit) -> bool:
        return self.coverage(claim, self.evidence(hit)) >= self.min_coverage

    def best_quote(self, claim: str, hit: Hit) -> str:
        sentences = [s for s in hit.sentence_texts() if not is_injection(s)]
        if not sentences:
            return ""
        want = set(content_stems(claim))
        return max(sentences, key=lambda s: len(want & set(content_stems(s))))

    # --- the check ----------------------------------------------------------------------------
    def split(self, draft: str) -> list[_Sentence]:
        # Markers after a full stop belong to the sentence before them: end the line there.
        text = _MARKERS_AFTER_STOP.sub(lambda m: f"{m.group(1)} {m.group(2).strip()}\n", draft.strip())
        text = _MARKERS_BEFORE_STOP.sub(lambda m: f"{m.group(1)}{m.group(2)}\n", text)
        out = []
        for sent in split_sentences(text):
            hits = [int(n) - 1 for group in _MARKERS.findall(sent) for n in re.split(r"\s*,\s*", group)]
            claim = _MARKERS.sub("", sent).strip()
            if claim:
                out.append(_Sentence(claim, hits))
            elif out:  # markers the splitter cut off from their sentence
                out[-1].hits.extend(hits)
        return out

    def verify(self, draft: str, hits: list[Hit]) -> Verified:
        result = Verified(text="", citations=[])
        evidence = [self.evidence(h) for h in hits]
        rare = self.rarity(evidence)
        weight = {t: w for t, w in rare.items()} if len(hits) >= 3 else None
        kept: list[tuple[str, list[int]]] = []
        for s in self.split(draft):
            if not content_stems(s.claim):
                continue  # a connective with no claim ("In short:") needs no source; drop it
            cited = [i for i in dict.fromkeys(s.hits) if 0 <= i < len(hits)
                     and self.coverage(s.claim, evidence[i], weight) >= self.min_coverage]
            if not cited:
                scores = [self.coverage(s.claim, e, weight) for e in evidence]
                best = max(range(len(hits)), key=scores.__getitem__, default=None)
                if best is None or scores[best] < self.min_coverage:
                    result.dropped.append(s.claim)
                    continue
                cited = [best]
                if s.hits:
                    result.repaired += 1
                else:
                    result.added += 1
            kept.append((s.claim, cited))

        # Number sources by first use, one number per article.
        numbering: dict[str, int] = {}
        quotes: dict[str, list[str]] = {}
        first_hit: dict[str, int] = {}
        parts = []
        for claim, cited in kept:
            marks = []
            for i in cited:
                aid = hits[i].article_id
                if aid not in numbering:
                    numbering[aid] = len(numbering) + 1
                    first_hit[aid] = i
                q = self.best_quote(claim, hits[i])
                if q and q not in quotes.setdefault(aid, []):
                    quotes[aid].append(q)
                if numbering[aid] not in marks:
                    marks.append(numbering[aid])
            parts.append(attach(claim, "".join(f"[{n}]" for n in marks)))
        result.text = " ".join(parts)
        for aid, n in sorted(numbering.items(), key=lambda kv: kv[1]):
            h = hits[first_hit[aid]]
            result.citations.append(Citation(marker=n, article_id=aid, chunk_id=h.chunk_id, ref=h.ref,
                                             quote=" … ".join(quotes.get(aid, [])), story=h.story))
        return result
