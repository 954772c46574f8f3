"""The one access gate, in handler group −1: every update passes it before any handler sees it.

Strangers (not on the allow-lists) are told once per 10 minutes that the bot is private — only when
they addressed it — and their update stops here (ApplicationHandlerStop); button presses and inline
queries get a short refusal. Messages older than two minutes at start-up are a backlog, not a
conversation: they stop here silently.

    >>> app.add_handler(TypeHandler(Update, gate), group=-1)     # doctest: +SKIP
"""

from __future__ import annotations

import logging

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from retrieval import say

from .context import BotContext
from .language import user_language
from .sending import send

log = logging.getLogger("citebot.telegram")
STALE_SECONDS = 120


def replies_to_bot(message: Message) -> bool:
    reply = message.reply_to_message
    return reply is not None and reply.from_user is not None and reply.from_user.id == message.get_bot().id


def mentions_bot(message: Message) -> tuple[bool, str]:
    """Whether the message @mentions the bot, and its text without the mention."""
    bot = message.get_bot()
    text = message.text or ""
    mentioned = False
    for entity in message.entities or ():
        if entity.type == MessageEntity.MENTION:
            name = message.parse_entity(entity)
            if bot.username and name.lower() == f"@{bot.username.lower()}":
                mentioned = True
                text = text.replace(name, " ")
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            mentioned = True
    return mentioned, " ".join(text.split())


def addressed_to_bot(message: Message) -> bool:
    if message.chat.type == ChatType.PRIVATE or replies_to_bot(message):
        return True
    if message.text and message.text.startswith("/"):
        return True
    return mentions_bot(message)[0]


async def gate(update: Update, context: BotContext) -> None:
    svc = context.service
    message = update.effective_message
    if message is not None and message.date is not None and message.date.timestamp() < svc.started_at - STALE_SECONDS:
        raise ApplicationHandlerStop  # a backlog from before start-up
    user = update.effective_user
    chat = update.effective_chat
    user_id = user.id if user else None
    if update.inline_query is not None:
        allowed = svc.policy.allows(user_id, None if svc.policy.chats else user_id)
    else:
        allowed = svc.policy.allows(user_id, chat.id if chat else None)
    if allowed:
        return
    log.info("refused user %s in chat %s", svc.who(user_id), chat.id if chat else None)
    refusal = say("refusal", user_language(update))
    if update.callback_query is not None:
        await update.callback_query.answer(refusal)
    elif update.inline_query is not None:
        await update.inline_query.answer([], cache_time=5, is_personal=True)
    elif message is not None and addressed_to_bot(message) and not svc.refusals.hit(user_id or 0):
        await send(message, refusal, html=False)
    raise ApplicationHandlerStop
