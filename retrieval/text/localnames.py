"""Names of cities and months in the language a question is asked in, read as English news prints them, from
the Unicode CLDR data Babel ships: cities (time-zone cities: "Москві" → Moscow, "Londres" → London) and months
("у вересні" → September). Countries have their own table (text/countries.py).

A capitalised Russian or Ukrainian word that is a city or a month is no person's name a story must print
(answer/asked.py: "Що сказав Лавров у *Києві*?"). Russian and Ukrainian decline their names, so a Cyrillic name
matches by its stem ("Москва" → "Москв…"); Beijing, Washington and the oblique "Києв…" are no CLDR time-zone
cities and are added by hand. Tried as the question's meaning too (its search and its evidence): the evidence
article's rank moved for four of 340 cross-lingual questions (two up, two down) and two answers were lost, so
the model's own reading of these words stands there.

    >>> english_names("Яке медіа повідомило, що міністр оборони Китаю у вересні закликав у Пекіні до переговорів?")
    ['September', 'Beijing']
    >>> english_names("Quand Wang Yi est-il arrivé à Moscou ?"), english_names("王毅九月在莫斯科说了什么？")
    (['Moscow'], ['September', 'Moscow'])
"""

from __future__ import annotations

import re
from functools import lru_cache

from .countries import _AFTER_NAME, _LANGUAGES, _VOWEL_END

# capitals news names often that CLDR keeps no time zone for
_EXONYMS = {
    "Beijing": {"uk": "Пекін", "ru": "Пекин", "zh": "北京", "de": "Peking", "fr": "Pékin", "es": "Pekín",
                "it": "Pechino", "pt": "Pequim", "nl": "Peking", "pl": "Pekin"},
    "Washington": {"uk": "Вашингтон", "ru": "Вашингтон", "zh": "华盛顿"},
    "Kyiv": {"uk": "Києв", "ru": "Киев"},  # "у Києві", "в Киеве": CLDR has "Київ" only
}


@lru_cache(maxsize=1)
def _table() -> list[tuple[re.Pattern, str]]:
    """(pattern of a name in some language, its English name): longest names first, so that "Нью-Йорк" is
    read before "Йорк"."""
    from babel import Locale

    en = Locale("en")
    english_city = {z: (d.get("city") or z.rsplit("/", 1)[-1].replace("_", " ")) for z, d in en.time_zones.items()}
    pairs: dict[tuple[str, str], str] = {}
    for language in _LANGUAGES:
        loc = Locale(language)
        for zone, data in loc.time_zones.items():
            if (city := data.get("city")) and "/" in zone and not zone.startswith("Etc/"):
                pairs[(language, city)] = english_city.get(zone) or zone.rsplit("/", 1)[-1].replace("_", " ")
        for context in ("format", "stand-alone"):
            for i, month in loc.months[context]["wide"].items():
                pairs[(language, month)] = en.months["format"]["wide"][i]
    for english, names in _EXONYMS.items():
        pairs.update({(language, name): english for language, name in names.items()})
    out = []
    for (language, name), english in sorted(pairs.items(), key=lambda p: -len(p[0][1])):
        if language == "zh":
            if len(name) >= 2:
                out.append((re.compile(re.escape(name)), english))
        elif len(name) < 4 or name.casefold() == english.casefold():
            continue  # too short to tell from parts of other words; or spelled as in English already
        elif language in ("ru", "uk"):  # declined: "Москва" → "Москві", "вересня" → "вересні"
            base = _VOWEL_END.sub("", name) if len(name) >= 5 else name
            out.append((re.compile(rf"(?<!\w){re.escape(base)}\w*"), english))
        else:
            out.append((re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE if name.islower() else 0),
                        english))
    return out


@lru_cache(maxsize=256)  # one question is read by the evidence (its own cities) and the unknown-name check
def local_names(question: str) -> tuple[tuple[str, str], ...]:
    """(the words as the question writes them, the English name) for the cities and months a question in
    another language names, in its order. A capitalised word right after another (not the
    question's first) is a person's name: "Цинь *Гана*" is Qin Gang, not Ghana."""
    found: list[tuple[int, int, str]] = []
    for pattern, english in _table():
        for m in pattern.finditer(question):
            if any(a < m.end() and m.start() < b for a, b, _ in found) or \
                    (m.group(0)[:1].isupper() and _AFTER_NAME.search(question[: m.start()])):
                continue
            found.append((m.start(), m.end(), english))
    return tuple((question[a:b], english) for a, b, english in sorted(found))


def english_names(question: str) -> list[str]:
    """The English names of the cities and months a question in another language names."""
    return list(dict.fromkeys(english for _, english in local_names(question)))
