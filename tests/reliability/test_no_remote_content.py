"""The reader shows post text as sanitised rich text and never fetches or opens anything by itself.

The posts here are hostile on purpose and go straight into the store, as if an importer had let
everything through: markup in the text, links with every scheme, media paths outside the export,
remote images. The reader must show markup as text, make anchors only for http, https and tg,
load no image or other resource (remote or local), show remote images as links, and open a link
only when it is clicked, through the system browser.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QImage, QPixmap, QTextCursor, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTextBrowser

from reader.domain import Link, Media, MediaKind, Passage, PassageKind, Post, Source
from reader.store import Store
from reader.ui.tasks import TaskRunner
from reader.ui.views.reader_pane import ReaderPane

PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
MARKUP = '<script>alert("x")</script><img src="https://evil.example/track.png"><iframe src="https://evil.example">'
SOURCE = Source("tg:hostile", "Hostile <b>channel</b>", "telegram", "https://t.me/hostile")


def _hostile_post(local_image: Path) -> Post:
    text = f"Read {MARKUP} and the statement. Open mid.ru, tg, file, js, data and mail links."
    links = []
    for url, word in (
        ("https://mid.ru/en/", "mid.ru"),
        ("tg://resolve?domain=MFARussia", "tg"),
        (local_image.as_uri(), "file"),
        ("javascript:alert(1)", "js"),
        ("data:text/html,<script>alert(2)</script>", "data"),
        ("mailto:press@example.org", "mail"),
    ):
        start = text.index(word, text.index("Open"))
        links.append(Link(url, start, start + len(word)))
    return Post(
        id="tg:hostile/1",
        source=SOURCE,
        message_id="1",
        url="javascript:alert(3)",
        date=datetime(2025, 7, 10, 9, 30, tzinfo=UTC),
        title=f"Title {MARKUP}",
        passages=(
            Passage(f"Title {MARKUP}", "en", PassageKind.TITLE),
            Passage(text, "en", links=tuple(links)),
            Passage(f'<a href="file://{local_image}">a local file</a> <img src="{local_image.as_uri()}">', "en"),
        ),
        media=(
            Media(MediaKind.PHOTO, path="photos/photo_1.jpg", available=True, name="photo_1.jpg"),
            Media(MediaKind.PHOTO, path="../../../outside.png", available=True),
            Media(MediaKind.PHOTO, path=None, available=False, name="https://evil.example/enclosure.jpg"),
        ),
        hashtags=("#<script>",),
    )


@pytest.fixture()
def pane(qtbot, data_dir: Path, tmp_path: Path) -> Iterator[tuple[ReaderPane, list[str]]]:  # type: ignore[no-untyped-def]
    local_image = tmp_path / "outside.png"
    local_image.write_bytes(PIXEL_PNG)
    store = Store.open(data_dir)
    with store.db.transaction():
        store.posts.upsert_posts([(_hostile_post(local_image), ())])
    store.close()
    runner = TaskRunner(data_dir)
    opened: list[str] = []
    reader = ReaderPane(runner, url_opener=lambda url: opened.append(url.toString()))
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    reader.show_post("tg:hostile/1")
    qtbot.waitUntil(lambda: "the statement" in reader.browser.toPlainText(), timeout=10_000)
    yield reader, opened
    runner.shutdown()
    QApplication.sendPostedEvents()


def _anchors(document: QTextDocument) -> list[tuple[str, int]]:
    """(href, position) of every anchor in the document."""
    found = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().isAnchor():
                found.append((fragment.charFormat().anchorHref(), fragment.position()))
            iterator += 1
        block = block.next()
    return found


def test_post_text_is_shown_as_text_not_markup(pane: tuple[ReaderPane, list[str]]) -> None:
    reader, _opened = pane
    shown = reader.browser.toPlainText()
    assert '<script>alert("x")</script>' in shown, "markup in a post is text to read"
    rendered = reader.browser.toHtml().lower()
    assert "<script" not in rendered and "<img" not in rendered and "<iframe" not in rendered
    assert "Hostile <b>channel</b>" in shown


def test_only_http_https_and_tg_become_links(pane: tuple[ReaderPane, list[str]]) -> None:
    reader, _opened = pane
    hrefs = {href for href, _position in _anchors(reader.browser.document())}
    assert "https://mid.ru/en/" in hrefs and "tg://resolve?domain=MFARussia" in hrefs
    assert all(QUrl(href).scheme() in ("http", "https", "tg") for href in hrefs), hrefs


def test_remote_images_are_shown_as_links(pane: tuple[ReaderPane, list[str]]) -> None:
    reader, _opened = pane
    hrefs = {href for href, _position in _anchors(reader.browser.document())}
    assert "https://evil.example/enclosure.jpg" in hrefs


def _size_of(resource: object) -> tuple[int, int] | None:
    if isinstance(resource, QImage | QPixmap):
        return resource.width(), resource.height()
    if isinstance(resource, QByteArray | bytes) and len(resource):
        image = QImage.fromData(bytes(resource))
        return (image.width(), image.height()) if not image.isNull() else None
    return None


def test_nothing_is_loaded_remote_or_local(qtbot, pane: tuple[ReaderPane, list[str]], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reader, _opened = pane
    picture = tmp_path / "outside.png"
    marker = QImage(7, 5, QImage.Format.Format_ARGB32)
    marker.fill(QColor("red"))
    assert marker.save(str(picture))
    local = QUrl.fromLocalFile(str(picture))
    inline = QUrl("data:image/png;base64," + base64.b64encode(picture.read_bytes()).decode())
    markup = (
        f'<p>x</p><img src="{local.toString()}"><img src="{picture}"><img src="outside.png">'
        f'<img src="https://evil.example/a.png"><img src="{inline.toString()}">'
    )
    urls = (local, QUrl(str(picture)), QUrl("outside.png"), QUrl("https://evil.example/a.png"), inline)

    # A plain QTextBrowser reads local images named in markup: the check below can see a load.
    control = QTextBrowser()
    qtbot.addWidget(control)
    control.setSearchPaths([str(tmp_path)])
    control.setHtml(markup)
    control.show()
    qtbot.wait(50)
    assert (7, 5) in [
        _size_of(control.document().resource(QTextDocument.ResourceType.ImageResource, url)) for url in urls
    ]

    # The reader's browser loads nothing, even if markup slipped through, also when laid out and painted.
    reader.browser.setSearchPaths([str(tmp_path)])
    reader.browser.setHtml(markup)
    qtbot.wait(50)
    reader.browser.viewport().repaint()
    document = reader.browser.document()
    for url in urls:
        size = _size_of(document.resource(QTextDocument.ResourceType.ImageResource, url))
        assert size != (7, 5), f"{url.toString()[:60]} was loaded"


def test_links_open_only_on_click_and_only_in_the_browser(qtbot, pane: tuple[ReaderPane, list[str]]) -> None:  # type: ignore[no-untyped-def]
    reader, opened = pane
    assert opened == [], "nothing opens without a click"
    browser = reader.browser
    clicked = []
    for href, position in _anchors(browser.document()):
        cursor = QTextCursor(browser.document())
        cursor.setPosition(position + 1)
        browser.ensureCursorVisible()
        browser.setTextCursor(cursor)
        point: QPoint = browser.cursorRect(cursor).center()
        QTest.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        clicked.append(href)
    assert clicked, "the post has links to click"
    assert opened, "a click on a link opens it"
    assert set(opened) <= {href for href in clicked}
    assert all(QUrl(url).scheme() in ("http", "https", "tg") for url in opened)
    # Qt itself never followed a link: the shown document is still the post, not a file or page.
    assert browser.source().isEmpty() and "the statement" in browser.toPlainText()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "mailto:press@example.org",
        "ftp://files.example/x",
        "smb://server/share",
        "outside.png",
    ],
)
def test_unsafe_link_targets_are_never_opened(url: str, pane: tuple[ReaderPane, list[str]]) -> None:
    reader, opened = pane
    reader.browser.anchorClicked.emit(QUrl(url))
    assert opened == []
    assert reader.browser.source().isEmpty()


@pytest.mark.parametrize("url", ["https://mid.ru/en/", "http://mid.ru/", "tg://resolve?domain=MFARussia"])
def test_safe_link_targets_open_in_the_system_browser(url: str, pane: tuple[ReaderPane, list[str]]) -> None:
    reader, opened = pane
    reader.browser.anchorClicked.emit(QUrl(url))
    assert opened == [url]
