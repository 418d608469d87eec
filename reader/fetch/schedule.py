"""When a followed source is due again: its own interval after a success, a growing wait after failures.

A source that keeps failing is never dropped; it is tried less and less often, up to once a day,
and a server's own Retry-After is respected when it asks for longer.
"""

from __future__ import annotations

import random

MAX_BACKOFF_SECONDS = 24 * 3600.0
DEFAULT_EVERY_MINUTES = 30
DEFAULT_BACKFILL = 200  # channel posts a first refresh takes


def after_success(now: float, every_minutes: int) -> float:
    return now + max(1, every_minutes) * 60.0


def after_failure(
    now: float, every_minutes: int, failures: int, retry_after: float | None = None, rng: random.Random | None = None
) -> float:
    """The next try after the `failures`-th failure in a row (1 for the first).

    The wait doubles with each failure from the source's own interval (a fifth of it at first, so a
    brief outage costs little), with jitter so many failing sources do not retry in step.
    """
    interval = max(1, every_minutes) * 60.0
    wait = min(MAX_BACKOFF_SECONDS, interval / 5 * 2.0 ** max(0, failures - 1))
    wait *= float((rng or random).uniform(0.8, 1.2))
    if retry_after is not None:
        wait = max(wait, min(retry_after, MAX_BACKOFF_SECONDS))
    return now + min(wait, MAX_BACKOFF_SECONDS)


def is_due(next_refresh: float | None, now: float) -> bool:
    return next_refresh is None or next_refresh <= now
