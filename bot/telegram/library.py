"""Growing the library from the chat, and keeping it current.

Anyone allowed may send an article link or a .txt/.md/.html/.jsonl document in a private chat (in a
group: /add with links, or /add as the caption of — or a reply to — a document or a link) and is told
what was added ("Added: <title> · outlet · date, 12 passages") or why not. Admins manage the feeds
(/feeds, /addfeed URL, /removefeed N); PTB's JobQueue polls them every CITEBOT_FEED_INTERVAL minutes.
New articles answer at once: the engine's readers see every write without a restart.

    >>> schedule_polls(app)        # doctest: +SKIP  (build_application does it)
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from pathlib import Path

from telegram import Message, Update
from telegram.ext import Application, ContextTypes

from retrieval import CitebotError, localized_date, plural, say

from ..audit import audit
from .context import BotContext
from .language import user_language
from .render import esc
from .sending import send

log = logging.getLogger("citebot.telegram")
LINK = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
ONLY_LINKS = re.compile(r"^\s*(?:https?://\S+\s*){1,5}$", re.IGNORECASE)
DOCUMENTS = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl")
MAX_LINKS = 5


def _article_line(ref, language: str) -> str:
    parts = [f"<b>{esc(ref.title or say('untitled', language))}</b>"]
    parts += [esc(x) for x in (ref.source, localized_date(ref.published.isoformat(), language)
                               if ref.published else "") if x]
    return " · ".join(parts)


def _say(key: str, language: str, article: str = "", **values: object) -> str:
    """A message as HTML: its words escaped, the article line (already HTML) put in."""
    return esc(say(key, language, article="\x00", **values)).replace("\x00", article)


def report_text(report, language: str) -> str:
    """One line per article of an ingest: added, updated, already there, a copy of one — or why not."""
    lines = []
    copies = dict(report.duplicates)
    for aid, ref in report.refs.items():
        n = report.passages.get(aid, 0)
        if aid in copies:
            lines.append(_say("lib_copy", language, _article_line(report.refs.get(copies[aid], ref), language),
                              outlet=ref.source or ref.url or ref.title))
        elif aid in report.added or aid in report.updated:
            key = "lib_added" if aid in report.added else "lib_updated"
            lines.append(_say(key, language, _article_line(ref, language), n=n,
                              passages=plural(n, "n_passages", language)))
        elif aid not in copies.values():
            lines.append(_say("lib_known", language, _article_line(ref, language)))
    for s in report.skipped:
        lines.append(esc(say("lib_not_added", language, name=_short(s.path), reason=s.reason)))
    return "\n".join(lines) or esc(say("lib_nothing", language))


def _short(name: str) -> str:
    return name if len(name) <= 80 else name[:77] + "…"


async def _ingest(update: Update, context: BotContext, what: list[str], kind: str) -> None:
    """Fetch or read `what` off the event loop, store it, reply, write an audit line."""
    svc = context.service
    message = update.effective_message
    language = user_language(update)
    started = time.perf_counter()
    user = update.effective_user
    try:
        report = await asyncio.get_running_loop().run_in_executor(
            svc.executor, lambda: svc.engine.ingest(what, lock_timeout=30))
    except CitebotError as exc:
        audit("library", action=kind, user=svc.who(user.id if user else None), outcome="failed", error=str(exc))
        await send(message, esc(say("lib_failed", language, error=exc)))
        return
    audit("library", action=kind, user=svc.who(user.id if user else None), outcome="done",
          latency_ms=round((time.perf_counter() - started) * 1000, 1), added=len(report.added),
          updated=len(report.updated), skipped=len(report.skipped))
    await send(message, report_text(report, language))


async def on_links(update: Update, context: BotContext) -> None:
    """A private message that is only article links (up to five)."""
    links = LINK.findall(update.effective_message.text or "")[:MAX_LINKS]
    await _ingest(update, context, links, "add_links")


async def on_document(update: Update, context: BotContext) -> None:
    """A document sent privately, or with /add as its caption in a group."""
    await _add_document(update, context, update.effective_message)


async def cmd_add(update: Update, context: BotContext) -> None:
    """/add URL…, or /add in reply to a document or a message with links."""
    message = update.effective_message
    links = LINK.findall(" ".join(context.args or []))[:MAX_LINKS]
    target = message.reply_to_message
    if not links and target is not None and target.document is not None:
        await _add_document(update, context, target)
        return
    if not links and target is not None:
        links = LINK.findall(target.text or target.caption or "")[:MAX_LINKS]
    if not links:
        await send(message, esc(say("lib_add_usage", user_language(update))))
        return
    await _ingest(update, context, links, "add_links")


async def _add_document(update: Update, context: BotContext, holder: Message) -> None:
    svc = context.service
    language = user_language(update)
    doc = holder.document
    name = Path(doc.file_name or "document.txt").name
    if not name.lower().endswith(DOCUMENTS):
        await send(update.effective_message, esc(say("lib_doc_type", language)))
        return
    limit = min(svc.settings.max_file_mb, 20.0)  # the Bot API serves files up to 20 MB
    if doc.file_size and doc.file_size > limit * 1_000_000:
        await send(update.effective_message, esc(say("lib_doc_big", language, mb=f"{limit:g}")))
        return
    # Kept under the data folder (never under the article root, which /reindex prunes to its files).
    folder = Path(svc.settings.citebot_data_dir) / "uploads" / f"{holder.chat_id}-{doc.file_unique_id}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / re.sub(r"[^\w.\- ]", "_", name)
    file = await doc.get_file()
    await file.download_to_drive(path)
    await _ingest(update, context, [str(path)], "add_document")


# --- feeds ---------------------------------------------------------------------------------------
async def cmd_feeds(update: Update, context: BotContext) -> None:
    svc = context.service
    language = user_language(update)
    feeds = svc.engine.web.feeds()
    if not feeds:
        await send(update.effective_message, esc(say("feeds_none", language)))
        return
    lines = [f"<b>{esc(say('feeds_title', language, minutes=f'{svc.settings.citebot_feed_interval:g}'))}</b>"]
    for i, f in enumerate(feeds, 1):
        state = (say("feed_error", language, error=f.last_error) if f.last_error else
                 say("feed_checked", language, when=f.last_polled[:16].replace("T", " ")) if f.last_polled else
                 say("feed_unchecked", language))
        lines.append(f"{i}. <b>{esc(f.title or f.url)}</b> — {esc(f.url)}\n   {esc(state)}")
    await send(update.effective_message, "\n".join(lines))


async def _admin_only(update: Update, context: BotContext, action: str) -> bool:
    """True for an admin; anyone else is told feeds are for admins, and the refusal is audited."""
    svc = context.service
    user = update.effective_user
    if svc.policy.is_admin(user.id if user else None):
        return True
    audit("admin", action=action, user=svc.who(user.id if user else None), outcome="refused")
    await send(update.effective_message, esc(say("feeds_admins", user_language(update))))
    return False


async def cmd_addfeed(update: Update, context: BotContext) -> None:
    svc = context.service
    message = update.effective_message
    language = user_language(update)
    user = update.effective_user
    if not await _admin_only(update, context, "addfeed"):
        return
    links = LINK.findall(" ".join(context.args or []))
    if len(links) != 1:
        await send(message, esc(say("feed_add_usage", language)))
        return
    try:
        sub, poll = await asyncio.get_running_loop().run_in_executor(
            svc.executor, lambda: svc.engine.add_feed(links[0]))
    except CitebotError as exc:
        audit("admin", action="addfeed", user=svc.who(user.id if user else None), outcome="failed", error=str(exc))
        await send(message, esc(say("feed_failed", language, error=exc)))
        return
    audit("admin", action="addfeed", user=svc.who(user.id if user else None), outcome="done",
          articles=poll.articles)
    head = esc(say("feed_added", language, title=sub.title or sub.url))
    body = report_text(poll.ingest, language) if poll.ingest is not None else esc(say("feed_nothing_new", language))
    await send(message, f"{head}\n{body}")


async def cmd_removefeed(update: Update, context: BotContext) -> None:
    svc = context.service
    message = update.effective_message
    language = user_language(update)
    user = update.effective_user
    if not await _admin_only(update, context, "removefeed"):
        return
    arg = " ".join(context.args or []).strip()
    if not arg:
        await send(message, esc(say("feed_remove_usage", language)))
        return
    try:
        sub = svc.engine.web.remove_feed(int(arg) if arg.isdigit() else arg)
    except CitebotError as exc:
        await send(message, esc(say("feed_failed_remove", language, error=exc)))
        return
    audit("admin", action="removefeed", user=svc.who(user.id if user else None), outcome="done")
    await send(message, esc(say("feed_removed", language, title=sub.title or sub.url)))


async def poll_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every CITEBOT_FEED_INTERVAL minutes: what is new in the feeds, stored; old web articles retired."""
    svc = context.bot_data.service
    if not svc.engine.web.feeds():
        return
    started = time.perf_counter()
    try:
        report = await asyncio.get_running_loop().run_in_executor(svc.executor, svc.engine.poll_feeds)
    except CitebotError as exc:
        log.warning("feed poll failed: %s", exc)
        audit("feeds", outcome="failed", error=str(exc))
        return
    added = len(report.ingest.added) if report.ingest is not None else 0
    audit("feeds", outcome="done", feeds=report.feeds, not_modified=report.not_modified, fetched=report.articles,
          added=added, retired=len(report.retired), problems=len(report.problems),
          latency_ms=round((time.perf_counter() - started) * 1000, 1))
    for url, reason in report.problems[:20]:
        log.info("feed problem: %s: %s", url, reason)


def schedule_polls(app: Application) -> None:
    """Subscribe the CITEBOT_FEEDS list and poll every interval (the first poll soon after start)."""
    svc = app.bot_data.service
    try:
        svc.engine.subscribe_feed_list()
    except CitebotError as exc:
        log.warning("CITEBOT_FEEDS: %s", exc)
    if app.job_queue is None:  # pragma: no cover - the job-queue extra is a dependency
        log.warning("no job queue: feeds are not polled")
        return
    every = svc.settings.citebot_feed_interval * 60
    app.job_queue.run_repeating(poll_job, interval=every, first=min(10.0, every), name="poll_feeds")
