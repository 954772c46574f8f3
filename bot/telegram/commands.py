"""One small async handler per command (/start, /help, /sources, /new, /stats, /reindex), the hint for
unknown commands, and the error handler. Replies are in the user's Telegram language.

Group etiquette: /new forgets only the caller's threads; an admin is offered a button that forgets
the whole chat. Admin actions (/reindex, forgetting a chat) each write an audit line.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from retrieval import CitebotError, say

from ..audit import audit
from .context import BotContext
from .handlers import thread_key
from .help import help_text, stats_text
from .language import user_language
from .memory import ThreadKey
from .render import esc, render_sources
from .sending import edit, send

log = logging.getLogger("citebot.telegram")


async def cmd_help(update: Update, context: BotContext) -> None:
    """/start and /help: what the library holds, questions to try, and what this deployment offers."""
    svc = context.service
    message = update.effective_message
    bot = context.bot
    group = message.chat.type != ChatType.PRIVATE
    text = await asyncio.get_running_loop().run_in_executor(svc.executor, lambda: help_text(
        svc, user_language(update), bot.username or "", bool(bot.supports_inline_queries), group))
    await send(message, text)


async def cmd_sources(update: Update, context: BotContext) -> None:
    """The last answer that had sources: this thread's, else (in a group) the caller's, else the chat's."""
    svc = context.service
    message = update.effective_message
    if message.chat.type == ChatType.PRIVATE:
        answer = svc.memory.last(ThreadKey.private(message.chat_id))
    else:
        key = thread_key(svc, message)
        answer = svc.memory.last(key) if key.root != message.message_id else None
        user = update.effective_user
        answer = answer or svc.memory.last_in_chat(message.chat_id, user.id if user else None)
    if answer is None:
        await send(message, say("no_sources_yet", user_language(update)), html=False)
        return
    for part in render_sources(answer):
        await send(message, part)


async def cmd_new(update: Update, context: BotContext) -> None:
    """Private: forget the conversation. Group: forget the caller's threads only; admins are offered more."""
    svc = context.service
    message = update.effective_message
    language = user_language(update)
    if message.chat.type == ChatType.PRIVATE:
        svc.memory.clear(ThreadKey.private(message.chat_id))
        await send(message, say("forgot", language), html=False)
        return
    user_id = update.effective_user.id if update.effective_user else 0
    topic = (message.message_thread_id or 0) if message.is_topic_message else 0
    svc.memory.clear_user(message.chat_id, user_id, topic)
    if not svc.policy.is_admin(user_id):
        await send(message, say("forgot_yours", language), html=False)
        return
    offer = InlineKeyboardMarkup([[InlineKeyboardButton(say("forget_all_button", language),
                                                        callback_data="new|all")]])
    await send(message, esc(say("forgot_yours", language) + "\n" + say("forget_all_offer", language)), markup=offer)


async def on_forget_chat(update: Update, context: BotContext) -> None:
    """The admin's confirmation button under /new: forget every thread of this chat."""
    svc = context.service
    query = update.callback_query
    language = user_language(update)
    user_id = query.from_user.id
    if not svc.policy.is_admin(user_id) or not isinstance(query.message, Message):
        await query.answer(say("admins_only", language))
        return
    threads = svc.memory.clear_chat(query.message.chat_id)
    audit("admin", action="forget_chat", user=svc.who(user_id), chat_type=query.message.chat.type,
          threads=threads, outcome="done")
    await edit(query.message, say("forgot_all", language), html=False, markup=InlineKeyboardMarkup([]))
    await query.answer()


async def cmd_stats(update: Update, context: BotContext) -> None:
    svc = context.service
    s = await asyncio.get_running_loop().run_in_executor(svc.executor, svc.engine.stats)
    await send(update.effective_message, stats_text(s, user_language(update)))


async def cmd_reindex(update: Update, context: BotContext) -> None:
    """Admins only: re-ingest the article folder (or a folder inside it) with prune."""
    svc = context.service
    message = update.effective_message
    user = update.effective_user
    user_id = user.id if user else None
    language = user_language(update)
    root = Path(svc.settings.citebot_article_root).resolve()
    target = (root / " ".join(context.args or [])).resolve() if context.args else root
    refusal = ("reindex_admins" if not svc.policy.is_admin(user_id) else "reindex_outside"
               if not target.is_relative_to(root) else "reindex_missing" if not target.exists() else "")
    if refusal:
        audit("admin", action="reindex", user=svc.who(user_id), chat_type=message.chat.type, outcome=refusal)
        await send(message, say(refusal, language), html=False)
        return
    await send(message, say("reindexing", language), html=False)
    started = time.perf_counter()
    fields = {"user": svc.who(user_id), "chat_type": message.chat.type, "target": str(target.relative_to(root))}
    try:
        report = await asyncio.get_running_loop().run_in_executor(
            svc.executor, lambda: svc.engine.ingest([target], prune=True, lock_timeout=5))
    except CitebotError as exc:
        audit("admin", action="reindex", outcome="failed", error=str(exc), **fields)
        await send(message, say("reindex_failed", language, error=exc), html=False)
        return
    audit("admin", action="reindex", outcome="done", latency_ms=round((time.perf_counter() - started) * 1000, 1),
          added=len(report.added), updated=len(report.updated), removed=len(report.removed),
          skipped=len(report.skipped), **fields)
    text = report.summary()
    if report.skipped:
        text += "\n" + "\n".join(say("reindex_skipped", language, name=Path(s.path).name, reason=s.reason)
                                 for s in report.skipped[:10])
    await send(message, text, html=False)


async def on_unknown(update: Update, context: BotContext) -> None:
    """A command the bot lacks: a one-line hint — in groups only when it was meant for this bot."""
    message = update.effective_message
    command, _, target = (message.text or "").split()[0].partition("@")
    if target and target.lower() != (context.bot.username or "").lower():
        return  # another bot's command
    if message.chat.type != ChatType.PRIVATE and not target:
        return  # "/foo" in a group may be for any bot
    await send(message, say("unknown_command", user_language(update), command=command), html=False)


async def on_error(update: object, context: BotContext) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await send(update.effective_message, say("error", user_language(update)), html=False)
        except Exception:
            log.exception("could not tell the user about the error")
