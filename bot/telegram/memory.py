"""Conversation memory: bounded turns per thread, a bounded number of threads.

A thread is a private chat, or in a group one reply chain: a question to the bot starts one,
and replies to the bot's messages continue it. Bot message ids map back to their thread; each group
thread remembers who started it, so /new from one member forgets only that member's threads. The
last answer *with sources* is kept per thread for /sources; rated answers and the bot's "what was
wrong?" prompts are kept for the feedback flow.

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
        self._answers: OrderedDict[str, Any] = OrderedDict()
        self._owners: OrderedDict[ThreadKey, int] = OrderedDict()
        self._prompts: OrderedDict[tuple[int, int], tuple[str, int]] = OrderedDict()
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
            self._forget([key])

    def _forget(self, keys: list[ThreadKey]) -> int:
        for k in keys:
            self._turns.pop(k, None)
            self._last.pop(k, None)
            self._owners.pop(k, None)
        return len(set(keys))

    def _keys_of(self, chat_id: int) -> list[ThreadKey]:
        return [k for d in (self._turns, self._last, self._owners) for k in d if k.chat_id == chat_id]

    def clear_chat(self, chat_id: int) -> int:
        """Forget every thread of a chat (an admin's confirmed /new in a group)."""
        with self._lock:
            return self._forget(self._keys_of(chat_id))

    def clear_user(self, chat_id: int, user_id: int, topic: int | None = None) -> int:
        """Forget the threads this member started in a group chat (in one forum topic, when given)."""
        with self._lock:
            keys = [k for k in self._keys_of(chat_id)
                    if self._owners.get(k) == user_id and (topic is None or k.topic == topic)]
            return self._forget(keys)

    def start(self, key: ThreadKey, user_id: int) -> None:
        """Note who started a thread (the first to ask in it)."""
        with self._lock:
            if key not in self._owners:
                self._touch(self._owners, key, user_id, self.max_threads)

    def owner(self, key: ThreadKey) -> int | None:
        with self._lock:
            return self._owners.get(key)

    def set_last(self, key: ThreadKey, answer: Answer) -> None:
        with self._lock:
            self._touch(self._last, key, answer, self.max_threads)

    def last(self, key: ThreadKey) -> Answer | None:
        with self._lock:
            return self._last.get(key)

    def last_in_chat(self, chat_id: int, user_id: int | None = None) -> Answer | None:
        """The chat's latest answer with sources — of this member's threads first, when given."""
        with self._lock:
            mine = [k for k in reversed(self._last) if k.chat_id == chat_id]
            if user_id is not None:
                mine = [k for k in mine if self._owners.get(k) == user_id] + mine
            return self._last[mine[0]] if mine else None

    def remember_message(self, chat_id: int, message_id: int, key: ThreadKey) -> None:
        with self._lock:
            self._touch(self._bot_messages, (chat_id, message_id), key, self.max_threads * 4)

    def thread_of(self, chat_id: int, message_id: int) -> ThreadKey | None:
        with self._lock:
            return self._bot_messages.get((chat_id, message_id))

    def store_answer(self, answer_id: str, record: Any) -> None:
        with self._lock:
            self._touch(self._answers, answer_id, record, self.max_answers)

    def answer_record(self, answer_id: str) -> Any | None:
        with self._lock:
            return self._answers.get(answer_id)

    def remember_prompt(self, chat_id: int, message_id: int, answer_id: str, user_id: int) -> None:
        """The bot asked `user_id` what was wrong with an answer in this message."""
        with self._lock:
            self._touch(self._prompts, (chat_id, message_id), (answer_id, user_id), self.max_threads)

    def prompt_of(self, chat_id: int, message_id: int) -> tuple[str, int] | None:
        with self._lock:
            return self._prompts.get((chat_id, message_id))
