"""The JSON export is a full backup: importing it into a fresh library restores posts and bookmarks."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.export.service import export_posts
from reader.importing.service import Library
from reader.ingest.bulletin_json import IMPORTER
from reader.ingest.registry import importer_for_file
from reader.store import PostFilter, Store

BOOKMARKED = ("tg:mfa_russia/100", "tg:mid_rf/200", "file:bulletin.txt/h0123456789abcdef")


@pytest.fixture()
def store(tmp_path: Path, bilingual_library: Callable[[Path], Store]) -> Iterator[Store]:
    store = bilingual_library(tmp_path / "library")
    store.state.set_bookmarked(["tg:mfa_russia/100"], note="Ask about the Malaysia talks", at=1752140000.0)
    store.state.set_tags("tg:mfa_russia/100", ["Malaysia", "Лавров"], at=1752140001.0)
    store.state.set_bookmarked(["tg:mid_rf/200"], note="Проверить итоги саммита", at=1752150000.0)
    store.state.set_tags("tg:mid_rf/200", ["ASEAN"], at=1752150001.0)
    store.state.set_bookmarked(["file:bulletin.txt/h0123456789abcdef"], at=1752160000.0)
    store.state.set_read(["tg:mid_rf/200"], at=1752150002.0)
    yield store
    store.close()


def bookmarks(store: Store) -> dict[str, tuple[str, tuple[str, ...], bool]]:
    return {
        record.post.id: (record.state.note, record.state.tags, record.state.read)
        for record in store.records.iter_records(PostFilter(bookmarked=True))
    }


def test_json_export_imports_into_a_fresh_library_with_the_same_bookmarks(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    assert export_posts(store, PostFilter(bookmarked=True), "json", path).posts == 4  # the counterpart comes along
    header = json.loads(path.read_text(encoding="utf-8"))
    assert (header["format"], header["version"]) == ("bulletin-reader", 1)
    assert importer_for_file(path) is IMPORTER

    library = Library(tmp_path / "fresh")
    try:
        summary = library.import_paths([path])
        assert summary.new == 4
        assert bookmarks(library.store) == bookmarks(store)
        assert set(bookmarks(library.store)) == set(BOOKMARKED)
        for post_id in BOOKMARKED:
            original, restored = store.records.get_record(post_id), library.store.records.get_record(post_id)
            assert original is not None and restored is not None
            assert restored.post.url == original.post.url
            assert restored.post.date == original.post.date
            assert restored.post.source == original.post.source
            assert [p.text for p in restored.post.passages] == [p.text for p in original.post.passages]
            assert restored.state.bookmarked_at == original.state.bookmarked_at
        links = library.store.records.get_record("tg:mfa_russia/100")
        assert links is not None and links.post.passages[3].links[0].end == 13

        # Importing the same export again adds nothing and changes no state.
        again = library.import_paths([path])
        assert (again.new, again.updated) == (0, 0)
        assert bookmarks(library.store) == bookmarks(store)
    finally:
        library.close()


def test_newer_local_state_is_not_overwritten_by_an_old_export(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    export_posts(store, PostFilter(bookmarked=True), "json", path)
    library = Library(tmp_path / "library-copy", store=store)
    store.state.set_note("tg:mid_rf/200", "edited after the export", at=1752190000.0)
    library.import_paths([path])
    state = store.state.states(["tg:mid_rf/200"])["tg:mid_rf/200"]
    assert state.note == "edited after the export"


def test_truncated_export_is_refused_and_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    export_posts(store, PostFilter(bookmarked=True), "json", path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    library = Library(tmp_path / "fresh")
    try:
        with pytest.raises(InputError, match=r"bookmarks\.json: the export is truncated or damaged"):
            library.import_paths([path])
        assert library.store.timeline.post_count() == 0
        assert library.store.state.states(list(BOOKMARKED)) == {}
    finally:
        library.close()


def test_newer_export_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text('{"format": "bulletin-reader", "version": 7, "posts": []}', encoding="utf-8")
    library = Library(tmp_path / "fresh")
    try:
        with pytest.raises(InputError, match="newer Bulletin Reader"):
            library.import_paths([path])
    finally:
        library.close()
