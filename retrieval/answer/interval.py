"""How long between two events the sources date apart: "How many days after Zelensky's Metropoles interview was
published did Dong Jun call for negotiations at the Xiangshan Forum?" — each event is dated by the sentence that
dates it (a year it leaves out from its report, or the other event), and the dates are subtracted.

    >>> events("How many days after the summit did Kuleba resign?")
    ('When was the summit?', 'When did Kuleba resign?', 'days')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from ..models import Hit
from .candidates import Sentence
from .evidence import Evidence
from .leads import Candidate
from .spans import PRINTED_DATE

_BETWEEN = re.compile(r"^\W*how\s+(?:many\s+(?P<unit>days|weeks|months|years)|long)\s+(?:after|before)\s+(?P<a>.+)\s+"
                      r"(?P<aux>did|was|were|had|has|have|is|are|does|do)\s+(?P<b>.+?)\s*\?*\s*$", re.IGNORECASE)
# "the interview was published" → "When was the interview published?"; "Putin and Xi met" stays a clause
_CLAUSE = re.compile(r"^(?P<subject>.+?)\s+(?P<aux>was|were|is|are|had|has|have)\s+(?P<rest>.+)$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
DATED = 0.25  # a date candidate this strong dates its event (as any "when" answer needs: MIN_CANDIDATE)
_ABBREVIATED = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.", re.IGNORECASE)


def events(question: str) -> tuple[str, str, str] | None:
    """The two "when" questions a "how long after A did B?" question holds, and the unit it counts in ("" for
    "how long": the one that reads best)."""
    m = _BETWEEN.match(question)
    if not m:
        return None
    clause = _CLAUSE.match(m["a"])
    short = len(m["a"].split()) <= 3  # "the summit"; "Putin and Xi shook hands" is a clause
    first = f"When {clause['aux']} {clause['subject']} {clause['rest']}?" if clause else \
        f"When was {m['a']}?" if short else f"When was it that {m['a']}?"
    return first, f"When {m['aux']} {m['b']}?", (m["unit"] or "").casefold()


def _day(text: str, around: date | None) -> date | None:
    """A printed date ("Sept. 13.", "October 18, 2023") as a day; a year it leaves out is `around`'s."""
    import dateparser  # slow to import; only these questions need it

    printed = PRINTED_DATE.search(text)  # not what a tagger ran on to ("March 3 after a row")
    text = _ABBREVIATED.sub(lambda m: m.group(1)[:3], printed.group(0) if printed else text.strip(" .,"))
    base = around or date.today()
    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day, 12), "REQUIRE_PARTS": ["day", "month"]}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def between(question: str, hits: list[Hit], evidence: Callable[[str], Evidence],
            best_date: Callable[[str, Evidence], Candidate | None]) -> tuple[str, list[Sentence]] | None:
    """The span between the two events ("28 days") and the two sentences dating them; None unless both are
    dated in the text, by distinct sentences."""
    asked = events(question)
    if asked is None:
        return None
    found: list[Candidate] = []
    for q in asked[:2]:
        cand = best_date(q, evidence(q))
        if cand is None or cand.sentence is None or cand.score < DATED:
            return None
        found.append(cand)
    a, b = found
    if a.sentence is b.sentence and a.key == b.key:
        return None  # one date for both: nothing apart
    # a date without its year takes the other's, or its report's
    first = _day(a.text, None) if _YEAR.search(a.text) else None
    second = _day(b.text, None) if _YEAR.search(b.text) else None
    first = first or _day(a.text, second or hits[a.hit].published)
    second = second or _day(b.text, first or hits[b.hit].published)
    if first is None or second is None:
        return None
    days = abs((second - first).days)
    unit = asked[2] or ("days" if days < 60 else "months" if days < 730 else "years")
    amount = {"days": days, "weeks": days / 7, "months": days / 30.44, "years": days / 365.25}[unit]
    count = round(amount)
    label = unit[:-1] if count == 1 else unit
    return (f"{count} {label}" if abs(amount - count) < 0.15 else f"about {count} {label}"), [a.sentence, b.sentence]
