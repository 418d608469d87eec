"""The marker of a text cut at the post size limit reads in the window's language (issue 23, finding 10)."""

from __future__ import annotations

from reader.ui.i18n import CUT_TEXTS
from reader.ui.settings import UiLanguage

from .conftest import WindowFactory, make_post, seed_posts


def test_the_cut_marker_is_shown_in_the_window_language(empty_windows: WindowFactory) -> None:
    post = make_post("mid", 7, "Заявление МИД России. [… text cut: 4.5 MB over the limit]", "ru", 4, title="Заявление")
    seed_posts(empty_windows.data_dir, [post])
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    window.select_row(window.timeline_model.row_of_post(post.id))
    qtbot.waitUntil(lambda: "России. [… text cut: 4.5 MB over the limit]" in window.reader.browser.toPlainText())
    window.set_ui_language(UiLanguage.RUSSIAN)
    qtbot.waitUntil(
        lambda: "России. [… текст обрезан: 4,5 МБ сверх предела]" in window.reader.browser.toPlainText(), timeout=5000
    )
    window.set_ui_language(UiLanguage.ENGLISH)
    qtbot.waitUntil(lambda: "[… text cut: 4.5 MB over the limit]" in window.reader.browser.toPlainText())


def test_the_marker_the_window_translates_is_the_one_the_import_writes() -> None:
    from reader.text.limits import cut_marker, size_parts

    number, unit = size_parts(4_718_592)
    assert CUT_TEXTS[0].replace("%1", f"{number} {unit}") == cut_marker(4_718_592)
    assert set(CUT_TEXTS[1:]) == {"bytes", "KB", "MB", "GB"}
