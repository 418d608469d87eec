"""The lock a process holds on a library while it links translations (`Library.link`).

Two processes linking one library at once (the window resuming an interrupted import, and
`bulletin-reader link` or an import from the command line) would search the same posts twice and
each write its own links. Like the window's lock it is an operating-system lock on an open file, so
it is gone the moment its process ends, however it ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from reader.importing.instance_lock import held_elsewhere_by_name, try_lock_file

LOCK_NAME = "linking.lock"
POLL_SECONDS = 0.2


class LinkingLock:
    """`<data dir>/linking.lock`, held while this process links the library's waiting posts."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._handle: IO[bytes] | None = None

    def acquire(self, wait: bool = True, is_cancelled: Callable[[], bool] | None = None) -> bool:
        """Take the lock, waiting while another process holds it if `wait`; False if not taken.

        Not taken: another process holds it and `wait` is False, or `is_cancelled` turned true while
        waiting. A folder where the lock file cannot be made (read-only) is not locked: the store's own
        writes report the problem.
        """
        if self._handle is not None:
            return True
        try:
            handle = self.path.open("a+b")
        except OSError:
            return True
        while not try_lock_file(handle):
            if not wait or (is_cancelled is not None and is_cancelled()):
                handle.close()
                return False
            time.sleep(POLL_SECONDS)
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file drops its lock
            self._handle = None

    def __enter__(self) -> LinkingLock:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


def linking_elsewhere(data_dir: Path) -> bool:
    """Whether another process is linking this library right now."""
    return held_elsewhere_by_name(data_dir, LOCK_NAME)
