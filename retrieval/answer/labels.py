"""Which entity labels answer which kind of question: "who" a PERSON, "which agency" an ORG, "how much aid"
MONEY; the noun a question asks about sharpens the weights ("which *country*" wants a GPE, not a forum).

    >>> label_weights("place", "In which country did the summit take place?")
    {'GPE': 1.0, 'NORP': 0.3}
"""

from __future__ import annotations

import re

from ..text.words import content_stems, focus_stems, head_noun, stem
from .heads import KIND_HEADS, head_kind
from .spans import FACILITIES, asks_duration

MONEY_HEADS = {"money", "fund", "cost", "price", "budget", "dollar", "aid", "loan", "valu"}  # "how much *aid*"
_BASE_LABELS: dict[str, dict[str, float]] = {
    "person": {"PERSON": 1.0, "ORG": 0.1},
    "whose": {"PERSON": 1.0, "ORG": 0.9, "GPE": 0.4, "NORP": 0.3},
    "agent": {"PERSON": 1.0, "ORG": 0.9, "GPE": 0.5, "LOC": 0.5, "NORP": 0.4},  # "by whom …?": "… by the West"
    "organization": {"ORG": 1.0, "PRODUCT": 0.6, "GPE": 0.45, "FAC": 0.4, "WORK_OF_ART": 0.4, "NORP": 0.3,
                     "PERSON": 0.15},
    "place": {"GPE": 1.0, "LOC": 1.0, "FAC": 0.9, "EVENT": 0.6, "ORG": 0.35, "NORP": 0.2, "PATTERN_FAC": 0.9,
              "PATTERN_VENUE": 0.8,
              "PATTERN_BORN": 0.9},
    "date": {"DATE": 1.0, "TIME": 0.5, "PATTERN_DATE": 0.9},
    "number": {"CARDINAL": 1.0, "MONEY": 1.0, "PERCENT": 1.0, "QUANTITY": 1.0, "TIME": 0.6, "PATTERN_NUMBER": 0.8,
               "PATTERN_SCORE": 0.8},
    "duration": {"TIME": 1.0, "DATE": 0.9, "QUANTITY": 0.8, "PATTERN_NUMBER": 0.6, "CARDINAL": 0.6},  # "three-year"
}
# The noun a question asks about sharpens what fits ("which *country*" wants a GPE, not a forum);
# each sharpening applies to the answer types it names.
_FOCUS_LABELS: list[tuple[set[str], tuple[str, ...], dict[str, float]]] = [
    ({"agenc", "outlet", "newspap", "broadcast", "media", "channel", "public", "network", "wire", "paper"},
     ("organization",), {"ORG": 1.0, "GPE": 0.6, "PRODUCT": 0.5, "WORK_OF_ART": 0.5, "PERSON": 0.1}),
    ({"countri", "state"}, ("place",), {"GPE": 1.0, "NORP": 0.3}),
    ({"citi", "town", "capit"}, ("place",), {"GPE": 1.0, "LOC": 0.6}),
    (FACILITIES, ("place",), {"FAC": 1.0, "PATTERN_FAC": 1.0, "ORG": 0.35, "LOC": 0.4}),  # a stadium is no country
    ({"forum", "confer", "summit", "event", "session", "congress", "meet", "dialogu", "venu"}, ("place",),
     {"EVENT": 1.0, "FAC": 1.0, "ORG": 0.9, "GPE": 0.3, "LOC": 0.3}),
    ({"tank", "institut", "organ", "compani", "group", "ministri", "council", "parti", "bank", "bodi"},
     ("organization",), {"ORG": 1.0, "FAC": 0.3, "GPE": 0.2}),
    ({"app", "platform", "product", "servic", "softwar"}, ("organization",),  # the small tagger calls many
     {"PRODUCT": 1.0, "ORG": 0.9, "WORK_OF_ART": 0.5, "PERSON": 0.3}),        # a product a person ("Roblox")
    ({"price", "cost", "fee", "fare"}, ("number",), {"MONEY": 1.0}),  # a price is a sum, never a bare count
    (MONEY_HEADS, ("number",),
     {"MONEY": 1.0, "CARDINAL": 0.5, "PATTERN_NUMBER": 0.6}),
    ({"percent", "share", "proport"}, ("number",), {"PERCENT": 1.0, "CARDINAL": 0.3}),
    ({"score", "scorelin"}, ("number",), {"PATTERN_SCORE": 1.0, "CARDINAL": 0.3}),  # "by what score": "31-17"
    ({"anniversari"}, ("number",), {"ORDINAL": 1.0, "CARDINAL": 0.6, "DATE": 0.5}),
    ({"long", "durat"}, ("number",), {"TIME": 1.0, "DATE": 0.8, "QUANTITY": 0.8, "CARDINAL": 0.4}),
]
# "What was the final score …?": the which-phrase stops at "was", so the score is asked for by name
ASKS_SCORE = re.compile(r"\bwhat (?:was|is|were) (?:the\s+)?(?:[\w.-]+(?:['’]s)?\s+){0,3}?"
                        r"(?:final |full-time |half-time )?score(?:line)?\b", re.IGNORECASE)  # "the West Indies score"
_PEOPLE = {"offici", "peopl", "leader", "minist", "member", "diplomat", "politician", "person", "spokesperson",
           "presid", "envoy", "figur", "spokesman", "spokeswoman", "spokesmen", "spokeswomen"}


def list_element(question: str) -> str:
    """What a list question lists: "which officials" → person, "which countries" → place, …"""
    nouns = set(focus_stems(question))
    if not nouns and (who := _WHO_ARE.match(question)):  # "Who are the Russian officials … meeting?"
        nouns = set(content_stems(" ".join(who.group(1).split()[:3])))
        if not nouns & (_PEOPLE | KIND_HEADS["organization"] | KIND_HEADS["place"]):
            return "person"
    if nouns & _PEOPLE:
        return "person"
    if nouns & ({"countri", "nation", "state", "citi", "region"} | KIND_HEADS["place"]):  # (… "provinces")
        return "place"
    if nouns & ({"agenc", "outlet", "newspap", "media", "organ", "compani", "group", "parti", "bank", "firm",
                 "institut", "broadcast", "channel", "network", "ministri", "council", "tank", "union", "allianc",
                 "bodi"} | KIND_HEADS["organization"]):
        return "organization"
    return ""


_WHO_ARE = re.compile(r"^\W*who\s+(?:are|were)\s+(?:the\s+)?([^?,]+)", re.IGNORECASE)
_INCLUDING = re.compile(r"\b(?:including|such as|among them|notably)\b", re.IGNORECASE)


def listed_as_kind(sentence: str, item: str, question: str) -> bool:
    """The sentence lists `item` as one of the kind the question asks for: "dozens of *countries*,
    including Russia and the U.S." or "the Donetsk and Luhansk *regions*" answers "Which countries/regions …?"
    whatever else the question says."""
    kinds = set(focus_stems(question))
    for m in _INCLUDING.finditer(sentence):
        before = re.findall(r"[^\W\d_]+", sentence[max(0, m.start() - 40):m.start()])[-4:]
        # the list ends where the sentence goes on ("…, the Chinese minister called"), not at "U.S.,"
        clause = re.split(r"[;:]|\.(?:\s|$)|,\s+(?!(?:and|or)\b)(?=[a-z])", sentence[m.end():], maxsplit=1)[0]
        if kinds & {stem(w) for w in before} and item in clause:
            return True
    at = sentence.find(item)  # … or names it right before the kind: "Donetsk and Luhansk *regions*"
    return at >= 0 and bool(m := _BEFORE_KIND.match(sentence, at + len(item))) and stem(m.group(1)) == \
        head_noun(question)


_BEFORE_KIND = re.compile(r"(?:\s*(?:,|\band\b|\bor\b)\s*[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)*\s+([a-z][\w-]*)")


def label_weights(answer_type: str, question: str) -> dict[str, float]:
    if answer_type == "list":
        answer_type = list_element(question)
    if answer_type == "person" and re.match(r"^\s*whose\b", question, re.IGNORECASE):
        answer_type = "whose"  # a person's or an institution's
    if answer_type == "person" and re.search(r"^\s*by\s+whom\b|^\s*who\b.*\bby\s*\?\s*$", question, re.IGNORECASE):
        answer_type = "agent"  # whoever did it to something, a person or not
    if answer_type == "number" and asks_duration(question):
        answer_type = "duration"
    head = head_noun(question) or ("score" if ASKS_SCORE.search(question) else "")
    for stems, types, override in _FOCUS_LABELS:
        if head in stems and answer_type in types:
            return override
    return dict(_BASE_LABELS.get(answer_type, {}))


_COORDINATED = re.compile(r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*(?:(?:\s*,\s*|\s+(?:and|or)\s+)[A-Z][\w’'.-]*"
                          r"(?:\s+[A-Z][\w’'.-]*)*)+(?=\s+([a-z][\w-]*))")


def listed_before_kind(sentence: str, question: str) -> list[str]:
    """The names a sentence lists right before the kind the question asks for ("the Donetsk and Luhansk
    *regions*"), tagged or not."""
    kinds = {head_noun(question)} - {""}
    for m in _COORDINATED.finditer(sentence):
        if stem(m.group(1)) in kinds:
            return [p for p in re.split(r"\s*,\s*|\s+(?:and|or)\s+", m.group(0)) if p]
    return []


_HOW_MANY_OF = re.compile(r"\bhow\s+many\s+([a-z]+)(?:\s+of\s+(?:the\s+)?([a-z]+))?", re.IGNORECASE)
# "political, military and economic cooperation": three or more words listed right before a noun
_ENUMERATED = re.compile(r"\b((?:[\w’'-]+,\s+)+[\w’'-]+,?\s+(?:and|or)\s+[\w’'-]+)\s+([a-z][\w-]*)")


def counted_before_kind(sentence: str, question: str) -> list[str]:
    """"In how many *areas of cooperation* have they deepened ties?" — "… have deepened political, military and
    economic *cooperation*": the things a sentence lists before the noun counted (or the noun it is "of"),
    when no number says how many; [] for none."""
    m = _HOW_MANY_OF.search(question)
    if m is None:
        return []
    kinds = {stem(w) for w in m.groups() if w}
    for e in _ENUMERATED.finditer(sentence):
        if stem(e.group(2)) in kinds:
            return [p for p in re.split(r",?\s+(?:and|or)\s+|,\s+", e.group(1)) if p]
    return []


def kind_before(text: str, a: int) -> str:
    """The kind a common noun right before a name makes it ("the *app* TikTok", "*outlet* Metropoles")."""
    m = re.search(r"\b([a-z][a-z-]+)\s+$", text[max(0, a - 30): a])
    return head_kind(m.group(1)) if m else ""


_QUOTED = re.compile(r"\b([a-z][a-z-]+)\s+[“\"]([^”\"]{2,60}?)[,.]?[”\"]")


def quoted_names(text: str) -> list[tuple[int, int, str]]:
    """Names in quotes after the noun saying what they name: the production company “Pressure is a Privilege”."""
    return [(m.start(2), m.end(2), "ORG") for m in _QUOTED.finditer(text)
            if stem(m.group(1)) in KIND_HEADS["organization"]]
