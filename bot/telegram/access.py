"""Who may ask, and how often.

Allow-lists of user and chat ids (empty means open), admin ids (always allowed, and the only
ones who may /reindex), and sliding-window rate limits per user and per chat.

Usage:
    >>> policy = AccessPolicy(users={1}, chats=set(), admins={9})
    >>> policy.allows(user_id=1, chat_id=1), policy.allows(user_id=2, chat_id=2)
    (True, False)
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field


@dataclass
class AccessPolicy:
    users: set[int] = field(default_factory=set)
    chats: set[int] = field(default_factory=set)
    admins: set[int] = field(default_factory=set)

    def allows(self, user_id: int | None, chat_id: int | None) -> bool:
        if user_id in self.admins:
            return True
        if self.users and user_id not in self.users:
            return False
        return not (self.chats and chat_id not in self.chats)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id in self.admins


class RateLimiter:
    """At most `count` events per `seconds` for each key (a sliding window)."""

    def __init__(self, count: int, seconds: float, clock=time.monotonic):
        self.count = count
        self.seconds = seconds
        self.clock = clock
        self._events: dict[object, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: object) -> int:
        """Record an event; return 0 if allowed, else the whole seconds to wait (nothing recorded)."""
        now = self.clock()
        with self._lock:
            q = self._events.setdefault(key, deque())
            while q and q[0] <= now - self.seconds:
                q.popleft()
            if len(q) >= self.count:
                return max(1, math.ceil(q[0] + self.seconds - now))
            q.append(now)
            if len(self._events) > 50_000:  # forget idle keys
                for k in [k for k, v in self._events.items() if not v or v[-1] <= now - self.seconds][:10_000]:
                    del self._events[k]
            return 0
