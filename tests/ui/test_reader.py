"""The reader: side-by-side pairs, highlight, language switch, user re-pairing, sanitised text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument

from reader.domain import Counterpart, Link, Pair, Passage, Post, PostRecord, Source
from reader.store import Store
from reader.ui.models.timeline import TimelineRole
from reader.ui.tasks import TaskRunner
from reader.ui.views.main_window import MainWindow
from reader.ui.views.post_document import HtmlBuilder, ReaderDocument, RenderState, aligned_rows, load_document
from reader.ui.views.reader_pane import ReaderPane

from .conftest import BILINGUAL_TITLE, WindowFactory, make_post, seed_posts


def _open_bilingual(window: MainWindow, windows: WindowFactory) -> None:
    model = window.timeline_model
    row = next(
        r for r in range(model.rowCount()) if model.index(r).data(TimelineRole.ROW).title.startswith(BILINGUAL_TITLE)
    )
    assert model.index(row).data(TimelineRole.HAS_PAIRS) is True  # the timeline's pair badge
    window.select_row(row)
    windows.qtbot.waitUntil(lambda: window.reader.document is not None and window.reader.document.paired)


def _click_text(windows: WindowFactory, pane: ReaderPane, text: str) -> None:
    browser = pane.browser
    cursor = browser.document().find(text)
    assert not cursor.isNull(), text
    cursor.setPosition(cursor.selectionStart() + 2)
    point: QPoint = browser.cursorRect(cursor).center()
    windows.qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_side_by_side_highlight_and_language_switch(window: MainWindow, windows: WindowFactory) -> None:
    _open_bilingual(window, windows)
    reader = window.reader
    document = reader.document
    assert document is not None
    assert [(row.left, row.right) for row in document.rows] == [((0,), (3,)), ((1,), (4,)), ((2,), (5,))]
    text = reader.browser.toPlainText()
    assert "О визите российских школьников" in text and "Visit of Russian School Students" in text

    _click_text(windows, reader, "On July 18, 2025")
    assert reader.selected_passage == (1, 1)
    assert reader.counterpart_of_selection() == (1, 0)
    colors = reader._colors()
    html = reader.browser.toHtml()
    assert colors.counterpart in html and colors.selected in html

    window.activateWindow()
    windows.qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert reader.languages == "ru"
    text = reader.browser.toPlainText()
    assert "О визите российских школьников" in text and "Visit of Russian School Students" not in text
    windows.qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    text = reader.browser.toPlainText()
    assert "О визите российских школьников" not in text and "Visit of Russian School Students" in text
    windows.qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert reader.languages == "both"
    assert windows.settings.reader_languages.value == "both"


def test_a_user_re_pairing_survives_a_re_import(window: MainWindow, windows: WindowFactory, samples_dir: Path) -> None:
    from reader.importing.service import Library

    qtbot = windows.qtbot
    _open_bilingual(window, windows)
    reader = window.reader
    post_id = reader.document.record.post.id  # type: ignore[union-attr]
    with qtbot.waitSignal(reader.pair_decided, timeout=10_000):
        reader.decide_pair(2, "rejected")  # «Во время встречи…» ↔ "During the visit…"
    qtbot.waitUntil(lambda: reader.document is not None and len(reader.document.rows) == 4)
    # the user pairs the third Russian paragraph with the second English one instead
    rows = reader.document.rows  # type: ignore[union-attr]
    left_row = next(n for n, row in enumerate(rows) if row.left == (2,))
    right_row = next(n for n, row in enumerate(rows) if row.right == (4,))
    with qtbot.waitSignal(reader.pair_decided, timeout=10_000):
        reader.pair_passages(left_row, right_row)
    expected = {((0,), (3,)), ((2,), (4,))}
    qtbot.waitUntil(
        lambda: {(row.left, row.right) for row in reader.document.rows if row.paired} == expected  # type: ignore[union-attr]
    )
    assert "confirmed by you" in reader.browser.toPlainText()

    # Re-import the samples, and re-pair the post as a new aligner run would (the content is rewritten).
    library = Library(windows.data_dir)
    library.import_paths([samples_dir])
    store = library.store
    post = store.records.get_posts([store.records.rowid_of(post_id)])[0]  # type: ignore[list-item]
    repaired = post.with_changes(pairs=tuple(Pair(p.ru, p.en, p.score * 0.99) for p in post.pairs))
    with store.db.transaction():
        result = store.posts.upsert_posts([(repaired, ())])
    assert list(result.updated_rowids) == [store.records.rowid_of(post_id)]
    library.close()

    window.library_changed()
    reader.reload()
    qtbot.waitUntil(
        lambda: (
            reader.document is not None
            and reader.document.record.post.pairs[0].score < 1.0
            and {(row.left, row.right) for row in reader.document.rows if row.paired} == expected
        )
    )


def test_low_confidence_pairs_are_shown_as_such() -> None:
    source = Source("tg:mid", "MID", "telegram")
    post = Post(
        id="tg:mid/1",
        source=source,
        passages=(Passage("Первый абзац.", "ru"), Passage("Second paragraph.", "en")),
        pairs=(Pair((0,), (1,), 0.31),),
        date=datetime(2025, 7, 1, tzinfo=UTC),
    )
    rows = aligned_rows([0], [1], post.pairs)
    document = ReaderDocument(PostRecord(post), post, post, rows)
    html, cells = HtmlBuilder(RenderState(), _texts()).side_by_side_html(document)
    assert "low confidence" in html and "0.31" in html
    assert cells[(1, 0)] == (0, 0) and cells[(1, 1)] == (0, 1)


def _linked_counterparts(data_dir: Path) -> tuple[Post, Post, Store]:
    """A Russian post and its English version in another channel, linked as counterparts; the open store."""
    russian = make_post("mid_rus", 7, "Министр встретился с коллегой из Малайзии 10 июля.", "ru", 10)
    english = make_post("mfa_en", 8, "The minister met his Malaysian colleague on July 10.", "en", 10)
    seed_posts(data_dir, [russian, english])
    store = Store.open(data_dir)
    with store.db.transaction():
        store.posts.set_counterparts(russian.id, [Counterpart(english.id, 0.9)])
    return russian, english, store


def test_a_counterpart_post_is_shown_beside_the_post(data_dir: Path) -> None:
    russian, english, store = _linked_counterparts(data_dir)
    for opened in (english.id, russian.id):
        document = load_document(store, opened)
        assert document is not None and document.paired
        assert document.left.id == russian.id and document.right.id == english.id  # type: ignore[union-attr]
        assert document.rows[0].left == (0,) and document.rows[0].right == (0,)
    store.close()


def test_post_text_is_escaped_and_links_are_safe(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    text = "<script>alert(1)</script><img src='http://evil.example/x.png'> see site and bad"
    start = text.index("site")
    bad = text.index("bad")
    post = make_post("mid", 9, "x", "en", 3).with_changes(
        passages=(
            Passage(
                text,
                "en",
                links=(Link("https://mid.ru/page", start, start + 4), Link("javascript:alert(2)", bad, bad + 3)),
            ),
        ),
        url="javascript:alert(3)",
    )
    seed_posts(data_dir, [post])
    opened: list[str] = []
    runner = TaskRunner(data_dir)
    pane = ReaderPane(runner, url_opener=lambda url: opened.append(url.toString()))
    qtbot.addWidget(pane)
    pane.show()
    pane.show_post(post.id)
    qtbot.waitUntil(lambda: pane.document is not None)
    html = pane.browser.toHtml()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://mid.ru/page"' in html
    assert "javascript:" not in html
    resource = pane.browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("http://evil.example/x.png"))
    # nothing fetched: no resource at all, or an empty / one-pixel placeholder
    assert (
        resource is None
        or (isinstance(resource, QByteArray) and resource.isEmpty())
        or (isinstance(resource, QImage) and resource.width() * resource.height() <= 1)
    )
    pane.browser.anchorClicked.emit(QUrl("https://mid.ru/page"))
    pane.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert opened == ["https://mid.ru/page"]
    runner.shutdown()


def _texts() -> dict[str, str]:
    keys = ("open_original", "bookmarked", "topics", "counterpart", "media", "russian", "english", "confirmed")
    texts = {key: key for key in keys}
    texts["low_confidence"] = "low confidence"
    return texts


def test_rejecting_a_counterpart_post_shows_the_post_alone(qtbot, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    russian, english, store = _linked_counterparts(data_dir)
    runner = TaskRunner(data_dir)
    pane = ReaderPane(runner)
    qtbot.addWidget(pane)
    pane.show_post(english.id)
    qtbot.waitUntil(lambda: pane.document is not None and pane.document.paired)
    with qtbot.waitSignal(pane.pair_decided, timeout=10_000):
        pane.decide_counterpart("rejected")
    qtbot.waitUntil(lambda: pane.document is not None and not pane.document.paired)
    assert "Министр" not in pane.browser.toPlainText()
    assert load_document(store, russian.id).paired is False  # type: ignore[union-attr]
    runner.shutdown()
    store.close()
