"""Following sources in the window: the Subscribe dialog, F5, the Sources list's status, offline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from reader.fetch.address import TELEGRAM_BASE_ENV
from reader.fetch.http import HOST_GAP_ENV, FetchPolicy, HttpClient
from reader.importing.service import Library
from reader.operations.subscriptions import subscribe
from reader.ui.models.facets import FacetRole
from reader.ui.models.timeline import TimelineRole
from reader.ui.views.main_window import MainWindow
from reader.ui.views.subscribe_dialog import SubscribeDialog

from ..fake_web import Channel, FakeWeb, rss
from .conftest import WindowFactory


@pytest.fixture()
def channel(fake_web: FakeWeb, monkeypatch: pytest.MonkeyPatch) -> Channel:
    monkeypatch.setenv(TELEGRAM_BASE_ENV, fake_web.base)
    monkeypatch.setenv(HOST_GAP_ENV, "0")
    served = Channel("embassy_news", "Embassy News")
    served.add(30, start=1)
    fake_web.channel(served)
    return served


@pytest.fixture()
def library_with(data_dir: Path) -> Iterator[Library]:
    """The window's library, opened here to follow sources before the window opens (as the CLI would)."""
    library = Library(data_dir, import_workers=0)
    yield library
    library.close()


def _follow(library: Library, address: str) -> None:
    with HttpClient(FetchPolicy(host_gap=0.0)) as client:
        subscribe(library, client, address)


def _source_row(window: MainWindow, key: str) -> int:
    return window.filter_panel.sources_model.row_of(key)


def test_the_subscribe_dialog_shows_what_an_address_is_before_following_it(
    channel: Channel, empty_windows: WindowFactory
) -> None:
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    window.window_actions.subscribe_action.trigger()
    dialog = window.findChild(SubscribeDialog)
    assert isinstance(dialog, SubscribeDialog)
    assert not dialog.subscribe_button.isEnabled()
    dialog.address_edit.setText("@embassy_news")
    dialog.look_up_button.click()
    qtbot.waitUntil(dialog.subscribe_button.isEnabled, timeout=10_000)
    assert "Embassy News" in dialog.status_label.text() and "Telegram channel" in dialog.status_label.text()
    assert dialog.posts_list.count() == 5 and "Statement number 30" in dialog.posts_list.item(0).text()
    assert dialog.name_edit.text() == "Embassy News"
    dialog.subscribe_button.click()
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 30, timeout=15_000)
    qtbot.waitUntil(lambda: _source_row(window, "tg:embassy_news") >= 0, timeout=10_000)
    model = window.filter_panel.sources_model
    qtbot.waitUntil(lambda: model.index(_source_row(window, "tg:embassy_news")).data(FacetRole.STATUS) == "ok")
    assert "(30)" in model.index(_source_row(window, "tg:embassy_news")).data()


def test_an_address_that_is_nothing_to_follow_says_why_in_the_dialog(
    fake_web: FakeWeb, empty_windows: WindowFactory
) -> None:
    window = empty_windows.open()
    fake_web.serve("/about", b"<html><body><p>About the ministry</p></body></html>")
    window.open_subscribe()
    dialog = window.findChild(SubscribeDialog)
    assert isinstance(dialog, SubscribeDialog)
    dialog.address_edit.setText(fake_web.url("/about"))
    dialog.look_up()
    empty_windows.qtbot.waitUntil(lambda: "not a public Telegram channel" in dialog.status_label.text(), timeout=10_000)
    assert not dialog.subscribe_button.isEnabled()


def test_a_failing_source_shows_failing_with_the_reason_and_the_others_refresh(
    channel: Channel, fake_web: FakeWeb, library_with: Library, empty_windows: WindowFactory
) -> None:
    from datetime import UTC, datetime

    one = [("s1", "Statement", "Text of the statement.", datetime(2026, 3, 1, tzinfo=UTC))]
    fake_web.serve("/feed.xml", rss("Ministry", one), "application/rss+xml")
    _follow(library_with, "@embassy_news")
    _follow(library_with, fake_web.url("/feed.xml"))
    feed_key = f"feed:{fake_web.url('/feed.xml')}"
    fake_web.serve("/feed.xml", b"maintenance", "text/plain", status=503, **{"Retry-After": "7200"})
    channel.add(2)
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    window.window_actions.refresh_action.trigger()  # F5
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 33, timeout=15_000)
    model = window.filter_panel.sources_model
    qtbot.waitUntil(lambda: _source_row(window, feed_key) >= 0, timeout=10_000)
    qtbot.waitUntil(lambda: model.index(_source_row(window, feed_key)).data(FacetRole.STATUS) == "failing")
    tooltip = model.index(_source_row(window, feed_key)).data(0x0003)  # ToolTipRole
    assert "failing" in tooltip and "503" in tooltip
    assert "failing" in window.status_label.text()
    ok = model.index(_source_row(window, "tg:embassy_news"))
    assert ok.data(FacetRole.STATUS) == "ok"


def test_a_followed_source_without_posts_yet_is_in_the_sources_list_with_its_failure(
    fake_web: FakeWeb, library_with: Library, empty_windows: WindowFactory
) -> None:
    fake_web.serve("/feed.xml", rss("Ministry", []), "application/rss+xml")
    _follow(library_with, fake_web.url("/feed.xml"))
    feed_key = f"feed:{fake_web.url('/feed.xml')}"
    fake_web.serve("/feed.xml", b"maintenance", "text/plain", status=503, **{"Retry-After": "7200"})
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    qtbot.waitUntil(lambda: _source_row(window, feed_key) >= 0, timeout=10_000)
    window.window_actions.refresh_action.trigger()  # F5
    model = window.filter_panel.sources_model
    qtbot.waitUntil(lambda: model.index(_source_row(window, feed_key)).data(FacetRole.STATUS) == "failing")
    assert window.timeline_model.rowCount() == 0


def test_new_posts_arrive_while_a_post_is_open_without_losing_it(
    channel: Channel, library_with: Library, empty_windows: WindowFactory
) -> None:
    _follow(library_with, "@embassy_news")
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 30)
    window.select_row(4)
    opened = window.timeline.currentIndex().data(TimelineRole.POST_ID)
    qtbot.waitUntil(lambda: "Statement number" in window.reader.browser.toPlainText())
    shown = window.reader.browser.toPlainText()
    channel.add(5)
    window.refreshes.refresh_due()  # nothing is due yet: F5 pressed meanwhile must not be lost
    window.refreshes.refresh_all()
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 35, timeout=15_000)
    assert window.timeline.currentIndex().data(TimelineRole.POST_ID) == opened
    assert window.reader.browser.toPlainText() == shown
    qtbot.waitUntil(lambda: "5 new" in window.status_label.text())


def test_offline_is_one_quiet_status_line(
    fake_web: FakeWeb, library_with: Library, empty_windows: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(HOST_GAP_ENV, "0")
    fake_web.serve("/feed.xml", rss("Ministry", []), "application/rss+xml")
    _follow(library_with, fake_web.url("/feed.xml"))
    fake_web.server.stop()
    try:
        window = empty_windows.open()
        window.refreshes.refresh_all()
        empty_windows.qtbot.waitUntil(
            lambda: window.status_label.text() == "offline — showing what is stored", timeout=10_000
        )
        assert not [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, QMessageBox)]
    finally:
        fake_web.server.start()


def test_a_posts_photos_show_inline_from_the_library_after_the_server_is_gone(
    channel: Channel, fake_web: FakeWeb, library_with: Library, empty_windows: WindowFactory
) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QColor, QImage, QTextDocument

    from reader.ui.views.post_photos import PhotoDialog

    picture = QImage(1200, 800, QImage.Format.Format_RGB32)
    picture.fill(QColor("darkblue"))
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    fake_web.serve("/cdn/wide.png", bytes(buffer.data().data()), "image/png")
    channel.posts[30].photos = (fake_web.url("/cdn/wide.png"),)
    _follow(library_with, "@embassy_news")
    fake_web.server.stop()
    try:
        window = empty_windows.open()
        qtbot = empty_windows.qtbot
        window.resize(1200, 800)
        window.select_row(0)
        browser = window.reader.browser
        qtbot.waitUntil(lambda: bool(browser.photos), timeout=10_000)
        qtbot.waitUntil(lambda: "bulletin-media:0" in browser.toHtml())
        image = browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl("bulletin-media:0"))
        assert isinstance(image, QImage) and (image.width(), image.height()) == (1200, 800)
        shown_width = int(browser.toHtml().split('width="', 1)[1].split('"', 1)[0])
        assert shown_width <= browser.viewport().width(), "the photo is scaled to the pane"
        window.reader._on_browser_anchor_clicked(QUrl("bulletin-media:0"))
        dialog = window.reader.photo_dialog
        assert isinstance(dialog, PhotoDialog)
        assert dialog.label.pixmap().width() == 1200, "a click opens the photo at full size"
        dialog.close()
    finally:
        fake_web.server.start()


def test_a_source_renamed_from_the_sources_list_keeps_its_name_through_a_refresh(
    channel: Channel, library_with: Library, empty_windows: WindowFactory
) -> None:
    _follow(library_with, "@embassy_news")
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    model = window.filter_panel.sources_model
    qtbot.waitUntil(lambda: _source_row(window, "tg:embassy_news") >= 0, timeout=10_000)
    qtbot.waitUntil(lambda: "tg:embassy_news" in window.refreshes.states)
    names = [action.text() for action in window.sources_menu.actions_for("tg:embassy_news", "Embassy News")]
    assert names == ["&Refresh", "Re&name…", "Refresh &every…", "&Unsubscribe…", "&Open in browser"]
    window.sources_menu.rename("tg:embassy_news", "Посольство")
    qtbot.waitUntil(
        lambda: "Посольство" in str(model.index(_source_row(window, "tg:embassy_news")).data()), timeout=10_000
    )
    channel.add(2)
    window.refreshes.refresh_all()
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 32, timeout=15_000)
    assert "Посольство" in str(model.index(_source_row(window, "tg:embassy_news")).data())


def test_a_followed_sources_refresh_interval_is_changed_from_its_menu(
    channel: Channel, library_with: Library, empty_windows: WindowFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    _follow(library_with, "@embassy_news")
    window = empty_windows.open()
    qtbot = empty_windows.qtbot
    qtbot.waitUntil(lambda: "tg:embassy_news" in window.refreshes.states, timeout=10_000)
    assert window.refreshes.states["tg:embassy_news"].every_minutes == 30
    asked: list[int] = []

    def answer(*arguments: object) -> tuple[int, bool]:
        asked.append(int(str(arguments[3])))  # the value the dialog opens with: the current interval
        return 240, True

    monkeypatch.setattr(QInputDialog, "getInt", answer)
    interval = window.sources_menu.actions_for("tg:embassy_news", "Embassy News")[2]
    interval.trigger()
    qtbot.waitUntil(lambda: window.refreshes.states["tg:embassy_news"].every_minutes == 240, timeout=10_000)
    assert asked == [30]
    assert "every 240 min" in window.status_label.text()
    assert {item.key: item.every_minutes for item in library_with.store.subscriptions.all()}["tg:embassy_news"] == 240


def test_a_right_click_on_a_source_opens_one_menu(empty_windows: WindowFactory) -> None:
    window = empty_windows.open()
    view = window.filter_panel.sources_view
    assert view.receivers("2customContextMenuRequested(QPoint)") == 1
