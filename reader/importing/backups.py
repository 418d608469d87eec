"""State files on disk: `export-state` and the rolling daily backups that recovery restores from."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import ExportError

if TYPE_CHECKING:
    from reader.store import Store

BACKUP_FOLDER = "backups"
BACKUPS_KEPT = 7

log = logging.getLogger(__name__)


def export_state(store: Store, path: Path, *, force: bool = False) -> int:
    """Write the whole user state atomically; returns the number of posts with state in it."""
    from reader.export.atomic import atomic_open
    from reader.store.statefile import state_document

    document = state_document(store)
    with atomic_open(path, "w", force=force) as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1, sort_keys=False)
        handle.write("\n")
    return len(document["posts"])


def ensure_daily_backup(
    store: Store, data_dir: Path, *, today: date | None = None, keep: int = BACKUPS_KEPT
) -> Path | None:
    """Keep a rolling daily backup of the user state in `<data_dir>/backups/state-YYYY-MM-DD.json`.

    Called by the app and the CLI when they start: writes today's backup once (later calls the
    same day do nothing), then deletes all but the newest `keep` backups. A store without any
    state is not backed up. Never raises: a failed backup must not stop the app from starting,
    so problems are logged and None is returned.

    Returns:
        The path of today's backup, or None when there was nothing to back up or it failed.
    """
    # Imported here: recovery reads this module at every open, which needs only the list of backups.
    from reader.export.atomic import atomic_open
    from reader.store.statefile import state_document

    day = today or date.today()
    folder = data_dir / BACKUP_FOLDER
    path = folder / f"state-{day.isoformat()}.json"
    try:
        if not path.exists():
            document = state_document(store)
            if not (document["posts"] or document["pair_decisions"] or document["counterpart_decisions"]):
                return None
            folder.mkdir(parents=True, exist_ok=True)
            with atomic_open(path, "w", force=True) as handle:
                json.dump(document, handle, ensure_ascii=False, indent=1)
                handle.write("\n")
        for old in list(_backups(folder))[:-keep] if keep > 0 else []:
            old.unlink()
    except (ExportError, OSError) as error:
        log.warning("state backup in %s failed: %s", folder, error)
        return None
    return path


def _backups(folder: Path) -> Iterator[Path]:
    # ISO dates sort as text, so the newest backups come last.
    yield from sorted(
        path for path in folder.glob("state-*.json") if _is_backup_name(path.name.removeprefix("state-")[:-5])
    )


def _is_backup_name(stem: str) -> bool:
    try:
        date.fromisoformat(stem)
    except ValueError:
        return False
    return len(stem) == 10


def backups_newest_first(data_dir: Path) -> list[Path]:
    """State backups in `<data dir>/backups/`, newest first (by modification time, then name)."""
    folder = data_dir / BACKUP_FOLDER
    try:
        files = [path for path in folder.iterdir() if path.is_file() and not path.name.startswith(".")]
    except OSError:
        return []
    return sorted(files, key=lambda path: (path.stat().st_mtime, path.name), reverse=True)
