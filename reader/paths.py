"""Where the user's data lives, without Qt (the CLI runs with no display).

Mirrors Qt's `QStandardPaths.AppDataLocation` for an application named "bulletin-reader"
with no organisation, so the GUI and the CLI always open the same library.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "bulletin-reader"
DATA_DIR_ENV = "BULLETIN_READER_DATA_DIR"


def default_data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def resolve_data_dir(explicit: str | Path | None) -> Path:
    """--data-dir, else $BULLETIN_READER_DATA_DIR, else the platform's app-data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return default_data_dir()
