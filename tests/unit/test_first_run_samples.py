"""A first run fills the empty library with the bundled samples, under names a reader can tell apart."""

from __future__ import annotations

from pathlib import Path

from reader.importing.service import Library
from reader.resources import resources_path


def test_the_first_run_shows_the_samples_under_readable_names_and_never_again(tmp_path: Path) -> None:
    library = Library(tmp_path / "library", import_workers=0)
    try:
        summary = library.import_samples_if_empty()
        assert summary is not None and summary.new > 0
        titles = {source.title for source in library.store.subscriptions.sources()}
        sample_files = [path.stem for path in resources_path("samples").iterdir()]
        assert "Embassy channel (sample)" in titles
        assert not titles & set(sample_files), "no source is named after a sample's file"
        library.store.state.rename_source("file:000_a6b2ee9f8e8f0532", "Посольство")
        assert library.import_samples_if_empty() is None, "a library with posts is left alone"
        assert "Посольство" in {source.title for source in library.store.subscriptions.sources()}
    finally:
        library.close()
