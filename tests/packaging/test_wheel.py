"""The wheel from `pip install .` carries the bundled resources and runs from any folder.

The wheel is built once, installed with --no-deps into a fresh virtual environment that borrows the
test environment's packages for its dependencies (through a .pth file, which puts them after the
fresh environment's own site-packages, so the app imported is always the wheel's). Every command
runs from a temporary folder, far from the checkout, so nothing can be found relative to it.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

REPO_ROOT = Path(__file__).resolve().parents[2]
RESOURCES = REPO_ROOT / "resources"
# What setup.py leaves out of the wheel's copy of resources/.
SKIPPED_PATTERNS = ("__pycache__", "*.pyc", ".*", "*.ts")
BUILD_LEFTOVERS = ("build", "dist", "*.egg-info", ".venv", ".git", "__pycache__", ".*_cache", ".hypothesis")
VERSION = re.search(r'__version__ = "([^"]+)"', (REPO_ROOT / "reader" / "__init__.py").read_text()).group(1)


@dataclass(frozen=True)
class InstalledApp:
    wheel: Path
    python: Path
    command: Path
    site_packages: Path
    workdir: Path

    def run(self, *arguments: str | Path) -> subprocess.CompletedProcess[str]:
        environment = {key: value for key, value in os.environ.items() if not key.startswith("BULLETIN_READER")}
        environment.pop("PYTHONPATH", None)
        environment["QT_QPA_PLATFORM"] = "offscreen"
        return subprocess.run(
            [str(argument) for argument in arguments],
            cwd=self.workdir,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )


def _run_or_fail(command: list[str], what: str) -> None:
    # Without PYTHONPATH: a checkout on it (with the egg-info a build leaves there) makes pip believe the
    # wheel is installed already and skip it.
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, env=environment)
    if result.returncode != 0:
        pytest.fail(f"{what} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


@pytest.fixture(scope="module")
def installed_app(tmp_path_factory: pytest.TempPathFactory) -> InstalledApp:
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode != 0:
        pytest.skip("pip is not available in the test environment")
    root = tmp_path_factory.mktemp("wheel")
    wheel_dir, venv, workdir, source = root / "wheelhouse", root / "venv", root / "elsewhere", root / "source"
    workdir.mkdir()
    # Built from a copy without the checkout's build/ folder: setuptools packs whatever a former build left
    # in build/lib, so a module moved out of reader/ since would still be in a wheel built in place.
    shutil.copytree(REPO_ROOT, source, ignore=shutil.ignore_patterns(*BUILD_LEFTOVERS))
    _run_or_fail(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(wheel_dir)],
        "pip wheel (builds in an isolated environment; needs setuptools from the package index or pip's cache)",
    )
    (wheel,) = wheel_dir.glob("bulletin_reader-*.whl")
    _run_or_fail([sys.executable, "-m", "venv", "--without-pip", str(venv)], "python -m venv")
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run_or_fail(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        "pip install of the wheel",
    )
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    dependency_paths = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    (site_packages / "_test_dependencies.pth").write_text("\n".join(dependency_paths) + "\n")
    command = venv / ("Scripts/bulletin-reader.exe" if os.name == "nt" else "bin/bulletin-reader")
    return InstalledApp(wheel, python, command, site_packages, workdir)


def _bundled_files() -> set[str]:
    files = set()
    for path in RESOURCES.rglob("*"):
        relative = path.relative_to(RESOURCES)
        if path.is_file() and not any(fnmatch.fnmatch(part, p) for part in relative.parts for p in SKIPPED_PATTERNS):
            files.add(relative.as_posix())
    return files


def test_the_wheel_contains_every_bundled_resource(installed_app: InstalledApp) -> None:
    bundled = _bundled_files()
    assert {"samples", "icons"} <= {name.split("/")[0] for name in bundled}

    with zipfile.ZipFile(installed_app.wheel) as wheel:
        names = set(wheel.namelist())

    assert {f"reader/resources/{name}" for name in bundled} <= names
    assert not any(name.startswith(("resources/", "tests/", "packaging/")) for name in names)


def test_the_wheel_holds_no_benchmark_code(installed_app: InstalledApp) -> None:
    # The benchmark is a developer's tool in the checkout (benchmarks/); the installed app must not carry
    # it under any name, so compare contents, not only paths.
    benchmark_files = {path.read_bytes() for path in (REPO_ROOT / "benchmarks").rglob("*") if path.is_file()}
    assert benchmark_files, "benchmarks/ is empty or gone: this test would prove nothing"
    with zipfile.ZipFile(installed_app.wheel) as wheel:
        names = wheel.namelist()
        copies = [name for name in names if not name.endswith("/") and wheel.read(name) in benchmark_files]
        sources = {name: wheel.read(name).decode("utf-8") for name in names if name.endswith(".py")}

    assert {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")} == {"reader"}
    assert not copies, f"benchmark files inside the wheel: {copies}"
    assert not [name for name, text in sources.items() if re.search(r"^\s*(from|import) benchmarks\b", text, re.M)]
    assert installed_app.run(installed_app.python, "-c", "import benchmarks").returncode != 0


def test_the_wheel_ships_a_compiled_translation_for_every_source(installed_app: InstalledApp) -> None:
    # The app loads only compiled .qm files; a .ts committed without its .qm leaves that language untranslated.
    sources = sorted((RESOURCES / "translations").glob("*.ts"))
    with zipfile.ZipFile(installed_app.wheel) as wheel:
        names = set(wheel.namelist())

    missing = [ts.name for ts in sources if f"reader/resources/translations/{ts.stem}.qm" not in names]
    assert not missing, f"compile these with pyside6-lrelease and commit the .qm files: {missing}"


def test_version_runs_from_another_folder(installed_app: InstalledApp) -> None:
    result = installed_app.run(installed_app.command, "--version")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"bulletin-reader {VERSION}"


def test_the_installed_app_reads_resources_from_its_own_package(installed_app: InstalledApp) -> None:
    probe = "import reader, reader.resources as r; print(reader.__file__); print(r.resources_path('samples'))"
    result = installed_app.run(installed_app.python, "-c", probe)

    assert result.returncode == 0, result.stderr
    package_file, samples = (Path(line) for line in result.stdout.splitlines())
    assert package_file.is_relative_to(installed_app.site_packages)
    assert samples == installed_app.site_packages / "reader" / "resources" / "samples"
    assert sorted(path.name for path in samples.iterdir()) == sorted(
        path.name for path in (RESOURCES / "samples").iterdir()
    )


def test_import_and_list_json_run_from_another_folder(installed_app: InstalledApp) -> None:
    data_dir = installed_app.workdir / "library"
    samples = installed_app.site_packages / "reader" / "resources" / "samples"

    imported = installed_app.run(installed_app.command, "--data-dir", data_dir, "import", samples)
    listed = installed_app.run(installed_app.command, "--data-dir", data_dir, "list", "--json")

    assert imported.returncode == 0, imported.stderr
    assert listed.returncode == 0, listed.stderr
    posts = [json.loads(line) for line in listed.stdout.splitlines()]
    assert posts, f"the bundled samples gave no posts; import said:\n{imported.stdout}{imported.stderr}"
    assert all(post["id"] for post in posts)
    assert any(post["passages"] for post in posts)
    assert all(sample.stem in imported.stdout for sample in (RESOURCES / "samples").iterdir())
    assert (data_dir / "library.sqlite3").is_file()
    assert not (REPO_ROOT / "library.sqlite3").exists()


def test_modules_find_bundled_resources_only_through_reader_resources() -> None:
    # A path built from __file__ to the top-level resources/ exists only in a checkout: in the wheel and
    # the PyInstaller folder the data lives in reader/resources/, which reader.resources knows about.
    offenders = [
        f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}"
        for path in sorted((REPO_ROOT / "reader").rglob("*.py"))
        if path != REPO_ROOT / "reader" / "resources.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "__file__" in line and "resources" in line
    ]

    assert not offenders, "use reader.resources.resources_path() instead:\n" + "\n".join(offenders)
