"""Two programs on one library: a second window is refused, a crashed window's lock is taken over,
and a command-line import while the window is open is safe and shows up in it without a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from reader.app import LOCK_NAME
from reader.store import PostFilter, Store
from reader.ui.i18n import UiTranslator
from reader.ui.settings import Settings
from reader.ui.tasks import TaskRunner
from reader.ui.theme import Theme
from reader.ui.views.main_window import MainWindow

from .conftest import REPO_ROOT, run_cli

FIRST_PAINT = "--exit-after-first-paint"


def _environment(home: Path) -> dict[str, str]:
    """The GUI's QSettings and caches go to a scratch home, never the developer's."""
    environment = dict(os.environ)
    environment.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        QT_QPA_PLATFORM="offscreen",
    )
    return environment


def _gui(data_dir: Path, home: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), "gui", *extra],
        cwd=REPO_ROOT,
        env=_environment(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture()
def running_gui(data_dir: Path, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A first window on `data_dir`, up and holding the library's lock."""
    process = _gui(data_dir, tmp_path / "home-1")
    try:
        _wait_for(lambda: (data_dir / LOCK_NAME).exists() or process.poll() is not None, 60, "the first window")
        assert process.poll() is None, process.communicate()[1]
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_a_second_window_on_the_same_library_is_refused(
    running_gui: subprocess.Popen[str], data_dir: Path, tmp_path: Path
) -> None:
    second = _gui(data_dir, tmp_path / "home-2", FIRST_PAINT)
    _out, err = second.communicate(timeout=60)
    assert second.returncode == 3, err
    assert "already open" in err and str(data_dir) in err
    assert "Traceback" not in err
    assert running_gui.poll() is None, "the first window must keep running"


def test_the_lock_of_a_crashed_window_is_taken_over(
    running_gui: subprocess.Popen[str], data_dir: Path, tmp_path: Path
) -> None:
    os.kill(running_gui.pid, signal.SIGKILL)
    running_gui.wait(timeout=30)
    assert (data_dir / LOCK_NAME).exists(), "a crash leaves the lock file behind"

    second = _gui(data_dir, tmp_path / "home-2", FIRST_PAINT)
    out, err = second.communicate(timeout=90)
    assert second.returncode == 0, err
    assert "first_paint_seconds=" in out
    assert "already open" not in err


@pytest.mark.parametrize("content", [b"", b"\x00\xffnot a lock\n"], ids=["empty", "garbage"])
def test_a_lock_file_naming_no_process_does_not_lock_the_user_out(
    content: bytes, data_dir: Path, tmp_path: Path
) -> None:
    """A crash or a full disk can leave the lock file empty or cut short; it must not block the app for good."""
    lock = data_dir / LOCK_NAME
    lock.write_bytes(content)
    an_hour_ago = time.time() - 3600
    os.utime(lock, (an_hour_ago, an_hour_ago))
    second = _gui(data_dir, tmp_path / "home-2", FIRST_PAINT)
    out, err = second.communicate(timeout=90)
    assert second.returncode == 0, err
    assert "first_paint_seconds=" in out


# ------------------------------------------------------------------------------------------ CLI import beside the GUI


@pytest.fixture()
def window(qtbot, data_dir: Path, tmp_path: Path, write_telegram_export) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """A main window in this process over a library that holds one small import."""
    first = write_telegram_export(tmp_path / "first.json", 12, channel_id=1400000001, seed=21)
    result = run_cli(data_dir, "import", str(first))
    assert result.returncode == 0, result.stderr
    store = Store.open(data_dir)
    runner = TaskRunner(data_dir)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = Settings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    main_window = MainWindow(store, runner, settings, UiTranslator(app), Theme(app), url_opener=lambda url: None)
    qtbot.addWidget(main_window)
    main_window.show()
    main_window.start()
    qtbot.waitUntil(lambda: main_window.timeline_model.loaded_once, timeout=10_000)
    yield main_window
    main_window.close()
    runner.shutdown()
    QApplication.sendPostedEvents()
    store.close()


def _ids(data_dir: Path) -> set[str]:
    store = Store.open(data_dir, read_only=True)
    try:
        return set(store.timeline.post_ids(PostFilter()))
    finally:
        store.close()


def _state_of(data_dir: Path, post_id: str, flag: str) -> bool:
    store = Store.open(data_dir, read_only=True)
    try:
        state = store.state.states([post_id]).get(post_id)
        return state is not None and bool(getattr(state, flag))
    finally:
        store.close()


def test_a_cli_import_shows_up_in_the_open_window(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, data_dir: Path, tmp_path: Path, write_telegram_export
) -> None:
    assert window.timeline_model.rowCount() == 12
    before = _ids(data_dir)
    bookmarked = sorted(before)[0]
    window.set_bookmarked([bookmarked], True)
    qtbot.waitUntil(lambda: _state_of(data_dir, bookmarked, "bookmarked"), timeout=10_000)

    second = write_telegram_export(tmp_path / "second.json", 30, channel_id=1400000002, seed=22)
    result = run_cli(data_dir, "import", str(second))
    assert result.returncode == 0, result.stderr

    # No restart: the window notices the other process's commit and lists the new posts.
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 42, timeout=15_000)
    assert _state_of(data_dir, bookmarked, "bookmarked"), "the import touched the user's state"


def _start_cli_import(data_dir: Path, export: Path) -> subprocess.Popen[str]:
    """`bulletin-reader import EXPORT` in another process, running while the test goes on."""
    return subprocess.Popen(
        [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), "import", str(export)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_window_can_save_state_while_a_cli_import_runs(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, data_dir: Path, tmp_path: Path, write_telegram_export
) -> None:
    big = write_telegram_export(tmp_path / "big.json", 400, channel_id=1400000003, seed=23)
    importing = _start_cli_import(data_dir, big)
    time.sleep(0.8)  # inside the import's write transaction
    target = sorted(_ids(data_dir))[3]
    window.set_read([target], True)
    _out, err = importing.communicate(timeout=120)
    assert importing.returncode == 0, err
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 412, timeout=15_000)
    qtbot.waitUntil(lambda: _state_of(data_dir, target, "read"), timeout=15_000)


def test_a_crashed_cli_import_leaves_the_window_working(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, data_dir: Path, tmp_path: Path, write_telegram_export
) -> None:
    big = write_telegram_export(tmp_path / "big.json", 400, channel_id=1400000004, seed=24)
    importing = _start_cli_import(data_dir, big)
    time.sleep(0.8)
    importing.kill()
    importing.communicate(timeout=30)  # reaps it and closes its pipes
    target = sorted(_ids(data_dir))[5]
    window.set_read([target], True)
    qtbot.waitUntil(lambda: _state_of(data_dir, target, "read"), timeout=15_000)
    assert window.timeline_model.rowCount() == 12
