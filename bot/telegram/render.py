"""An Answer as Telegram HTML: escaped text, inline [n] markers, a sources block with links and
expandable quotes, split under Telegram's 4096-character limit on paragraph boundaries; and its
buttons. Labels are in the answer's language (retrieval/messages/).

Usage:
    >>> parts = render_answer(answer)                  # doctest: +SKIP
    >>> all(len(p) <= MAX_MESSAGE for p in parts)      # doctest: +SKIP
    True
"""

from __future__ import annotations

import html
import re
from collections import Counter

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from retrieval import Answer, Citation, localized_date, say

MAX_MESSAGE = 4096
MAX_QUOTE = 600
_TAG = re.compile(r"<[^>]+>")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def _date(day, language: str) -> str:
    """A publication date the reader's way: 2024-02-05 in English, "5 лютого 2024" in Ukrainian."""
    return localized_date(day.isoformat(), language) if day else ""


def _source_head(c: Citation, language: str = "en") -> str:
    title = esc(c.title or say("untitled", language))
    head = f'<a href="{html.escape(c.url, quote=True)}">{title}</a>' if c.url else f"<b>{title}</b>"
    extra = [esc(x) for x in (c.source, _date(c.published, language)) if x]
    line = f"[{c.marker}] " + " · ".join([head, *extra])
    if c.also:  # the same story from other outlets (syndicated copies)
        line += f" <i>({esc(say('also_in', language, outlets=', '.join(c.also)))})</i>"
    if c.story:  # the quote is from another story printed on that page
        line += f"\n<i>{esc(say('related_story', language, story=c.story))}</i>"
    return line


def _quote(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"<blockquote expandable>{esc(text)}</blockquote>"


def answer_blocks(answer: Answer, quotes: bool = True, quote_limit: int = MAX_QUOTE) -> list[str]:
    """Self-contained HTML fragments: the lead answer and the cited sentences, the note, the nearest
    articles when a period held none, then one block per source."""
    paragraphs = [p for p in answer.text.split("\n\n") if p.strip()]
    blocks = [esc(p) for p in paragraphs]
    if answer.short_answer and blocks:
        blocks[0] = f"<b>{esc(answer.short_answer)}.</b> {blocks[0]}"
    if answer.note:
        blocks.append(f"<i>{esc(answer.note)}</i>")
    if answer.nearest:
        blocks.append(esc(say("nearest", answer.language)) + "\n" + "\n".join(
            f"• {esc(r.title)}" + (f" · {esc(r.source)}" if r.source else "")
            + (f" · {esc(_date(r.published, answer.language))}" if r.published else "") for r in answer.nearest))
    if answer.citations:
        blocks.append(f"<b>{esc(say('sources', answer.language))}</b>")
        for c in answer.citations:
            block = _source_head(c, answer.language)
            if quotes and c.quote:
                block += "\n" + _quote(c.quote, quote_limit)
            blocks.append(block)
    return blocks


def pack(blocks: list[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Join blocks with blank lines into messages of at most `limit` characters."""
    out: list[str] = []
    current = ""
    for block in blocks:
        for piece in _fit(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    out.append(current)
                current = piece
    if current:
        out.append(current)
    return out


def _fit(block: str, limit: int) -> list[str]:
    """A block longer than a message becomes plain escaped pieces cut at sentence or word ends."""
    if len(block) <= limit:
        return [block]
    rest = html.unescape(_TAG.sub("", block)).strip()
    pieces = []
    while rest:
        cut = min(len(rest), limit)
        while len(esc(rest[:cut])) > limit:  # escaping makes text longer
            cut = int(cut * 0.9)
        if cut < len(rest):
            boundary = max(rest.rfind(". ", 0, cut), rest.rfind(" ", 0, cut))
            if boundary > cut // 2:
                cut = boundary + 1
        pieces.append(esc(rest[:cut].strip()))
        rest = rest[cut:].strip()
    return [p for p in pieces if p]


def render_answer(answer: Answer, quotes: bool = True) -> list[str]:
    return pack(answer_blocks(answer, quotes=quotes))


def render_sources(answer: Answer) -> list[str]:
    """/sources: every source of the last answer with its full quote."""
    if not answer.citations:
        return [esc(say("no_sources_yet", answer.language))]
    blocks = [f"<b>{esc(say('sources_last', answer.language))}</b>"]
    for c in answer.citations:
        block = _source_head(c, answer.language)
        if c.quote:
            block += "\n" + _quote(c.quote, 3500)
        blocks.append(block)
    return pack(blocks)


def to_plain(message_html: str) -> str:
    """The same message without markup, for when Telegram rejects the entities."""
    return html.unescape(_TAG.sub("", message_html))


FEEDBACK = ("up", "down", "wrong_source")


def _vote_label(base: str, n: int) -> str:
    """A button people pressed is marked: "✓ 👍", with the count when more than one did ("✓ 👎 2")."""
    return base if not n else f"✓ {base}" + (f" {n}" if n > 1 else "")


def link_rows(answer: Answer) -> list[list[InlineKeyboardButton]]:
    """A button per cited source that has a URL, three to a row (sources without one get none)."""
    links = [InlineKeyboardButton(f"[{c.marker}] {(c.source or c.title or say('untitled', answer.language))[:28]}",
                                  url=c.url) for c in answer.citations if c.url][:6]
    return [links[i:i + 3] for i in range(0, len(links), 3)]


def keyboard(answer: Answer, answer_id: str, votes: Counter[str] | None = None) -> InlineKeyboardMarkup | None:
    """A link button per cited source with a URL, then 👍 / 👎 / "wrong source" (only for answers with
    sources: not for declines, small talk or the bot's own words), marked with the votes so far."""
    rows = link_rows(answer)
    if answer.citations and not answer.abstained:
        votes = votes or Counter()
        labels = ("👍", "👎", say("fb_wrong_source", answer.language))
        rows.append([InlineKeyboardButton(_vote_label(label, votes[kind]), callback_data=f"fb|{answer_id}|{kind}")
                     for label, kind in zip(labels, FEEDBACK, strict=True)])
    return InlineKeyboardMarkup(rows) if rows else None


def source_choice(answer: Answer, answer_id: str) -> InlineKeyboardMarkup:
    """ "Which source was wrong?": one button per cited source, then back to the rating buttons."""
    rows = [[InlineKeyboardButton(f"✗ [{c.marker}] {(c.source or c.title or say('untitled', answer.language))[:40]}",
                                  callback_data=f"fb|{answer_id}|src|{c.marker}")] for c in answer.citations[:8]]
    rows.append([InlineKeyboardButton(say("fb_back", answer.language), callback_data=f"fb|{answer_id}|back")])
    return InlineKeyboardMarkup(rows)
