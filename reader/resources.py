"""Locate bundled resources (glossary, samples, icons) in a source checkout or an installed app."""

from __future__ import annotations

from pathlib import Path

import reader

_CANDIDATES = (
    # A source checkout or editable install: resources/ beside the reader package.
    Path(reader.__file__).resolve().parent.parent / "resources",
    # A wheel that ships resources inside the package.
    Path(reader.__file__).resolve().parent / "resources",
)


def resources_dir() -> Path:
    """The folder holding the bundled resources; the first candidate when none exists yet."""
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    return _CANDIDATES[0]


def resources_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. `resources_path("glossary.toml")`."""
    return resources_dir().joinpath(*parts)
