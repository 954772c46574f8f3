"""/start, /help and /stats as Telegram HTML, written from the library itself and from what this
deployment offers: what the library holds and questions it can answer; link buttons only when some
article has a URL, inline mode only when the bot has it, /reindex only when someone may run it.

Both builders read the store, so handlers call them in the answering thread pool.

    >>> help_text(service, "en", bot_username="citebot", inline=False, group=False)   # doctest: +SKIP
"""

from __future__ import annotations

from retrieval import LibraryProfile, Stats, date_span, examples, facts, plural, profile, say

from .render import esc
from .service import BotService


def help_text(svc: BotService, language: str, bot_username: str, inline: bool, group: bool) -> str:
    p = profile(svc.engine)
    lead, *more = facts(p, language)
    blocks = ["\n".join([f"<b>{esc(lead)}</b>", *map(esc, more)])]
    tries = examples(svc.engine, language) if p.articles else []
    if tries:
        blocks.append("\n".join([esc(say("library_examples", language)), *(f"• {esc(q)}" for q in tries)]))
    how = ("help_group", "help_private") if group else ("help_private", "help_group")
    blocks.append("\n".join(esc(say(k, language)) for k in how))
    commands = ["help_ask", "help_sources", "help_new", "help_stats", "help_feeds"]
    if svc.policy.admins:
        commands.append("help_reindex")
    blocks.append("\n".join(esc(say(k, language)) for k in commands))
    extras = ["help_add", "help_rate"] + (["help_links"] if p.linked else [])
    lines = [esc(say(k, language)) for k in extras]
    if inline and bot_username:
        lines.append(esc(say("help_inline", language, bot=bot_username)))
    lines.append(esc(say("help_languages", language)))
    blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def stats_text(s: Stats, language: str) -> str:
    """What the library holds, short enough for a phone: unknown outlets and dates are left out, not shown
    as placeholders."""
    size = (f"<b>{s.articles}</b> {esc(plural(s.articles, 'n_stored', language))} · "
            f"{s.chunks} {esc(plural(s.chunks, 'n_passages', language))}")
    lines = [size]
    if s.duplicates:
        lines.append(esc(say("stats_duplicates", language, n=s.duplicates)))
    span = date_span(LibraryProfile(articles=s.articles, first=s.earliest, last=s.latest,
                                    dated=s.articles - s.undated), language)
    if span:
        lines.append(esc(span))
    if s.outlets:
        shown = [f"{name} ({n})" for name, n in list(s.outlets.items())[:6]]
        if len(s.outlets) > 6:
            shown.append(say("stats_more", language, n=len(s.outlets) - 6))
        lines.append(esc(say("library_outlets", language, outlets=", ".join(shown))))
    return "\n".join(lines)
