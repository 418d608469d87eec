"""The import history: which files and folders a library was filled from (offered for re-import)."""

from __future__ import annotations

import json

from reader.store.db import Database


def imported_paths(database: Database) -> list[str]:
    """Every distinct path recorded by an import, oldest import first.

    Raises sqlite3.DatabaseError when the history cannot be read (a damaged library).
    """
    seen: dict[str, None] = {}
    for (paths,) in database.execute("SELECT paths FROM imports ORDER BY id"):
        try:
            decoded = json.loads(paths)
        except ValueError:
            continue
        if isinstance(decoded, list):
            seen.update((str(path), None) for path in decoded)
    return list(seen)


def latest_import_id(database: Database) -> int:
    """The id of the newest recorded import (0 before any): it changes exactly when an import commits."""
    return int(database.execute("SELECT coalesce(max(id), 0) FROM imports").fetchone()[0])
