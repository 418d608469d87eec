"""Rename in the Sources list: the new name shows in the list and on the timeline's rows, and is stored."""

from __future__ import annotations

from pathlib import Path

from reader.importing.service import Library
from reader.ui.models.facets import FacetRole
from reader.ui.models.timeline import TimelineRole

from .conftest import WindowFactory

REPO = Path(__file__).resolve().parents[2]
SEED_DUMP = REPO / "resources" / "samples" / "000_a6b2ee9f8e8f0532.txt"


def test_renaming_a_source_in_the_sources_list(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "library"
    library = Library(data_dir, import_workers=0)
    library.import_paths([SEED_DUMP])
    library.close()
    windows = WindowFactory(qtbot, data_dir, tmp_path / "ui.ini")
    try:
        window = windows.open()
        panel = window.filter_panel
        sources = panel.sources_model
        assert sources.index(0).data(FacetRole.LABEL) == "000_a6b2ee9f8e8f0532"
        panel.rename_source(0, "  Russian Embassy in Singapore ")
        qtbot.waitUntil(lambda: sources.index(0).data(FacetRole.LABEL) == "Russian Embassy in Singapore")
        model = window.timeline_model
        qtbot.waitUntil(
            lambda: (
                model.rowCount() > 0
                and model.index(0).data(TimelineRole.ROW).source_title == "Russian Embassy in Singapore"
            )
        )
        assert [source.title for source in windows.store.state.sources()] == ["Russian Embassy in Singapore"]
        panel.rename_source(0, "   ")  # a blank name is no name: nothing is asked of the store
        assert sources.index(0).data(FacetRole.LABEL) == "Russian Embassy in Singapore"
    finally:
        windows.close_all()
