"""Questions that name someone by what another story tells of them: "The Chinese defence chief who told Shoigu
that Beijing would stand with Russia — where did *he* speak in June 2024?", "Kuleba met a Chinese diplomat in
Guangzhou. Which agency did *that same diplomat* give an interview to?". The description is read first, as its
own search: the person (or body) it tells of, other than the ones it names, is whom the question means. The
question is then asked again with that name in place of "he" or "that same diplomat", the ordinary way, and the
sentence that told who it is joins the answer with its source.

    >>> split("Kuleba met a Chinese diplomat in July. Which agency did that same diplomat talk to?")
    Bridge(description='Kuleba met a Chinese diplomat in July.', asked='Which agency did that same diplomat talk \
to?', start=17, end=35, kind='person')
    >>> with_name(split("The minister who met Shoigu — where did he speak?"), "Dong Jun")
    'Where did Dong Jun speak?'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Hit
from .heads import head_kind
from .leads import Candidate

if TYPE_CHECKING:
    from .extractive import ExtractiveBackend

# the one described: a candidate this strong, or one far ahead of the next ("Tyreek Hill" 0.17, "Eagles" 0.03) —
# a weaker or closer one is a guess, and the question stays declined
MIN_DESCRIBED, MIN_AHEAD, AHEAD = 0.25, 0.1, 2.0

# the question after a description: after a sentence's end, or after a dash ("The X who … — where did he …?"),
# opening as questions do (not "Li Shangfu in July. Which …" after "Gen.", nor "… 2023 where …" after a range)
_PARTS = re.compile(r"^(?P<description>[^?]{20,}?(?:(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<![A-Z]\.[A-Z])"
                    r"[.!]|\s[—–]|\s-{1,2}))\s+(?P<asked>(?i:(?:and\s+)?(?:who|whom|whose|what|which|where|when|why|how|"
                    r"did|does|do|is|was|were|are|has|had|have|can|could|will|would|in|at|on|to|for|from|with|by|"
                    r"during|after|before|according to)\b)[^!?]*\?)\s*$")
_LONGEST = 1000  # characters: a longer message is no question of this shape (and the split would be slow)
# the one described, as the question refers to them: "that same Chinese *diplomat*", "that *CEO*", "he" — not
# "that" after a verb of saying ("say that officials …")
_ANAPHOR = re.compile(r"(?<!\bsay )(?<!\bsaid )(?<!\bsays )(?<!\bconfirm )(?<!\bclaim )(?<!\breport )"
                      r"(?<!\bannounce )(?<!\bthink )(?<!\bbelieve )"
                      r"\b(?:(?:that|the)\s+same|that|this)(?P<words>(?:\s+[\w-]+){1,3})|"
                      r"\b(?P<pronoun>he|him|his|she|her)\b", re.IGNORECASE)
# "her" before a noun is whose ("her CD"); before a preposition, a mark or nothing, whom ("tell her?")
_HER_WHOSE = re.compile(r"\s+(?!(?:for|to|in|on|at|about|with|from|by|of|and|or|after|before|during)\b)[A-Za-z]")
_WHO_IS = re.compile(r"^\W*(?:who|what|which)\s+(?:is|was|are|were)\s*$", re.IGNORECASE)
_UNNAMED = re.compile(r"^\W*(?:the|a|an)\s", re.IGNORECASE)  # "The Chinese defence chief who …"


@dataclass(frozen=True)
class Bridge:
    """A question split into the description of someone and what is asked about them."""

    description: str
    asked: str
    start: int  # where the words standing for the one described are in `asked`
    end: int
    kind: str  # "person" or "organization"


def split(question: str) -> Bridge | None:
    """The description and the question about the one it describes, or None for a question of another shape."""
    m = _PARTS.match(" ".join(question.split())) if len(question) <= _LONGEST else None
    if m is None:
        return None
    description, asked = m.group("description").rstrip(" —–-"), m.group("asked")
    for a in _ANAPHOR.finditer(asked):
        if a.group("pronoun"):  # "he" stands for the one described only where no one named opens the description
            # ("Kuleba is now a former minister. Who replaced *him*?" means Kuleba)
            if _UNNAMED.match(description):
                return Bridge(description, asked, a.start(), a.end(), "person")
            continue
        at = a.start("words")
        for word in re.finditer(r"[\w-]+", a.group("words")):
            common = word.group(0).islower() or word.group(0).isupper()  # a noun, not a name ("that *CEO*")
            plural = word.group(0).endswith("s") and not word.group(0).endswith("ss")  # one name is no "officials"
            if (kind := head_kind(word.group(0))) in ("person", "organization") and common and not plural:
                if _WHO_IS.match(asked[: a.start()]) and not asked[at + word.end():].strip(" ?"):
                    return None  # "Who was that Russian official?" asks who is described, not about them
                return Bridge(description, asked, a.start(), at + word.end(), kind)
            if common and kind:
                break  # "that forum", "this year": no one described
    return None


def with_name(bridge: Bridge, name: str) -> str:
    """The question asked again with the name in place of the words standing for the one described."""
    word = bridge.asked[bridge.start: bridge.end].casefold()
    whose = word == "his" or (word == "her" and _HER_WHOSE.match(bridge.asked, bridge.end))
    said = f"{name}'s" if whose else name
    out = bridge.asked[: bridge.start] + said + bridge.asked[bridge.end:]
    return out[:1].upper() + out[1:]


def described(extractive: ExtractiveBackend, description: str, bridge: Bridge, hits: list[Hit]) -> Candidate | None:
    """The one the description (as the sources print its words) tells of: the best candidate of its kind in the
    passages found for it, other than the ones it names ("Kuleba met a Chinese diplomat …" — Wang Yi, not Kuleba),
    with the sentence telling it; None when the sources do not cover the description or name no one of the kind
    plainly enough."""
    ev = extractive.evidence(description, hits)
    if not ev.sentences or not extractive.supported(ev, "en"):
        return None
    asked = set(re.findall(r"[\w’'-]+", bridge.asked.casefold()))  # (a name the question asks about is not the one)
    cands = [c for c in extractive.short.candidates(bridge.kind, description, ev, hits)
             if c.sentence is not None and not set(c.key.split()) <= asked]
    if not cands:
        return None
    best = cands[0].score
    ahead = len(cands) > 1 and best >= MIN_AHEAD and best >= AHEAD * cands[1].score
    return cands[0] if best >= MIN_DESCRIBED or ahead else None
