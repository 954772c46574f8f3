"""A person's age as the sources give it ("Sherri Geerts, 81,", "81-year-old Sherri Geerts").

    >>> asks_age("How old is Sherri Geerts?")
    'Sherri Geerts'
"""

from __future__ import annotations

import re

from .evidence import Evidence
from .leads import Candidate

_HOW_OLD = re.compile(r"\b(?i:how old (?:is|was|are|were))\s+([A-Z][^,?;]*?)\s*(?:[,?;]|\s(?:when|at|in|during|after|"
                      r"before|by)\b|$)")


def asks_age(question: str) -> str:
    """Whom "How old is Sherri Geerts?" asks the age of ("" for "how old was the conflict …"); a possessive
    ("Sherri Geerts' birth mother") keeps the whole phrase: the age asked is not the named person's."""
    m = _HOW_OLD.search(question)
    return m.group(1).strip() if m else ""


def age_of(name: str, ev: Evidence, depth: int = 10, exact: bool = False) -> Candidate | None:
    """The age the sources give a named person: "Sherri Geerts, 81,", "81-year-old Sherri Geerts",
    "Geerts, aged 81", "Geerts (81)" or "At 37, Alexandra …" — by full name, or (unless `exact`) surname."""
    variants = [re.escape(v) for v in dict.fromkeys([name, name.split()[-1]])] \
        if not re.search(r"['’]", name) and not exact else [re.escape(name)]  # "Geerts' mother": never Geerts
    named = rf"(?:{'|'.join(variants)})(?![\w-])"
    patterns = [re.compile(rf"{named},\s+(?:aged\s+)?(\d{{1,3}}),"), re.compile(rf"{named}\s+\((\d{{1,3}})\)"),
                re.compile(rf"\b(\d{{1,3}})-year-old\s+(?:[\w-]+\s+){{0,3}}?{named}"),
                re.compile(rf"(?:^|[.;]\s+)(?i:at|aged)\s+(\d{{1,3}}),\s+{named}")]
    for s in ev.sentences[:depth]:
        for pattern in patterns:
            if m := pattern.search(s.text):
                return Candidate(m.group(1), m.group(1), "AGE", score=s.score, sentence=s, hit=s.hit)
    return None
