"""Build hook: ship the top-level resources/ folder inside the wheel as `reader/resources/`.

Everything else about the build is declared in pyproject.toml. The repository keeps resources/
at the top level (the design asks for it), but an installed app can only find data that lives
inside its package, so the wheel's build step copies the folder in. A source checkout and an
editable install read the top-level folder directly (see reader/resources.py), so the copy is
skipped for editable builds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PROJECT_ROOT = Path(__file__).resolve().parent
RESOURCES_SOURCE = PROJECT_ROOT / "resources"
RESOURCES_TARGET = ("reader", "resources")
# Translation sources are for translators; the app loads the compiled .qm files.
SKIPPED_PATTERNS = ("__pycache__", "*.pyc", ".*", "*.ts")


class BuildPyWithResources(build_py):  # type: ignore[misc]
    """`build_py` that also copies resources/ into the package being built."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib).joinpath(*RESOURCES_TARGET)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(RESOURCES_SOURCE, target, ignore=shutil.ignore_patterns(*SKIPPED_PATTERNS))


setup(cmdclass={"build_py": BuildPyWithResources})
