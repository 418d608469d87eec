"""Drive the GUI over a data folder and time it; run by `reader.bench.gui` in its own process.

    QT_QPA_PLATFORM=offscreen python -m reader.bench.gui_probe DATA_DIR SPAWNED_AT

SPAWNED_AT is the parent's `time.time()` just before it started this process, so "first paint"
counts interpreter start-up and imports, as a user starting the app would feel them.

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
    """Run the event loop until `condition()` holds; False on timeout."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    return True


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


def _find_window(app_module: Any, data_dir: Path) -> tuple[Any, str]:
    """The app's main window over `data_dir`, built the way the app builds it."""
    for name in ("build_main_window", "create_main_window"):
        factory = getattr(app_module, name, None)
        if callable(factory):
            return factory(data_dir), f"reader.app.{name}"
    raise LookupError("reader.app has no build_main_window(data_dir)")


def _timeline_view(window: Any) -> Any:
    from PySide6.QtWidgets import QListView

    if isinstance(window, QListView):
        return window
    views = window.findChildren(QListView)
    for view in views:
        if "timeline" in (view.objectName() + view.accessibleName()).lower():
            return view
    if not views:
        raise LookupError("the main window has no QListView")
    return max(views, key=lambda view: view.width() * view.height())


def _search_box(window: Any) -> Any | None:
    from PySide6.QtWidgets import QLineEdit

    for box in window.findChildren(QLineEdit):
        label = (box.objectName() + box.accessibleName() + box.placeholderText()).lower()
        if "search" in label or "поиск" in label:
            return box
    return None


def _mark_all_read_action(window: Any) -> Any | None:
    from PySide6.QtGui import QAction

    for action in window.findChildren(QAction):
        label = (action.objectName() + " " + action.text()).lower().replace("&", "")
        if "mark all" in label or "mark_all" in label:
            return action
    return None


def probe(data_dir: Path, spawned_at: float) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from reader.store import PostFilter

    result: dict[str, Any] = {"not_measured": {}}
    application = QApplication.instance() or QApplication([sys.argv[0]])
    result["platform"] = application.platformName()
    try:
        import reader.app as app_module

        window, how = _find_window(app_module, data_dir)
        built_from = how
    except (ImportError, LookupError) as error:
        window, built_from = _timeline_only(data_dir), f"timeline view only ({error})"
    result["window"] = built_from
    view = _timeline_view(window)
    model = view.model()
    paints = PaintWatch(view)
    window.resize(1280, 800)
    window.show()
    if not wait_until(lambda: paints.count > 0):
        result["not_measured"]["first_paint"] = "the timeline never painted a row within 60 s"
        result["peak_mb"] = _peak_mb()
        return result
    result["first_paint_s"] = paints.last - time.perf_counter() + time.time() - spawned_at
    result["rows_shown"] = model.rowCount()
    heartbeat = Heartbeat()
    heartbeat.start()
    spin(0.5)  # let the window settle (fetches, facet counts) before the timed steps

    # Filter change to repaint: the query runs off the GUI thread; we wait for the next painted rows.
    repaints: list[float] = []
    set_filter = getattr(model, "set_filter", None)
    if callable(set_filter):
        for post_filter in (
            PostFilter(languages=("ru",)),
            PostFilter(languages=("en",)),
            PostFilter(unread=True),
            PostFilter(languages=("ru",), unread=True),
            PostFilter(),
        ):
            before = paints.count
            started = time.perf_counter()
            set_filter(post_filter)
            if wait_until(lambda before=before, started=started: paints.count > before and paints.last > started, 10):
                repaints.append(1000 * (paints.last - started))
            spin(0.2)
        result["filter_repaint_ms"] = repaints
        result["filter_stall_ms"] = heartbeat.stall_ms()
    else:
        result["not_measured"]["filter_repaint"] = "the timeline model has no set_filter"

    # Search typed at 10 keys per second into the search box.
    heartbeat.reset()
    box = _search_box(window)
    if box is not None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        box.setFocus()
        for char in SEARCH_TEXT:
            QTest.keyClicks(box, char)
            spin(KEY_INTERVAL_MS / 1000)
        QTest.keyClick(box, Qt.Key.Key_Return)
        spin(1.5)  # the last query and its repaint
        result["search_stall_ms"] = heartbeat.stall_ms()
        result["search_rows"] = model.rowCount()
        box.clear()
        spin(1.0)
    else:
        result["not_measured"]["search"] = "no search box in the window yet"

    # Mark all as read over the whole library.
    heartbeat.reset()
    action = _mark_all_read_action(window)
    if action is not None:
        started = time.perf_counter()
        action.trigger()
        spin(3.0)
        result["mark_all_read_stall_ms"] = heartbeat.stall_ms()
        result["mark_all_read_window_s"] = time.perf_counter() - started
    else:
        result["not_measured"]["mark_all_read"] = "no mark-all-read action in the window yet"
    result["peak_mb"] = _peak_mb()
    window.close()
    return result


def _timeline_only(data_dir: Path) -> Any:
    """Without the app's main window: the timeline list with its real model, delegate and runner."""
    from PySide6.QtWidgets import QListView

    from reader.store import PostFilter, Store
    from reader.ui.models.timeline import TimelineModel
    from reader.ui.tasks import TaskRunner
    from reader.ui.views.timeline_delegate import TimelineDelegate

    runner = TaskRunner(data_dir)
    store = Store.open(data_dir)
    view = QListView()
    view.setObjectName("timeline")
    view.setUniformItemSizes(False)
    model = TimelineModel(store, runner, view)
    view.setModel(model)
    view.setItemDelegate(TimelineDelegate(view))
    model.set_filter(PostFilter())
    return view


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0])
    spawned_at = float(argv[1])
    result = probe(data_dir, spawned_at)
    print(json.dumps(result, ensure_ascii=False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
