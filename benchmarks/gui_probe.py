"""Drive the GUI over a data folder and time it; run by `benchmarks.gui` in its own process.

    QT_QPA_PLATFORM=offscreen python -m benchmarks.gui_probe DATA_DIR

It builds the app's main window as reader.app wires it, waits for the first painted timeline, then
changes filters, types a search at 10 keys/s and runs mark-all-read. (Start-up to first paint is
timed separately with the app's own `--exit-after-first-paint`.)

Stalls are measured with a heartbeat: a 5 ms QTimer on the GUI thread; the longest gap between two
ticks, minus the interval, is the longest time the GUI thread could not answer. Prints one JSON
object on the last line of stdout; measures it cannot take are listed under "not_measured" with
the reason.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HEARTBEAT_MS = 5
KEY_INTERVAL_MS = 100  # 10 keys per second
SEARCH_TEXT = "переговоры"
TIMEOUT_S = 60.0


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class Heartbeat:
    """The longest gap between ticks of a fast timer on the GUI thread, per measuring window."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(HEARTBEAT_MS)
        self._timer.timeout.connect(self._tick)
        self._last = time.perf_counter()
        self.longest = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self.longest = 0.0
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def reset(self) -> None:
        self._tick()
        self.longest = 0.0

    def stall_ms(self) -> float:
        """Longest gap of the window so far (including the one still open), minus the interval."""
        self._tick()
        return max(0.0, 1000 * self.longest - HEARTBEAT_MS)


def wait_until(condition: Callable[[], bool], timeout: float = TIMEOUT_S) -> bool:
    """Run the event loop until `condition()` holds; False on timeout.

    A nested QEventLoop checked by a timer, not a processEvents() busy loop: PySide6 6.12 corrupts
    None's reference count on many processEvents() calls and the interpreter aborts.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return True
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout
    met = [False]

    def check() -> None:
        if condition():
            met[0] = True
            loop.quit()
        elif time.perf_counter() > deadline:
            loop.quit()

    checker = QTimer()
    checker.setInterval(2)
    checker.timeout.connect(check)
    checker.start()
    loop.exec()
    checker.stop()
    return met[0]


def spin(seconds: float) -> None:
    wait_until(lambda: False, seconds)


class PaintWatch:
    """Counts paints of the timeline's viewport that show at least one row."""

    def __init__(self, view: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        watch = self

        class _Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and view.model() is not None and view.model().rowCount() > 0:
                    watch.count += 1
                    watch.last = time.perf_counter()
                return False

        self.count = 0
        self.last = 0.0
        self._filter = _Filter()
        view.viewport().installEventFilter(self._filter)


def pyside_leaks_none() -> bool:
    """True when PySide6 drops a reference to None on every void call (seen: 6.12.0 on Python 3.11).

    Python 3.12 made None immortal; on 3.11 such a leak aborts the interpreter ("none_dealloc")
    after a few thousand Qt calls, that is within seconds of painting a timeline.
    """
    from PySide6.QtGui import QFont

    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(50):
        font.setBold(True)
    return sys.getrefcount(None) < before - 25


def shield_none() -> None:
    """Give None a reference count no leak can exhaust, as Python 3.12's immortal None has.

    Only the benchmark does this, to measure the GUI at all; the report says so.
    """
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40


def build_main_window(data_dir: Path) -> Any:
    """The app's main window over `data_dir`, wired as reader.app.main wires it."""
    from PySide6.QtWidgets import QApplication

    from reader.store import Store
    from reader.ui.i18n import UiTranslator
    from reader.ui.settings import Settings
    from reader.ui.tasks import TaskRunner
    from reader.ui.theme import Theme
    from reader.ui.views.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = Settings()
    theme = Theme(app)
    theme.apply(settings.dark_mode, settings.text_size)
    translator = UiTranslator(app)
    translator.apply(settings.ui_language)
    store = Store.open(data_dir)
    runner = TaskRunner(data_dir)
    return MainWindow(store, runner, settings, translator, theme)


def probe(data_dir: Path) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader.store import PostFilter

    result: dict[str, Any] = {"not_measured": {}}
    application = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(application, QApplication)
    result["platform"] = application.platformName()
    result["pyside_leaks_none"] = pyside_leaks_none()
    if result["pyside_leaks_none"]:
        shield_none()
    window = build_main_window(data_dir)
    model = window.timeline_model
    painted = [False]
    window.first_painted.connect(lambda: painted.__setitem__(0, True))
    paints = PaintWatch(window.timeline)
    window.resize(1280, 800)
    window.show()
    window.start()
    if not wait_until(lambda: painted[0]):
        result["not_measured"]["filter_repaint"] = "the timeline never painted within 60 s"
        result["peak_mb"] = _peak_mb()
        return result
    result["rows_shown"] = model.rowCount()
    heartbeat = Heartbeat()
    heartbeat.start()
    spin(1.0)  # let the window settle (facet counts, the next page) before the timed steps

    # Filter change to repaint: the query runs off the GUI thread; we wait for the next painted rows.
    repaints: list[float] = []
    heartbeat.reset()
    for post_filter in (
        PostFilter(languages=("ru",)),
        PostFilter(languages=("en",)),
        PostFilter(unread=True),
        PostFilter(languages=("ru",), unread=True),
        PostFilter(),
    ):
        before = paints.count
        started = time.perf_counter()
        model.set_filter(post_filter)

        def repainted(before: int = before, started: float = started) -> bool:
            return paints.count > before and paints.last > started

        if wait_until(repainted, 10):
            repaints.append(1000 * (paints.last - started))
        spin(0.3)
    result["filter_repaint_ms"] = repaints
    result["filter_stall_ms"] = heartbeat.stall_ms()

    # A search typed into the search box at 10 keys per second, then the answer painted.
    heartbeat.reset()
    box = window.search_box
    box.setFocus()
    for char in SEARCH_TEXT:
        # insert() is what a key press does to a line edit (QTest's key tables are ASCII only).
        box.insert(char)
        spin(KEY_INTERVAL_MS / 1000)
    applied = [False]
    model.filter_applied.connect(lambda: applied.__setitem__(0, True))
    QTest.keyClick(box, Qt.Key.Key_Return)
    wait_until(lambda: applied[0], 30)
    spin(0.5)
    result["search_stall_ms"] = heartbeat.stall_ms()
    result["search_rows"] = model.rowCount()
    box.clear()
    window.apply_filter()
    spin(1.5)

    # Mark all as read over the whole library (the action the toolbar and Shift+Ctrl+R run).
    heartbeat.reset()
    done_before = window.undo_stack.count()
    started = time.perf_counter()
    window.window_actions.mark_all_read_action.trigger()
    finished = wait_until(lambda: window.undo_stack.count() > done_before, 120)
    result["mark_all_read_s"] = time.perf_counter() - started
    spin(1.0)  # the repaint and the facet counts after it
    if finished:
        result["mark_all_read_stall_ms"] = heartbeat.stall_ms()
    else:
        result["not_measured"]["mark_all_read"] = "mark all read did not finish within 120 s"
    result["peak_mb"] = _peak_mb()
    window.close()
    return result


def main(argv: list[str]) -> int:
    from benchmarks.worker import die_with_parent

    die_with_parent()
    result = probe(Path(argv[0]))
    print(json.dumps(result, ensure_ascii=False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
