"""`python -m benchmarks.refresh_probe DATA_DIR SETTINGS`: the window open, F5, the longest GUI stall.

Run by benchmarks.refresh while its channel servers are up, in a process of its own so the servers'
threads do not share this interpreter with the GUI thread. Prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.gui_probe import Heartbeat, pyside_leaks_none, shield_none, spin, wait_until


def probe(data_dir: Path, settings_path: Path) -> dict[str, Any]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from reader.store import Store
    from reader.ui.settings import Settings
    from reader.ui.tasks import TaskRunner
    from reader.ui.views.main_window import MainWindow

    application = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(application, QApplication)
    if pyside_leaks_none():
        shield_none()
    settings = Settings(QSettings(str(settings_path), QSettings.Format.IniFormat))
    settings.refresh_on_start = False  # the refresh starts when the clock does
    store = Store.open(data_dir)
    runner = TaskRunner(data_dir)
    window = MainWindow(store, runner, settings)
    window.resize(1280, 800)
    window.show()
    window.start()
    if not wait_until(lambda: window.timeline_model.loaded_once, 60):
        return {"error": "the timeline never loaded"}
    spin(1.0)
    reports: list[Any] = []
    window.refreshes.refresh_finished.connect(reports.append)
    heartbeat = Heartbeat()
    heartbeat.start()
    started = time.perf_counter()
    window.window_actions.refresh_action.trigger()
    if not wait_until(lambda: bool(reports), 300):
        return {"error": "the refresh did not finish within 300 s"}
    seconds = time.perf_counter() - started
    spin(1.0)  # the timeline and the counts take the new posts in
    report = reports[0]
    result = {
        "stall_ms": heartbeat.stall_ms(),
        "seconds": seconds,
        "new": sum(outcome.new for outcome in report.outcomes) if report is not None else 0,
        "rows": window.timeline_model.rowCount(),
    }
    window.close()
    runner.shutdown()
    store.close()
    return result


def main(argv: list[str]) -> int:
    from benchmarks.worker import die_with_parent

    die_with_parent()
    print(json.dumps(probe(Path(argv[0]), Path(argv[1]))))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
