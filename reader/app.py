"""Composition root of the desktop app: data folder, lock, store, services, QApplication, MainWindow.

`main()` is what `bulletin-reader gui` (and a bare `bulletin-reader`) runs.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from reader.importing.instance_lock import LOCK_NAME
from reader.paths import APP_NAME, DATA_DIR_ENV

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from reader.importing.recovery import ContentCheck
    from reader.importing.recovery_report import RecoveryReport
    from reader.store import Store
    from reader.ui.i18n import UiTranslator
    from reader.ui.settings import Settings
    from reader.ui.theme import Theme

log = logging.getLogger(__name__)

EXIT_NO_DISPLAY = 2
EXIT_ALREADY_RUNNING = 3
EXIT_STORE_ERROR = 1
FIRST_PAINT_FLAG = "--exit-after-first-paint"
__all__ = ["LOCK_NAME", "main"]


def _process_start_time() -> float:
    """Wall-clock time the process started (Linux /proc), else when this module was imported."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat_file:
            fields = stat_file.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime", encoding="ascii") as uptime_file:
            uptime = float(uptime_file.read().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
        return time.time() - uptime + start_ticks / ticks
    except (OSError, ValueError, IndexError):
        return _IMPORTED_AT


_IMPORTED_AT = time.time()


def _peak_rss_mb() -> float:
    try:
        import resource  # Unix only; Windows has no getrusage
    except ImportError:
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


def _cpu_seconds() -> float:
    """User plus system CPU time of this process so far (all threads)."""
    times = os.times()
    return times.user + times.system


def has_display() -> bool:
    """False on Linux/BSD with no X11 or Wayland display and no platform chosen explicitly."""
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(data_dir: str | None, qt_arguments: list[str]) -> int:
    """Run the desktop app; returns the process exit status.

    Args:
        data_dir: --data-dir, or None for $BULLETIN_READER_DATA_DIR or the platform's app-data folder.
        qt_arguments: arguments left over for Qt, plus our own `--exit-after-first-paint`.
    """
    started_at = _process_start_time()
    exit_after_first_paint = FIRST_PAINT_FLAG in qt_arguments
    qt_arguments = [argument for argument in qt_arguments if argument != FIRST_PAINT_FLAG]
    if not has_display():
        print(
            "bulletin-reader: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the window "
            "cannot open.\nUse the command line instead, for example:\n"
            "  bulletin-reader import PATH...\n  bulletin-reader list --unread\n"
            "or start a virtual screen: xvfb-run bulletin-reader gui",
            file=sys.stderr,
        )
        return EXIT_NO_DISPLAY

    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QApplication, QMessageBox

    from reader.errors import ReaderError
    from reader.importing.instance_lock import InstanceLock
    from reader.importing.recovery import open_window_store, recover
    from reader.ui.i18n import UiTranslator
    from reader.ui.settings import Settings
    from reader.ui.theme import Theme, app_icon

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME, *qt_arguments])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("")
    app.setApplicationDisplayName("Bulletin Reader")
    app.setDesktopFileName("io.github.bulletinreader.BulletinReader")
    app.setWindowIcon(app_icon())

    folder = _resolve_data_dir(
        data_dir, QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"bulletin-reader: {folder}: cannot create the data folder ({error.strerror})", file=sys.stderr)
        return EXIT_STORE_ERROR

    lock = InstanceLock(folder)
    try:
        locked = lock.acquire()
    except ReaderError as error:  # a read-only data folder: not "already open"
        print(f"bulletin-reader: {error}", file=sys.stderr)
        if not exit_after_first_paint:
            QMessageBox.critical(None, "Bulletin Reader", str(error))
        return EXIT_STORE_ERROR
    if not locked:
        message = (
            f"Bulletin Reader is already open on {folder}.\nSwitch to that window, or start with another --data-dir."
        )
        print(f"bulletin-reader: {message}", file=sys.stderr)
        if not exit_after_first_paint:
            QMessageBox.warning(None, "Bulletin Reader", message)
        return EXIT_ALREADY_RUNNING

    settings = Settings()
    theme = Theme(app)
    theme.apply(settings.dark_mode, settings.text_size)
    translator = UiTranslator(app)
    translator.apply(settings.ui_language)

    repair: str | None = None
    while True:
        try:
            # A damaged library is moved aside and a fresh one started with the user's state restored.
            if repair is not None:  # the last window met damage while in use: repair it before anything reads it
                repaired = recover(folder, repair, window_lock_held=True)
            store, recovery, content_check = open_window_store(folder)
        except ReaderError as error:
            print(f"bulletin-reader: {error}", file=sys.stderr)
            if not exit_after_first_paint:  # a probe run must never wait on a dialog
                QMessageBox.critical(None, "Bulletin Reader", str(error))
            lock.release()
            return EXIT_STORE_ERROR
        if repair is not None:
            recovery = recovery or repaired
        status, repair = _run_window(
            app, folder, store, recovery, content_check, settings, theme, translator, exit_after_first_paint, started_at
        )
        if repair is None:
            break
    lock.release()
    return status


def _run_window(
    app: QApplication,
    folder: Path,
    store: Store,
    recovery: RecoveryReport | None,
    content_check: ContentCheck | None,
    settings: Settings,
    theme: Theme,
    translator: UiTranslator,
    exit_after_first_paint: bool,
    started_at: float,
) -> tuple[int, str | None]:
    """One window on an opened library until it closes; returns the exit status, and why the library
    must be repaired when a task met damage in it (the window is then closed to repair it).

    `content_check` (the content's check, left by the open) runs once the timeline has painted; damage it
    finds is repaired like damage met while in use.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from reader.ui.tasks import TaskContext, TaskRunner
    from reader.ui.views.facets_loader import RussianTopicNames
    from reader.ui.views.main_window import MainWindow

    runner = TaskRunner(folder)
    # One glossary read for the whole app, on the first worker that needs a topic's Russian name.
    russian_topic_labels = RussianTopicNames()
    window = MainWindow(
        store,
        runner,
        settings,
        translator,
        theme,
        russian_topic_labels=russian_topic_labels,
        library_check=content_check.run if content_check is not None else None,
    )
    damage: list[str] = []

    def backup(context: TaskContext) -> object:
        from reader.importing.backups import ensure_daily_backup  # imported late: not needed for the first paint

        return ensure_daily_backup(context.store, folder)

    # Once a day, a copy of the user's state (read, bookmarks, notes, tags) in <data dir>/backups/, off the GUI
    # thread, once the timeline has painted.
    window.after_start(lambda: runner.read(backup))

    def on_damage_found(reason: str) -> None:
        if damage:
            return
        damage.append(reason)
        print(f"bulletin-reader: the library turned out damaged while in use ({reason}); repairing it", file=sys.stderr)
        if not exit_after_first_paint:
            QMessageBox.warning(
                window,
                "Bulletin Reader",
                f"The library file is damaged ({reason}).\nBulletin Reader will now repair it and reopen it.",
            )
        window.close()

    runner.signals.damage_found.connect(on_damage_found)

    if exit_after_first_paint:

        def report_first_paint() -> None:
            seconds = time.time() - started_at
            rows = window.timeline_model.rowCount()
            print(
                f"first_paint_seconds={seconds:.3f} peak_rss_mb={_peak_rss_mb():.1f} rows={rows} "
                f"cpu_seconds={_cpu_seconds():.3f}",
                flush=True,
            )
            # The check left for after the paint ends first: damage it finds is repaired before the exit.
            if window.library_check_done:
                QTimer.singleShot(0, window.close)
            else:
                window.library_checked.connect(lambda _passed: QTimer.singleShot(0, window.close))

        window.first_painted.connect(report_first_paint)

    window.show()
    window.start()
    if recovery is not None:
        print("\n".join(f"bulletin-reader: {line}" for line in recovery.lines()), file=sys.stderr)
        if not exit_after_first_paint:
            from reader.ui.views.recovery_dialog import RecoveryDialog  # only after a repair

            dialog = RecoveryDialog(recovery, window)
            dialog.reimport_requested.connect(
                lambda paths: window.start_import(paths) if paths else window.choose_import()
            )
            dialog.open()
    elif store.timeline.is_empty() and not exit_after_first_paint:
        # First run: the bundled sample bulletins, imported on the write thread like any import.
        def import_samples(context: TaskContext) -> object:
            return context.library.import_samples_if_empty()

        runner.write(
            import_samples,
            succeeded=lambda _summary: window.library_changed(),
            failed=lambda error: window.status_label.setText(str(error)),
        )

    status = app.exec()
    runner.shutdown()
    store.close()
    window.deleteLater()  # its timers must not outlive it into the repaired library's window
    return int(status), (damage[0] if damage else None)


def _resolve_data_dir(explicit: str | None, qt_app_data: str) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return Path(qt_app_data) if qt_app_data else Path.home() / f".{APP_NAME}"
