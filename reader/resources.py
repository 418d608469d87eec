"""Locate bundled resources (glossary, samples, icons) in a source checkout or an installed app."""

from __future__ import annotations

from pathlib import Path

import reader

_CANDIDATES = (
    # An installed wheel or the PyInstaller folder: the build copies resources/ into the package (setup.py).
    # Looked at first, so a stray top-level "resources" folder in site-packages can never shadow it.
    # (The package's own folder, as importlib.resources.files would give it for a package on disk; that
    # module is not loaded at start for this.)
    Path(reader.__file__).parent / "resources",
    # A source checkout or editable install: the top-level resources/ beside the reader package.
    Path(reader.__file__).resolve().parent.parent / "resources",
)


def resources_dir() -> Path:
    """The folder holding the bundled resources; the checkout's folder when none exists yet."""
    for candidate in _CANDIDATES:
        if candidate.is_dir():
            return candidate
    return _CANDIDATES[-1]


def resources_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. `resources_path("glossary.toml")`."""
    return resources_dir().joinpath(*parts)
