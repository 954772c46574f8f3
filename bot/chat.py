"""The terminal chat (`citebot chat`, and what `make run` opens without a Telegram token): the same
engine and the same conversation rules as the bot — small talk answered but not remembered,
follow-ups, /sources (the last answer that had sources), /new, /help with what the library holds —
a prompt that says how to leave, and it survives a store that is briefly unreachable. Its own words
are in the reader's language: the last question's, or the terminal locale's before any question.

    >>> TerminalChat(engine).run(sys.stdin)      # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import TextIO

from retrieval import choose_language, languages, say

from .render import answer_text, sources_text


def locale_language() -> str:
    """The terminal's language (LC_ALL, LC_MESSAGES or LANG, e.g. uk_UA.UTF-8 → uk), else English."""
    return choose_language(*(os.environ.get(v) for v in ("LC_ALL", "LC_MESSAGES", "LANG")))


class TerminalChat:
    def __init__(self, engine, turns: int = 6, filters=None, language: str | None = None):
        self.engine = engine
        self.turns = turns
        self.filters = filters
        self.history = []
        self.last = None  # the last answer that had sources
        self.language = language or locale_language()

    def run(self, stdin: TextIO) -> int:
        interactive = stdin.isatty()
        if interactive:
            print(say("chat_intro", self.language))
        while True:
            if interactive:
                print(say("chat_prompt", self.language), end="", flush=True)
            line = stdin.readline()
            if not line:
                return 0
            message = line.strip()
            if not message:
                continue
            if message in ("/quit", "/exit"):
                return 0
            reply = self.handle(message)
            if reply:
                print(reply)
                print()

    def handle(self, message: str) -> str:
        from retrieval import CitebotError

        lang = self.language
        if message == "/new":
            self.history.clear()
            return say("chat_cleared", lang)
        if message == "/help":
            return say("chat_help", lang) + "\n\n" + self.engine.describe_library(lang)
        if message == "/sources":
            return sources_text(self.last) if self.last else say("no_sources_yet", lang)
        if message.startswith("/"):
            return say("chat_unknown", lang, command=message.split()[0])
        try:
            answer = self.engine.answer(message, history=self.history[-self.turns:], filters=self.filters,
                                        language=lang)
        except CitebotError as exc:  # the store is briefly away: say so, keep the conversation
            return say("chat_store_down", lang, error=exc)
        self.language = answer.language if answer.language in languages() else lang
        out = []
        if answer.intent == "follow_up" and answer.standalone_question != message:
            out.append(say("understood_as", answer.language, question=answer.standalone_question))
        out.append(answer_text(answer))
        if answer.intent in ("question", "follow_up"):
            self.history.append(answer.turn())
        if answer.citations:
            self.last = answer
        return "\n".join(out)
