"""The composition root: no display, one window per data folder, a stale lock, first paint timing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader import app
from reader.importing.instance_lock import InstanceLock
from reader.store.db import DATABASE_NAME

REPO = Path(__file__).resolve().parents[2]


def _run_gui(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(data_dir.parent / "config"))
    return subprocess.run(
        [sys.executable, "-m", "reader", "--data-dir", str(data_dir), "gui", *extra],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_a_display_it_points_to_the_cli(monkeypatch: pytest.MonkeyPatch, capsys, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    if sys.platform in ("win32", "darwin"):
        pytest.skip("every desktop session has a display there")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert app.main(str(data_dir), []) == app.EXIT_NO_DISPLAY
    message = capsys.readouterr().err
    assert "no display" in message and "bulletin-reader list" in message


def test_a_second_window_on_the_same_folder_is_refused(qapp, capsys, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    with InstanceLock(data_dir) as held:
        assert held.acquire()
        assert app.main(str(data_dir), [app.FIRST_PAINT_FLAG]) == app.EXIT_ALREADY_RUNNING
    assert "already open" in capsys.readouterr().err


def test_a_crashed_owner_leaves_no_lock_behind_and_first_paint_is_reported(
    data_dir: Path, samples_library: Path
) -> None:
    shutil.copy(samples_library, data_dir / DATABASE_NAME)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from reader.importing.instance_lock import InstanceLock;"
            " lock = InstanceLock(Path(sys.argv[1])); assert lock.acquire();"
            " print('locked', flush=True); time.sleep(60)",
            str(data_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    assert (data_dir / app.LOCK_NAME).exists()

    result = _run_gui(data_dir, app.FIRST_PAINT_FLAG)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("first_paint_seconds="))
    fields = dict(part.split("=") for part in line.split())
    assert 0 < float(fields["first_paint_seconds"]) < 60
    assert float(fields["peak_rss_mb"]) > 10
    assert int(fields["rows"]) == 14


def test_12_a_stale_lock_naming_a_live_python_process_does_not_keep_the_app_closed(
    data_dir: Path, samples_library: Path
) -> None:
    shutil.copy(samples_library, data_dir / DATABASE_NAME)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        # What a crashed window left behind, its process id now given to another Python program.
        (data_dir / app.LOCK_NAME).write_text(f"{other.pid}\nbulletin-reader\nhost\n", encoding="utf-8")
        result = _run_gui(data_dir, app.FIRST_PAINT_FLAG)
    finally:
        other.kill()
        other.wait()
    assert result.returncode == 0, result.stderr
    assert "already open" not in result.stderr
