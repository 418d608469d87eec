"""Being a good citizen towards servers: few requests at once, one at a time per host, with a gap.

The gate is shared by every thread of one refresh; a thread waiting for a busy host holds no slot of
the overall limit, so other hosts go on meanwhile.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime

from reader.errors import FetchCancelledError


class HostGate:
    """At most `in_flight` requests at once, one per host, `gap` seconds between two to one host."""

    def __init__(self, in_flight: int, gap: float, cancelled: threading.Event) -> None:
        self._slots = threading.BoundedSemaphore(in_flight)
        self._gap = gap
        self._cancelled = cancelled
        self._guard = threading.Lock()
        self._hosts: dict[str, threading.Lock] = {}
        self._last_end: dict[str, float] = {}

    @contextmanager
    def request(self, host: str) -> Iterator[None]:
        with self._guard:
            host_lock = self._hosts.setdefault(host, threading.Lock())
        while not host_lock.acquire(timeout=0.1):
            self._check()
        try:
            wait = self._last_end.get(host, float("-inf")) + self._gap - time.monotonic()
            if wait > 0:
                pause(wait, self._cancelled)
            while not self._slots.acquire(timeout=0.1):
                self._check()
            try:
                yield
            finally:
                self._slots.release()
        finally:
            self._last_end[host] = time.monotonic()
            host_lock.release()

    def _check(self) -> None:
        if self._cancelled.is_set():
            raise FetchCancelledError()


def pause(seconds: float, cancelled: threading.Event) -> None:
    """Sleep, waking at once with FetchCancelledError when the refresh is cancelled."""
    if cancelled.wait(seconds):
        raise FetchCancelledError()


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """A Retry-After header in seconds: either delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def backoff_delay(attempt: int, base: float, ceiling: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: a random wait between half and all of base·2^attempt, capped at `ceiling`.

    Jitter spreads out clients that failed together, so they do not all come back in the same second.
    """
    limit = min(ceiling, base * (2**attempt))
    return (rng or random).uniform(limit / 2, limit)
