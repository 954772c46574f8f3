"""One small async handler per command, and the shared path every question takes: `ask()`.

ask(): access → length → rate limits → thread and history → answer off the event loop (with a
typing indicator, or a draft edited at most once a second when the backend streams) → render →
reply to the asking message, in its forum topic → remember the thread, the sources, the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import ContextTypes

from retrieval import Answer, CitebotError, Engine, Settings, Turn

from .access import AccessPolicy, RateLimiter
from .memory import ConversationMemory, ThreadKey
from .render import keyboard, render_answer, render_sources, to_plain

log = logging.getLogger("citebot.telegram")

HELP = (
    "I answer questions about my library of news articles and cite the exact source of every claim.\n\n"
    "In a private chat, just type your question. In a group, use /ask &lt;question&gt;, mention me, or reply "
    "to one of my answers (follow-up questions keep the thread's context).\n\n"
    "/ask &lt;question&gt; — ask (works everywhere)\n"
    "/sources — the last answer's sources with their full quotes\n"
    "/new — forget the conversation\n"
    "/stats — what my library holds\n"
    "/reindex — reload the articles (admins only)\n\n"
    "Buttons under an answer open its sources and rate it: 👍, 👎 or «wrong source»."
)
STALE_SECONDS = 120  # messages older than this at start-up are a backlog, not a conversation


class BotService:
    """Everything the handlers share: engine, settings, memory, access rules, feedback log."""

    def __init__(self, settings: Settings, engine: Engine):
        self.settings = settings
        self.engine = engine
        self.memory = ConversationMemory(max_turns=settings.telegram_history_turns)
        self.policy = AccessPolicy(
            users=set(Settings.id_set(settings.telegram_allowed_users)),
            chats=set(Settings.id_set(settings.telegram_allowed_chats)),
            admins=set(Settings.id_set(settings.telegram_admin_users)),
        )
        self.user_limit = RateLimiter.parse(settings.telegram_user_rate)
        self.chat_limit = RateLimiter.parse(settings.telegram_chat_rate)
        self.refusals = RateLimiter(1, 600)  # tell a stranger once per 10 minutes, not on every message
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="answer")
        self.started_at = time.time()
        self.streams = engine.streams_drafts
        self._feedback_lock = threading.Lock()

    def record_feedback(self, record: dict[str, Any]) -> None:
        path = Path(self.settings.feedback_log)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._feedback_lock, path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def service(context: ContextTypes.DEFAULT_TYPE) -> BotService:
    return context.application.bot_data["service"]


# --- sending -----------------------------------------------------------------------------------
async def with_retries(make_call, attempts: int = 4):
    """Telegram's 429 is handled by the rate limiter; 5xx and timeouts are retried with back-off."""
    delay = 0.5
    for attempt in range(attempts):
        try:
            return await make_call()
        except RetryAfter as exc:
            if attempt == attempts - 1:
                raise
            wait = exc.retry_after
            await asyncio.sleep(wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait))
        except (TimedOut, NetworkError) as exc:
            if isinstance(exc, BadRequest) or attempt == attempts - 1:
                raise
            await asyncio.sleep(delay)
            delay *= 2


async def send(message: Message, text: str, html: bool = True, markup=None, reply: bool = True) -> Message:
    """Reply in the same chat and forum topic; if Telegram rejects the HTML, send it as plain text."""
    params: dict[str, Any] = {
        "chat_id": message.chat_id,
        "link_preview_options": LinkPreviewOptions(is_disabled=True),
        "reply_markup": markup,
    }
    if message.is_topic_message and message.message_thread_id:
        params["message_thread_id"] = message.message_thread_id
    if reply and message.chat.type != ChatType.PRIVATE:
        params["reply_parameters"] = ReplyParameters(message.message_id, allow_sending_without_reply=True)
    bot = message.get_bot()
    try:
        return await with_retries(lambda: bot.send_message(text=text, parse_mode=ParseMode.HTML if html else None,
                                                           **params))
    except BadRequest as exc:
        if not html or ("entit" not in str(exc).lower() and "parse" not in str(exc).lower()):
            raise
        log.warning("Telegram rejected the HTML (%s); sending plain text", exc)
        return await with_retries(lambda: bot.send_message(text=to_plain(text), **params))


async def edit(sent: Message, text: str, html: bool = True, markup=None) -> None:
    try:
        await with_retries(lambda: sent.edit_text(text, parse_mode=ParseMode.HTML if html else None,
                                                  reply_markup=markup,
                                                  link_preview_options=LinkPreviewOptions(is_disabled=True)))
    except BadRequest as exc:
        text_l = str(exc).lower()
        if "not modified" in text_l:
            return
        if html and ("entit" in text_l or "parse" in text_l):
            await with_retries(lambda: sent.edit_text(to_plain(text), reply_markup=markup))
            return
        raise


TYPING_AFTER = 0.4  # seconds: a fast answer needs no indicator (and every API call counts against 30/s)


async def keep_typing(message: Message, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=TYPING_AFTER)
    while not stop.is_set():
        with contextlib.suppress(Exception):  # a typing indicator is a nicety; never fail the answer for it
            await message.get_bot().send_chat_action(
                message.chat_id, ChatAction.TYPING,
                message_thread_id=message.message_thread_id if message.is_topic_message else None)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=4.5)


# --- the question path ---------------------------------------------------------------------------
def replies_to_bot(message: Message) -> bool:
    reply = message.reply_to_message
    return reply is not None and reply.from_user is not None and reply.from_user.id == message.get_bot().id


def thread_key(svc: BotService, message: Message) -> ThreadKey:
    if message.chat.type == ChatType.PRIVATE:
        return ("p", message.chat_id)
    if replies_to_bot(message):
        known = svc.memory.thread_of(message.chat_id, message.reply_to_message.message_id)
        if known:
            return known
    topic = message.message_thread_id if message.is_topic_message else 0
    return ("g", message.chat_id, topic, message.message_id)


def allowed(svc: BotService, update: Update) -> bool:
    user = update.effective_user
    chat = update.effective_chat
    return svc.policy.allows(user.id if user else None, chat.id if chat else None)


async def refuse_stranger(svc: BotService, update: Update) -> None:
    user = update.effective_user
    log.info("refused user %s in chat %s", user.id if user else None,
             update.effective_chat.id if update.effective_chat else None)
    if update.effective_message and not svc.refusals.hit(user.id if user else 0):
        await send(update.effective_message, "Sorry, this bot only answers its team's members.", html=False)


def members_only(handler):
    """Commands answer only allowed users and chats; a stranger is told once, then ignored."""
    @functools.wraps(handler)
    async def wrapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        svc = service(context)
        if not allowed(svc, update):
            await refuse_stranger(svc, update)
            return
        await handler(update, context)

    return wrapped


def is_stale(svc: BotService, message: Message) -> bool:
    return message.date is not None and message.date.timestamp() < svc.started_at - STALE_SECONDS


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    svc = service(context)
    message = update.effective_message
    if message is None or is_stale(svc, message):
        return
    if not allowed(svc, update):
        await refuse_stranger(svc, update)
        return
    question = question.strip()
    if not question:
        await send(message, "Ask me something, e.g. <code>/ask What did China's defense minister say?</code>")
        return
    limit = svc.settings.telegram_max_question_chars
    if len(question) > limit:
        await send(message, f"Please keep questions under {limit} characters.", html=False)
        return
    user_id = update.effective_user.id if update.effective_user else 0
    wait = svc.user_limit.hit(user_id)
    if not wait and message.chat.type != ChatType.PRIVATE:
        wait = svc.chat_limit.hit(message.chat_id)
    if wait:
        await send(message, f"You're asking quickly — try again in {wait} s.", html=False)
        return

    key = thread_key(svc, message)
    history = svc.memory.history(key)
    try:
        if svc.streams:
            answer, sent = await answer_streaming(svc, message, question, history)
        else:
            answer, sent = await answer_once(svc, message, question, history), []
    except CitebotError as exc:  # the store is down, a lock is held…: a known condition, not a bug
        log.warning("could not answer: %s", exc)
        await send(message, "I can't reach my article library right now — please try again in a minute.",
                   html=False)
        return
    await deliver(svc, message, key, question, answer, sent)


async def answer_once(svc: BotService, message: Message, question: str, history: list[Turn]) -> Answer:
    stop = asyncio.Event()
    typing = asyncio.create_task(keep_typing(message, stop))
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(svc.executor, lambda: svc.engine.answer(question, history=history))
    finally:
        stop.set()
        await typing


async def answer_streaming(svc: BotService, message: Message, question: str, history: list[Turn]):
    """Show the model's draft as it writes (edited at most once a second), then the checked answer."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()

    def produce() -> None:
        try:
            for event in svc.engine.stream(question, history=history):
                loop.call_soon_threadsafe(queue.put_nowait, event)
        except Exception as exc:  # handed to the event loop, which raises it in the handler
            loop.call_soon_threadsafe(queue.put_nowait, exc)

    loop.run_in_executor(svc.executor, produce)
    stop = asyncio.Event()
    typing = asyncio.create_task(keep_typing(message, stop))
    draft, sent, last_edit = "", None, 0.0
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


async def deliver(svc: BotService, message: Message, key: ThreadKey, question: str, answer: Answer,
                  drafts: list[Message]) -> None:
    answer_id = secrets.token_hex(5)
    parts = render_answer(answer)
    markup = keyboard(answer, answer_id)
    sent: list[Message] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if i == 0 and drafts:
            await edit(drafts[0], part, markup=markup if last else None)
            sent.append(drafts[0])
        else:
            sent.append(await send(message, part, markup=markup if last else None, reply=i == 0))
    for m in sent:
        svc.memory.remember_message(message.chat_id, m.message_id, key)
    svc.memory.add(key, Turn(question, answer.text if not answer.abstained else "", answer.standalone_question))
    svc.memory.set_last(key, answer)
    svc.memory.store_answer(answer_id, {
        "question": question, "standalone": answer.standalone_question, "answer": answer.text,
        "abstained": answer.abstained, "retrieved": [h.chunk_id for h in answer.hits],
        "cited": [c.article_id for c in answer.citations], "cited_chunks": [c.chunk_id for c in answer.citations],
        "chat_id": message.chat_id, "history": [{"question": t.question, "answer": t.answer}
                                                for t in svc.memory.history(key)[:-1]],
    })


# --- handlers --------------------------------------------------------------------------------------
@members_only
async def cmd_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await send(update.effective_message, HELP)


async def cmd_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await cmd_start(update, context)


async def cmd_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = update.effective_message.text or ""
    question = text.split(maxsplit=1)[1] if len(text.split(maxsplit=1)) > 1 else ""
    await ask(update, context, question)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Private chats: every text. Groups: only a mention of the bot or a reply to one of its messages."""
    message = update.effective_message
    if message.chat.type == ChatType.PRIVATE:
        await ask(update, context, message.text)
        return
    bot = context.bot
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
    if mentioned or replies_to_bot(message):
        await ask(update, context, " ".join(text.split()))


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice…: a one-line hint (in groups only when it was addressed to the bot)."""
    svc = service(context)
    message = update.effective_message
    if message is None or is_stale(svc, message):
        return
    if message.chat.type != ChatType.PRIVATE and not replies_to_bot(message):
        return
    if not allowed(svc, update):
        await refuse_stranger(svc, update)
        return
    await send(message, "I can only read text — please type your question.", html=False)


@members_only
async def cmd_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = service(context)
    message = update.effective_message
    if message.chat.type == ChatType.PRIVATE:
        answer = svc.memory.last(("p", message.chat_id))
    else:
        key = thread_key(svc, message)
        answer = svc.memory.last(key) if key[0] == "g" and key[-1] != message.message_id else None
        answer = answer or svc.memory.last_in_chat(message.chat_id)
    if answer is None:
        await send(message, "There is no answer to show sources for yet.", html=False)
        return
    for part in render_sources(answer):
        await send(message, part)


@members_only
async def cmd_new(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = service(context)
    message = update.effective_message
    if message.chat.type == ChatType.PRIVATE:
        svc.memory.clear(("p", message.chat_id))
    else:
        svc.memory.clear_chat(message.chat_id)
    await send(message, "Done — I've forgotten our conversation. Ask me anything.", html=False)


@members_only
async def cmd_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = service(context)
    loop = asyncio.get_running_loop()
    s = await loop.run_in_executor(svc.executor, svc.engine.stats)
    outlets = ", ".join(f"{k} ({v})" for k, v in list(s.outlets.items())[:10]) or "-"
    span = f"{s.earliest} … {s.latest}" if s.earliest else "unknown"
    await send(update.effective_message,
               f"<b>{s.articles}</b> articles ({s.duplicates} duplicate copies folded in), {s.chunks} passages.\n"
               f"Published: {span} ({s.undated} undated).\nOutlets: {outlets}", html=True)


@members_only
async def cmd_reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = service(context)
    message = update.effective_message
    user = update.effective_user
    if not svc.policy.is_admin(user.id if user else None):
        await send(message, "Only admins can reindex.", html=False)
        return
    root = Path(svc.settings.citebot_article_root).resolve()
    target = (root / " ".join(context.args or [])).resolve() if context.args else root
    if not target.is_relative_to(root):
        await send(message, "Paths must stay inside the article folder.", html=False)
        return
    if not target.exists():
        await send(message, "No such folder inside the article folder.", html=False)
        return
    await send(message, "Reindexing…", html=False)
    loop = asyncio.get_running_loop()
    try:
        report = await loop.run_in_executor(svc.executor, lambda: svc.engine.ingest([target], prune=True,
                                                                                    lock_timeout=5))
    except CitebotError as exc:
        await send(message, f"Reindex failed: {exc}", html=False)
        return
    text = report.summary()
    if report.skipped:
        text += "\n" + "\n".join(f"skipped {Path(s.path).name}: {s.reason}" for s in report.skipped[:10])
    await send(message, text, html=False)


async def on_feedback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = service(context)
    query = update.callback_query
    if not allowed(svc, update):
        await query.answer("Sorry, this bot only answers its team's members.")
        return
    try:
        _, answer_id, kind = (query.data or "").split("|")
    except ValueError:
        await query.answer()
        return
    record = svc.memory.answer_record(answer_id)
    if record is None or kind not in ("up", "down", "wrong_source"):
        await query.answer("This answer is too old to rate.")
        return
    entry = {"ts": datetime.now(UTC).isoformat(timespec="seconds"), "feedback": kind, "answer_id": answer_id,
             "user_id": update.effective_user.id if update.effective_user else None, **record}
    await asyncio.get_running_loop().run_in_executor(svc.executor, svc.record_feedback, entry)
    await query.answer({"up": "Thanks!", "down": "Thanks — noted.", "wrong_source": "Thanks — source flagged."}[kind])


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`@bot question` from any chat: one result, the cited answer, ready to send."""
    svc = service(context)
    query = update.inline_query
    question = (query.query or "").strip()
    user_id = query.from_user.id if query.from_user else 0
    if len(question) < 3 or len(question) > svc.settings.telegram_max_question_chars:
        await query.answer([], cache_time=5)
        return
    if not svc.policy.allows(user_id, None if svc.policy.chats else user_id) or svc.user_limit.hit(user_id):
        await query.answer([], cache_time=5, is_personal=True)
        return
    loop = asyncio.get_running_loop()
    try:
        answer = await loop.run_in_executor(svc.executor, lambda: svc.engine.answer(question))
    except CitebotError as exc:
        log.warning("inline query failed: %s", exc)
        await query.answer([], cache_time=5)
        return
    text = render_answer(answer)[0]
    markup = keyboard(answer, "")
    links = InlineKeyboardMarkup(markup.inline_keyboard[:-1]) if markup and not answer.abstained else markup
    await query.answer([InlineQueryResultArticle(
        id=secrets.token_hex(8), title=question[:60],
        description=to_plain(text)[:120],
        input_message_content=InputTextMessageContent(text, parse_mode=ParseMode.HTML,
                                                      link_preview_options=LinkPreviewOptions(is_disabled=True)),
        reply_markup=links if links and links.inline_keyboard else None,
    )], cache_time=60, is_personal=True)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await send(update.effective_message, "Sorry, something went wrong on my side. Please try again.",
                       html=False)
        except Exception:
            log.exception("could not tell the user about the error")
