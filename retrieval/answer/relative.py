"""A relative date a report prints ("on Tuesday", "last month", "yesterday") as the calendar date it means,
counted from the report's own date — what a reader asking "when?" needs, as the report's day is not theirs.

    >>> resolved("Tuesday", date(2025, 4, 2), "Wang met Lavrov for talks on Tuesday.")
    '2025-04-01'
    >>> resolved("last month", date(2023, 3, 7), "… information cited by Washington last month …")
    'February 2023'
    >>> resolved("Friday", date(2025, 4, 2), "He will meet Putin on Friday."), resolved("Tuesday", None)
    ('2025-04-04', '')
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_WEEKDAYS = [d.casefold() for d in calendar.day_name]
_SAME_DAY = {"today", "tonight", "this morning", "this afternoon", "this evening"}
_STEP = {"last": -1, "this": 0, "next": 1}
_PART_OF_DAY = {"morning", "afternoon", "evening", "night"}
# what is still to come: "will meet Putin on Friday", "is due to arrive on Monday"
_AHEAD = re.compile(r"\b(?:will|shall|is|are)\s+(?:(?:due|set|scheduled|expected)\s+to\b|to\s+\w+)|\bwill\b|"
                    r"\bupcoming\b", re.IGNORECASE)


def resolved(span: str, published: date | None, sentence: str = "") -> str:
    """The date (ISO), month ("February 2023") or year a relative span means in a report of `published`;
    "" when it is no relative date or the report is undated."""
    said = re.sub(r"^on\s+", "", " ".join(span.casefold().split()))
    if published is None or not said:
        return ""
    if said in _SAME_DAY:
        return published.isoformat()
    if said == "yesterday":
        return (published - timedelta(days=1)).isoformat()
    if said == "tomorrow":
        return (published + timedelta(days=1)).isoformat()
    words = said.split()
    if len(words) >= 2 and words[-1] in _PART_OF_DAY and words[-2] in _WEEKDAYS:
        words = words[:-1]  # "Wednesday morning"
    if words[-1] in _WEEKDAYS and len(words) <= 2 and (len(words) == 1 or words[0] in _STEP):
        day = _WEEKDAYS.index(words[-1])
        before = sentence[: sentence.casefold().find(words[-1])] if words[-1] in sentence.casefold() else ""
        if words[0] == "next" or (words[0] != "last" and _AHEAD.search(before[-80:])):
            return (published + timedelta(days=(day - published.weekday()) % 7 or 7)).isoformat()
        back = (published.weekday() - day) % 7 or (7 if words[0] == "last" else 0)
        return (published - timedelta(days=back)).isoformat()
    if len(words) == 2 and words[0] in _STEP and words[1] in ("month", "year"):
        if words[1] == "year":
            return str(published.year + _STEP[words[0]])
        months = published.year * 12 + published.month - 1 + _STEP[words[0]]
        return f"{calendar.month_name[months % 12 + 1]} {months // 12}"
    return ""
