"""What every handler shares, reached as `context.service` (typed, see context.py): the engine,
settings, conversation memory, access rules, rate limits, the answering thread pool and the
feedback log.

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

from .access import AccessPolicy, RateLimiter
from .memory import ConversationMemory


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
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="answer")
        self.started_at = time.time()
        self._feedback_lock = threading.Lock()

    @property
    def streams(self) -> bool:
        return self.engine.streams_drafts

    def record_feedback(self, record: dict[str, Any]) -> None:
        path = Path(self.settings.feedback_log)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._feedback_lock, path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
