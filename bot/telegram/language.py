"""Which language the bot's own words are in: the question's language when there is a question,
otherwise the user's Telegram language (language_code), otherwise English.

    >>> reader_language("Що сказав Дун Цзюнь?", update)      # doctest: +SKIP
    'uk'
"""

from __future__ import annotations

from telegram import Update

from retrieval import choose_language, detect_language


def client_language(update: Update | None) -> str | None:
    """The base language the user's Telegram app is set to ("en" for "en-GB"), for the engine's fallback."""
    user = update.effective_user if update is not None else None
    code = (user.language_code or "").split("-")[0].lower() if user else ""
    return code or None


def user_language(update: Update | None, fallback: str | None = None) -> str:
    """For replies that answer no question (commands, buttons): the user's app language."""
    return choose_language(client_language(update), fallback)


def reader_language(text: str, update: Update | None) -> str:
    """For replies about a question (before the engine has answered it): the question's own language."""
    return choose_language(detect_language(text) if text.strip() else None, client_language(update))
