"""Telling a write that found the library busy (worth trying again) from one that failed."""

from __future__ import annotations

import sqlite3


def is_busy(error: BaseException) -> bool:
    """Whether `error` means another program held the lock (the write can be tried again unchanged)."""
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)
