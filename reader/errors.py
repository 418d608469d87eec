"""Problems of the user's input or environment, shown to the user as one clear line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ReaderError(Exception):
    """Base of every error the user can act on; `str()` is the message to show."""


class InputError(ReaderError):
    """A file that cannot be imported at all; names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class StoreError(ReaderError):
    """The database cannot be opened or used (newer schema, damaged file, locked)."""


class StoreDamagedError(StoreError):
    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: the database is damaged ({reason})")


class StoreTooNewError(StoreError):
    pass


class ExportError(ReaderError):
    pass


class ImportCancelledError(ReaderError):
    def __init__(self) -> None:
        super().__init__("import cancelled; nothing was changed")


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """A problem with one message that did not stop the import."""

    path: str
    location: str  # "message 123", "line 45"
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.location}: {self.message}"


class FetchError(ReaderError):
    """A source could not be fetched; names the address and the reason in one line.

    `offline` marks failures to reach the server at all (no network, connection refused, name not
    found): the GUI shows those as one quiet status line and tries again later. `retry_after` is the
    number of seconds the server asked us to wait, when it said so.
    """

    def __init__(self, url: str, reason: str, *, offline: bool = False, retry_after: float | None = None) -> None:
        self.url = url
        self.reason = reason
        self.offline = offline
        self.retry_after = retry_after
        super().__init__(f"{url}: {reason}")


class FetchCancelledError(ReaderError):
    def __init__(self) -> None:
        super().__init__("refresh cancelled")
