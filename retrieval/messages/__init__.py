"""Every sentence citebot says in its own words, in the reader's language.

Evidence is never translated (it stays the quoted source sentence); these are the bot's own words:
declines, notes, small talk, help, errors, button and source labels — the engine's, the Telegram bot's
and the terminal chat's. English, Ukrainian, Russian, German, French, Spanish and (Simplified) Chinese are
complete (tests/test_message_catalogs.py keeps them so); any other language, and any key a catalog lacks,
falls back to English. Front ends pick the reader's language with `choose_language`.

    >>> say("abstain", "en")
    "I can't answer that from my sources."
    >>> say("nothing_in_period", "en", period="in 2019")
    'I have no articles from that period (in 2019).'
    >>> plural(5, "n_articles", "uk"), choose_language("ru-RU"), choose_language("zh-Hans")
    ('новинних статей', 'ru', 'zh')
    >>> say("library", "zh", count=f"5 {plural(5, 'n_articles', 'zh')}")[:17]
    '我的资料库收录了 5 篇新闻文章。'
"""

from __future__ import annotations

import re

from .de import WORDS as _DE
from .en import WORDS as _EN
from .es import WORDS as _ES
from .fr import WORDS as _FR
from .ru import WORDS as _RU
from .uk import WORDS as _UK
from .zh import WORDS as _ZH

MESSAGES: dict[str, dict[str, str]] = {
    "en": _EN, "uk": _UK, "ru": _RU, "de": _DE, "fr": _FR, "es": _ES, "zh": _ZH}


_MONTHS_EN = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
MONTHS = {
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
}
_RELATIVE_ALONE = re.compile(r"^(last|this|next|earlier this)\s+(week|month|year)$", re.IGNORECASE)
_RELATIVE_YEAR = re.compile(r"^\s+(last|this|next)\s+year\b(.*)$", re.IGNORECASE)
_DATE = re.compile(r"^(?:(\d{4})-(\d{2})-(\d{2})|([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?"
                   r"|(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?(?:,?\s+(\d{4}))?|([A-Za-z]{3})[a-z]*\s+(\d{4}))(.*)$")


def localized_date(text: str, language: str) -> str:
    """An English date from a source ("Sept. 13", "October 18, 2023", "2024-02-05") written the reader's
    way ("13 сентября", "18. Oktober 2023", "2024年2月5日"); anything else as it is."""
    if (alone := _RELATIVE_ALONE.match(text.strip())) and language != "en":  # "last month" → "минулого місяця"
        return say(f"when_{alone.group(1).casefold().split()[-1]}_{alone.group(2).casefold()}", language)
    m = _DATE.match(text.strip())
    if not m or language == "en":
        return text
    g = m.groups()
    if g[0]:
        year, month, day = int(g[0]), int(g[1]), int(g[2])
    elif g[3]:
        year, month, day = int(g[5]) if g[5] else None, _MONTHS_EN.get(g[3].casefold()), int(g[4])
    elif g[6]:
        year, month, day = int(g[8]) if g[8] else None, _MONTHS_EN.get(g[7].casefold()), int(g[6])
    else:
        year, month, day = int(g[10]), _MONTHS_EN.get(g[9].casefold()), None
    if not month or not 1 <= month <= 12:
        return text
    rest = g[11] or ""
    relative = ""
    if tail := _RELATIVE_YEAR.match(rest):  # "February 24 last year": the source's own words, the reader's way
        relative, rest = say(f"{tail.group(1).casefold()}_year", language), tail.group(2)
    if language == "zh":  # 去年2月24日: the year first
        out = relative + (f"{year}年" if year else "") + f"{month}月" + (f"{day}日" if day else "")
        relative = ""
    elif language in MONTHS:
        name = MONTHS[language][month - 1]
        if language == "de":
            out = f"{day}. {name}" if day else name
        elif language == "es":
            out = f"{day} de {name}" if day else name
        else:
            out = f"{day} {name}" if day else name
        if year:
            out += (" de " if language == "es" else " ") + str(year)
    else:
        return text
    return out + (f" {relative}" if relative else "") + rest


def say(key: str, language: str = "en", **values: object) -> str:
    """The message `key` in `language` (English when that language lacks it), filled with `values`."""
    table = MESSAGES.get(language) or MESSAGES["en"]
    text = table.get(key) or MESSAGES["en"][key]
    return text.format(**values) if values else text


def verdict_in_english(text: str) -> str:
    """A yes/no verdict in any catalog's language as the English one ("Oui" → "Yes"); other text unchanged."""
    for table in MESSAGES.values():
        for key in ("verdict_yes", "verdict_no"):
            if text and text.casefold() == table.get(key, "").casefold():
                return MESSAGES["en"][key]
    return text


def languages() -> list[str]:
    return sorted(MESSAGES)


def choose_language(*candidates: str | None) -> str:
    """The first candidate (a language code such as "uk" or Telegram's "en-GB") this catalog speaks, else English."""
    for code in candidates:
        base = (code or "").split("-")[0].split("_")[0].lower()
        if base in MESSAGES:
            return base
    return "en"


def plural(n: int, key: str, language: str = "en") -> str:
    """The form of the noun `key` that goes with the number n: "1 news article", "5 новинних статей".
    Two forms (one|other; French takes "one" for 0 too; Chinese gives the same measure word and noun twice,
    "篇新闻文章|篇新闻文章") or three (East Slavic one|few|many)."""
    forms = say(key, language).split("|")
    if len(forms) == 3:
        if n % 10 == 1 and n % 100 != 11:
            return forms[0]
        return forms[1] if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else forms[2]
    return forms[0] if n == 1 or (n == 0 and language == "fr") else forms[-1]
