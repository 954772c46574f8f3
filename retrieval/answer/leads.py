"""What a short answer is: a candidate span, the key it agrees on across sentences, and how it reads.

    >>> display("the Atlantic Council"), key_of("The U.S.")
    ('Atlantic Council', 'u.s')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .candidates import Sentence


def display(text: str) -> str:
    """A lead as it should read: "the Atlantic Council" → "Atlantic Council", "Ministry's" → "Ministry"; a
    one-word name keeps its "The" ("The Information", "The Verge")."""
    text = text.strip()
    if not re.fullmatch(r"The\s+[A-Z][\w&.’'-]*", text):  # "a day", "a dozen" are amounts: their "a" stays
        text = re.sub(r"^(?:the|(?:a|an)(?!\s+(?:second|minute|hour|day|week|fortnight|month|year|decade|century|dozen|"
                      r"hundred|thousand|million|billion|half|quarter)s?\b))\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"['’]s?$", "", text).strip(" ,.;:")
    return f"{text}." if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", text) else text  # initials keep their dot: "U.S."


@dataclass
class Candidate:
    """A possible short answer and the evidence for it."""

    text: str  # as printed in the source
    key: str  # normalised, for agreement across sentences
    label: str
    score: float = 0.0
    sentence: Sentence | None = None  # the best sentence that holds it (None: a headline)
    hit: int = -1
    sources: set[str] = field(default_factory=set)  # articles that state it


def key_of(text: str) -> str:
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    return " ".join(re.sub(r"[^\w\s.%$€£-]", " ", text.casefold()).split()).rstrip(".")


def merge_names(found: dict[str, Candidate]) -> None:
    """"Dong" and "Dong Jun" are one person: the shorter name adds to the fuller (in place)."""
    keys = sorted(found, key=len, reverse=True)
    for short in keys:
        for full in keys:
            if short != full and short in found and full in found and set(short.split()) < set(full.split()) \
                    and found[short].label in (found[full].label, "NORP"):  # "Chinese" in "… Defense Ministry"
                found[full].score += found[short].score
                found[full].sources |= found[short].sources
                del found[short]
                break
