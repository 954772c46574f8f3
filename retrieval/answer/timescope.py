"""Turn time expressions in a question into a published-date range.

"in 2023", "in February 2024", "since February", "after June 5, 2023", "before 2024",
"during March",
"between March and May 2023", "last week", "this month", "in the past 3 days", "yesterday".
A month without a year means its most recent occurrence up to `now`.

Usage:
    >>> scope = parse_time_scope("What did China say since February?", now=date(2024, 6, 1))
    >>> scope.since, scope.until, scope.question
    (datetime.date(2024, 2, 1), None, 'What did China say?')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..models import Hit
from ..text.words import NATIONS, content_stems
from .asked import name_groups

_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"  # a month's name, any case
_DAY = r"(?:\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
# A point or period in time: "March 5, 2024", "5 March 2024", "March 2024", "March", "2024", "2024-03-05".
_WHEN = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|{MONTH}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+{MONTH},?\s+{_YEAR}"
    rf"|{MONTH}\s+{_YEAR}|{MONTH}\s+{_DAY}|{MONTH}|{_YEAR})"
)
_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365}
_QUOTED = re.compile(r'"[^"]+"|“[^”]+”|‘[^’]+’')  # a headline quoted in a question


@dataclass
class TimeScope:
    since: date | None = None
    until: date | None = None
    question: str = ""  # the question with the time expression removed
    phrase: str = ""
    relative: bool = False  # "last week", "lately": a preference for recent news, not a period to filter by

    @property
    def found(self) -> bool:
        return self.since is not None or self.until is not None

    def holds(self, day: date | None) -> bool:
        return day is not None and (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until)


def _period(text: str, now: date) -> tuple[date, date] | None:
    """The first and last day a `_WHEN` expression covers."""
    t = text.strip().casefold().replace(",", "").replace(".", "")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if m:
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    parts = t.split()
    month = next((_MONTHS[p] for p in parts if p in _MONTHS), None)
    year = next((int(p) for p in parts if re.fullmatch(_YEAR, p)), None)
    day = next((int(re.sub(r"\D", "", p)) for p in parts if re.fullmatch(_DAY, p) and not re.fullmatch(_YEAR, p)),
               None)
    if month is None and year is not None:
        return date(year, 1, 1), date(year, 12, 31)
    if month is None:
        return None
    if year is None:  # the latest such month not in the future
        year = now.year if month <= now.month else now.year - 1
    last = calendar.monthrange(year, month)[1]
    if day is not None:
        if day > last:
            return None
        return date(year, month, day), date(year, month, day)
    return date(year, month, 1), date(year, month, last)


def parse_time_scope(question: str, now: date | None = None, anchor: date | None = None) -> TimeScope:
    """`now` anchors relative time ("last week"); `anchor` (default `now`) the year of a month named
    without one — for an archive, its latest article's month rather than today's."""
    now = now or date.today()
    anchor = anchor or now
    q = question
    quoted = [m.span() for m in _QUOTED.finditer(q)]

    def search(pattern: str) -> re.Match | None:  # a time a quoted headline gives is no scope ("… in 2024")
        return next((m for m in re.finditer(pattern, q, re.IGNORECASE)
                     if not any(a <= m.start() < b for a, b in quoted)), None)

    patterns = [
        ("range", rf"\bbetween\s+({_WHEN})\s+and\s+({_WHEN})"),
        ("range", rf"\bfrom\s+({_WHEN})\s+(?:to|until|till)\s+({_WHEN})"),
        ("since", rf"\b(?:since|from)\s+({_WHEN})"),
        ("after", rf"\bafter\s+({_WHEN})"),
        ("before", rf"\b(?:before|until|till|prior to)\s+({_WHEN})"),
        # Not "on <date>": in news questions it names when a report appeared ("the report from X on
        # 2023-11-24 and the one from Y on 2023-11-25"), and a one-day filter would hide the other.
        ("within", rf"\b(?:in|during|for)\s+({_WHEN})\b"),
    ]
    for kind, pattern in patterns:
        m = search(pattern)
        if not m:
            continue
        groups = list(m.groups())
        if kind == "range" and not re.search(_YEAR, groups[0]) and (year := re.search(_YEAR, groups[1])):
            groups[0] += f" {year.group(0)}"  # "between March and May 2023"
        periods = [_period(g, anchor) for g in groups]
        if any(p is None for p in periods):
            continue
        first = periods[0]
        since, until = {
            "range": (first[0], periods[-1][1]),
            "since": (first[0], None),
            "after": (first[1] + timedelta(days=1), None),
            "before": (None, first[0] - timedelta(days=1)),
            "within": first,
        }[kind]
        return TimeScope(since, until, _strip(q, m), m.group(0))

    rel = search(r"\b(last|past|previous|this)\s+(?:(\d+)\s+)?(day|week|month|year)s?\b")
    if rel:
        which, n, unit = rel[1].casefold(), int(rel[2] or 1), rel[3].casefold()
        if which == "this":
            start = {"day": now, "week": now - timedelta(now.weekday()), "month": now.replace(day=1),
                     "year": now.replace(month=1, day=1)}[unit]
        else:
            start = now - timedelta(days=_UNITS[unit] * n)
        return TimeScope(start, now, _strip(q, rel), rel.group(0), relative=True)
    rel = search(r"\b(today|yesterday)\b")
    if rel:
        d = now if rel[1].casefold() == "today" else now - timedelta(1)
        return TimeScope(d, d, _strip(q, rel), rel.group(0), relative=True)
    rel = search(r"\b(?:lately|recently|these days|so far this year|(?:the )?latest|most recent|"
                 r"(?:right )?now|currently|at the moment)\b")
    if rel:
        return TimeScope(now - timedelta(days=30), now, question, rel.group(0), relative=True)
    return TimeScope(question=question)


def _strip(question: str, m: re.Match) -> str:
    out = (question[: m.start()] + question[m.end():]).strip()
    out = re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s{2,}", " ", out))
    out = re.sub(r"\b(?:in|on|during|from|over|within)(?:\s+the)?\s*([?.!]?)$", r"\1", out).strip()
    out = re.sub(r"\s+([?.!,])", r"\1", out)
    return out or question


def _spelled(mark: str) -> str:
    """A month or year as a pattern for every way news writes it ("September": "Sept. 13", "Sep 13")."""
    month = _MONTHS.get(mark.casefold().rstrip("."))
    if month is None:
        return rf"\b{re.escape(mark)}\b"
    return r"\b(?:" + "|".join(name for name, i in _MONTHS.items() if i == month) + r")\b"


def told_in_text(scope: TimeScope, question: str, hits: list[Hit]) -> bool:
    """Whether a passage dates the asked event itself to the period: "In which city did Kuleba meet Wang Yi
    *in July*?" is answered by "… after the meeting with … Wang Yi in Guangzhou in July", whenever the
    report was published. Every month and year of the period must stand in one sentence that says some
    of what is asked and holds one of the names the question asks about (other than nations, which most
    sentences of a library name), or stand under a headline that does; the other names stand there or
    elsewhere in its story ("The
    group reported $76 million in subscription revenue in 2021" under "How the … Epoch Times went
    mainstream"; Putin and Xi "shake hands … on October 18, 2023" in the story about Dong Jun)."""
    marks = [w for w in re.findall(r"[A-Za-z]+|\d{4}", scope.phrase)
             if w.casefold().rstrip(".") in _MONTHS or re.fullmatch(_YEAR, w)]
    names = [g for g in name_groups(question) if not g <= NATIONS]
    if not marks or not names:
        return False
    asked = set(content_stems(question, drop_question_words=True)) - set().union(*names)
    asked -= set(content_stems(scope.phrase))
    story: dict[str, set[str]] = {}
    for h in hits:
        # (its outlet names the story too: "… in March, according to *Engadget*'s look back")
        story.setdefault(h.article_id, set()).update(content_stems(f"{h.title} {h.headline} {h.source} {h.text}"))
    for h in hits:
        headline = set(content_stems(h.headline))
        for sentence in h.sentence_texts():
            stems = set(content_stems(sentence))
            near = stems | headline
            if any(g & near for g in names) and all(g & (near | story[h.article_id]) for g in names) and \
                    asked & stems and all(re.search(_spelled(m), sentence, re.IGNORECASE) for m in marks):
                return True
    return False


def days_named(question: str, now: date | None = None) -> tuple[date, ...]:
    """The single days a question names with "on" ("the TechCrunch report published on October 7, 2023"):
    when reports appeared or events happened, so a preference for articles of those days, never a filter.

    >>> days_named("Between the report on 2023-11-24 and the one published on November 25, 2023, …")
    (datetime.date(2023, 11, 24), datetime.date(2023, 11, 25))
    """
    days = []
    for m in re.finditer(rf"\bon\s+({_WHEN})", question, re.IGNORECASE):
        span = _period(m.group(1), now or date.today())
        if span and span[0] == span[1] and span[0] not in days:
            days.append(span[0])
    return tuple(days)


_DAY_ASKED = re.compile(r"\b(?:what|which)\s+(?:exact\s+)?(?:date|day)\b", re.IGNORECASE)


def year_for_day(question: str, answer: str) -> bool:
    """A bare year answering a question that asks for a day ("On what date did he testify?" — not "2021")."""
    return bool(_DAY_ASKED.search(question)) and bool(re.fullmatch(r"(?:in\s+)?\d{4}", answer.strip(), re.IGNORECASE))
