"""The message catalogs: every language the bot speaks has every English key, with the same {placeholders},
the right number of plural forms and its own words (not English left in), and the bot picks it."""

from __future__ import annotations

import re

import pytest

from retrieval.messages import MESSAGES, choose_language, languages, plural, say

ENGLISH = MESSAGES["en"]
OTHERS = [lang for lang in sorted(MESSAGES) if lang != "en"]
PLURAL_KEYS = sorted(k for k, v in ENGLISH.items() if "|" in v)
FORMS = {"uk": 3, "ru": 3}  # East Slavic one|few|many; every other catalog one|other
# Long sentences a catalog may rightly keep word for word from English (none so far).
SAME_AS_ENGLISH: set[tuple[str, str]] = set()


def fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w*)\}", text))


def test_the_bot_speaks_seven_languages():
    assert languages() == ["de", "en", "es", "fr", "ru", "uk", "zh"]


@pytest.mark.parametrize("language", OTHERS)
def test_every_catalog_has_exactly_the_english_keys(language):
    table = MESSAGES[language]
    assert sorted(set(ENGLISH) - set(table)) == [], "missing"
    assert sorted(set(table) - set(ENGLISH)) == [], "not in en.py"
    assert all(isinstance(v, str) and v.strip() for v in table.values())


@pytest.mark.parametrize("language", OTHERS)
def test_placeholders_match_english(language):
    wrong = {k: (fields(ENGLISH[k]), fields(v)) for k, v in MESSAGES[language].items()
             if k in ENGLISH and fields(v) != fields(ENGLISH[k])}
    assert wrong == {}
    for key, text in MESSAGES[language].items():  # and every one fills in as the callers fill it
        text.format(**dict.fromkeys(fields(ENGLISH[key]), "x"))


@pytest.mark.parametrize("language", OTHERS)
def test_plural_keys_have_the_right_number_of_forms(language):
    assert PLURAL_KEYS == ["n_articles", "n_passages", "n_stored"]
    for key in PLURAL_KEYS:
        forms = MESSAGES[language][key].split("|")
        assert len(forms) == FORMS.get(language, 2) and all(f.strip() for f in forms), key
    singular = {k for k, v in MESSAGES[language].items() if "|" in v}
    assert singular == set(PLURAL_KEYS)  # no stray "|" elsewhere


@pytest.mark.parametrize("language", OTHERS)
def test_long_sentences_are_translated(language):
    left = [k for k, v in MESSAGES[language].items()
            if len(ENGLISH[k]) > 30 and v == ENGLISH[k] and (language, k) not in SAME_AS_ENGLISH]
    assert left == []


@pytest.mark.parametrize("language", OTHERS)
def test_commands_and_emoji_are_kept(language):
    for key, text in ENGLISH.items():
        for token in re.findall(r"/[a-z]+\b|[👍👎←]", text):
            if not token.startswith("/") or re.search(r"(^|[\s(])" + re.escape(token), text):
                assert token in MESSAGES[language][key], (key, token)


@pytest.mark.parametrize("language", ["de", "fr", "es", "zh"])
def test_declines_come_from_the_catalog(language):
    text = say("abstain", language)
    assert text == MESSAGES[language]["abstain"] and text != ENGLISH["abstain"]


def test_the_reader_language_is_chosen():
    assert choose_language("de-DE") == "de" and choose_language("zh-hans") == "zh"
    assert choose_language("fr_FR.UTF-8") == "fr" and choose_language("es-419") == "es"
    assert choose_language("pt-BR", None) == "en"


def test_plural_forms_read_naturally():
    assert [plural(n, "n_stored", "de") for n in (1, 2)] == ["Artikel", "Artikel"]
    assert [plural(n, "n_passages", "fr") for n in (0, 1, 2)] == ["passage", "passage", "passages"]
    assert [plural(n, "n_passages", "es") for n in (1, 5)] == ["fragmento", "fragmentos"]
    assert {plural(n, "n_articles", "zh") for n in (1, 5)} == {"篇新闻文章"}
    count = f"5 {plural(5, 'n_articles', 'zh')}"
    assert say("library", "zh", count=count).startswith("我的资料库收录了 5 篇新闻文章。")
    assert say("library", "de", count=f"1 {plural(1, 'n_articles', 'de')}").startswith(
        "Meine Bibliothek enthält 1 Nachrichtenartikel.")


# The seven languages as each catalog names them (stems, so case endings do not matter).
LANGUAGE_NAMES = {
    "en": "English Ukrainian Russian German French Spanish Chinese",
    "uk": "українськ англійськ російськ німецьк французьк іспанськ китайськ",
    "ru": "по-русски по-украински по-английски по-немецки по-французски по-испански по-китайски",
    "de": "Deutsch Englisch Ukrainisch Russisch Französisch Spanisch Chinesisch",
    "fr": "français anglais ukrainien russe allemand espagnol chinois",
    "es": "español inglés ucraniano ruso alemán francés chino",
    "zh": "中文 英语 乌克兰语 俄语 德语 法语 西班牙语",
}


@pytest.mark.parametrize("language", sorted(LANGUAGE_NAMES))
def test_help_names_every_language_the_bot_speaks(language):
    assert sorted(LANGUAGE_NAMES) == languages()
    text = say("help_languages", language)
    assert [name for name in LANGUAGE_NAMES[language].split() if name not in text] == []
