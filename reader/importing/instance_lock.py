"""The lock a window holds on its library: an operating-system lock, not a process id in a file.

A process id outlives its process: after a crash the number is given to another program, and a lock
that trusted it kept the app from starting ("already open") and made recovery wait for a window that
did not exist. An `flock` (or, on Windows, a byte-range lock) belongs to the open file: the system
drops it the moment its process ends, however it ends. The file keeps the process id only as a hint
for people; nothing reads it to decide.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from reader.errors import StoreError

LOCK_NAME = "gui.lock"


class InstanceLock:
    """`<data dir>/gui.lock`, held while the desktop app has the library open."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another live process holds it.

        Raises:
            StoreError: the lock file cannot be created (a read-only or missing data folder).
        """
        if self._handle is not None:
            return True
        try:
            handle = self.path.open("a+b")
        except OSError as error:
            raise StoreError(
                f"{self.path.parent}: the data folder is not writable ({error.strerror or error}); "
                "choose another with --data-dir"
            ) from error
        if not _try_lock(handle):
            handle.close()
            return False
        with contextlib.suppress(OSError):
            handle.truncate(0)
            handle.write(f"{os.getpid()}\n".encode())
            handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


def try_lock_file(handle: IO[bytes]) -> bool:
    """Take an exclusive lock on an open file without waiting; False when another process holds it."""
    return _try_lock(handle)


def held_elsewhere(data_dir: Path) -> bool:
    """Whether another process holds the library's window lock right now."""
    return held_elsewhere_by_name(data_dir, LOCK_NAME)


def held_elsewhere_by_name(data_dir: Path, name: str) -> bool:
    """Whether another process holds the lock file `name` of the data folder right now."""
    path = data_dir / name
    try:
        handle = path.open("rb")
    except OSError:
        return False  # no lock file: no window has it open
    with handle:
        if _try_lock(handle, shared=True):
            _unlock(handle)
            return False
        return True


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[bytes], *, shared: bool = False) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes], *, shared: bool = False) -> bool:
        try:
            fcntl.flock(handle.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
