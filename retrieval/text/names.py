"""Names across scripts: the Latin spellings English news would use for the names in a question written in
Cyrillic or Chinese characters.

A library about China, Russia and Ukraine is full of Chinese names, and Russian and Ukrainian write them
in the Palladius transcription ("Цинь Ган", "Сяншань", "Дун Цзюнь"), which a letter-by-letter
transliteration turns into nothing English ("tsin gan", "syanshan"). Read back into pinyin syllable by
syllable they become "qin gang", "xiangshan", "dong jun" — what English news prints. Chinese characters
are read with pypinyin ("董军" → "dong jun"); as a question does not mark its names, every pair of
neighbouring syllables is a candidate ("dong jun", "xiangshan"), and only the ones a source contains count.

    >>> palladius_forms("Сяншаньском"), palladius_forms("Цзюнь"), palladius_forms("Шойгу")
    (('xiangshan',), ('jun',), ())
    >>> han_syllables("董军在香山")
    ['dong', 'jun', 'zai', 'xiang', 'shan']
    >>> spelling_key("Selenskyj"), spelling_key("Zelensky"), spelling_key("Choïgou"), spelling_key("Lawrow")
    ('selenskii', 'selenski', 'shoigu', 'lavrov')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

# Palladius initials (longest first); ц, цз and с read q, j and x before i/ü sounds.
_INITIALS = ["чж", "цз", "ч", "ш", "ж", "ц", "с", "б", "п", "м", "ф", "д", "т", "н", "л", "г", "к", "х", "в"]
_PALATAL = {"цз": "j", "ц": "q", "с": "x"}
_PLAIN = {"чж": "zh", "цз": "z", "ч": "ch", "ш": "sh", "ж": "r", "ц": "c", "с": "s", "б": "b", "п": "p", "м": "m",
          "ф": "f", "д": "d", "т": "t", "н": "n", "л": "l", "г": "g", "к": "k", "х": "h", "в": "w"}
# Finals after an initial, longest first.
_FINALS = [("уань", "uan"), ("уан", "uang"), ("уай", "uai"), ("уэй", "ui"), ("юань", "uan"), ("юнь", "un"),
           ("янь", "ian"), ("ань", "an"), ("энь", "en"), ("ень", "en"), ("инь", "in"), ("унь", "un"),
           ("ян", "iang"), ("яо", "iao"), ("юн", "iong"), ("юй", "u"), ("юэ", "ue"), ("ао", "ao"), ("ай", "ai"),
           ("эй", "ei"), ("ей", "ei"), ("оу", "ou"), ("ан", "ang"), ("эн", "eng"), ("ен", "eng"), ("ин", "ing"),
           ("ун", "ong"), ("уй", "ui"), ("уо", "uo"), ("а", "a"), ("о", "o"), ("э", "e"), ("е", "ie"), ("и", "i"),
           ("ы", "i"), ("у", "u"), ("ю", "iu"), ("я", "ia")]
# Syllables without an initial.
_ALONE = [("юань", "yuan"), ("юнь", "yun"), ("янь", "yan"), ("ян", "yang"), ("яо", "yao"), ("юн", "yong"),
          ("юй", "yu"), ("юэ", "yue"), ("ань", "an"), ("ао", "ao"), ("ай", "ai"), ("ан", "ang"),
          ("оу", "ou"), ("эр", "er"), ("инь", "yin"), ("ин", "ying"), ("и", "yi"), ("у", "wu"), ("ю", "you"),
          ("я", "ya"), ("е", "ye"), ("э", "e"), ("а", "a"), ("о", "o")]
# adjectives first, Ukrainian ("Сяншаньському") and Russian ("Сяншаньском"), then nouns' case endings
_ADJECTIVE_ENDINGS = ("ського", "ському", "ським", "ській", "ської", "ський", "ского", "скому", "ском", "ской", "ский")
_SOFT = ("ей", "ем", "ю", "я")
_ENDINGS = (*_ADJECTIVE_ENDINGS, "ого", "ому", "ом", "ой", "ей", "ем", "ам", "ым", "ах", "а", "у", "е", "ы", "ю", "я")
_CYRILLIC_WORD = re.compile(r"[А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _syllables(word: str) -> str | None:
    """A lower-case Cyrillic word read as Palladius syllables, or None where it does not parse."""
    out, i = [], 0
    while i < len(word):
        initial = next((c for c in _INITIALS if word.startswith(c, i)), "")
        j = i + len(initial)
        if initial:
            final = next(((c, p) for c, p in _FINALS if word.startswith(c, j)), None)
            if final is None:
                return None
            head = _PALATAL[initial] if initial in _PALATAL and final[1][0] in "iu" and final[0][0] in "июяе" \
                else _PLAIN[initial]
            out.append(head + final[1])
            i = j + len(final[0])
        else:
            alone = next(((c, p) for c, p in _ALONE if word.startswith(c, i)), None)
            if alone is None:
                return None
            out.append(alone[1])
            i += len(alone[0])
    return "".join(out)


@lru_cache(maxsize=4096)
def palladius_forms(word: str) -> tuple[str, ...]:
    """Every reading of a Cyrillic word as Palladius pinyin ("Цинь" → "qin", "Гуанчжоу" → "guangzhou"): as it
    stands and less a case ending ("Гана" → "ganga", "gang"), the likelier first; none for a word that is no
    Palladius transcription ("Шойгу")."""
    w = word.casefold().replace("і", "и").replace("ї", "и").replace("є", "е").replace("ё", "е")
    w = re.sub(r"['’-]", "", w)
    whole = _syllables(w)
    # a soft ending takes the soft sign's place ("Цзюнь" → "Цзюня", "Цзюнем"); a hard one follows a hard
    # consonant ("Ган" → "Гана": gang, not gan)
    stripped = next((f for e in _ENDINGS if w.endswith(e) and len(w) - len(e) >= 2
                     for base in ((w[: -len(e)] + "ь",) if e in _SOFT else (w[: -len(e)],)) if (f := _syllables(base))),
                    None)
    forms = [stripped, whole] if w.endswith(_ADJECTIVE_ENDINGS) else [whole, stripped]  # "-ском": an adjective
    return tuple(dict.fromkeys(f for f in forms if f))


def han_syllables(text: str) -> list[str]:
    """The pinyin syllables of the Chinese characters in `text`, in order (other characters left out)."""
    runs = _HAN.findall(text)
    if not runs:
        return []
    from pypinyin import lazy_pinyin

    return [s for run in runs for s in lazy_pinyin(run)]


def han_pairs(text: str) -> list[tuple[str, str]]:
    """Every pair of neighbouring syllables of the Chinese characters: the candidates for two-syllable names."""
    syllables = han_syllables(text)
    return list(dict.fromkeys(pairwise(syllables)))


def cyrillic_pinyin(text: str) -> list[str]:
    """The capitalised Cyrillic words of `text` read as Palladius pinyin (where they parse)."""
    return list(dict.fromkeys(f for word in _CYRILLIC_WORD.findall(text) for f in palladius_forms(word)
                              if len(f) >= 2))


# Latin-script languages spell the same foreign name by their own rules: German "Selenskyj", "Lawrow",
# "Schoigu"; French "Choïgou", "Kouleba". Both sides of a comparison are reduced alike.
_SPELLING = [("tsch", "ch"), ("sch", "sh"), ("ch", "sh"), ("ou", "u"), ("ck", "k"), ("w", "v"), ("j", "y"),
             ("z", "s"), ("y", "i")]


def is_latin(word: str) -> bool:
    """Written in Latin letters, accented or not ("Choïgou", "Außenministerium"; not "Шойгу")."""
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in word)


@lru_cache(maxsize=65536)
def spelling_key(word: str) -> str:
    """A Latin-script name reduced to what its spellings across languages share: accents off, then
    German/French/English letter groups to one ("Schoigu", "Choïgou", "Shoigu" → "shoigu")."""
    w = "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if c.isalpha() and c.isascii())
    for a, b in _SPELLING:
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)
