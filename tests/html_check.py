"""What Telegram's HTML parser accepts: known tags, balanced, no stray '<' or unknown entities (test helper)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

ALLOWED_TAGS = {"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"}


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
