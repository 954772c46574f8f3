"""Every sentence citebot says in its own words, in the reader's language.

Evidence is never translated (it stays the quoted source sentence); these are the bot's own words:
declines, notes, small talk, help, errors, button and source labels — the engine's, the Telegram bot's
and the terminal chat's. English, Ukrainian and Russian are complete; other languages fall back to
English for any key they lack. Front ends pick the reader's language with `choose_language`.

    >>> say("abstain", "en")
    "I can't answer that from my sources."
    >>> say("nothing_in_period", "en", period="in 2019")
    'I have no articles from that period (in 2019).'
    >>> plural(5, "n_articles", "uk"), choose_language("ru-RU")
    ('новинних статей', 'ru')
"""

from __future__ import annotations

import re

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # --- the engine's words: declines, notes, small talk ---
        "abstain": "I can't answer that from my sources.",
        "nothing_in_period": "I have no articles from that period ({period}).",
        "nearest": "The nearest I have:",
        "greeting": "Hi! Ask me about the news in my library — I answer with the exact sources.",
        "thanks": "You're welcome!", "ack": "👍",
        "llm_unavailable": "The language model is unavailable right now, so this answer quotes the sources directly.",
        "llm_unsupported": "The language model's answer could not be checked against the sources, so this answer "
                           "quotes them directly.",
        "llm_declined": "The language model found no answer, but the sources state this directly.",
        "llm_missing": "The local language model is not installed, so this answer quotes the sources directly.",
        "published_on": "published {date}",
        "date_of_report": "{date} (the date of the report)",
        "store_down": "I can't reach my article library right now — please try again in a minute.",
        "related_story": "related story on the same page: {story}",
        # --- what the library holds (library.py): /start, /help, "what can you do?" ---
        "library": "My library holds {count}. I answer questions about them and cite the exact source of every claim.",
        "library_outlets": "Outlets: {outlets}.", "library_dates": "Published: {span}.",
        "library_dates_some": "Published: {span} (dates known for {dated} of {total}).",
        "library_topics": "Topics: {topics}.", "library_people": "People in the news: {people}.",
        "library_examples": "Try asking:", "library_empty": "My library is empty for now.",
        "example_said": "What did {name} say?", "example_said_about": "What did {name} say about {topic}?",
        "example_title": "What does “{title}” report?",
        "n_articles": "news article|news articles", "n_passages": "passage|passages", "n_stored": "article|articles",
        # --- help and commands ---
        "help_private": "In a private chat, just type your question; follow-up questions keep the context.",
        "help_group": "In a group, use /ask <question>, mention me, or reply to one of my answers.",
        "help_ask": "/ask <question> — ask (works everywhere)",
        "help_sources": "/sources — the last answer's sources with their full quotes",
        "help_new": "/new — forget our conversation", "help_stats": "/stats — what my library holds",
        "help_reindex": "/reindex — reload the articles (admins only)",
        "help_rate": "Under each answer, rate it with 👍, 👎 or «wrong source».",
        "help_links": "Each source that has a link gets a button that opens it.",
        "help_inline": "In any chat, type @{bot} and a question to share a cited answer.",
        "help_languages": "Ask in English, Ukrainian or Russian — I reply in your language; quotes stay as the "
                          "sources wrote them.",
        "cmd_ask": "ask a question about the articles", "cmd_sources": "the last answer's sources with full quotes",
        "cmd_new": "forget the conversation", "cmd_stats": "what the library holds", "cmd_help": "how to use this bot",
        "cmd_start": "introduction", "cmd_reindex": "reload the articles (admins only)",
        "unknown_command": "I don't know {command} — /help lists what I can do.",
        "refusal": "Sorry, this bot only answers its team's members.",
        "error": "Sorry, something went wrong on my side. Please try again.",
        # --- asking ---
        "ask_empty": "Ask me something, e.g. /ask {example}",
        "too_long": "Please keep questions under {limit} characters.",
        "rate_limited": "You're asking quickly — try again in {wait} s.",
        "queued": "You're #{position} in line — I'll answer as soon as I can.",
        "text_only": "I can only read text — please type your question.",
        "no_sources_yet": "There is no answer to show sources for yet.",
        "sources": "Sources", "sources_last": "Sources of the last answer", "untitled": "(untitled)",
        # --- /new, /stats, /reindex ---
        "forgot": "Done — I've forgotten our conversation. Ask me anything.",
        "forgot_yours": "Done — I've forgotten your conversation with me here; other people's threads are untouched.",
        "forget_all_offer": "You're an admin: forget everyone's conversations in this chat too?",
        "forget_all_button": "Forget the whole chat",
        "forgot_all": "Done — I've forgotten every conversation in this chat.",
        "admins_only": "Only admins can do that.",
        "stats_duplicates": "Syndicated copies folded in: {n}.", "stats_more": "+{n} more",
        "reindex_admins": "Only admins can reindex.", "reindex_outside": "Paths must stay inside the article folder.",
        "reindex_missing": "No such folder inside the article folder.", "reindexing": "Reindexing…",
        "reindex_failed": "Reindex failed: {error}", "reindex_skipped": "skipped {name}: {reason}",
        # --- feedback ---
        "fb_thanks_up": "Thanks!", "fb_thanks_down": "Thanks — noted.", "fb_thanks_source": "Thanks — source flagged.",
        "fb_too_old": "This answer is too old to rate.", "fb_which": "Which source was wrong? Tap it below.",
        "fb_wrong_source": "wrong source", "fb_back": "← back", "fb_same": "You've already chosen that.",
        "fb_what": "What was wrong? Reply to this message in a few words (optional).",
        "fb_what_named": "{name}, what was wrong? Reply to this message in a few words (optional).",
        "fb_what_placeholder": "What was wrong?", "fb_noted": "Thanks — I've added your note.",
        # --- inline mode ---
        "inline_none_title": "No answer in the library", "inline_none_description": "My sources don't answer this.",
        "inline_none_text": "“{question}” — my library of news articles has no answer to this.",
        # --- the terminal chat ---
        "chat_intro": "Ask about the articles. /help for commands, /quit (or Ctrl-D) to leave.",
        "chat_prompt": "(/quit to leave) › ",
        "chat_help": "Ask about the articles in plain words; follow-up questions use the conversation.\n/sources — the "
                     "last answer's sources in full · /new — forget the conversation · /help — this text · /quit "
                     "(or Ctrl-D) — leave",
        "chat_cleared": "(conversation cleared)", "understood_as": "(understood as: {question})",
        "chat_unknown": "Unknown command {command} — /help lists what I understand.",
        "chat_store_down": "I can't reach my article library right now ({error}). Please try again in a moment.",
    },
    "uk": {
        "abstain": "Мої джерела не дають відповіді на це.",
        "nothing_in_period": "У мене немає статей за цей період ({period}).",
        "nearest": "Найближче, що є:",
        "greeting": "Привіт! Питайте про новини з моєї бібліотеки — я відповідаю з точними джерелами.",
        "thanks": "Будь ласка!", "ack": "👍",
        "llm_unavailable": "Мовна модель зараз недоступна, тому ця відповідь цитує джерела напряму.",
        "llm_unsupported": "Відповідь мовної моделі не вдалося звірити з джерелами, тому ця відповідь цитує їх "
                           "напряму.",
        "llm_declined": "Мовна модель не знайшла відповіді, але джерела кажуть про це прямо.",
        "llm_missing": "Локальну мовну модель не встановлено, тому ця відповідь цитує джерела напряму.",
        "published_on": "опубліковано {date}", "date_of_report": "{date} (дата публікації)",
        "store_down": "Не можу зараз дістатися до бібліотеки статей — спробуйте за хвилину.",
        "related_story": "інший матеріал на тій самій сторінці: {story}",
        "library": "У моїй бібліотеці {count}. Я відповідаю на запитання про них і до кожного твердження наводжу "
                   "точне джерело.",
        "library_outlets": "Видання: {outlets}.", "library_dates": "Опубліковано: {span}.",
        "library_dates_some": "Опубліковано: {span} (дата відома для {dated} з {total}).",
        "library_topics": "Теми: {topics}.", "library_people": "Люди в новинах: {people}.",
        "library_examples": "Спробуйте спитати:", "library_empty": "Моя бібліотека поки що порожня.",
        "example_said": "Що відомо про {name}?", "example_said_about": "Яка позиція {name} щодо {topic}?",
        "example_title": "Про що матеріал «{title}»?",
        "n_articles": "новинна стаття|новинні статті|новинних статей", "n_passages": "фрагмент|фрагменти|фрагментів",
        "n_stored": "стаття|статті|статей",
        "help_private": "В особистому чаті просто напишіть запитання; уточнення враховують попередню розмову.",
        "help_group": "У групі пишіть /ask <запитання>, згадайте мене або відповідайте на мої повідомлення.",
        "help_ask": "/ask <запитання> — поставити запитання (працює всюди)",
        "help_sources": "/sources — джерела останньої відповіді з повними цитатами",
        "help_new": "/new — забути нашу розмову", "help_stats": "/stats — що є в моїй бібліотеці",
        "help_reindex": "/reindex — перезавантажити статті (лише для адміністраторів)",
        "help_rate": "Під кожною відповіддю її можна оцінити: 👍, 👎 або «не те джерело».",
        "help_links": "Кожне джерело з посиланням має кнопку, яка його відкриває.",
        "help_inline": "У будь-якому чаті напишіть @{bot} і запитання, щоб поділитися відповіддю з джерелами.",
        "help_languages": "Питайте українською, англійською чи російською — я відповідаю вашою мовою; цитати "
                          "лишаються такими, як у джерелах.",
        "unknown_command": "Я не знаю команди {command} — /help покаже, що я вмію.",
        "refusal": "Вибачте, цей бот відповідає лише учасникам своєї команди.",
        "error": "Вибачте, у мене щось пішло не так. Спробуйте ще раз.",
        "ask_empty": "Поставте запитання, наприклад: /ask {example}",
        "too_long": "Будь ласка, коротше — до {limit} символів.",
        "rate_limited": "Ви питаєте надто часто — спробуйте ще раз за {wait} с.",
        "queued": "Ви {position}-й у черзі — відповім, щойно зможу.",
        "text_only": "Я читаю лише текст — напишіть, будь ласка, запитання.",
        "no_sources_yet": "Ще немає відповіді, джерела якої можна показати.",
        "sources": "Джерела", "sources_last": "Джерела останньої відповіді", "untitled": "(без назви)",
        "forgot": "Готово — я забув нашу розмову. Питайте що завгодно.",
        "forgot_yours": "Готово — я забув вашу розмову зі мною тут; гілок інших людей це не стосується.",
        "forget_all_offer": "Ви адміністратор: забути також розмови всіх у цьому чаті?",
        "forget_all_button": "Забути весь чат", "forgot_all": "Готово — я забув усі розмови в цьому чаті.",
        "admins_only": "Це можуть робити лише адміністратори.",
        "stats_duplicates": "Передруків об'єднано: {n}.", "stats_more": "ще {n}",
        "reindex_admins": "Переіндексацію можуть запускати лише адміністратори.",
        "reindex_outside": "Шлях має бути всередині теки зі статтями.",
        "reindex_missing": "У теці зі статтями такої теки немає.", "reindexing": "Переіндексовую…",
        "reindex_failed": "Переіндексація не вдалася: {error}", "reindex_skipped": "пропущено {name}: {reason}",
        "fb_thanks_up": "Дякую!", "fb_thanks_down": "Дякую — врахую.", "fb_thanks_source": "Дякую — джерело позначено.",
        "fb_too_old": "Ця відповідь надто давня, щоб її оцінити.", "fb_which": "Яке джерело не те? Оберіть його нижче.",
        "fb_wrong_source": "не те джерело", "fb_back": "← назад", "fb_same": "Ви вже це обрали.",
        "fb_what": "Що було не так? Відповідайте на це повідомлення кількома словами (за бажанням).",
        "fb_what_named": "{name}, що було не так? Відповідайте на це повідомлення кількома словами (за бажанням).",
        "fb_what_placeholder": "Що було не так?", "fb_noted": "Дякую — я додав ваш коментар.",
        "inline_none_title": "У бібліотеці немає відповіді",
        "inline_none_description": "Мої джерела на це не відповідають.",
        "inline_none_text": "«{question}» — у моїй бібліотеці новин немає відповіді на це.",
        "chat_intro": "Питайте про статті. /help — команди, /quit (або Ctrl-D) — вийти.",
        "chat_prompt": "(/quit — вийти) › ",
        "chat_help": "Питайте про статті звичайними словами; уточнення враховують розмову.\n/sources — джерела "
                     "останньої відповіді повністю · /new — забути розмову · /help — ця довідка · /quit (або "
                     "Ctrl-D) — вийти",
        "chat_cleared": "(розмову очищено)", "understood_as": "(зрозумів як: {question})",
        "chat_unknown": "Невідома команда {command} — /help покаже, що я розумію.",
        "chat_store_down": "Не можу зараз дістатися до бібліотеки статей ({error}). Спробуйте ще раз за хвилину.",
    },
    "ru": {
        "abstain": "Мои источники не отвечают на этот вопрос.",
        "nothing_in_period": "У меня нет статей за этот период ({period}).",
        "nearest": "Ближайшее, что есть:",
        "greeting": "Привет! Спрашивайте о новостях из моей библиотеки — я отвечаю с точными источниками.",
        "thanks": "Пожалуйста!", "ack": "👍",
        "llm_unavailable": "Языковая модель сейчас недоступна, поэтому этот ответ цитирует источники напрямую.",
        "llm_unsupported": "Ответ языковой модели не удалось сверить с источниками, поэтому этот ответ цитирует их "
                           "напрямую.",
        "llm_declined": "Языковая модель не нашла ответа, но источники говорят об этом прямо.",
        "llm_missing": "Локальная языковая модель не установлена, поэтому этот ответ цитирует источники напрямую.",
        "published_on": "опубликовано {date}", "date_of_report": "{date} (дата публикации)",
        "store_down": "Не могу сейчас добраться до библиотеки статей — попробуйте через минуту.",
        "related_story": "другой материал на той же странице: {story}",
        "library": "В моей библиотеке {count}. Я отвечаю на вопросы о них и к каждому утверждению привожу точный "
                   "источник.",
        "library_outlets": "Издания: {outlets}.", "library_dates": "Опубликовано: {span}.",
        "library_dates_some": "Опубликовано: {span} (дата известна для {dated} из {total}).",
        "library_topics": "Темы: {topics}.", "library_people": "Люди в новостях: {people}.",
        "library_examples": "Попробуйте спросить:", "library_empty": "Моя библиотека пока пуста.",
        "example_said": "Что известно про {name}?", "example_said_about": "Какова позиция {name} насчёт {topic}?",
        "example_title": "О чём материал «{title}»?",
        "n_articles": "новостная статья|новостные статьи|новостных статей",
        "n_passages": "фрагмент|фрагмента|фрагментов", "n_stored": "статья|статьи|статей",
        "help_private": "В личном чате просто напишите вопрос; уточняющие вопросы учитывают разговор.",
        "help_group": "В группе пишите /ask <вопрос>, упомяните меня или отвечайте на мои сообщения.",
        "help_ask": "/ask <вопрос> — задать вопрос (работает везде)",
        "help_sources": "/sources — источники последнего ответа с полными цитатами",
        "help_new": "/new — забыть наш разговор", "help_stats": "/stats — что есть в моей библиотеке",
        "help_reindex": "/reindex — перезагрузить статьи (только для администраторов)",
        "help_rate": "Под каждым ответом его можно оценить: 👍, 👎 или «не тот источник».",
        "help_links": "У каждого источника со ссылкой есть кнопка, которая его открывает.",
        "help_inline": "В любом чате напишите @{bot} и вопрос, чтобы поделиться ответом с источниками.",
        "help_languages": "Спрашивайте по-русски, по-украински или по-английски — я отвечаю на вашем языке; цитаты "
                          "остаются такими, как в источниках.",
        "unknown_command": "Я не знаю команды {command} — /help покажет, что я умею.",
        "refusal": "Извините, этот бот отвечает только участникам своей команды.",
        "error": "Извините, у меня что-то пошло не так. Попробуйте ещё раз.",
        "ask_empty": "Задайте вопрос, например: /ask {example}",
        "too_long": "Пожалуйста, покороче — не больше {limit} символов.",
        "rate_limited": "Вы спрашиваете слишком часто — попробуйте снова через {wait} с.",
        "queued": "Вы {position}-й в очереди — отвечу, как только смогу.",
        "text_only": "Я читаю только текст — напишите, пожалуйста, вопрос.",
        "no_sources_yet": "Пока нет ответа, источники которого можно показать.",
        "sources": "Источники", "sources_last": "Источники последнего ответа", "untitled": "(без названия)",
        "forgot": "Готово — я забыл наш разговор. Спрашивайте что угодно.",
        "forgot_yours": "Готово — я забыл ваш разговор со мной здесь; ветки других людей это не затрагивает.",
        "forget_all_offer": "Вы администратор: забыть и разговоры всех в этом чате?",
        "forget_all_button": "Забыть весь чат", "forgot_all": "Готово — я забыл все разговоры в этом чате.",
        "admins_only": "Это могут делать только администраторы.",
        "stats_duplicates": "Перепечаток объединено: {n}.", "stats_more": "ещё {n}",
        "reindex_admins": "Переиндексацию могут запускать только администраторы.",
        "reindex_outside": "Путь должен оставаться внутри папки со статьями.",
        "reindex_missing": "В папке со статьями такой папки нет.", "reindexing": "Переиндексирую…",
        "reindex_failed": "Переиндексация не удалась: {error}", "reindex_skipped": "пропущено {name}: {reason}",
        "fb_thanks_up": "Спасибо!", "fb_thanks_down": "Спасибо — учту.",
        "fb_thanks_source": "Спасибо — источник отмечен.",
        "fb_too_old": "Этот ответ слишком старый, чтобы его оценить.",
        "fb_which": "Какой источник не тот? Выберите его ниже.",
        "fb_wrong_source": "не тот источник", "fb_back": "← назад", "fb_same": "Вы уже это выбрали.",
        "fb_what": "Что было не так? Ответьте на это сообщение парой слов (по желанию).",
        "fb_what_named": "{name}, что было не так? Ответьте на это сообщение парой слов (по желанию).",
        "fb_what_placeholder": "Что было не так?", "fb_noted": "Спасибо — я добавил ваш комментарий.",
        "inline_none_title": "В библиотеке нет ответа", "inline_none_description": "Мои источники на это не отвечают.",
        "inline_none_text": "«{question}» — в моей библиотеке новостей нет ответа на это.",
        "chat_intro": "Спрашивайте о статьях. /help — команды, /quit (или Ctrl-D) — выйти.",
        "chat_prompt": "(/quit — выйти) › ",
        "chat_help": "Спрашивайте о статьях обычными словами; уточняющие вопросы учитывают разговор.\n/sources — "
                     "источники последнего ответа полностью · /new — забыть разговор · /help — эта справка · /quit "
                     "(или Ctrl-D) — выйти",
        "chat_cleared": "(разговор очищен)", "understood_as": "(понял как: {question})",
        "chat_unknown": "Неизвестная команда {command} — /help покажет, что я понимаю.",
        "chat_store_down": "Не могу сейчас добраться до библиотеки статей ({error}). Попробуйте ещё раз через минуту.",
    },
}


_MONTHS_EN = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
MONTHS = {
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
}
_DATE = re.compile(r"^(?:(\d{4})-(\d{2})-(\d{2})|([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?"
                   r"|(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?(?:,?\s+(\d{4}))?|([A-Za-z]{3})[a-z]*\s+(\d{4}))(.*)$")


def localized_date(text: str, language: str) -> str:
    """An English date from a source ("Sept. 13", "October 18, 2023", "2024-02-05") written the reader's
    way ("13 сентября", "18. Oktober 2023", "2024年2月5日"); anything else as it is."""
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
    if language == "zh":
        out = (f"{year}年" if year else "") + f"{month}月" + (f"{day}日" if day else "")
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
    return out + rest


def say(key: str, language: str = "en", **values: object) -> str:
    """The message `key` in `language` (English when that language lacks it), filled with `values`."""
    table = MESSAGES.get(language) or MESSAGES["en"]
    text = table.get(key) or MESSAGES["en"][key]
    return text.format(**values) if values else text


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
    Two forms (one|other) or three (East Slavic one|few|many)."""
    forms = say(key, language).split("|")
    if len(forms) == 3:
        if n % 10 == 1 and n % 100 != 11:
            return forms[0]
        return forms[1] if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else forms[2]
    return forms[0] if n == 1 else forms[-1]
