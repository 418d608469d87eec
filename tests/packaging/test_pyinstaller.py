"""The self-contained folder from `make package` starts without Python installed and paints its timeline.

Slow (a PyInstaller build), so it runs only when BULLETIN_READER_TEST_PYINSTALLER=1. With
BULLETIN_READER_TEST_PYINSTALLER_DIST=path/to/dist/bulletin-reader it checks an existing build instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("BULLETIN_READER_TEST_PYINSTALLER") != "1",
        reason="builds the PyInstaller folder (about a minute); set BULLETIN_READER_TEST_PYINSTALLER=1 to run",
    ),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="checks the Linux one-folder layout"),
]

REPO_ROOT = Path(__file__).resolve().parents[2]
FIRST_PAINT_FLAG = "--exit-after-first-paint"


@pytest.fixture(scope="module")
def bundle() -> Path:
    existing = os.environ.get("BULLETIN_READER_TEST_PYINSTALLER_DIST")
    if existing:
        return Path(existing).resolve()
    build = subprocess.run(
        ["bash", str(REPO_ROOT / "packaging" / "build.sh")],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return REPO_ROOT / "dist" / "bulletin-reader"


def _run(bundle: Path, cwd: Path, *arguments: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    # A clean environment: nothing of the checkout or the test's Python may leak into the frozen app.
    environment = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [str(bundle / "bulletin-reader"), *(str(argument) for argument in arguments)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_folder_holds_the_app_and_its_desktop_files(bundle: Path) -> None:
    assert os.access(bundle / "bulletin-reader", os.X_OK)
    assert (bundle / "_internal" / "reader" / "resources" / "samples").is_dir()
    assert (bundle / "share" / "applications" / "io.github.bulletinreader.BulletinReader.desktop").is_file()
    assert os.access(bundle / "install.sh", os.X_OK)
    assert not [path for path in bundle.rglob("*bench*")], "the benchmark is not part of the app"


def test_the_frozen_cli_imports_and_lists_the_bundled_samples(bundle: Path, tmp_path: Path) -> None:
    version = _run(bundle, tmp_path, "--version")
    imported = _run(
        bundle, tmp_path, "--data-dir", tmp_path / "lib", "import", bundle / "_internal/reader/resources/samples"
    )
    listed = _run(bundle, tmp_path, "--data-dir", tmp_path / "lib", "list", "--json")

    assert version.returncode == 0 and version.stdout.startswith("bulletin-reader "), version.stderr
    assert imported.returncode == 0, imported.stderr
    assert listed.returncode == 0, listed.stderr
    posts = [json.loads(line) for line in listed.stdout.splitlines()]
    assert posts and all(post["id"] for post in posts)


def test_the_frozen_gui_paints_its_first_timeline(bundle: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "lib"
    samples = bundle / "_internal" / "reader" / "resources" / "samples"
    imported = _run(bundle, tmp_path, "--data-dir", data_dir, "import", samples)
    assert imported.returncode == 0, imported.stderr

    # The app prints `first_paint_seconds=... rows=N` once the timeline has painted, then quits.
    painted = _run(bundle, tmp_path, "--data-dir", data_dir, "gui", FIRST_PAINT_FLAG, timeout=120)

    assert painted.returncode == 0, painted.stdout[-2000:] + painted.stderr[-2000:]
    report = dict(field.split("=", 1) for field in painted.stdout.split() if "=" in field)
    assert float(report["first_paint_seconds"]) > 0
    assert int(report["rows"]) > 0, painted.stdout


def test_the_frozen_gui_fills_an_empty_library_with_the_bundled_samples(bundle: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "lib"
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    gui = subprocess.Popen(
        [str(bundle / "bulletin-reader"), "--data-dir", str(data_dir)],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, posts = time.monotonic() + 60, []
        while not posts and time.monotonic() < deadline and gui.poll() is None:
            time.sleep(0.5)
            listed = _run(bundle, tmp_path, "--data-dir", data_dir, "list", "--json")
            posts = [json.loads(line) for line in listed.stdout.splitlines()]
    finally:
        gui.terminate()
        gui.wait(timeout=30)

    assert posts, "the first run found no bundled samples inside the frozen folder"
