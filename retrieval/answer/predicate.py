"""What a question says about its names — its verbs and nouns, less the names, the asked-for noun and the
words that say nothing of the event — and how much of it the best sentences cover.

    >>> "base" in not_predicate("Where is the Atlantic Council based?")
    True
"""

from __future__ import annotations

import re

from ..text.spelling import slips
from ..text.words import ADVICE, content_stems, event_kin, focus_stems, stem
from .asked import name_groups, story_scope
from .candidates import Sentence
from .spans import SITED

# verbs that say little of their own ("which team *sent* United out of Europe" — "United out of Europe after
# defeat to Bayern"): what is said about the names lies in the words around them
_LIGHT_VERBS = frozenset({"send", "sent", "get", "got", "put", "keep", "kept", "let", "bring", "brought"})

# "Which *two* countries …": how many items the list has, not something said about them
_HOW_MANY_ASKED = re.compile(r"\b(?:which|what)\s+(two|three|four|five|six|seven|eight|nine|ten)\b", re.IGNORECASE)


_HOW_MANY = re.compile(r"\bhow\s+(many|much)\b", re.IGNORECASE)  # a question's words, not what it says of its names


def not_predicate(question: str) -> set[str]:
    """Words of a question that say nothing about its event: a light verb, the "based" of "where is X based?"
    ("the *Washington* think tank"), a typing slip."""
    sited = set(content_stems(m.group(2))) if (m := SITED.match(question)) else set()
    return sited | _LIGHT_VERBS | {m.group(1).casefold() for m in _HOW_MANY_ASKED.finditer(question)} | \
        {stem(m.group(1)) for m in _HOW_MANY.finditer(question)} | \
        {stem(w) for w in slips(question)}  # what a slip no source word mends says is unknown: not for a sentence


_REPORTING = frozenset(content_stems("article story report piece post item coverage blog interview explainer guide "
                                     "roundup preview review column analysis recap feature profile tracker rundown "
                                     "newsletter reported written told described covered explained"))


def said_by_the_story(question: str) -> set[str]:
    """The words of a question's story scope that the story says by being there ("…, as *reported* by Simon Peach",
    "in Sporting News' *tracker*"): covered, whatever its sentences say."""
    return set(content_stems(story_scope(question))) & _REPORTING


def predicate_covered(question: str, top: list[Sentence], weights: dict[str, float]) -> float:
    """The weighted share of what the question says about its names (less the names and the asked-for
    noun: "which country will *host* the next Xiangshan Forum") that the best sentences cover."""
    names = set().union(*name_groups(question)) if name_groups(question) else set()
    said = names | not_predicate(question)
    predicate = {t: w for t, w in weights.items() if t not in said and t not in set(focus_stems(question))}
    if not predicate:
        return 1.0
    covered = set().union(*(s.stems | s.context for s in top)) if top else set()
    covered |= said_by_the_story(question)
    told = {t for t in predicate if t in covered or event_kin(t) & covered}
    if (predicate.keys() & ADVICE) - told:
        return 0.0  # "What did the Atlantic Council *recommend* …?": its analysis, told without a recommendation
    return sum(predicate[t] for t in told) / sum(predicate.values())


# "How many … have *been evacuated*?" asks what was done; "… *talked about evacuating* 6,000 …" tells a plan
_DONE = re.compile(r"\b(?:have|has|had|were|was|got)\s+(?:(?:actually|already|really|now|so far)\s+)*(?:been\s+)?"
                   r"([a-z]+ed)\b", re.IGNORECASE)
_PLANNED = re.compile(r"\b(?:talk(?:s|ed)?|spoke|discuss(?:es|ed)?|plan(?:s|ned)?|agree(?:s|d)?|promis(?:es|ed)|"
                      r"pledg(?:es|ed)|vow(?:s|ed)|aim(?:s|ed)?|hop(?:es|ed)|want(?:s|ed)|consider(?:s|ed|ing)?|"
                      r"prepar(?:es|ed|ing)|seek(?:s|ing)?|sought|propos(?:es|ed)|offer(?:s|ed)|call(?:s|ed) for|"
                      r"urg(?:es|ed))\s+(?:about\s+|on\s+|to\s+|for\s+)?(?:help\s+)?$", re.IGNORECASE)


def done_event(question: str) -> str:
    """The stem of what a question asks was done, in the passive or perfect ("have been evacuated" → evacu)."""
    return stem(m.group(1)) if (m := _DONE.search(question)) else ""


def only_planned(event: str, text: str) -> bool:
    """Whether `text` tells `event` only as talked of, planned or promised ("talked about *evacuating* the
    approximately 6,000 Chinese nationals"), never as done."""
    told = [m for m in re.finditer(r"[A-Za-z]+", text) if stem(m.group(0)) == event]

    def planned(m: re.Match) -> bool:  # "evacuating" after "talked about", not "evacuated"
        before = text[max(0, m.start() - 40): m.start()]
        return not m.group(0).casefold().endswith("ed") and bool(_PLANNED.search(before))

    return bool(told) and all(map(planned, told))
