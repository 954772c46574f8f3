"""Why-questions: the sentence that states the reason, which is often not the one matching the question best.

    >>> first, quoted = reason_of(Evidence.of(question, hits))        # doctest: +SKIP
    >>> first.text                                                    # doctest: +SKIP
    '"This is absolutely unacceptable," he said responding to information cited by Washington …'
"""

from __future__ import annotations

import re

from ..text.words import content_stems, event_kin, stem
from .asked import name_groups
from .candidates import HEADLINE, Sentence
from .evidence import Evidence
from .predicate import not_predicate
from .spans import ROLE_MODIFIERS, ROLE_NOUN

_CAUSAL = re.compile(r"\b(?:because|since|due to|as a result|in order to|so that|after|amid|citing|over|for fear|"
                     r"blamed|reason|respond(?:ing|ed)? to|in response to|following|prompted by|triggered by|"
                     r"in protest|seen (?:by many )?as|as proof|led to)\b", re.IGNORECASE)
_BECAUSE = re.compile(r"\b(?:because|due to|as a result|respond(?:ing|ed)? to|in response to|prompted by|"
                      r"triggered by|as proof)\b", re.IGNORECASE)  # the markers that state a cause outright
_TEASE = re.compile(r"\b(?:here['’]s|this is|that['’]s|find out|learn) why\b|\bexplained\b|\bwhat we know\b",
                    re.IGNORECASE)  # a headline promising a reason it does not give
_ANAPHOR = re.compile(r"^\W*(?:This|That|These|Those|Such|It)\b(?!\s+(?:week|month|year|morning|time|is|was)\b)")


def reason_of(ev: Evidence) -> tuple[Sentence, list[Sentence] | None] | None:
    """The sentence to take the lead from, and the sentences to quote (None: the lead's usual companions);
    None when the best match only promises a reason ("… — here's why and what the future holds") and no
    sentence of the report nearly as good gives one."""
    best = ev.sentences[0]
    if best.index == HEADLINE and _TEASE.search(best.text):
        body = next((s for s in ev.sentences[1:6] if s.index != HEADLINE and s.score >= 0.6 * best.score), None)
        if body is None:
            return None
        best = body
    # the reason often stands right beside the best match ("… against China?" "…," he said responding to …)
    beside = [n for n in ev.neighbours(best) if _BECAUSE.search(n.text)]
    if beside and not _CAUSAL.search(best.text):
        return beside[0], sorted([best, beside[0]], key=lambda x: x.index)
    causal = [s for s in ev.sentences[:6] if _CAUSAL.search(s.text)]
    first = causal[0] if causal and causal[0].score >= 0.6 * best.score else best
    before = [n for n in ev.neighbours(first) if n.index == first.index - 1]
    if before and _ANAPHOR.match(first.text):  # "This, as well as …, had been seen as proof …": the reason is
        return before[0], [before[0], first]  # what "this" stands for, the sentence before
    after = [n for n in ev.neighbours(first) if n.index == first.index + 1]
    if first is best and not _CAUSAL.search(best.text) and after:
        # "… met with disappointment." "Experts said the paper did not propose …": no cause in the best match,
        # and the next sentence says what it leaves out of the question, or goes on about what it restates (then
        # the reason is that sentence's)
        if _restated(ev.question_stems, best, after[0]):
            return after[0], [first, after[0]]
        if (ev.question_stems & after[0].stems) - best.stems:
            return first, [first, after[0]]
    return first, None


def _restated(asked: set[str], best: Sentence, after: Sentence) -> bool:
    """The best match says what the question takes as given (nearly all its words: "… the paper was largely met
    with disappointment and scepticism") and the next sentence goes on about the same thing ("… the paper")."""
    return len(asked) >= 3 and len(asked & best.stems) >= 0.75 * len(asked) and bool(asked & best.stems & after.stems)


def tells_what_is_asked(question: str, first: Sentence, quoted: list[Sentence] | None) -> bool:
    """The reason's sentences tell some of what the question asks the reason for, past who it is about and
    their titles: "Why did Kuleba *leave* his *post* as foreign minister?" is not answered by "… former Foreign
    Minister Kuleba said after the meeting with Wang Yi …", whatever cause it gives for something else."""
    names = set().union(*name_groups(question))
    titles = {stem(w) for w in re.findall(r"[A-Za-z]+", question) if ROLE_NOUN.match(w) or
              w.casefold() in ROLE_MODIFIERS}
    asked = set(content_stems(question, drop_question_words=True)) - names - titles - not_predicate(question)
    told = set().union(*(s.stems | s.context for s in (quoted or [first])))
    return not asked or any(t in told or event_kin(t) & told for t in asked)
