"""Talking to Telegram: send and edit in the asking message's chat and forum topic, HTML with a
plain-text fallback, retries for 5xx and timeouts (429 is the rate limiter's job), and a typing
indicator for answers slower than 0.4 s.

    >>> await send(message, "<b>hi</b>")                 # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, TimedOut

from .render import to_plain

log = logging.getLogger("citebot.telegram")
TYPING_AFTER = 0.4  # seconds: a fast answer needs no indicator (and every API call counts against 30/s)


async def with_retries(make_call, attempts: int = 4):
    """5xx answers and timeouts are retried with back-off; Telegram's 429 is AIORateLimiter's job."""
    delay = 0.5
    for attempt in range(attempts):
        try:
            return await make_call()
        except BadRequest:
            raise  # our request is wrong: sending it again changes nothing
        except (TimedOut, NetworkError):
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(delay)
            delay *= 2


def _place(message: Message, reply: bool) -> dict[str, Any]:
    params: dict[str, Any] = {"chat_id": message.chat_id, "link_preview_options": LinkPreviewOptions(is_disabled=True)}
    if message.is_topic_message and message.message_thread_id:
        params["message_thread_id"] = message.message_thread_id
    if reply and message.chat.type != ChatType.PRIVATE:
        params["reply_parameters"] = ReplyParameters(message.message_id, allow_sending_without_reply=True)
    return params


async def send(message: Message, text: str, html: bool = True, markup=None, reply: bool = True) -> Message:
    """Reply in the same chat and forum topic; if Telegram rejects the HTML, send it as plain text."""
    params = _place(message, reply)
    bot = message.get_bot()
    try:
        return await with_retries(lambda: bot.send_message(text=text, parse_mode=ParseMode.HTML if html else None,
                                                           reply_markup=markup, **params))
    except BadRequest as exc:
        if not html:
            raise
        log.warning("Telegram rejected the message as HTML (%s); sending plain text", exc)
        return await with_retries(lambda: bot.send_message(text=to_plain(text), reply_markup=markup, **params))


async def edit(sent: Message, text: str, html: bool = True, markup=None) -> None:
    """Replace a message's text (a draft by the checked answer); unchanged text is not sent again."""
    if text == sent.text and markup is None:
        return
    try:
        await with_retries(lambda: sent.edit_text(text, parse_mode=ParseMode.HTML if html else None,
                                                  reply_markup=markup,
                                                  link_preview_options=LinkPreviewOptions(is_disabled=True)))
    except BadRequest as exc:
        if not html:
            raise
        log.warning("Telegram rejected the edit as HTML (%s); editing as plain text", exc)
        await with_retries(lambda: sent.edit_text(to_plain(text), reply_markup=markup))


async def keep_typing(message: Message, stop: asyncio.Event) -> None:
    """Show "typing…" until `stop` is set — but only once the answer has taken TYPING_AFTER seconds."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=TYPING_AFTER)
    while not stop.is_set():
        with contextlib.suppress(Exception):  # a typing indicator is a nicety; never fail the answer for it
            await message.get_bot().send_chat_action(
                message.chat_id, ChatAction.TYPING,
                message_thread_id=message.message_thread_id if message.is_topic_message else None)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=4.5)
