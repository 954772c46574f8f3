"""Conversation memory: bounded turns per thread, a bounded number of threads.

A thread is a private chat, or in a group one reply chain: a question to the bot starts one,
and replies to the bot's messages continue it. Bot message ids map back to their thread.

Usage:
    >>> memory = ConversationMemory(max_turns=6)
    >>> memory.add(ThreadKey.private(1), Turn("Who is X?", "X is … [1]"))
    >>> [t.question for t in memory.history(ThreadKey.private(1))]
    ['Who is X?']
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from typing import Any, NamedTuple

from retrieval import Answer, Turn


class ThreadKey(NamedTuple):
    """A conversation: a private chat ("p"), or in a group one reply chain ("g") in a forum topic."""

    kind: str
    chat_id: int
    topic: int = 0
    root: int = 0  # the message that started the reply chain

    @classmethod
    def private(cls, chat_id: int) -> ThreadKey:
        return cls("p", chat_id)

    @classmethod
    def group(cls, chat_id: int, topic: int, root: int) -> ThreadKey:
        return cls("g", chat_id, topic, root)


class ConversationMemory:
    def __init__(self, max_turns: int = 6, max_threads: int = 10_000, max_answers: int = 20_000):
        self.max_turns = max_turns
        self.max_threads = max_threads
        self.max_answers = max_answers
        self._turns: OrderedDict[ThreadKey, deque[Turn]] = OrderedDict()
        self._last: OrderedDict[ThreadKey, Answer] = OrderedDict()
        self._bot_messages: OrderedDict[tuple[int, int], ThreadKey] = OrderedDict()
        self._answers: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _touch(d: OrderedDict, key, value, cap: int) -> None:
        d[key] = value
        d.move_to_end(key)
        while len(d) > cap:
            d.popitem(last=False)

    def history(self, key: ThreadKey) -> list[Turn]:
        with self._lock:
            return list(self._turns.get(key, ()))

    def add(self, key: ThreadKey, turn: Turn) -> None:
        if self.max_turns == 0:
            return
        with self._lock:
            turns = self._turns.get(key) or deque(maxlen=self.max_turns)
            turns.append(turn)
            self._touch(self._turns, key, turns, self.max_threads)

    def clear(self, key: ThreadKey) -> None:
        with self._lock:
            self._turns.pop(key, None)
            self._last.pop(key, None)

    def clear_chat(self, chat_id: int) -> int:
        """Forget every thread of a chat (/new in a group)."""
        with self._lock:
            keys = [k for k in self._turns if k.chat_id == chat_id] + [k for k in self._last if k.chat_id == chat_id]
            for k in keys:
                self._turns.pop(k, None)
                self._last.pop(k, None)
            return len(set(keys))

    def set_last(self, key: ThreadKey, answer: Answer) -> None:
        with self._lock:
            self._touch(self._last, key, answer, self.max_threads)

    def last(self, key: ThreadKey) -> Answer | None:
        with self._lock:
            return self._last.get(key)

    def last_in_chat(self, chat_id: int) -> Answer | None:
        with self._lock:
            for k in reversed(self._last):
                if k.chat_id == chat_id:
                    return self._last[k]
            return None

    def remember_message(self, chat_id: int, message_id: int, key: ThreadKey) -> None:
        with self._lock:
            self._touch(self._bot_messages, (chat_id, message_id), key, self.max_threads * 4)

    def thread_of(self, chat_id: int, message_id: int) -> ThreadKey | None:
        with self._lock:
            return self._bot_messages.get((chat_id, message_id))

    def store_answer(self, answer_id: str, record: dict[str, Any]) -> None:
        with self._lock:
            self._touch(self._answers, answer_id, record, self.max_answers)

    def answer_record(self, answer_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._answers.get(answer_id)
