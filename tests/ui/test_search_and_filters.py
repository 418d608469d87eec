"""Filters with their counts, search as you type (Russian inflection, malformed queries), models."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from reader.store import PostFilter
from reader.ui.models.facets import FacetRole
from reader.ui.models.timeline import TimelineRole
from reader.ui.views.main_window import MainWindow

from .conftest import WindowFactory, make_post, seed_posts


def _post_ids(window: MainWindow) -> set[str]:
    model = window.timeline_model
    return {model.index(row).data(TimelineRole.POST_ID) for row in range(model.rowCount())}


def test_facet_counts_match_the_library_and_filter_the_timeline(window: MainWindow, windows: WindowFactory) -> None:
    qtbot = windows.qtbot
    panel = window.filter_panel
    store = windows.store
    languages = panel.languages_model
    for row in range(languages.rowCount()):
        key = languages.index(row).data(FacetRole.KEY)
        assert languages.index(row).data(FacetRole.TOTAL) == store.timeline.count(PostFilter(languages=(key,)))
    russian_row = languages.row_of("ru")
    assert russian_row >= 0
    languages.setData(languages.index(russian_row), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    expected = languages.index(russian_row).data(FacetRole.TOTAL)
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == expected)
    assert all("ru" in window.timeline_model.index(r).data(TimelineRole.ROW).languages for r in range(expected))

    # Within Russian the counts are the Russian posts' (the languages themselves stay counted in full).
    qtbot.waitUntil(lambda: panel.facets is not None and panel.facets.total == expected)
    assert languages.index(russian_row).data(FacetRole.TOTAL) == expected
    topics = panel.topics_model
    for row in range(topics.rowCount()):
        key = topics.index(row).data(FacetRole.KEY)
        assert topics.index(row).data(FacetRole.TOTAL) == store.timeline.count(
            PostFilter(languages=("ru",), topics=(key,))
        )
    languages.set_checked_keys([], notify=True)
    qtbot.waitUntil(lambda: panel.facets is not None and panel.facets.total == 14)
    asean = topics.row_of("ASEAN")
    topics.setData(topics.index(asean), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    asean_total = topics.index(asean).data(FacetRole.TOTAL)
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == asean_total)
    # the topic box narrows the list of topics, not the timeline
    panel.topic_filter.setText("asea")
    shown = {panel.topics_proxy.index(r, 0).data(FacetRole.KEY) for r in range(panel.topics_proxy.rowCount())}
    assert "ASEAN" in shown and "Russia" not in shown

    # Unread / Bookmarked and their counts
    panel.clear()
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 14)
    qtbot.waitUntil(lambda: "14" in panel.show_unread.text())  # the counts follow the cleared filter
    window.select_row(0)
    qtbot.waitUntil(lambda: store.timeline.count(PostFilter(unread=True)) == 13)
    window.facets.refresh()
    qtbot.waitUntil(lambda: panel.facets is not None and panel.facets.unread == 13)
    assert "13" in panel.show_unread.text()
    panel.set_show("unread")
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == 13)


def test_facet_models_pass_the_model_tester(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    panel = window.filter_panel
    for model in (panel.sources_model, panel.languages_model, panel.topics_model, panel.topics_proxy):
        qtmodeltester.check(model)


def test_search_finds_russian_inflections_and_hints_at_bad_queries(windows: WindowFactory, data_dir: Path) -> None:
    summit_ru = make_post("mid_rus", 1, "Министр принял участие в работе саммита АСЕАН в Куала-Лумпуре.", "ru", 10)
    other_ru = make_post("mid_rus", 2, "Брифинг официального представителя о визовых вопросах.", "ru", 11)
    summit_en = make_post("mfa_en", 3, "The minister attended the summits of ASEAN partners.", "en", 12)
    seed_posts(windows.data_dir, [summit_ru, other_ru, summit_en])
    window = windows.open()
    qtbot = windows.qtbot
    start_count = window.timeline_model.rowCount()

    window.search_box.setFocus()
    for letter in "=саммит":  # typed letter by letter: each keystroke restarts the debounce
        window.search_box.insert(letter)
    qtbot.waitUntil(lambda: _post_ids(window) == {summit_ru.id})
    assert window.window_layout.search_hint_label.text() == ""
    # without "=", the glossary's English forms are searched too, and the hint says so
    window.search_box.setText("саммит")
    qtbot.waitUntil(lambda: {summit_ru.id, summit_en.id} <= _post_ids(window))
    qtbot.waitUntil(lambda: "summit" in window.window_layout.search_hint_label.text())
    assert "=саммит" in window.window_layout.search_hint_label.text()
    window.search_box.setText("summit")
    qtbot.waitUntil(lambda: summit_en.id in _post_ids(window))
    window.search_box.setText("саммиту lang:ru")
    qtbot.waitUntil(lambda: _post_ids(window) == {summit_ru.id})

    # the reader highlights the hit in the open post
    window.select_row(0)
    qtbot.waitUntil(lambda: window.reader.document is not None)
    assert "саммита</span>" in window.reader.browser.toHtml()

    # a malformed query: a gentle hint, the previous results stay, no SQL error reaches the user
    window.search_box.setText('"саммит')
    qtbot.waitUntil(lambda: bool(window.search_hint))
    assert "quote" in window.search_hint
    assert "sql" not in window.search_hint.lower()
    assert _post_ids(window) == {summit_ru.id}
    window.search_box.setText("after:yesterday")
    qtbot.waitUntil(lambda: "date" in window.search_hint)

    window.search_box.clear()
    qtbot.waitUntil(lambda: window.timeline_model.rowCount() == start_count and not window.search_hint)


def test_searching_in_both_languages_can_be_turned_off_and_stays_off(windows: WindowFactory) -> None:
    summit_ru = make_post("mid_rus", 1, "Министр принял участие в работе саммита АСЕАН.", "ru", 10)
    summit_en = make_post("mfa_en", 3, "The minister attended the ASEAN summit.", "en", 12)
    seed_posts(windows.data_dir, [summit_ru, summit_en])
    window = windows.open()
    qtbot = windows.qtbot
    action = window.window_actions.search_both_languages_action
    assert action.isChecked()
    window.search_box.setText("саммит")
    qtbot.waitUntil(lambda: {summit_ru.id, summit_en.id} <= _post_ids(window))

    action.trigger()  # off: the word as typed only, and no hint about the other language
    qtbot.waitUntil(lambda: summit_en.id not in _post_ids(window) and summit_ru.id in _post_ids(window))
    assert window.window_layout.search_hint_label.text() == ""
    assert windows.settings.search_both_languages is False
    windows.close(window)

    reopened = windows.open()
    assert not reopened.window_actions.search_both_languages_action.isChecked()


def test_a_widened_search_lists_the_typed_words_hits_first(windows: WindowFactory) -> None:
    summit_ru = make_post("mid_rus", 1, "Министр принял участие в работе саммита АСЕАН.", "ru", 10)
    summit_en = make_post("mfa_en", 3, "The minister attended the ASEAN summit.", "en", 12)
    seed_posts(windows.data_dir, [summit_ru, summit_en])
    window = windows.open()
    qtbot = windows.qtbot
    model = window.timeline_model

    def listed() -> list[str]:  # the two posts, in the order the timeline shows them
        shown = [model.index(row).data(TimelineRole.POST_ID) for row in range(model.rowCount())]
        return [post_id for post_id in shown if post_id in (summit_ru.id, summit_en.id)]

    window.search_box.setText("саммит")  # the English post is newer, yet the Russian word's own hit leads
    qtbot.waitUntil(lambda: listed() == [summit_ru.id, summit_en.id])
    assert "summit" in window.window_layout.search_hint_label.text()
    window.search_box.setText("summit")
    qtbot.waitUntil(lambda: listed() == [summit_en.id, summit_ru.id])
    window.search_box.setText("=summit")
    qtbot.waitUntil(lambda: listed() == [summit_en.id])
