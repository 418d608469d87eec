"""Atomic file writes: a temporary file in the destination folder, fsync, then os.replace.

A reader of the destination sees the old file or the whole new one, never half of it, and a
failed write (disk full, permission denied) leaves nothing behind but a clear ExportError.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, overload

from reader.errors import ExportError


def check_destination(path: Path, *, force: bool = False) -> None:
    """Raise ExportError when `path` cannot be written: it exists (without force), or its folder is missing."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name")
    if path.exists() and not force:
        raise ExportError(f"{path}: the file already exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: the folder {path.parent} does not exist")


def describe_os_error(path: Path, error: OSError) -> ExportError:
    """A user-facing message for a failed write, naming the file and what to do."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportError(f"{path}: the disk is full; free some space and export again (nothing was written)")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return ExportError(f"{path}: permission denied; choose a folder you can write to (nothing was written)")
    if error.errno == errno.ENOENT:
        return ExportError(f"{path}: the folder {path.parent} does not exist")
    reason = error.strerror or str(error)
    return ExportError(f"{path}: cannot be written ({reason}; nothing was written)")


@overload
def atomic_open(
    path: Path, mode: Literal["w"] = "w", *, force: bool = False, encoding: str = "utf-8", newline: str | None = None
) -> contextlib.AbstractContextManager[IO[str]]: ...


@overload
def atomic_open(
    path: Path, mode: Literal["wb"], *, force: bool = False, encoding: str = "utf-8", newline: str | None = None
) -> contextlib.AbstractContextManager[IO[bytes]]: ...


def atomic_open(
    path: Path, mode: str = "w", *, force: bool = False, encoding: str = "utf-8", newline: str | None = None
) -> contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]:
    """Open a temporary file beside `path`; on a clean exit it replaces `path` atomically.

    Args:
        path: the destination file.
        mode: "w" for text or "wb" for bytes.
        force: overwrite an existing file; without it an existing file raises ExportError.
        encoding: text encoding for mode "w" ("utf-8-sig" writes a byte order mark).
        newline: passed to open() for text mode (the csv module wants "").

    Raises:
        ExportError: the destination exists (without force), its folder is missing, the disk is
            full or permission is denied. The temporary file is removed in every failure.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open: unsupported mode {mode!r}")
    return _atomic_open(Path(path), mode, force, encoding, newline)


@contextlib.contextmanager
def _atomic_open(path: Path, mode: str, force: bool, encoding: str, newline: str | None) -> Iterator[IO[Any]]:
    check_destination(path, force=force)
    _sweep_parts(path)
    try:
        descriptor, temporary_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as error:
        raise describe_os_error(path, error) from error
    _lock(descriptor)  # tells a later export that this part file is being written, not left by a crash
    temporary = Path(temporary_name)
    try:
        if mode == "wb":
            handle: IO[Any] = os.fdopen(descriptor, "wb")
        else:
            handle = os.fdopen(descriptor, "w", encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # Checked again just before the rename: another program may have created the file meanwhile.
        if path.exists() and not force:
            raise ExportError(f"{path}: the file already exists; use --force to overwrite it")
        _keep_permissions(temporary, path)
        os.replace(temporary, path)
        _fsync_folder(path.parent)
    except OSError as error:
        _remove_quietly(temporary)
        raise describe_os_error(path, error) from error
    except BaseException:
        _remove_quietly(temporary)
        raise


def write_text_atomic(path: Path, text: str, *, force: bool = False, encoding: str = "utf-8") -> None:
    """Write a whole text file atomically (see atomic_open)."""
    with atomic_open(path, "w", force=force, encoding=encoding) as handle:
        handle.write(text)


def write_bytes_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write a whole binary file atomically (see atomic_open)."""
    with atomic_open(path, "wb", force=force) as handle:
        handle.write(data)


def _keep_permissions(temporary: Path, path: Path) -> None:
    # mkstemp creates 0600 files; an export should get the usual permissions (or the replaced file's).
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(temporary, mode)
    except OSError:
        pass  # the content matters more than the mode bits


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open folders, which is fine.
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


# A part file younger than this may be another export's, between its creation and its lock.
PART_GRACE_S = 60.0


def _sweep_parts(path: Path) -> None:
    """Remove the part files that an export to `path` killed mid-way left beside it."""
    now = time.time()
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        try:
            if now - stale.stat().st_mtime < PART_GRACE_S or _in_use(stale):
                continue
        except OSError:
            continue
        _remove_quietly(stale)


if sys.platform == "win32":

    def _lock(descriptor: int) -> None:
        pass  # Windows does not delete a file that is open: the sweep's unlink fails on it

    def _in_use(path: Path) -> bool:
        return False

else:
    import fcntl

    def _lock(descriptor: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _in_use(path: Path) -> bool:
        with path.open("rb") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            return False
