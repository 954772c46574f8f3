"""Which language a question or an article is written in.

Scripts decide most cases at once (Han → zh, Cyrillic → uk or ru by the letters only one of them
has); Latin-script text is judged by its function words, which is reliable for questions and free.
Only what that leaves open goes to py3langid's model (loaded on first need: ~1 s, so an English
question never pays for it). Too little text to tell ("ok", "👍") gives `None`, and the caller falls
back to what it knows about the user (Telegram's language_code).

    >>> detect_language("Кто министр обороны Китая?"), detect_language("Хто міністр оборони Китаю?")
    ('ru', 'uk')
    >>> detect_language("Wer hat Dong Jun zitiert?"), detect_language("ok")
    ('de', None)
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

# Short, frequent words that identify a language (questions are short: these carry them).
_FUNCTION_WORDS = {
    "en": "the a an of to in is are was were what who whom whose which when where why how did does do "
          "with about from that this these those he she they it his her their and or not on at by for "
          "say said tell told has have had will would can could".split(),
    "de": "der die das den dem des ein eine einer einen und ist sind war waren was wer wen wem wessen welche "
          "welcher welches wann wo warum wie hat haben hatte mit über von zu im auf für nicht sich auch "
          "dass sagte gesagt welchem welchen beim zum zur vom ins bei nach seit gegen laut sprach".split(),
    "fr": "le la les un une des du de et est sont était qui que quoi quel quelle quels quelles quand où "
          "pourquoi comment a ont avec sur pour pas dans au aux il elle ils elles ce cette dit selon lors "
          "depuis combien".split(),
    "es": "el la los las un una unos unas del de y es son era qué quién quiénes cuál cuáles cuándo dónde "
          "por porque cómo ha han con sobre para no en al lo se dijo que según desde cuánto cuántos "
          "cuántas".split(),
    "it": "il lo la gli le un una dei delle di e è sono era chi che cosa quale quando dove perché come ha "
          "hanno con su per non nel detto".split(),
    "pt": "o a os as um uma do da dos das e é são era quem que qual quando onde porque como tem com sobre "
          "para não no na disse".split(),
    "nl": "de het een van en is zijn was wie wat welke wanneer waar waarom hoe heeft hebben met over voor "
          "niet in zei".split(),
}
_WORD_LANG: dict[str, set[str]] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _w in _words:
        _WORD_LANG.setdefault(_w, set()).add(_lang)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UK_ONLY = re.compile(r"[ієїґІЄЇҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

SUPPORTED = ("en", "uk", "ru", "zh", "de", "fr", "es", "it", "pt", "nl", "pl", "ja", "ko")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _model():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    with _lock:
        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        ident.set_languages(list(SUPPORTED))
        return ident


def _by_function_words(words: list[str]) -> str | None:
    counts: dict[str, float] = {}
    for i, w in enumerate(words):
        langs = _WORD_LANG.get(w.casefold())
        if langs:
            for lang in langs:  # a question's first word (its question word, mostly) counts twice: "Wann traf
                # Wang Yi Lawrow in Moskau?" is German though "in" is English too
                counts[lang] = counts.get(lang, 0) + (2 if i == 0 else 1) / len(langs)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) == 1 or ranked[0][1] >= ranked[1][1] + 1:
        return ranked[0][0]
    return None


def detect_language(text: str, min_letters: int = 3) -> str | None:
    """An ISO 639-1 code, or None when the text is too short or too mixed to tell."""
    if len(_HAN.findall(text)) >= 1 and not _KANA.search(text):
        return "zh"
    if _KANA.search(text):
        return "ja"
    if _HANGUL.search(text):
        return "ko"
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic and cyrillic >= latin:
        if _UK_ONLY.search(text) and not _RU_ONLY.search(text):
            return "uk"
        if _RU_ONLY.search(text) and not _UK_ONLY.search(text):
            return "ru"
        lang, _ = _model().classify(text)
        return lang if lang in ("uk", "ru") else "ru"
    if latin < min_letters:
        return None
    words = _WORD.findall(text)
    found = _by_function_words(words)
    if found:
        return found
    if len(words) < 3:
        return None  # "hi", "ok", a name: the user's own language is the better guess
    lang, confidence = _model().classify(text)
    return lang if confidence >= 0.5 else None


def is_english(text: str) -> bool:
    return detect_language(text) in ("en", None)


_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo", "є": "ye", "ж": "zh", "з": "z",
    "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
_CYRILLIC_NAME = re.compile(r"\b[А-ЯЁІЇЄҐ][а-яёіїєґ'’-]{2,}")


def transliterated_names(text: str) -> list[str]:
    """Capitalised Cyrillic words (names, mostly) in Latin letters, for fuzzy matching against English
    sources: "Шойгу" → "shoygu" (≈ "Shoigu"), "Кулебой" → "kuleboy" (≈ "Kuleba")."""
    words = _CYRILLIC_NAME.findall(text)
    first = re.match(r"\s*[А-ЯЁІЇЄҐ][а-яёіїєґ'’-]*", text)
    out = []
    for i, w in enumerate(words):
        if i == 0 and first and first.group(0).strip() == w:
            continue  # the sentence's first word is capitalised anyway
        out.append(transliterate(w))
    return list(dict.fromkeys(o for o in out if len(o) >= 4))


def transliterate(word: str) -> str:
    """A Cyrillic word in Latin letters, lower-cased: "Блинкеном" → "blinkenom"."""
    return "".join(_TRANSLIT.get(ch, ch) for ch in word.casefold() if ch.isalpha())


_STOP_LANGUAGES = ("ru", "uk", "de", "fr", "es", "it", "pt", "nl", "pl", "zh")


@lru_cache(maxsize=1)
def _foreign_stopwords() -> frozenset[str]:
    """Function words of the languages people ask in (spaCy's lists: no model, no download)."""
    import importlib

    out: set[str] = set()
    for lang in _STOP_LANGUAGES:
        out |= {w.casefold() for w in importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS}
    return frozenset(out)


_HAN_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+")


def content_words(question: str) -> list[str]:
    """The words of a question in another language that carry its content, function words left out;
    Chinese (written without spaces) as overlapping pairs of characters, the length of most words.

        >>> content_words("Hat der Westen Chinas Friedensplan akzeptiert?")
        ['Westen', 'Chinas', 'Friedensplan', 'akzeptiert']
        >>> content_words("美国和欧洲的政客为什么批评中国？")[:3]
        ['美国', '欧洲', '政客']
    """
    stop = _foreign_stopwords()
    out: list[str] = []
    for w in _WORD.findall(question):
        for run in _HAN_RUN.findall(w) or [w]:
            if _HAN.match(run):
                pairs = [run[i:i + 2] for i in range(len(run) - 1)] or [run]
                out += [p for p in pairs if p not in stop and not any(ch in stop for ch in p)]
            elif len(run) >= 3 and run.casefold() not in stop:
                out.append(run)
    return list(dict.fromkeys(out))
