"""The timeline with a channel's polls and media-only posts; Hide empty; a screenshot when asked.

Set BULLETIN_READER_SCREENSHOT=/path/to/file.png to save the window as the test leaves it.
"""

from __future__ import annotations

import os
from pathlib import Path

from reader.importing.service import Library
from reader.ui.models.timeline import TimelineRole

from .conftest import WindowFactory

REPO = Path(__file__).resolve().parents[2]
KINDS_EXPORT = REPO / "tests" / "data" / "ingest" / "tg_kinds_html"
SEED_DUMP = REPO / "resources" / "samples" / "000_a6b2ee9f8e8f0532.txt"


def _titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.timeline_model
    while model.canFetchMore(model.index(-1)):
        model.fetchMore(model.index(-1))
    return [model.index(row).data(TimelineRole.ROW).title for row in range(model.rowCount())]


def test_polls_media_rows_and_hide_empty(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "library"
    library = Library(data_dir, import_workers=0)
    library.import_paths([KINDS_EXPORT, SEED_DUMP])
    library.close()
    windows = WindowFactory(qtbot, data_dir, tmp_path / "ui.ini")
    try:
        window = windows.open()
        window.resize(1280, 800)
        model = window.timeline_model
        everything = model.rowCount()
        rows = [model.index(row).data(TimelineRole.ROW) for row in range(everything)]
        assert rows and all(row is not None for row in rows)
        panel = window.filter_panel
        panel.hide_empty.setChecked(True)
        qtbot.waitUntil(lambda: model.rowCount() < everything)
        shown = [model.index(row).data(TimelineRole.ROW) for row in range(model.rowCount())]
        # The video, voice, audio, round video, sticker, GIF and the dump's two widget posts have
        # only media that is not in the export; polls, places, cards and captions stay.
        hidden = {row.id for row in rows} - {row.id for row in shown}
        assert "tg:Канал «Вести»/7" in hidden and "tg:Канал «Вести»/1" not in hidden
        assert all(not row.title and not row.snippet for row in rows if row.id in hidden)
        panel.hide_empty.setChecked(False)
        qtbot.waitUntil(lambda: model.rowCount() == everything)
        screenshot = os.environ.get("BULLETIN_READER_SCREENSHOT")
        if screenshot:
            qtbot.wait(300)
            assert window.grab().save(screenshot)
    finally:
        windows.close_all()
