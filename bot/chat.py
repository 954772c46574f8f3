"""The terminal chat (`citebot chat`, and what `make run` opens without a Telegram token): the same
engine and the same conversation rules as the bot — small talk, follow-ups, /sources, /new, /help —
and it survives a store that is briefly unreachable.

    >>> TerminalChat(engine).run(sys.stdin)      # doctest: +SKIP
"""

from __future__ import annotations

from typing import TextIO

from .render import answer_text, sources_text

PROMPT = "> "
HELP = ("Ask about the articles in plain words; follow-up questions use the conversation.\n"
        "/sources — the last answer's sources in full · /new — forget the conversation · "
        "/help — this text · /quit (or Ctrl-D) — leave")


class TerminalChat:
    def __init__(self, engine, turns: int = 6, filters=None):
        self.engine = engine
        self.turns = turns
        self.filters = filters
        self.history = []
        self.last = None  # the last answer that had sources

    def run(self, stdin: TextIO) -> int:
        interactive = stdin.isatty()
        if interactive:
            print("Ask about the articles. /help for commands, /quit (or Ctrl-D) to leave.")
        while True:
            if interactive:
                print(PROMPT, end="", flush=True)
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

        if message == "/new":
            self.history.clear()
            return "(conversation cleared)"
        if message == "/help":
            return HELP + "\n\n" + self.engine.describe_library()
        if message == "/sources":
            return sources_text(self.last) if self.last else "There is no answer to show sources for yet."
        if message.startswith("/"):
            return f"Unknown command {message.split()[0]} — /help lists what I understand."
        try:
            answer = self.engine.answer(message, history=self.history[-self.turns:], filters=self.filters)
        except CitebotError as exc:  # the store is briefly away: say so, keep the conversation
            return f"I can't reach my article library right now ({exc}). Please try again in a moment."
        out = []
        if answer.intent == "follow_up" and answer.standalone_question != message:
            out.append(f"(understood as: {answer.standalone_question})")
        out.append(answer_text(answer))
        if answer.intent in ("question", "follow_up"):
            self.history.append(answer.turn())
        if answer.citations:
            self.last = answer
        return "\n".join(out)
