"""Passages by keyboard in the side-by-side view, and the reason shown for a counterpart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QWidget

from reader.domain import Counterpart
from reader.store import Store
from reader.ui.models.timeline import TimelineRole
from reader.ui.tasks import TaskRunner
from reader.ui.views.main_window import MainWindow
from reader.ui.views.reader_pane import ReaderPane

from .conftest import BILINGUAL_TITLE, WindowFactory, make_post, seed_posts


def _open_bilingual(window: MainWindow, windows: WindowFactory) -> None:
    model = window.timeline_model
    row = next(
        r for r in range(model.rowCount()) if model.index(r).data(TimelineRole.ROW).title.startswith(BILINGUAL_TITLE)
    )
    window.select_row(row)
    windows.qtbot.waitUntil(lambda: window.reader.document is not None and window.reader.document.paired)


def test_arrows_and_brackets_move_between_passages_with_the_counterpart_highlighted(
    window: MainWindow, windows: WindowFactory
) -> None:
    _open_bilingual(window, windows)
    reader = window.reader
    browser = reader.browser
    browser.setFocus()
    qtbot = windows.qtbot

    qtbot.keyClick(browser, Qt.Key.Key_Down)
    assert reader.selected_passage == (0, 0)
    assert reader.counterpart_of_selection() == (0, 1)
    qtbot.keyClick(browser, Qt.Key.Key_Down)
    assert reader.selected_passage == (1, 0)
    qtbot.keyClick(browser, Qt.Key.Key_Right)  # to the English side of the same row
    assert reader.selected_passage == (1, 1) and reader.counterpart_of_selection() == (1, 0)
    colors = reader._colors()
    html = browser.toHtml()
    assert colors.counterpart in html and colors.selected in html
    qtbot.keyClick(browser, Qt.Key.Key_Up)
    assert reader.selected_passage == (0, 1)
    qtbot.keyClick(browser, Qt.Key.Key_Up)  # nothing above the first row
    assert reader.selected_passage == (0, 1)

    # [ and ] are window shortcuts: they work wherever the focus is
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_BracketRight)
    assert reader.selected_passage == (1, 1)
    qtbot.keyClick(window.timeline, Qt.Key.Key_BracketRight)
    qtbot.keyClick(window.timeline, Qt.Key.Key_BracketLeft)
    assert reader.selected_passage == (1, 1)


def test_confirm_and_reject_from_the_keyboard(window: MainWindow, windows: WindowFactory) -> None:
    _open_bilingual(window, windows)
    reader = window.reader
    qtbot = windows.qtbot
    reader.browser.setFocus()
    qtbot.keyClick(reader.browser, Qt.Key.Key_Down)
    with qtbot.waitSignal(reader.pair_decided, timeout=10_000):
        qtbot.keyClick(reader.browser, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: reader.document is not None and reader.document.rows[0].pair is not None)
    qtbot.waitUntil(lambda: reader.document.rows[0].pair.confirmed)  # type: ignore[union-attr]
    assert "confirmed by you" in reader.browser.toPlainText()

    reader.select_passage(2, 0)
    with qtbot.waitSignal(reader.pair_decided, timeout=10_000):
        qtbot.keyClick(reader.browser, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: reader.document is not None and not any(row.paired for row in reader.document.rows[2:]))


def test_re_pair_picks_the_other_sides_passage_by_number(
    window: MainWindow, windows: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open_bilingual(window, windows)
    reader = window.reader
    qtbot = windows.qtbot
    reader.select_passage(0, 0)  # the Russian title
    asked: list[int] = []

    def answer(parent: QWidget, title: str, label: str, value: int, low: int, high: int) -> tuple[int, bool]:
        asked.append(high)
        return 3, True  # "3": the English passage numbered 3 on screen

    monkeypatch.setattr(QInputDialog, "getInt", answer)
    reader.browser.setFocus()
    with qtbot.waitSignal(reader.pair_decided, timeout=10_000):
        qtbot.keyClick(reader.browser, Qt.Key.Key_P)
    assert asked == [3]
    qtbot.waitUntil(
        lambda: (
            reader.document is not None
            and any(row.left == (0,) and row.right == (5,) and row.paired for row in reader.document.rows)
        )
    )


def test_the_shortcuts_sheet_lists_the_passage_keys(window: MainWindow) -> None:
    listed = {action.shortcut().toString() for action in window.window_actions.shortcut_actions()}
    assert {"]", "[", "C", "X", "P"} <= listed


def _linked(data_dir: Path, score: float) -> tuple[str, Store]:
    russian_text = "Министр Лавров встретился с коллегой из Малайзии 10 июля в Куала-Лумпуре."
    russian = make_post("mid_rus", 7, russian_text, "ru", 10)
    english_text = "Minister Lavrov met his Malaysian colleague on July 10 in Kuala Lumpur."
    english = make_post("mfa_en", 8, english_text, "en", 10)
    seed_posts(data_dir, [russian, english])
    store = Store.open(data_dir)
    with store.db.transaction():
        store.posts.set_counterparts(russian.id, [Counterpart(english.id, score)])
    return english.id, store


@pytest.mark.parametrize(("score", "doubtful"), [(0.97, False), (0.61, True)])
def test_the_reader_says_why_a_counterpart_is_shown(qtbot, data_dir: Path, score: float, doubtful: bool) -> None:  # type: ignore[no-untyped-def]
    english_id, store = _linked(data_dir, score)
    runner = TaskRunner(data_dir)
    pane = ReaderPane(runner)
    qtbot.addWidget(pane)
    pane.show_post(english_id)
    qtbot.waitUntil(lambda: pane.document is not None and pane.document.paired)
    text = pane.browser.toPlainText()
    assert re.search(r"shares 1 number, \d+ names", text), text
    assert f"confidence {score:.2f}" in text
    assert ("doubtful" in text) is doubtful
    runner.shutdown()
    store.close()


def test_the_selected_passages_say_why_they_are_paired(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    english_id, store = _linked(data_dir, 0.97)
    runner = TaskRunner(data_dir)
    pane = ReaderPane(runner)
    qtbot.addWidget(pane)
    pane.show_post(english_id)
    qtbot.waitUntil(lambda: pane.document is not None and pane.document.paired)
    assert "Paired" not in pane.browser.toPlainText()  # nothing selected: no passage's reason
    pane.browser.setFocus()
    qtbot.keyClick(pane.browser, Qt.Key.Key_Down)
    text = pane.browser.toPlainText()
    # the number 10, Lavrov and Kuala Lumpur carry over, and the English is about as long as a translation
    assert re.search(r"Paired: shares 1 number, \d names?.*; lengths fit a translation", text), text
    runner.shutdown()
    store.close()
