"""Whether the last program to use a library ended without closing it (a crash, a SIGKILL, a power cut).

Each program that opens a library for use (the window, every command) keeps a marker file in
`<data dir>/sessions/` while it has it open, with an operating-system lock on it (an `flock`, which the
system drops the moment the process ends, however it ends). A clean close deletes the marker. A marker
that nobody holds locked was left by a program that died with the library open: its last writes are
the ones most likely to have met a broken disk or a lying sync, so the next start runs SQLite's full
`integrity_check` instead of the quick check with a time budget.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import IO

from reader.importing.instance_lock import try_lock_file

SESSIONS_FOLDER = "sessions"
_SUFFIX = ".session"


class Session:
    """This process's marker; `end()` deletes it (a clean close)."""

    def __init__(self, path: Path, handle: IO[bytes]) -> None:
        self.path = path
        self._handle: IO[bytes] | None = handle

    def end(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._handle.close()
        self._handle = None


def begin_session(data_dir: Path) -> tuple[Session | None, bool]:
    """Mark the library as in use by this process; also say whether an earlier user died with it open.

    Returns the session (None when the folder is not writable: then nothing is marked, and nothing
    found) and whether a marker left by a dead process was found (and removed).
    """
    folder = data_dir / SESSIONS_FOLDER
    unclean = _clear_dead_markers(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{os.getpid()}-{secrets.token_hex(4)}"
        pending = folder / f".{name}"
        handle = pending.open("w+b")
    except OSError:
        return None, unclean
    # Locked before it gets its real name, so a marker that others can see is never one they could lock.
    if not try_lock_file(handle):
        handle.close()
        return None, unclean
    path = folder / f"{name}{_SUFFIX}"
    try:
        os.replace(pending, path)
    except OSError:
        handle.close()
        with contextlib.suppress(OSError):
            pending.unlink()
        return None, unclean
    return Session(path, handle), unclean


def _clear_dead_markers(folder: Path) -> bool:
    found = False
    try:
        markers = list(folder.iterdir())
    except OSError:
        return False
    for marker in markers:
        # A hidden one is a marker being made (or one its maker died making before it was named): it
        # never counted, so it is removed when nobody holds it, without a verdict.
        counts = marker.name.endswith(_SUFFIX) and not marker.name.startswith(".")
        try:
            handle = marker.open("rb")
        except OSError:
            continue
        with handle:
            if not try_lock_file(handle):
                continue  # a live program's marker
            with contextlib.suppress(OSError):
                marker.unlink()
            found = found or counts
    return found
