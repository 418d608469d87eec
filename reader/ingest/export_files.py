"""Files an export refers to (photos, documents): only ever inside the export's own folder."""

from __future__ import annotations

from pathlib import Path, PurePosixPath


def export_file(folder: Path, reference: str) -> tuple[str | None, bool]:
    """The path of a media file relative to its export folder, and whether the file is there.

    Returns `(None, False)` for anything that would lead outside the folder: an absolute path,
    `..`, a URL, or a symbolic link inside the export that points elsewhere. The reader only
    ever opens files this function accepted, so an export cannot make it read other local files.
    """
    if not reference or "://" in reference or reference.startswith(("#", "/", "\\")) or "\0" in reference:
        return None, False
    relative = PurePosixPath(reference.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or (relative.parts and ":" in relative.parts[0]):
        return None, False
    candidate = folder.joinpath(*relative.parts)
    try:
        root = folder.resolve()
        resolved = candidate.resolve()
        available = resolved.is_file() and root in resolved.parents
    except (OSError, RuntimeError, ValueError):  # too long, a link loop, an odd name
        available = False
    return relative.as_posix(), available
