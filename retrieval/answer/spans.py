"""Typed spans of a sentence, before they are weighed as answers: the named entities found at ingest,
trimmed of what a small tagger gets wrong, plus patterns for dates, money, percentages, counts and spans
of time; and how likely a place is to be where something happened.

    >>> [t[2] for t in spans("The World Bank will provide $200 million over five years.", [(4, 14, "ORG")])]
    ['ORG', 'PATTERN_NUMBER']
    >>> is_duration("three years"), is_duration("February 24 last year")
    (True, False)
"""

from __future__ import annotations

import re

from ..text.words import foreign_head, head_noun

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
           r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# a day as printed: "Sept. 13", "18 October 2023", "2024-02-20"
PRINTED_DATE = re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTHS}"
                          rf"(?:\s+\d{{4}})?\b|\b(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}\b")
_PATTERNS = [
    ("PATTERN_SCORE", re.compile(r"(?<![\d.,-])\d{1,3}\s?[-–]\s?\d{1,3}(?![\d.,%])(?!\s?(?:year|day|month|week|hour|"
                                 r"minute|percent|per cent)s?\b)")),  # a game's score: "31-17", "2–0"
    ("PATTERN_DATE", PRINTED_DATE),
    ("PATTERN_NUMBER", re.compile(r"[$€£¥]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|thousand|bn|mn|tn|b|m)\b)?|"
                                  r"\b\d[\d,.]*-(?:year|day|month|week|hour|minute)s?\b|"
                                  r"\b\d[\d,.]*(?:\s?(?:%|percent|per cent|million|billion|trillion|thousand)\b)?|"
                                  r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ](?:year|"
                                  r"day|month|week|hour|minute)s?\b|\b(?:dozens|hundreds|thousands|millions)\b|"
                                  r"\bboth\s+(?!of\b)[a-z]+s\b",  # "negotiations with both sides": two
                                  re.IGNORECASE)),
    # a birthplace before "born" ("the Manchester born Ratcliffe", "Texas-born"), whatever the tagger called it
    ("PATTERN_BORN", re.compile(r"(?<![\w’'-])(?!(?:The|A|An|His|Her|Its|Their)\s)(?:[A-Z][\w’'.-]*\s+)?"
                                r"[A-Z][\w’'.]*(?=[\s-]born\b)")),
    # a building or ground named before its kind ("at the Rosewood hotel"): the small tagger misses most
    ("PATTERN_FAC", re.compile(r"(?<![\w’'-])(?:[A-Z][\w’'&.-]*\s+){0,2}[A-Z][\w’'&.-]*(?=\s+(?:hotel|stadium|arena|"
                               r"museum|prison|hospital|church|cathedral|palace|circuit|resort)\b)")),
    # a gathering where something was said, named by its kind ("said at the daily press briefing"): "where"
    ("PATTERN_VENUE", re.compile(r"(?<=\bat the )(?:[a-z-]+\s+){0,2}(?:press briefing|news briefing|briefing|"
                                 r"press conference|news conference|summit|rally|hearing|ceremony)\b")),
]
# a nation's government or one of its bodies, named by the nation's adjective ("The Russian government released a
# video …"): one organisation, where the tagger sees only a people ("Russian")
_GOVERNMENT = re.compile(r"\b[A-Z][a-z]+\s+(?i:government|administration|foreign ministry|defen[cs]e ministry|military|"
                         r"army|navy|parliament|embassy|authorities)\b")
FACILITIES = {"stadium", "arena", "hotel", "museum", "prison", "hospit", "church", "cathedr", "palac", "circuit",
              "resort", "park"}  # stems of the kinds of building or ground a "which …" asks for

TIME_UNITS = {"year", "month", "week", "day", "hour", "minut", "second", "decad"}


def asks_duration(question: str) -> bool:
    """"How long …", "how old was the conflict …", "how many years …", "Wie lange …", "скільки днів …": a span
    of time is asked for."""
    return bool(re.search(r"\bhow (?:long|old|many (?:years|months|weeks|days|decades) old)\b|"
                          r"\b(?:in|within) what time\b|\bat what age\b", question,
                          re.IGNORECASE)) or (
        bool(re.search(r"\bhow many\b", question, re.IGNORECASE)) and head_noun(question) in TIME_UNITS) or (
        foreign_head(question) in TIME_UNITS | {"long"})



_LENGTH = re.compile(r"[- ](?:yards?|metres?|meters?|miles?|kilometres?|kilometers?|km|feet|foot|inch(?:es)?)\b",
                     re.IGNORECASE)


def length_end(question: str, text: str, b: int) -> int:
    """Where a length a "how long" question asks for ends, when the number ending at b is one ("How long was
    the field goal?" — "His *31-yard* field goal"); 0 otherwise."""
    m = _LENGTH.match(text, b)
    return m.end() if m and re.search(r"\bhow long\b", question, re.IGNORECASE) and text[b - 1:b].isdigit() else 0


_DURATION = re.compile(r"\b(?:second|minute|hour|day|week|month|year|decade|century)s?\b", re.IGNORECASE)
_AMOUNT = re.compile(r"\d|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|hundred|several|few|many|half|dozen)\b|-old\b", re.IGNORECASE)  # a "year-old" war
_POINT_IN_TIME = re.compile(rf"{_MONTHS}\b|\b(?:last|next|this|that|earlier|later)\s+(?:year|month|week)\b|"
                            r"\b(?:19|20)\d\d\b|\b(?:week|day|month|year)\s+\d{1,3}\b", re.IGNORECASE)  # "Week 9"


def is_duration(span: str) -> bool:
    """"three years", "30-day", "a decade" — not "February 24 last year" (a point in time)."""
    return bool(_DURATION.search(span) and _AMOUNT.search(span) and not _POINT_IN_TIME.search(span))
_DATE_LIKE = re.compile(rf"\d|{_MONTHS}|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|"
                        r"today|spring|summer|autumn|fall|winter)\b|"
                        r"\b(?:last|earlier this|this|next)\s+(?:week|weekend|month|year)\b",  # "cited … last month"
                        re.IGNORECASE)
_NAME_PARTICLES = {"de", "van", "von", "bin", "al", "da", "del", "la", "le", "der", "den", "di", "ibn", "el"}


# What only a company does: a place tagged before it is a company of that name ("Palo Alto in advanced talks
# to buy Talon", "Redmond acquires …")
_DEALS = re.compile(r"\s+(?:is\s+|was\s+)?(?:in\s+(?:advanced\s+|early\s+)?talks\s+to\s+(?:buy|acquire)|"
                    r"(?:agreed|agrees|plans|moves|offers)\s+to\s+(?:buy|acquire)|acquires|acquired|buys|bought|"
                    r"to\s+(?:buy|acquire)|reports?\s+(?:record\s+)?(?:revenue|earnings|profit))\b")


def deals_after(text: str, end: int) -> bool:
    """Whether the words after a name (ending at `end`) are a company's doing: "Palo Alto in talks to buy …"."""
    return _DEALS.match(text, end) is not None


_VERSUS = re.compile(r"\s+v(?:s)?\.?\s+$|^\s+v(?:s)?\.?\s+")
_TEAM_WORD = re.compile(r"[A-Z][a-z]+[^s\W]s|[0-9]{2}ers")  # "Seahawks", "Diamondbacks", "49ers"


def team_named(text: str, a: int, b: int, label: str) -> bool:
    """A team the tagger read as a person or a place: one plural name after "the" ("rallying to beat the
    *Seahawks*"; people are never "the Xs") or beside "vs." ("Rangers vs. *Diamondbacks*")."""
    if label not in ("PERSON", "GPE", "LOC", "NORP") or not _TEAM_WORD.fullmatch(text[a:b]):
        return False
    versus = bool(_VERSUS.search(text[max(0, a - 6):a]) or _VERSUS.match(text[b:b + 6]))
    return versus if label != "PERSON" else versus or text[max(0, a - 4):a].casefold() == "the "


def opponent(text: str, a: int) -> bool:
    """A name right after "vs" is a side, not where it played ("friendly matches vs *Germany*, Ghana")."""
    return bool(_VERSUS.search(text[max(0, a - 6):a]))


# a player's position (after their team) the small tagger takes into a name
_POSITION = re.compile(r"(?:[A-Z][\w.’'-]*\s+)?(?:QB|RB|WR|TE|CB|LB|DE|DT|OL|OT|FB|SS|FS)\s+(?=[A-Z])")


def clean_span(text: str, a: int, b: int, label: str, duration: bool = False) -> tuple[int, int] | None:
    """An entity span trimmed of what a small tagger gets wrong ("Wang Wenbin downplayed Dong's" as one
    PERSON; "a day" as a DATE); None when nothing usable is left."""
    if label == "PERSON":
        if m := _POSITION.match(text, a, b):
            a = m.end()  # "former Marshall star QB Chad Pennington", "Seahawks RB Kenneth Walker III"
        out, pos = [], a
        for m in re.finditer(r"\S+", text[a:b]):
            word = m.group(0)
            if not word[:1].isupper() and word.casefold() not in _NAME_PARTICLES:
                break
            if word.endswith(("’s", "'s")) and len(word) > 3:  # "Iñigo Quintero’s Si": the name ends here
                out.append(word[:-2])
                pos = a + m.end() - 2
                break
            out.append(word)
            pos = a + m.end()
        b = pos if out else a
    span = text[a:b].strip(" ,.;:'’\"“”")
    if not span:
        return None
    if label in ("DATE", "PATTERN_DATE") and not (duration or _DATE_LIKE.search(span)):
        return None  # "a day", "the year": not a date anyone asked for
    return a, a + len(text[a:b].rstrip(" ,.;:'’\"“”"))


# A word naming an office or a job ("minister", "spokespeople", "CEO")
ROLE_NOUN = re.compile(
    r"^(?:minister|president|premier|chancellor|secretary|spokes(?:person|man|woman)|ambassador|envoy|chief|head|"
    r"leader|chair(?:man|woman)?|director|general|commander|governor|mayor|ceo|founder|official|diplomat|adviser|"
    r"advisor|analyst|professor|researcher|journalist|correspondent|editor|senator|lawmaker|deputy|king|queen|pope|"
    r"judge|prosecutor|economist|expert|fellow|executive|officer|representative|counterpart|premier|captain|pastor|"
    r"priest|bishop|rabbi|imam)s?$",
    re.IGNORECASE)
ROLE_MODIFIERS = frozenset("former new top senior deputy vice prime foreign defense defence state military special "
                            "chief executive general acting interim then current russian chinese".split())
# A name after a role ("Jets QB Zach Wilson", "Spanish artist Iñigo Quintero’s"): the small tagger often
# takes the role and name for one organisation, or runs the name into the next word.
_ROLE_THEN_NAME = re.compile(
    r"\b(?:QB|CEO|CFO|COO|CTO|GM|HC|MP|coach|quarterback|pitcher|striker|midfielder|defender|goalkeeper|winger|"
    r"forward|captain|rookie|manager|boss|chief|founder|executive|president|minister|spokes(?:person|man|woman)|"
    r"senator|governor|judge|artist|singer|rapper|actor|actress|director|star|analyst|reporter|author)\s+"
    r"([A-Z][\w-]*[a-z][\w-]*(?:\s+[A-Z][\w-]*[a-z][\w-]*){1,2})"
    r"(?=[’']s\b|\s+[a-z]|\s*[,.;:!?)”\"]|\s*$)")  # the sentence goes on: no Title Case run ("QB Rankings Week 1")
# A name coordinated with a person's ("Julian Alvarez and Alejandro Garnacho") is a person's, unless it reads
# as a body's ("Biden and General Motors").
_AFTER_PERSON = re.compile(r"^\s*(?:,|,?\s+and|,?\s+or)\s+$")
_BODY_WORDS = frozenset("motors bank group inc corp ltd company co university college party ministry council agency "
                        "times post news airlines energy capital partners holdings foundation institute association "
                        "union committee commission fund club fc united city state department office services "
                        "systems technologies labs media press network reserve board court army force forces police "
                        "guard league federation house school".split())


def _people_named(text: str, entities) -> list[tuple[int, int, str]]:
    """Entities with a name the tagger mislabelled relabelled a person's (see `_ROLE_THEN_NAME`,
    `_AFTER_PERSON`)."""
    out = list(entities)
    for m in _ROLE_THEN_NAME.finditer(text):
        a, b = m.span(1)
        if not any(lab == "PERSON" and x <= a and b <= y for x, y, lab in out):
            out = [e for e in out if e[1] <= a or e[0] >= b] + [(a, b, "PERSON")]
    out.sort()
    for i in range(1, len(out)):
        (_, pb, plab), (a, b, lab) = out[i - 1], out[i]
        words = text[a:b].split()
        if plab == "PERSON" and lab in ("ORG", "GPE", "NORP", "PRODUCT") and _AFTER_PERSON.match(text[pb:a]) and \
                2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and \
                not {w.casefold().strip(".,") for w in words} & _BODY_WORDS:
            out[i] = (a, b, "PERSON")
    return out


def with_currency(text: str, entities) -> list[tuple[int, int, str]]:
    """Sums with their currency sign, where the tagger left it out ("$" of "$5B")."""
    return [(a - 1, b, label) if label == "MONEY" and a > 0 and text[a - 1] in "$€£¥" else (a, b, label)
            for a, b, label in entities]


def spans(text: str, entities) -> list[tuple[int, int, str]]:
    """Entities of a text plus pattern matches that no entity already covers."""
    out = _people_named(text, with_currency(text, entities))
    for label, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if label in ("PATTERN_FAC", "PATTERN_SCORE", "PATTERN_BORN"):  # "the Rosewood hotel" names a
                # building, "31-17" is a score, "Manchester born" a place, whatever the tagger called them
                out = [e for e in out if (e[0], e[1]) != (m.start(), m.end())]
            if label == "PATTERN_VENUE":  # "the *daily* press briefing": no date inside a gathering's name
                out = [e for e in out if not (m.start() <= e[0] and e[1] <= m.end())]
            if not any(a <= m.start() < b or a < m.end() <= b for a, b, _ in out):
                out.append((m.start(), m.end(), label))
    for m in _GOVERNMENT.finditer(text):
        inside = [e for e in out if m.start() <= e[0] and e[1] <= m.end()]
        if inside and all(e[2] == "NORP" for e in inside) and text[m.start():m.end()].split()[0] in {
                text[a:b] for a, b, _ in inside}:
            out = [e for e in out if e not in inside] + [(m.start(), m.end(), "ORG")]
    return out


# Where something happened is named after "at", "in", "on the sidelines of"; what a story is about is named
# after "war in", "invasion of", "against" ("called for negotiations to end the war against Ukraine at the
# Xiangshan Forum in Beijing": the Forum and Beijing answer "where", Ukraine does not).
_VENUE = re.compile(r"\b(?:at|on the sidelines of|during|addressing|inside|hosted by|held in)\s+(?:the\s+)?"
                    r"((?:[\w’'-]+\s+){1,4}?(?:session of\s+)?(?:the\s+)?)?$", re.IGNORECASE)
_WITHIN = re.compile(r"\b(?:in|to|from|near|visit(?:ed|ing)?|arrived in)\s+(?:the\s+)?$", re.IGNORECASE)
_SUBJECT_MATTER = re.compile(r"\b(?:war|conflict|invasion|aggression|crisis|fighting|offensive|attack|attacks|"
                             r"sanctions|support)\s+(?:in|of|on|against|for|to)\s+(?:the\s+)?$|\bagainst\s+(?:the\s+)?$",
                             re.IGNORECASE)


def setting(text: str, a: int) -> float:
    """How likely the place starting at `a` is where something happened, by the words right before it."""
    before = text[max(0, a - 60): a]
    if _SUBJECT_MATTER.search(before):
        return 0.4
    if venue := _VENUE.search(before):  # right after the preposition ("at the Xiangshan Forum"), or a few words on
        return 1.8 if venue.group(1) is None else 1.5
    return 1.3 if _WITHIN.search(before) else 1.0


# "*Unlike* which country …?", "*Under* which leader …?": the answer follows the same preposition in the sentence
# ("… unlike the United States", "under the leadership of Xi Jinping"). In, at and on are left to `setting`.
_FRONTED = re.compile(r"\b(unlike|like|against|with|from|to|for|by|besides|beside|alongside|over|between|among|under|"
                      r"behind|into|towards?|versus|after|before|about|via|through)\s+(?:which|what|whom)\b",
                      re.IGNORECASE)
# … or leaves it at the end: "Who was the plan dismissed *by*?", "Who did Wang Yi meet *with*?"
_STRANDED = re.compile(r"^\W*(?:who|whom|what|which)\b.*\b(by|with|from|to|for|against|unlike|like|under|about)"
                       r"\s*\?\s*$", re.IGNORECASE)
# "Where is the Atlantic Council based?": no sentence need say "based" — "the *Washington* think tank, the
# Atlantic Council", "a *Paris*-based start-up" place it
# where a body sits, or where an event is held ("Where was the Xiangshan Forum held?", "In which city was … held?" —
# "… at the Xiangshan Forum in Beijing"): the verb says nothing a sentence need repeat
SITED = re.compile(r"^\W*(?:where\s+|(?:in|at)\s+(?:which|what)\s+(?!(?:year|month|day|date|time|week)s?\b)"
                   r"(?:[a-z]+\s+){1,2}?)(?:is|are|was|were|will)\s+(.+?)\s+"
                   r"(?:be\s+)?(based|headquartered|located|situated|held|hosted|staged|convened)\b", re.IGNORECASE)
PLACED = 2.0


class Placing:
    """Where in a sentence a question's answer stands, beside the words right around it."""

    def __init__(self, question: str):
        fronted = _FRONTED.search(question) or _STRANDED.search(question)
        self.preposition = fronted.group(1).casefold() if fronted else ""
        sited = SITED.match(question)
        self.sited = [w for w in re.findall(r"[A-Z][\w’'&.-]*", sited.group(1))] if sited else []

    def factor(self, text: str, a: int, b: int) -> float:
        """PLACED when the span follows the fronted preposition (across an article and "the leadership of"), or
        stands right before the name whose seat is asked for; else 1."""
        before = rf"\b{self.preposition}\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+of\s+(?:the\s+)?)?$"
        if self.preposition and re.search(before, text[:a], re.IGNORECASE):
            return PLACED
        if self.sited and (text.startswith("-based", b) or self.sited[0] in text[b: b + 40].split()
                           or re.search(rf"\b{re.escape(self.sited[-1])}\s+(?:in|at)\s+$", text[:a])):
            return PLACED
        return 1.0


_INTERVAL = re.compile(r"\s+(?:after|before|ago|later|earlier)\b", re.IGNORECASE)
_ASKS_INTERVAL = re.compile(r"\bhow\s+(?:long|many\s+\w+|soon|much\s+(?:later|earlier))\s+(?:after|before)\b|"
                            r"\bhow\s+(?:soon|much\s+later|much\s+earlier|long\s+ago)\b", re.IGNORECASE)


def wrong_span_of_time(question: str, text: str, b: int) -> bool:
    """"How long did the call last?" is not answered by "came *a day* after the call": a span ending in
    after, before or ago is the time between two things, which only "how long after …" asks for."""
    return bool(_INTERVAL.match(text, b)) != bool(_ASKS_INTERVAL.search(question))
