"""What a recovery did, as the CLI prints it and the window shows it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.store.db import DATABASE_NAME

# SQLite's own companions of a database file; moved together so the copy stays openable.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """What recovery did, for the CLI to print and the GUI to show.

    Attributes:
        data_dir: the library folder.
        reason: why the database was judged damaged.
        moved_to: where the damaged database (and its companions) now are.
        backup: the state backup restored from, if any.
        restored: how many posts have read, bookmark, note or tag state in the fresh library.
        salvaged: state still readable in the damaged file was merged in (changes since the backup).
        problems: what could not be done (no backup, unreadable backups ...).
        reimport: files and folders the damaged library had imported and that still exist.
    """

    data_dir: Path
    reason: str
    moved_to: tuple[Path, ...]
    backup: Path | None = None
    restored: int = 0
    salvaged: bool = False
    problems: tuple[str, ...] = ()
    reimport: tuple[str, ...] = field(default=())
    kept: tuple[tuple[str, int], ...] = ()  # (kind, count): read marks, bookmarks, notes, tag lists, decisions

    @property
    def summary(self) -> str:
        """One line for a status bar or a dialog title."""
        if self.restored:
            return f"The library was damaged; a fresh one was started and the state of {self.restored} posts restored."
        return "The library was damaged; a fresh one was started."

    @property
    def content_lost(self) -> bool:
        """Whether the posts' database was replaced (not only the state's): the posts must be re-imported."""
        return not self.moved_to or any(path.name.startswith(f"{DATABASE_NAME}.") for path in self.moved_to)

    def lines(self) -> list[str]:
        """The whole report, one line each, in the order a user needs them."""
        lines = [f"The library in {self.data_dir} was damaged ({self.reason})."]
        kept_files = [path for path in self.moved_to if not path.name.endswith(COMPANION_SUFFIXES)]
        if kept_files and self.content_lost:
            names = " and ".join(str(path) for path in kept_files)
            lines.append(f"The damaged file was kept as {names}; a fresh library was started.")
        elif kept_files:
            lines.append(f"The damaged state file was kept as {kept_files[0]}; your posts were not touched.")
        sources = []
        if self.salvaged:
            sources.append("what was still readable in the damaged files")
        if self.backup is not None:
            sources.append(f"the backups (newest: {self.backup})")
        if sources:
            lines.append(
                f"Read, bookmark and note state of {self.restored} posts was restored from {' and '.join(sources)}."
            )
        if self.kept:
            lines.append("Kept: " + ", ".join(f"{count} {kind}" for kind, count in self.kept) + ".")
        lines.extend(self.problems)
        if not self.content_lost:
            return lines
        if self.reimport:
            lines.append("Re-import your files to get the posts back:")
            lines.append("  bulletin-reader import " + " ".join(_quoted(path) for path in self.reimport))
        else:
            lines.append("Re-import your files to get the posts back: bulletin-reader import PATH...")
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _quoted(path: str) -> str:
    return f"'{path}'" if any(char.isspace() for char in path) else path
