"""Python's cyclic garbage collector during an import.

An import allocates millions of small containers (posts, passages, key sets, signals) and keeps
caches of them for its whole length. CPython starts a collection of young objects every 700
container allocations, and, as the long-lived ones grow, full collections that walk all of them: a
seventh of the counterpart search's time, measured on the 20,000-post bench store, spent finding
almost no garbage (the import's objects are freed by reference counting). Within `fewer_collections`
collections come rarer, not never: a cycle is still freed, later.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between two young collections during an import (CPython's default is 700).
IMPORT_YOUNG_THRESHOLD = 10_000
# Young collections per middle-aged one, and those per full one (CPython's default: 10 and 10).
IMPORT_OLDER_THRESHOLD = 20

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage cycles rarely within the block; the thresholds are the process's, so nesting and
    overlapping imports (threads) restore them when the last one ends."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(IMPORT_YOUNG_THRESHOLD, IMPORT_OLDER_THRESHOLD, IMPORT_OLDER_THRESHOLD)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)


def for_import_worker() -> None:
    """In a worker process that lives only for an import: collect rarely for the rest of its life."""
    gc.set_threshold(IMPORT_YOUNG_THRESHOLD, IMPORT_OLDER_THRESHOLD, IMPORT_OLDER_THRESHOLD)
