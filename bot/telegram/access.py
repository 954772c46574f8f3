"""Who may ask, how often, and in what order.

Allow-lists of user and chat ids (empty means open), admin ids (always allowed, and the only
ones who may /reindex), sliding-window rate limits per user and per chat, one rate-limit notice
per cooldown, and the queue that tells people their place in line when answering is slow.

Usage:
    >>> policy = AccessPolicy(users={1}, chats=set(), admins={9})
    >>> policy.allows(user_id=1, chat_id=1), policy.allows(user_id=2, chat_id=2)
    (True, False)
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
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


class NoticeOnce:
    """One "try again in N s" per cooldown: the first refusal is told, the rest of that wait stays quiet."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._until: dict[object, float] = {}
        self._lock = threading.Lock()

    def should_tell(self, key: object, wait: float) -> bool:
        now = self.clock()
        with self._lock:
            if self._until.get(key, 0.0) > now:
                return False
            self._until[key] = now + wait
            if len(self._until) > 50_000:
                self._until = {k: t for k, t in self._until.items() if t > now}
            return True


class AnswerQueue:
    """At most `slots` answers at once; the rest wait in arrival order and learn their place in line.

    Used on the event loop only (no locks needed). `on_wait(position)` runs once when a question has to
    wait, before it waits — the handler tells the person "you're #2 in line" there.
    """

    def __init__(self, slots: int):
        self.slots = slots
        self.active = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    @asynccontextmanager
    async def slot(self, on_wait: Callable[[int], Awaitable[object]] | None = None) -> AsyncIterator[None]:
        if self.active < self.slots and not self._waiting:
            self.active += 1
        else:
            turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiting.append(turn)
            try:
                if on_wait is not None:
                    await on_wait(len(self._waiting))
                await turn  # the slot is handed over by whoever leaves
            except BaseException:
                if turn in self._waiting:
                    self._waiting.remove(turn)
                elif turn.done() and not turn.cancelled():
                    self._leave()  # it was handed to us as we gave up: pass it on
                raise
        try:
            yield
        finally:
            self._leave()

    def _leave(self) -> None:
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.active -= 1
