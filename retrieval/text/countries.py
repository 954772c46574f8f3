"""Countries a question names in its own language, by the Unicode CLDR territory names Babel ships
("Deutschland", "Німеччини", "德国", "Allemagne" → DE), and whether English stories name them ("Germany",
"German", "Berlin"'s country is not enough: the name or its people).

A question in another language that asks what Germany pledged, when no retrieved story mentions Germany,
asks what the library does not hold (in English the name check of the evidence does this).

    >>> sorted(countries_named("Wie viel Geld hat Deutschland zugesagt?"))
    ['DE']
    >>> sorted(countries_named("Що Китаю пообіцяла Німеччина?"))
    ['CN', 'DE']
    >>> sorted(countries_named("Какого числа, по словам Цинь Гана, началось вторжение в Украину?"))
    ['UA']
    >>> named_in("DE", "German officials said …"), named_in("DE", "Chinese officials said …")
    (True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

from .words import NATIONS, stem, words

_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "zh")
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AQ"}  # unions, regions, pseudo-territories
# English names and people a story may use beside CLDR's ("U.S.", "Britain", "American")
_ALIASES = {"US": "U.S. US USA America American Americans", "GB": "UK U.K. Britain British",
            "RU": "Russian Russians", "UA": "Ukrainian Ukrainians", "CN": "Chinese", "KR": "Korea Korean",
            "KP": "North Korea Korean", "NL": "Dutch", "CZ": "Czech"}
_VOWEL_END = re.compile(r"[аеиоуыэюяіїєйь]$")
# a capitalised word, not the first, nor an abbreviation in capitals ("из *МИД* Китая": the ministry's)
_AFTER_NAME = re.compile(r"(?<=\S)\s+(?![A-ZА-ЯЁІЇЄҐ]{2,}\s)[A-ZА-ЯЁІЇЄҐ][\w’'-]*\s+$")


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    from babel import Locale

    out = []
    for language in _LANGUAGES:
        for code, name in Locale(language).territories.items():
            if len(code) != 2 or code in _NOT_COUNTRIES or "(" in name or len(name) < (2 if language == "zh" else 4):
                continue  # short Latin or Cyrillic names ("Irak", "Чад") are too often parts of other words
            if language == "zh":
                out.append((code, re.compile(re.escape(name))))
            elif language in ("ru", "uk"):  # declined: "Німеччина" → "Німеччини", "Китай" → "Китаю"
                base = _VOWEL_END.sub("", name) if len(name) >= 5 else name
                out.append((code, re.compile(rf"(?<!\w){re.escape(base)}\w*", re.UNICODE)))
            else:
                out.append((code, re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)))
    return out


def countries_named(question: str, adjectives: bool = False) -> set[str]:
    """The ISO codes of the countries a question in another language names (capitalised, in Cyrillic).
    A name right after another capitalised word (not the question's first) is a person's: "Цинь *Гана*"
    is Qin Gang, not Ghana. With `adjectives`, the nationality words of the nations the news names most
    too ("der *russische* Verteidigungsminister")."""
    found = {code for code, pattern in _patterns() for m in pattern.finditer(question)
             if not _AFTER_NAME.search(question[: m.start()])}
    return found | {code for code, pattern in _ADJECTIVES.items() if adjectives and pattern.search(question)}


# nationality words (their stems) in the other languages people ask in; CLDR has only the countries' names
_ADJECTIVES = {code: re.compile(rf"(?<!\w)(?:{stems})\w*", re.IGNORECASE) for code, stems in (
    ("RU", "российск|русск|російськ|russisch|russe|rus[oa]s?"),
    ("CN", "китайск|китайськ|chinesisch|chinois|chin[oa]s?"),
    ("UA", "украинск|українськ|ukrainisch|ukrainien|ucranian"),
    ("US", "американск|американськ|amerikanisch|américain|estadounidense|norteamerican"),
    ("GB", "британск|британськ|britisch|britannique|británic"),
    ("DE", "немецк|німецьк|deutsch|allemand|alem[áa]n"),
    ("FR", "французск|французьк|französisch|français|franc[ée]s"))}


@lru_cache(maxsize=1)
def _english() -> dict[str, tuple[set[str], list[str]]]:
    from babel import Locale

    out: dict[str, tuple[set[str], list[str]]] = {}
    for code, name in Locale("en").territories.items():
        if len(code) == 2:
            phrases = [name, *_ALIASES.get(code, "").split()]
            out[code] = ({stem(p) if "." not in p else p.casefold() for p in phrases if " " not in p},
                         [p for p in phrases if " " in p])
    return out


def is_country(name: str) -> bool:
    """Whether an English name is a country's ("Brazil", "the U.S.", "South Africa"), not a city's or a body's.

    >>> is_country("Brazil"), is_country("the U.S."), is_country("Beijing"), is_country("Guangzhou")
    (True, True, False, False)
    """
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    key = stem(name) if " " not in name and "." not in name else name.casefold()
    keys = {key, f"{key}."} if "." in name else {key}  # "U.S" as a sentence's last word leaves it
    return any(keys & single or name.casefold() in (p.casefold() for p in multi) for single, multi in
               _english().values())


def nation_of(code: str) -> str:
    """The stem the stories' words for a country's name and people share ("CN" → "china"), or ""."""
    return next(iter(sorted(_english().get(code, (set(), []))[0] & NATIONS)), "")


def named_in(code: str, text: str) -> bool:
    """Whether an English text names the country or its people ("Germany", "German", "the U.S.")."""
    single, multi = _english().get(code, (set(), []))
    if any(p.casefold() in text.casefold() for p in multi):
        return True
    have = {stem(w) for w in words(text) if not (w.upper() in _CAPITALS_ONLY and w != w.upper())} | \
        {w.casefold() for w in re.findall(r"\b[A-Z](?:\.[A-Z])+\.?", text)}  # ("told *us*" names no nation)
    return bool(single & have)


_CAPITALS_ONLY = frozenset({"US", "UK", "USA"})


def country_of(word: str) -> str:
    """The ISO code of the country an English word names or whose people it names ("American" → "US"), or ""."""
    key = stem(word) if "." not in word else word.casefold()
    return next((code for code, (single, _) in _english().items() if key in single), "")


# countries that are their own city
_CITY_STATES = frozenset({"singapore", "monaco", "vatican city", "hong kong", "macau", "luxembourg", "kuwait",
                          "djibouti", "san marino"})


def no_city(name: str) -> bool:
    """A country that never answers "which city?" ("the United States"), unlike a city-state ("Singapore")."""
    return is_country(name) and re.sub(r"^the\s+", "", name.strip().casefold()) not in _CITY_STATES
