"""One writer at a time.

- `FileLock`: an advisory flock on a file beside the embedded store (two processes writing one
  embedded Chroma directory silently lose vectors).
- `StoreLease`: a lease kept *in* a shared Chroma server, so writers with different data folders —
  on different machines — exclude each other. It expires unless its holder renews it, so a killed
  writer blocks others for at most `ttl` seconds.

Both wait up to `timeout` seconds, telling `on_wait` once who holds the lock, then raise LockTimeout.

    >>> with FileLock(Path("/tmp/x.lock")).hold(timeout=5):   # doctest: +SKIP
    ...     pass
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from ..errors import CitebotError
from .store import ChromaStore

OnWait = Callable[[str], None]


class LockTimeout(CitebotError, RuntimeError):
    """Another process is writing to the same store."""


def _me() -> str:
    return f"pid {os.getpid()} on {socket.gethostname()}"


class FileLock:
    def __init__(self, path: Path, poll: float = 0.2):
        self.path = path
        self.poll = poll

    def holder(self) -> str:
        try:
            return self.path.read_text().strip() or "another process"
        except OSError:
            return "another process"

    @contextlib.contextmanager
    def hold(self, timeout: float = 600.0, on_wait: OnWait | None = None) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
        deadline = time.monotonic() + timeout
        told = False
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(f"another process ({self.holder()}) is writing to this store; "
                                          "try again when it finishes") from None
                    if on_wait and not told:
                        on_wait(self.holder())
                        told = True
                    time.sleep(self.poll)
            os.ftruncate(fd, 0)
            os.write(fd, _me().encode())
            yield
        finally:
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)


class StoreLease:
    """A writers' lease in the shared store: add-if-absent, read back, renew while held."""

    def __init__(self, store: ChromaStore, ttl: float = 60.0, poll: float = 0.5, settle: float = 0.3):
        self.store = store
        self.ttl = ttl
        self.poll = poll
        self.settle = settle

    def _acquire_once(self, owner: str) -> dict | None:
        """None when we hold the lease now; else the lease that blocks us."""
        current = self.store.lease()
        if current is not None:
            if float(current.get("expires", 0)) > time.time():
                return current
            # A stale lease (its writer died): break it, unless someone took it meanwhile.
            self.store.drop_lease(current.get("owner"), current.get("expires"))
        self.store.try_add_lease(owner, time.time() + self.ttl)
        time.sleep(self.settle)  # let a racing breaker's delete-and-add land before we read back
        current = self.store.lease()
        return None if current and current.get("owner") == owner else (current or {})

    @contextlib.contextmanager
    def hold(self, timeout: float = 600.0, on_wait: OnWait | None = None) -> Iterator[None]:
        owner = f"{_me()} #{uuid.uuid4().hex[:8]}"
        deadline = time.monotonic() + timeout
        told = False
        while True:
            blocker = self._acquire_once(owner)
            if blocker is None:
                break
            who = str(blocker.get("owner", "another writer")).split(" #")[0]
            if time.monotonic() >= deadline:
                raise LockTimeout(f"another writer ({who}) holds this store's lease; try again when it finishes")
            if on_wait and not told:
                on_wait(who)
                told = True
            time.sleep(self.poll)
        stop = threading.Event()

        def renew() -> None:
            while not stop.wait(self.ttl / 3):
                with contextlib.suppress(CitebotError):
                    self.store.renew_lease(owner, time.time() + self.ttl)

        keeper = threading.Thread(target=renew, name="store-lease", daemon=True)
        keeper.start()
        try:
            yield
        finally:
            stop.set()
            keeper.join()
            with contextlib.suppress(CitebotError):
                self.store.drop_lease(owner)
