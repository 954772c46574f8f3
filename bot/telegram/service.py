"""What every handler shares, reached as `context.service` (typed, see context.py): the engine,
settings, conversation memory, access rules, rate limits and their notices, the answering queue and
thread pool, the feedback log and the key that pseudonymises user ids in the audit log.

    >>> service = BotService(settings, engine)     # doctest: +SKIP
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from retrieval import Engine, Settings

from ..audit import user_hash
from .access import AccessPolicy, AnswerQueue, NoticeOnce, RateLimiter
from .memory import ConversationMemory

ANSWER_SLOTS = 4  # answers worked on at once; later questions wait in line (and are told so when answers are slow)


class BotService:
    def __init__(self, settings: Settings, engine: Engine):
        self.settings = settings
        self.engine = engine
        self.memory = ConversationMemory(max_turns=settings.telegram_history_turns)
        self.policy = AccessPolicy(users=set(settings.telegram_allowed_users),
                                   chats=set(settings.telegram_allowed_chats),
                                   admins=set(settings.telegram_admin_users))
        self.user_limit = RateLimiter(*settings.telegram_user_rate)
        self.chat_limit = RateLimiter(*settings.telegram_chat_rate)
        self.refusals = RateLimiter(1, 600)  # tell a stranger once per 10 minutes, not on every message
        self.notices = NoticeOnce()  # one "try again in N s" per cooldown
        self.executor = ThreadPoolExecutor(max_workers=ANSWER_SLOTS, thread_name_prefix="answer")
        self.queue = AnswerQueue(ANSWER_SLOTS)
        self.started_at = time.time()
        self._feedback_lock = threading.Lock()

    @property
    def streams(self) -> bool:
        """A language model writes the answers: they are slow, so drafts are shown and waiting is explained."""
        return self.engine.streams_drafts

    def who(self, user_id: int | None) -> str:
        """The user's pseudonym in the audit log."""
        return user_hash(user_id, self.settings.telegram_bot_token)

    def record_feedback(self, record: dict[str, Any]) -> None:
        path = Path(self.settings.feedback_log)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._feedback_lock, path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
