"""An Answer as Telegram HTML: escaped text, inline [n] markers, a sources block with links and
expandable quotes, split under Telegram's 4096-character limit on paragraph boundaries.

Usage:
    >>> parts = render_answer(answer)                  # doctest: +SKIP
    >>> all(len(p) <= MAX_MESSAGE for p in parts)      # doctest: +SKIP
    True
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from retrieval import Answer, Citation

MAX_MESSAGE = 4096
MAX_QUOTE = 600
ALLOWED_TAGS = {"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"}
_TAG = re.compile(r"<[^>]+>")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def _source_head(c: Citation) -> str:
    title = esc(c.title or "(untitled)")
    head = f'<a href="{html.escape(c.url, quote=True)}">{title}</a>' if c.url else f"<b>{title}</b>"
    extra = [esc(x) for x in (c.source, c.published.isoformat() if c.published else "") if x]
    return f"[{c.marker}] " + " · ".join([head, *extra])


def _quote(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"<blockquote expandable>{esc(text)}</blockquote>"


def answer_blocks(answer: Answer, quotes: bool = True, quote_limit: int = MAX_QUOTE) -> list[str]:
    """Self-contained HTML fragments: answer paragraphs, the note, then one block per source."""
    blocks = [esc(p) for p in answer.text.split("\n\n") if p.strip()]
    if answer.note:
        blocks.append(f"<i>{esc(answer.note)}</i>")
    if answer.citations:
        blocks.append("<b>Sources</b>")
        for c in answer.citations:
            block = _source_head(c)
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
        return ["The last answer had no sources."]
    blocks = ["<b>Sources of the last answer</b>"]
    for c in answer.citations:
        block = _source_head(c)
        if c.quote:
            block += "\n" + _quote(c.quote, 3500)
        blocks.append(block)
    return pack(blocks)


def to_plain(message_html: str) -> str:
    """The same message without markup, for when Telegram rejects the entities."""
    return html.unescape(_TAG.sub("", message_html))


def keyboard(answer: Answer, answer_id: str) -> InlineKeyboardMarkup | None:
    """A link button per cited source with a URL, then feedback buttons (not for abstentions)."""
    rows = []
    links = [InlineKeyboardButton(f"[{c.marker}] {(c.source or c.title)[:28]}", url=c.url)
             for c in answer.citations if c.url][:6]
    for i in range(0, len(links), 3):
        rows.append(links[i:i + 3])
    if not answer.abstained:
        rows.append([
            InlineKeyboardButton("👍", callback_data=f"fb|{answer_id}|up"),
            InlineKeyboardButton("👎", callback_data=f"fb|{answer_id}|down"),
            InlineKeyboardButton("wrong source", callback_data=f"fb|{answer_id}|wrong_source"),
        ])
    return InlineKeyboardMarkup(rows) if rows else None


class EntityChecker(HTMLParser):
    """Validates what Telegram's HTML parser accepts: known tags, balanced, no stray '<' or '&'."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"tag <{tag}> not allowed")
        if tag == "a" and not any(k == "href" for k, _ in attrs):
            self.errors.append("<a> without href")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")

    def handle_entityref(self, name):
        if name not in ("lt", "gt", "amp", "quot"):
            self.errors.append(f"unknown entity &{name};")


def validate_html(message_html: str) -> list[str]:
    checker = EntityChecker()
    checker.feed(message_html)
    checker.close()
    if checker.stack:
        checker.errors.append(f"unclosed <{checker.stack[-1]}>")
    if re.search(r"<(?![a-z/])", message_html.replace("<tg-spoiler", "<t")):
        checker.errors.append("bare '<'")
    return checker.errors
