"""News outlets in questions and sentences: whether a question asks which outlet reported something ("Which
outlet reported …", "Laut welcher Zeitung …", "Яке інформагентство …", "哪家媒体报道的"), and which names of
a sentence are cited as its source ("…, Bloomberg reported", "according to state broadcaster CCTV", "told the
RIA Novosti news agency") — the marks of an outlet, whatever the tagger called the name.

    >>> outlets_cited("Mr. Wang said so, according to state broadcaster CCTV.", [(49, 53, "ORG")])
    [(49, 53)]
"""

from __future__ import annotations

import re

from ..text.language import detect_language
from ..text.words import NATIONS, stem

_ATTRIBUTED_AFTER = re.compile(r"\baccording to (?:the )?(?:(?:state|russian|chinese) )?(?:broadcaster |media |"
                               r"news agency |newspaper |outlet )?$|\btold (?:the )?$", re.IGNORECASE)
_ATTRIBUTED_BEFORE = re.compile(r"^(?:[’'`]s)?\s*(?:news agency |newspaper )?(?:reported|reports|wrote|published)\b",
                                re.IGNORECASE)  # not "said": a government or a person speaks, an outlet reports
_OUTLET_LABELS = frozenset({"ORG", "GPE", "WORK_OF_ART", "PRODUCT", "NORP", "PERSON"})
_DESCRIBED_OUTLET = re.compile(r"\s+(?:state[- ]run\s+|state\s+|official\s+)?(?:media|press|television|tv|news|"
                               r"outlets?|broadcasters?)\b", re.IGNORECASE)


# The nouns that ask for a news outlet, in the languages people ask in (compounds: "Nachrichtendienst",
# "інформагентство"); "agency" alone is left out in English, where it is as often a government's.
OUTLET_NOUN = re.compile(
    r"\b(?:news\s+agenc(?:y|ies)|(?:news\s+|media\s+)?outlets?|media|newspapers?|broadcasters?|publications?|"
    r"magazines?|tabloids?|wire services?|tv channels?|news\s+(?:organi[sz]ations?|sites?|websites?|services?))\b|"
    r"\b\w*(?:zeitung|nachrichtenagentur|nachrichtendienst|medien|medium|sender|magazin|agentur)\b|"
    r"\b(?:journal|journaux|médias?|agence|presse|chaîne|quotidien|diario|periódico|medios?|agencia|cadena|revista)\b|"
    r"\b(?:сми|змі|медіа|медиа)\b|\b(?:издани|видан|газет|\w*агентств|телеканал|журнал)\w*|"
    r"媒体|报纸|通讯社|新闻社|电视台", re.IGNORECASE)


OUTLET_CITED = 2.0  # "which outlet reported …": a name the sentence cites as its source ("…, Bloomberg reported")
OUTLET_UNCITED = 0.5  # … and one it does not (a ministry the report is about)
PLACES = ("GPE", "LOC", "NORP")


def outlet_weight(weight: float, cited: bool, label: str) -> float:
    """How well a name answers "which outlet …?": an outlet is tagged ORG, GPE or even PERSON, and what marks it
    is being cited; a place uncited is a place ("Какому агентству …?" is not answered "Ukraine" or "Beijing")."""
    return OUTLET_CITED if cited else 0.0 if label in PLACES else OUTLET_UNCITED * weight


def outlet_name(surface: str) -> str:
    """The part of an outlet's name that may be a question's own name: not its nation ("*China* Daily")."""
    return " ".join(w for w in surface.split() if stem(w) not in NATIONS) or surface


def asks_outlet(question: str) -> bool:
    """"Which outlet reported …", "Laut welcher Zeitung …", "Яке інформагентство …", "哪家媒体报道的" — an outlet
    as the source of a report, not as a business ("… which broadcaster holds the WSL rights?")."""
    if not OUTLET_NOUN.search(question):
        return False
    if detect_language(question) not in ("en", None):  # other languages: any outlet they ask for
        return True
    asked = re.sub(r"^\s*(?:according to|per|in)\s+[^,?]*,", "", question, flags=re.IGNORECASE)  # the story meant
    return bool(_SOURCE_VERBS.search(asked))


_SOURCE_VERBS = re.compile(r"\b(?:report\w*|publish\w*|said|say|says|cite[sd]?|citing|quot\w*|interview\w*|broke|"
                        r"break\w*|reveal\w*|ran|run|runs|carr(?:y|ied|ies)|wr(?:ote|ites?|itten)|told|tell|according|"
                        r"sources?|air(?:ed|s)?|announc\w*|first|claim\w*|leak\w*|obtain\w*|exclusive|sp[eo]ak\w*)\b",
                        re.IGNORECASE)


_CITED_NAME = re.compile(r"\b(?:according to|told) (?:the )?(?:(?:state )?(?:broadcaster|newspaper|outlet|news agency)"
                         r" )?"
                         r"((?:The\s+)?[A-Z][\w&.’'-]*(?:\s+(?:of\s+)?[A-Z][\w&.’'-]*){0,3})|"
                         r"((?:The\s+)?[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*){0,3})\s+(?:reported|reports)\b")


def names_cited(text: str, entities) -> list[tuple[int, int]]:
    """Where a report comes from, read from the words around it when the tagger saw no name there: "…,
    according to The Information", "Axios reported", "a source told Entertainment Tonight" (spans that overlap no
    name the tagger saw)."""
    out = []
    for m in _CITED_NAME.finditer(text):
        g = 1 if m.group(1) else 2
        a, b = m.span(g)
        b -= len(m.group(g)) - len(m.group(g).rstrip(".’'"))  # the sentence's full stop is no part of the name
        if not any(x < b and a < y for x, y, label in entities if label in _OUTLET_LABELS):  # (not "Tonight": TIME)
            out.append((a, b))
    return out


def outlets_cited(text: str, entities) -> list[tuple[int, int]]:
    """The spans of a sentence that name where its report comes from: "according to (state broadcaster)
    CCTV", "Bloomberg reported", "told the RIA Novosti news agency" (entity spans from ingest)."""
    out = []
    for a, b, label in entities:
        if label not in _OUTLET_LABELS:
            continue
        before, after = text[max(0, a - 60): a], text[b: b + 40]
        if label == "NORP" and _DESCRIBED_OUTLET.match(after):
            continue  # "told *Russian* state media": a nation's outlets, none named
        if _ATTRIBUTED_AFTER.search(before) or (label != "PERSON" and _ATTRIBUTED_BEFORE.match(after)):
            out.append((a, b))
    return out
