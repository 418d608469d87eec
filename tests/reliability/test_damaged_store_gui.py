"""The desktop app on a damaged library: it starts, says what happened, and offers to re-import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from reader.importing.recovery import open_store
from reader.importing.recovery_report import RecoveryReport
from reader.store.db import DATABASE_NAME
from reader.ui.views.recovery_dialog import RecoveryDialog

from .conftest import REPO_ROOT


def test_the_app_starts_on_a_damaged_library_and_says_so(data_dir: Path, tmp_path: Path) -> None:
    database = data_dir / DATABASE_NAME
    database.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    environment = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    environment["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli", "--data-dir", str(data_dir), "gui", "--exit-after-first-paint"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    assert "first_paint_seconds=" in result.stdout
    assert "damaged" in result.stderr
    assert list(data_dir.glob(f"{DATABASE_NAME}.damaged-*"))


def test_the_dialog_offers_to_re_import_the_files_the_library_had(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "result.json"
    export.write_text("{}", encoding="utf-8")
    report = RecoveryReport(
        tmp_path,
        "database disk image is malformed",
        (tmp_path / f"{DATABASE_NAME}.damaged-20261123T120000Z",),
        backup=tmp_path / "backups" / "state-2026-11-22.json",
        restored=7,
        reimport=(str(export),),
    )
    dialog = RecoveryDialog(report)
    qtbot.addWidget(dialog)
    dialog.open()
    assert "7 posts" in dialog.text()
    assert "state-2026-11-22.json" in dialog.informativeText()
    with qtbot.waitSignal(dialog.reimport_requested) as requested:
        dialog.reimport_button.click()
    assert requested.args == [[export]]


def test_without_known_files_the_dialog_asks_for_them(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    (data_dir / DATABASE_NAME).write_bytes(b"not a database at all" * 100)
    store, report = open_store(data_dir)
    store.close()
    assert report is not None
    dialog = RecoveryDialog(report)
    qtbot.addWidget(dialog)
    assert dialog.icon() == QMessageBox.Icon.Warning
    assert "Import files" in dialog.reimport_button.text()
    with qtbot.waitSignal(dialog.reimport_requested) as requested:
        dialog.reimport_button.click()
    assert requested.args == [[]]
