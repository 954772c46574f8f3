"""How well a number fits the thing a question counts: "How many *tanks*" — a number counts only where the thing
counted is named, best right after it ("6,000 Chinese nationals", "the 39-time Grand Slam winner").

    >>> focus_fit(sentence, a, b, {"tank"}, "number")   # doctest: +SKIP
"""

from __future__ import annotations

import re

from ..text.words import content_stems, stem, stopwords
from .candidates import Sentence
from .labels import MONEY_HEADS
from .spans import TIME_UNITS

UNIT_HEADS = {"money", "fund", "cost", "price", "budget", "dollar", "valu", "percent", "share",
               "proport", "anniversari", "long", "durat", "time", "age", "amount", "sum", "total", "number", "score",
               *TIME_UNITS}
_WON = frozenset({"titl", "win", "championship", "victori", "medal", "trophi", "major", "crown", "award"})
_CURRENCY = re.compile(r"[$€£¥₽₴]|\b(?:dollars?|euros?|yuan|renminbi|rubles?|roubles?|pounds?|hryvnias?|yen|rupees?|"
                       r"usd|eur|gbp|cny)\b", re.IGNORECASE)
# People counted under another name: citizens, nationals, residents …
_PEOPLE_COUNTED = {"citizen", "resid", "peopl", "civilian", "person", "individu", "inhabit"}
_PEOPLE_AFTER = re.compile(r"\s+(?:([A-Z][\w-]+)\s+)?(?:citizens|nationals|residents|people|civilians|persons|"
                           r"individuals|inhabitants)\b")


def focus_fit(s: Sentence, a: int, b: int, focus: set[str], answer_type: str, label: str = "",
              asked: set[str] = frozenset()) -> float:
    """"How many *tanks*": a number counts only where the thing counted is named, best right after it."""
    if not focus:
        return 1.0
    near = set(content_stems(s.text[max(0, a - 30): a])) | set(content_stems(s.text[b: b + 40]))
    near |= {t[:-4] for t in near if t.endswith("ship")}  # "which *leader*": "under the leadership of Xi"
    if answer_type != "number":  # "the RIA Novosti *news agency*", "the *think tank*, the Atlantic Council"
        return 1.6 if focus & near else 1.0
    if focus & MONEY_HEADS and label != "MONEY":  # "how many *dollars*": "dozens of countries" is no sum
        return 1.0 if _CURRENCY.search(s.text[max(0, a - 2): b + 20]) else 0.0
    if focus & UNIT_HEADS:  # "how much *money*": the label says it (MONEY), the word need not be there
        return 1.0
    # "How many *tanks*": the thing counted must follow the number ("6,000 Chinese nationals"), or end the
    # span the tagger took for a quantity ("76 rush yards") …
    if focus & set(content_stems(s.text[a: b + 40])):
        return 1.5
    if focus & _WON and re.match(r"-time\s", s.text[b:b + 6]):  # "how many Grand Slam *titles*": "the 39-time
        return 1.2  # Grand Slam winner"
    people = _PEOPLE_AFTER.match(s.text, b) if focus & _PEOPLE_COUNTED else None
    if people and (not people.group(1) or stem(people.group(1)) in asked):  # "how many Chinese *citizens*":
        return 1.2  # "approximately 6,000 Chinese nationals" — people, whatever the word, of the nation asked
    # … or, when no noun follows the number, stand before it ("improving it through *updates* — its team
    # estimates around 300 to date")
    after = re.match(r"\s*([^\W\d_]+)", s.text[b:])
    bare = after is None or after.group(1).casefold() in stopwords()
    return 0.8 if bare and focus & set(content_stems(s.text[:a])) else 0.0
