"""Scratch space for an import (unpacked zip archives): inside the data folder, swept at the next import.

In the system's temporary folder an import killed mid-way left its unpacked archive (hundreds of
megabytes) for good. Each import's folder here is locked (flock, as the window lock) while in use; a
folder whose lock nobody holds was left by a process that died, and the next import removes it.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from reader.importing.instance_lock import try_lock_file

SCRATCH_FOLDER = "tmp"
LOCK_FILE = ".in-use"
# A folder younger than this may be between its creation and its lock: never swept.
GRACE_S = 60.0


@contextlib.contextmanager
def scratch_folder(data_dir: Path) -> Iterator[Path | None]:
    """A private folder under `<data dir>/tmp/` for one import, removed when the block ends.

    None when the data folder is not writable: the import then fails on the library with a clear
    message, or, for a read-only look, the system's temporary folder serves.
    """
    root = data_dir / SCRATCH_FOLDER
    try:
        root.mkdir(parents=True, exist_ok=True)
        sweep(root)
        folder = Path(tempfile.mkdtemp(prefix="import-", dir=root))
        handle = (folder / LOCK_FILE).open("a+b")
    except OSError:
        yield None
        return
    try:
        try_lock_file(handle)
        yield folder
    finally:
        handle.close()
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            root.rmdir()  # only when no other import uses it


def sweep(root: Path, *, now: float | None = None) -> list[Path]:
    """Remove the folders of imports that died; returns what was removed."""
    moment = time.time() if now is None else now
    removed: list[Path] = []
    try:
        children = [child for child in root.iterdir() if child.is_dir() and not child.is_symlink()]
    except OSError:
        return removed
    for child in children:
        try:
            if moment - child.stat().st_mtime < GRACE_S:
                continue
            with (child / LOCK_FILE).open("a+b") as handle:
                if not try_lock_file(handle):
                    continue  # an import of another process is using it
        except OSError:
            continue
        shutil.rmtree(child, ignore_errors=True)
        removed.append(child)
    return removed
