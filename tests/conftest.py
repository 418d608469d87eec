"""Shared fixtures. The offscreen platform is set before anything imports Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
SAMPLES_DIR = REPO_ROOT / "resources" / "samples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's real sample data beside the clone; tests needing it skip when absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip("../shared (real sample data) is not present beside the clone")
    return SHARED_DIR


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES_DIR


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty data folder for one test."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder
