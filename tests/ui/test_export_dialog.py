"""The export dialog writes the chosen scope in the chosen format, and asks before replacing a file."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from reader.store import PostFilter, Store
from reader.ui.tasks import TaskRunner
from reader.ui.views.export_dialog import BOOKMARKS, CURRENT_FILTER, SELECTION, ExportDialog


@pytest.fixture()
def library_dir(tmp_path: Path, bilingual_library: Callable[[Path], Store]) -> Path:
    folder = tmp_path / "library"
    store = bilingual_library(folder)
    store.state.set_bookmarked(["tg:mid_rf/200"], note="Проверить итоги саммита")
    store.close()
    return folder


@pytest.fixture()
def runner(library_dir: Path) -> Iterator[TaskRunner]:
    runner = TaskRunner(library_dir)
    yield runner
    runner.shutdown()


def make_dialog(qtbot: QtBot, runner: TaskRunner, **kwargs: object) -> ExportDialog:
    dialog = ExportDialog(runner, PostFilter(search="Middle East"), **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    return dialog


def export(qtbot: QtBot, dialog: ExportDialog, fmt: str, scope: str, path: Path) -> tuple[str, int]:
    dialog.set_format(fmt)
    dialog.set_scope(scope)
    dialog.path_edit.setText(str(path))
    with qtbot.waitSignal(dialog.export_finished, timeout=10000) as blocker:
        dialog.export_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    return blocker.args[0], blocker.args[1]


def test_exports_bookmarks_with_their_translation(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, runner)
    target = tmp_path / "zotero.json"
    assert export(qtbot, dialog, "csljson", BOOKMARKS, target) == (str(target), 2)
    ids = [item["id"] for item in json.loads(target.read_text(encoding="utf-8"))]
    assert ids == ["tg:mid_rf/200", "tg:mfa_russia/201"]


def test_exports_the_current_filter_as_pdf_off_the_gui_thread(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, runner)
    target = tmp_path / "pack.pdf"
    assert export(qtbot, dialog, "pdf", CURRENT_FILTER, target)[1] == 1
    assert target.read_bytes().startswith(b"%PDF-")


def test_exports_the_selection(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, runner, selection=("tg:mfa_russia/202",))
    assert dialog.scope_selection.isEnabled()
    target = tmp_path / "selection.csv"
    assert export(qtbot, dialog, "csv", SELECTION, target)[1] == 1
    assert "tg:mfa_russia/202" in target.read_text(encoding="utf-8-sig")


def test_selection_scope_is_off_without_a_selection(qtbot: QtBot, runner: TaskRunner) -> None:
    assert not make_dialog(qtbot, runner).scope_selection.isEnabled()


def test_format_choice_sets_the_file_suffix(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, runner)
    dialog.path_edit.setText(str(tmp_path / "notes.html"))
    dialog.set_format("md-file")
    assert dialog.destination() == tmp_path / "notes.md"
    dialog.set_format("md")  # a folder of notes
    assert dialog.destination() == tmp_path / "notes"


def test_asks_before_replacing_a_file(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bookmarks.html"
    target.write_text("keep me", encoding="utf-8")
    questions: list[str] = []

    def answer(result: QMessageBox.StandardButton) -> Callable[..., QMessageBox.StandardButton]:
        def ask(*args: object) -> QMessageBox.StandardButton:
            questions.append(str(args[2]))
            return result

        return ask

    dialog = make_dialog(qtbot, runner)
    dialog.set_format("html")
    dialog.path_edit.setText(str(target))
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    dialog.export_button.click()
    dialog.wait()
    assert target.read_text(encoding="utf-8") == "keep me"
    assert questions == [f"{target} already exists. Replace it?"]
    assert dialog.isEnabled() and dialog.result() != QDialog.DialogCode.Accepted

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(dialog.export_finished, timeout=10000):
        dialog.export_button.click()
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")


def test_a_failed_export_is_shown_and_the_dialog_stays(qtbot: QtBot, runner: TaskRunner, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, runner)
    dialog.set_format("md")
    dialog.path_edit.setText(str(tmp_path / "missing folder" / "notes.md"))
    with qtbot.waitSignal(dialog.export_failed, timeout=10000) as blocker:
        dialog.export_button.click()
    assert "does not exist" in blocker.args[0]
    assert "does not exist" in dialog.status_label.text()
    assert dialog.export_button.isEnabled()
    assert dialog.result() != QDialog.DialogCode.Accepted
