"""The path every question takes — `ask()` — and the handlers that lead to it: private texts, /ask,
mentions and replies in groups, inline queries; and a one-line hint for stickers, photos and voice.

Access is checked before any of these run (gate.py, handler group −1). ask(): length → rate limits
(one notice per cooldown) → thread and history → a place in the answering queue ("you're #2 in line"
when a language model makes answers slow) → answer off the event loop (typing indicator, or a draft
edited at most once a second) → reply in the asking message's topic → remember → one audit line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError

from retrieval import Answer, CitebotError, Turn, examples, say, small_talk_kind

from ..audit import answer_fields, audit
from . import feedback
from .context import BotContext
from .gate import mentions_bot, replies_to_bot
from .language import client_language, reader_language
from .memory import ThreadKey
from .render import esc, keyboard, link_rows, render_answer, to_plain
from .sending import edit, keep_typing, send
from .service import BotService

log = logging.getLogger("citebot.telegram")
SILENT_IN_GROUPS = ("thanks", "ack")  # a bare "thanks", "ok" or 👍 to the bot in a group needs no reply


def thread_key(svc: BotService, message: Message) -> ThreadKey:
    if message.chat.type == ChatType.PRIVATE:
        return ThreadKey.private(message.chat_id)
    if replies_to_bot(message):
        known = svc.memory.thread_of(message.chat_id, message.reply_to_message.message_id)
        if known:
            return known
    topic = message.message_thread_id if message.is_topic_message else 0
    return ThreadKey.group(message.chat_id, topic or 0, message.message_id)


async def ask(update: Update, context: BotContext, question: str) -> None:
    """Answer one question and write its audit line, whatever happens."""
    svc = context.service
    message = update.effective_message
    if message is None:
        return
    started = time.perf_counter()
    question = question.strip()
    user_id = update.effective_user.id if update.effective_user else 0
    trace: dict[str, Any] = {"outcome": "error"}
    try:
        await _ask(svc, update, message, question, user_id, trace)
    except Exception as exc:
        trace["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        answer: Answer | None = trace.get("answer")
        fields = answer_fields(answer)
        fields["error"] = fields.get("error") or trace.get("error")
        audit("question", chat_type=message.chat.type, user=svc.who(user_id), chars=len(question),
              latency_ms=round((time.perf_counter() - started) * 1000, 1), outcome=trace["outcome"], **fields)


async def _ask(svc: BotService, update: Update, message: Message, question: str, user_id: int,
               trace: dict[str, Any]) -> None:
    language = reader_language(question, update)
    if not question:
        trace["outcome"] = "empty"
        tries = await asyncio.get_running_loop().run_in_executor(svc.executor, examples, svc.engine, language)
        await send(message, say("ask_empty", language, example=tries[0] if tries else "…"), html=False)
        return
    limit = svc.settings.telegram_max_question_chars
    if len(question) > limit:
        trace["outcome"] = "too_long"
        await send(message, say("too_long", language, limit=limit), html=False)
        return
    wait, who = svc.user_limit.hit(user_id), ("user", user_id)
    if not wait and message.chat.type != ChatType.PRIVATE:
        wait, who = svc.chat_limit.hit(message.chat_id), ("chat", message.chat_id)
    if wait:
        trace["outcome"] = "rate_limited"
        if svc.notices.should_tell(who, wait):
            await send(message, say("rate_limited", language, wait=wait), html=False)
        return

    key = thread_key(svc, message)
    svc.memory.start(key, user_id)
    history = svc.memory.history(key)
    waiting: list[Message] = []

    async def tell_place(position: int) -> None:
        if svc.streams:  # answers take seconds: say so rather than leave people wondering
            with contextlib.suppress(TelegramError):
                waiting.append(await send(message, say("queued", language, position=position), html=False))

    try:
        async with svc.queue.slot(tell_place):
            if svc.streams:
                answer, drafts = await answer_streaming(svc, message, question, history, update, waiting[:1])
            else:
                answer, drafts = await answer_once(svc, message, question, history, update), waiting[:1]
    except CitebotError as exc:  # the store is down, a lock is held…: a known condition, not a bug
        log.warning("could not answer: %s", exc)
        trace.update(outcome="store_down", error=str(exc))
        if waiting:
            await edit(waiting[0], say("store_down", language), html=False)
        else:
            await send(message, say("store_down", language), html=False)
        return
    trace["answer"] = answer
    trace["outcome"] = await deliver(svc, message, key, answer, drafts)


async def answer_once(svc: BotService, message: Message, question: str, history: list[Turn],
                      update: Update) -> Answer:
    stop = asyncio.Event()
    typing = asyncio.create_task(keep_typing(message, stop))
    language = client_language(update)
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            svc.executor, lambda: svc.engine.answer(question, history=history, language=language))
    finally:
        stop.set()
        await typing


async def answer_streaming(svc: BotService, message: Message, question: str, history: list[Turn],
                           update: Update, placeholder: list[Message]) -> tuple[Answer, list[Message]]:
    """Show the model's draft as it writes (edited at most once a second), then the checked answer."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()
    language = client_language(update)

    def produce() -> None:
        try:
            for event in svc.engine.stream(question, history=history, language=language):
                loop.call_soon_threadsafe(queue.put_nowait, event)
        except Exception as exc:  # handed to the event loop, which raises it in the handler
            loop.call_soon_threadsafe(queue.put_nowait, exc)

    loop.run_in_executor(svc.executor, produce)
    stop = asyncio.Event()
    typing = asyncio.create_task(keep_typing(message, stop))
    draft, sent, last_edit = "", (placeholder[0] if placeholder else None), 0.0
    try:
        while True:
            event = await queue.get()
            if isinstance(event, Exception):
                raise event
            if event.kind == "answer":
                return event.answer, [sent] if sent else []
            draft += event.text
            now = time.monotonic()
            if now - last_edit >= 1.0 and draft.strip():
                shown = draft[-3500:] + " …"
                if sent is None:
                    sent = await send(message, shown, html=False)
                else:
                    await edit(sent, shown, html=False)
                last_edit = now
    finally:
        stop.set()
        await typing


async def deliver(svc: BotService, message: Message, key: ThreadKey, answer: Answer, drafts: list[Message]) -> str:
    """Send the answer (replacing a draft or a "you're in line" message); returns the audit outcome."""
    if answer.intent in ("small_talk", "about_bot"):
        return await _own_words(svc, message, key, answer, drafts)
    answer_id = secrets.token_hex(5)
    markup = keyboard(answer, answer_id)
    sent = await _send_parts(message, render_answer(answer), drafts, markup)
    for m in sent:
        svc.memory.remember_message(message.chat_id, m.message_id, key)
    svc.memory.add(key, answer.turn())
    if answer.citations:  # /sources shows the last answer that had sources, never a decline
        svc.memory.set_last(key, answer)
        feedback.remember(svc, answer_id, answer, message.chat_id, svc.memory.history(key)[:-1])
    return "declined" if answer.abstained else "answered"


async def _send_parts(message: Message, parts: list[str], drafts: list[Message],
                      markup: InlineKeyboardMarkup | None) -> list[Message]:
    sent: list[Message] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if i == 0 and drafts:
            await edit(drafts[0], part, markup=markup if last else None)
            sent.append(drafts[0])
        else:
            sent.append(await send(message, part, markup=markup if last else None, reply=i == 0))
    return sent


async def _own_words(svc: BotService, message: Message, key: ThreadKey, answer: Answer,
                     drafts: list[Message]) -> str:
    """Small talk and "what can you do?": a plain reply — no sources, no buttons, not part of the
    conversation; in a group a bare thanks or "ok" gets no reply at all."""
    if (message.chat.type != ChatType.PRIVATE and answer.intent == "small_talk"
            and small_talk_kind(answer.question) in SILENT_IN_GROUPS):
        if drafts:
            await edit(drafts[0], answer.text, html=False)
        return "silent"
    for m in await _send_parts(message, render_answer(answer), drafts, None):
        svc.memory.remember_message(message.chat_id, m.message_id, key)
    return answer.intent


# --- handlers --------------------------------------------------------------------------------------
async def cmd_ask(update: Update, context: BotContext) -> None:
    parts = (update.effective_message.text or "").split(maxsplit=1)
    await ask(update, context, parts[1] if len(parts) > 1 else "")


async def on_text(update: Update, context: BotContext) -> None:
    """Private chats: every text. Groups: only a mention of the bot or a reply to one of its messages.
    A reply to the bot's "what was wrong?" is a note on a rating, not a question."""
    message = update.effective_message
    if await feedback.take_note(update, context):
        return
    if message.chat.type == ChatType.PRIVATE:
        await ask(update, context, message.text)
        return
    mentioned, text = mentions_bot(message)
    if mentioned or replies_to_bot(message):
        await ask(update, context, text)


async def on_other(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice…: a one-line hint (in groups only when it was addressed to the bot)."""
    message = update.effective_message
    if message is None or (message.chat.type != ChatType.PRIVATE and not replies_to_bot(message)):
        return
    await send(message, say("text_only", reader_language(message.caption or "", update)), html=False)


async def on_inline(update: Update, context: BotContext) -> None:
    """`@bot question` from any chat: the cited answer, ready to send — or, when the library has no
    answer, a "no answer in the library" result that says exactly that (never a decline to send)."""
    svc = context.service
    query = update.inline_query
    question = (query.query or "").strip()
    user_id = query.from_user.id if query.from_user else 0
    if len(question) < 3 or len(question) > svc.settings.telegram_max_question_chars:
        await query.answer([], cache_time=5)
        return
    if svc.user_limit.hit(user_id):
        await query.answer([], cache_time=5, is_personal=True)
        return
    started = time.perf_counter()
    loop = asyncio.get_running_loop()
    language = client_language(update)
    try:
        answer = await loop.run_in_executor(svc.executor, lambda: svc.engine.answer(question, language=language))
    except CitebotError as exc:
        log.warning("inline query failed: %s", exc)
        await query.answer([], cache_time=5)
        return
    found = bool(answer.citations) and not answer.abstained
    audit("question", chat_type="inline", user=svc.who(user_id), chars=len(question),
          latency_ms=round((time.perf_counter() - started) * 1000, 1),
          outcome="answered" if found else "no_answer", **answer_fields(answer))
    result = _inline_answer(answer, question) if found else _inline_none(question, answer.language)
    await query.answer([result], cache_time=60 if found else 5, is_personal=True)


def _inline_answer(answer: Answer, question: str) -> InlineQueryResultArticle:
    text = render_answer(answer)[0]
    links = link_rows(answer)
    return InlineQueryResultArticle(
        id=secrets.token_hex(8), title=question[:60], description=to_plain(text)[:120],
        input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML,
                                                      link_preview_options=LinkPreviewOptions(is_disabled=True)),
        reply_markup=InlineKeyboardMarkup(links) if links else None)


def _inline_none(question: str, language: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=secrets.token_hex(8), title=say("inline_none_title", language),
        description=say("inline_none_description", language),
        input_message_content=InputTextMessageContent(esc(say("inline_none_text", language, question=question)),
                                                      parse_mode=ParseMode.HTML))
