"""Feedback that means something: one vote per person per answer, marked on the message.

👍 and 👎 are recorded at once. "wrong source" asks which source (one button per cited source; an
answer with one source needs no question) and records that one. A new press replaces the person's
earlier vote — the log is append-only, each line naming the vote it `replaces`, and
`citebot feedback-to-eval` keeps the last. After 👎 or "wrong source" the bot asks once "what was
wrong?"; a reply to that question is recorded as a note on the vote, not answered as a question.

    >>> app.add_handler(CallbackQueryHandler(on_feedback, pattern=r"^fb\\|"))     # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message, Update, User
from telegram.constants import ChatType
from telegram.error import BadRequest

from retrieval import Answer, Citation, Turn, say

from .context import BotContext
from .language import reader_language, user_language
from .render import esc, keyboard, source_choice
from .sending import send, with_retries
from .service import BotService

log = logging.getLogger("citebot.telegram")
THANKS = {"up": "fb_thanks_up", "down": "fb_thanks_down", "wrong_source": "fb_thanks_source"}
ACTIONS = ("up", "down", "wrong_source", "src", "back")
MAX_NOTE = 1000


@dataclass
class Rated:
    """An answer people may rate: what every log line about it carries, and the current votes."""

    answer: Answer
    record: dict[str, Any]
    votes: dict[int, str] = field(default_factory=dict)  # user id → "up" | "down" | "wrong_source:<marker>"
    prompted: set[int] = field(default_factory=set)  # asked "what was wrong?" already

    def tally(self) -> Counter[str]:
        return Counter(v.split(":")[0] for v in self.votes.values())


def remember(svc: BotService, answer_id: str, answer: Answer, chat_id: int, history: list[Turn]) -> None:
    """Keep an answer with rating buttons, with what its feedback lines record."""
    svc.memory.store_answer(answer_id, Rated(answer, {
        "question": answer.question, "standalone": answer.standalone_question, "answer": answer.text,
        "short_answer": answer.short_answer, "language": answer.language, "abstained": answer.abstained,
        "retrieved": [h.chunk_id for h in answer.hits], "cited": [c.article_id for c in answer.citations],
        "cited_chunks": [c.chunk_id for c in answer.citations], "chat_id": chat_id,
        "history": [{"question": t.question, "answer": t.answer} for t in history],
    }))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


async def _show(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """Put new buttons on the rated message (not possible for inline-mode or very old messages)."""
    if not isinstance(query.message, Message):
        return
    try:
        await with_retries(lambda: query.edit_message_reply_markup(reply_markup=markup))
    except BadRequest as exc:  # "message is not modified", or it is gone: the vote still counts
        log.debug("could not update the rating buttons: %s", exc)


async def on_feedback(update: Update, context: BotContext) -> None:
    """A press on 👍, 👎, "wrong source", one of the sources it offers, or "back"."""
    svc = context.service
    query = update.callback_query
    parts = (query.data or "").split("|")
    rated = svc.memory.answer_record(parts[1]) if len(parts) >= 3 else None
    language = user_language(update, rated.answer.language if isinstance(rated, Rated) else None)
    if not isinstance(rated, Rated) or parts[2] not in ACTIONS:
        await query.answer(say("fb_too_old", language))
        return
    answer_id, action, citations = parts[1], parts[2], rated.answer.citations
    if action == "back":
        await _show(query, keyboard(rated.answer, answer_id, rated.tally()))
        await query.answer()
        return
    if action == "wrong_source" and len(citations) > 1:
        await _show(query, source_choice(rated.answer, answer_id))
        await query.answer(say("fb_which", language))
        return
    citation = None
    if action == "wrong_source":
        citation = citations[0]
    elif action == "src":
        citation = next((c for c in citations if len(parts) > 3 and str(c.marker) == parts[3]), None)
        if citation is None:
            await query.answer(say("fb_too_old", language))
            return
    await _vote(svc, query, rated, answer_id, "wrong_source" if citation else action, citation, language)


async def _vote(svc: BotService, query: CallbackQuery, rated: Rated, answer_id: str, kind: str,
                citation: Citation | None, language: str) -> None:
    user = query.from_user
    choice = f"{kind}:{citation.marker}" if citation else kind
    previous = rated.votes.get(user.id)
    if previous == choice:
        await _show(query, keyboard(rated.answer, answer_id, rated.tally()))
        await query.answer(say("fb_same", language))
        return
    rated.votes[user.id] = choice
    entry = {"ts": _now(), "feedback": kind, "answer_id": answer_id, "user_id": user.id,
             "admin": svc.policy.is_admin(user.id), "replaces": previous.split(":")[0] if previous else None,
             **rated.record}
    if citation is not None:
        entry.update(wrong_article_id=citation.article_id, wrong_chunk_id=citation.chunk_id,
                     wrong_marker=citation.marker)
    await asyncio.get_running_loop().run_in_executor(svc.executor, svc.record_feedback, entry)
    await _show(query, keyboard(rated.answer, answer_id, rated.tally()))
    await query.answer(say(THANKS[kind], language))
    if kind != "up" and user.id not in rated.prompted:
        rated.prompted.add(user.id)
        await _ask_what_was_wrong(svc, query, answer_id, user, language)


async def _ask_what_was_wrong(svc: BotService, query: CallbackQuery, answer_id: str, user: User,
                              language: str) -> None:
    """An optional free-text note: a message the client answers with a reply (ForceReply)."""
    message = query.message
    if not isinstance(message, Message):
        return
    if message.chat.type == ChatType.PRIVATE:
        text = esc(say("fb_what", language))
    else:  # name the person, so the reply box opens for them only (selective)
        mention = f'<a href="tg://user?id={user.id}">{esc(user.first_name)}</a>'
        text = esc(say("fb_what_named", language, name="\0")).replace("\0", mention)
    markup = ForceReply(selective=True, input_field_placeholder=say("fb_what_placeholder", language))
    sent = await send(message, text, markup=markup)
    svc.memory.remember_prompt(message.chat_id, sent.message_id, answer_id, user.id)


async def take_note(update: Update, context: BotContext) -> bool:
    """A reply to "what was wrong?": recorded with the vote. True when the message was such a reply
    (someone else's reply to another person's prompt is ignored, not answered as a question)."""
    svc = context.service
    message = update.effective_message
    reply = message.reply_to_message if message else None
    prompt = svc.memory.prompt_of(message.chat_id, reply.message_id) if reply else None
    if prompt is None:
        return False
    answer_id, user_id = prompt
    user = update.effective_user
    if user is None or user.id != user_id or not (message.text or "").strip():
        return True
    entry = {"ts": _now(), "feedback": "note", "answer_id": answer_id, "user_id": user_id,
             "note": message.text.strip()[:MAX_NOTE]}
    await asyncio.get_running_loop().run_in_executor(svc.executor, svc.record_feedback, entry)
    await send(message, say("fb_noted", reader_language(message.text, update)), html=False)
    return True
