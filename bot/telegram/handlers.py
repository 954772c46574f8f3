"""One small async handler per command, and the shared path every question takes: `ask()`.

Access is checked before any of these run (gate.py, handler group −1). ask(): length → rate limits →
thread and history → answer off the event loop (typing indicator, or a draft edited at most once a
second when the backend streams) → render → reply in the asking message's topic → remember.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

from telegram import (
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode

from retrieval import Answer, CitebotError, Turn

from .context import BotContext
from .gate import mentions_bot, replies_to_bot
from .memory import ThreadKey
from .render import keyboard, render_answer, render_sources, to_plain
from .sending import edit, keep_typing, send
from .service import BotService

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


def thread_key(svc: BotService, message: Message) -> ThreadKey:
    if message.chat.type == ChatType.PRIVATE:
        return ThreadKey.private(message.chat_id)
    if replies_to_bot(message):
        known = svc.memory.thread_of(message.chat_id, message.reply_to_message.message_id)
        if known:
            return known
    topic = message.message_thread_id if message.is_topic_message else 0
    return ThreadKey.group(message.chat_id, topic or 0, message.message_id)


def _language(update: Update) -> str | None:
    user = update.effective_user
    return (user.language_code or "").split("-")[0] or None if user else None


async def ask(update: Update, context: BotContext, question: str) -> None:
    svc = context.service
    message = update.effective_message
    if message is None:
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
    language = _language(update)
    try:
        if svc.streams:
            answer, drafts = await answer_streaming(svc, message, question, history, language)
        else:
            answer, drafts = await answer_once(svc, message, question, history, language), []
    except CitebotError as exc:  # the store is down, a lock is held…: a known condition, not a bug
        log.warning("could not answer: %s", exc)
        await send(message, "I can't reach my article library right now — please try again in a minute.",
                   html=False)
        return
    await deliver(svc, message, key, answer, drafts)


async def answer_once(svc: BotService, message: Message, question: str, history: list[Turn],
                      language: str | None) -> Answer:
    stop = asyncio.Event()
    typing = asyncio.create_task(keep_typing(message, stop))
    try:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            svc.executor, lambda: svc.engine.answer(question, history=history, language=language))
    finally:
        stop.set()
        await typing


async def answer_streaming(svc: BotService, message: Message, question: str, history: list[Turn],
                           language: str | None):
    """Show the model's draft as it writes (edited at most once a second), then the checked answer."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue = asyncio.Queue()

    def produce() -> None:
        try:
            for event in svc.engine.stream(question, history=history, language=language):
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


async def deliver(svc: BotService, message: Message, key: ThreadKey, answer: Answer, drafts: list[Message]) -> None:
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
    svc.memory.add(key, answer.turn())
    svc.memory.set_last(key, answer)
    svc.memory.store_answer(answer_id, {
        "question": answer.question, "standalone": answer.standalone_question, "answer": answer.text,
        "abstained": answer.abstained, "retrieved": [h.chunk_id for h in answer.hits],
        "cited": [c.article_id for c in answer.citations], "cited_chunks": [c.chunk_id for c in answer.citations],
        "chat_id": message.chat_id, "history": [{"question": t.question, "answer": t.answer}
                                                for t in svc.memory.history(key)[:-1]],
    })


# --- handlers --------------------------------------------------------------------------------------
async def cmd_start(update: Update, context: BotContext) -> None:
    await send(update.effective_message, HELP)


async def cmd_ask(update: Update, context: BotContext) -> None:
    parts = (update.effective_message.text or "").split(maxsplit=1)
    await ask(update, context, parts[1] if len(parts) > 1 else "")


async def on_text(update: Update, context: BotContext) -> None:
    """Private chats: every text. Groups: only a mention of the bot or a reply to one of its messages."""
    message = update.effective_message
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
    await send(message, "I can only read text — please type your question.", html=False)


async def cmd_sources(update: Update, context: BotContext) -> None:
    svc = context.service
    message = update.effective_message
    if message.chat.type == ChatType.PRIVATE:
        answer = svc.memory.last(ThreadKey.private(message.chat_id))
    else:
        key = thread_key(svc, message)
        answer = svc.memory.last(key) if key.root != message.message_id else None
        answer = answer or svc.memory.last_in_chat(message.chat_id)
    if answer is None:
        await send(message, "There is no answer to show sources for yet.", html=False)
        return
    for part in render_sources(answer):
        await send(message, part)


async def cmd_new(update: Update, context: BotContext) -> None:
    svc = context.service
    message = update.effective_message
    if message.chat.type == ChatType.PRIVATE:
        svc.memory.clear(ThreadKey.private(message.chat_id))
    else:
        svc.memory.clear_chat(message.chat_id)
    await send(message, "Done — I've forgotten our conversation. Ask me anything.", html=False)


async def cmd_stats(update: Update, context: BotContext) -> None:
    svc = context.service
    s = await asyncio.get_running_loop().run_in_executor(svc.executor, svc.engine.stats)
    outlets = ", ".join(f"{k} ({v})" for k, v in list(s.outlets.items())[:10]) or "-"
    span = f"{s.earliest} … {s.latest}" if s.earliest else "unknown"
    await send(update.effective_message,
               f"<b>{s.articles}</b> articles ({s.duplicates} duplicate copies folded in), {s.chunks} passages.\n"
               f"Published: {span} ({s.undated} undated).\nOutlets: {outlets}", html=True)


async def cmd_reindex(update: Update, context: BotContext) -> None:
    svc = context.service
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
        report = await loop.run_in_executor(
            svc.executor, lambda: svc.engine.ingest([target], prune=True, lock_timeout=5))
    except CitebotError as exc:
        await send(message, f"Reindex failed: {exc}", html=False)
        return
    text = report.summary()
    if report.skipped:
        text += "\n" + "\n".join(f"skipped {Path(s.path).name}: {s.reason}" for s in report.skipped[:10])
    await send(message, text, html=False)


async def on_feedback(update: Update, context: BotContext) -> None:
    svc = context.service
    query = update.callback_query
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


async def on_inline(update: Update, context: BotContext) -> None:
    """`@bot question` from any chat: one result, the cited answer, ready to send."""
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
    loop = asyncio.get_running_loop()
    try:
        answer = await loop.run_in_executor(svc.executor, lambda: svc.engine.answer(question,
                                                                                   language=_language(update)))
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


async def on_error(update: object, context: BotContext) -> None:
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        try:
            await send(update.effective_message, "Sorry, something went wrong on my side. Please try again.",
                       html=False)
        except Exception:
            log.exception("could not tell the user about the error")
