"""A large file imported by worker processes gives the same library as one imported in-process."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import build_corpus
from reader.errors import ImportCancelledError, InputError
from reader.importing import prepare
from reader.importing.service import Library
from reader.store import PostFilter
from reader.store.keys import names_of

MESSAGES = 600


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = build_corpus(tmp_path_factory.mktemp("corpus"), MESSAGES, seed=7)
    return corpus.json_path


@pytest.fixture(autouse=True)
def small_files_go_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepare, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(prepare, "CHUNK", 32)  # many chunks, so their order matters


def _content(data_dir: Path) -> list[list[tuple[object, ...]]]:
    """Every content table, rows in a stable order, without the import time."""
    connection = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        # the search index keeps no text: what it holds is every stem with its post and position
        connection.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, post_fts, instance)")
        tables = [
            "SELECT id, source_key, message_id, date_ts, title, has_text, languages, topics, hashtags, reactions,"
            " media, pair_count, content_hash FROM posts ORDER BY rowid",
            "SELECT p.id, x.body FROM post_bodies x JOIN posts p ON p.rowid = x.post_rowid ORDER BY p.rowid",
            "SELECT p.id, x.ru, x.en, x.score FROM pairs x JOIN posts p ON p.rowid = x.post_rowid"
            " ORDER BY p.rowid, x.idx",
            "SELECT term, doc, col, offset FROM temp.terms ORDER BY doc, col, offset",
            "SELECT * FROM counterparts ORDER BY post_id, other_id",
            "SELECT * FROM sources ORDER BY key",
        ]
        keyed = [row[0] for row in connection.execute("SELECT post_rowid FROM post_key_ids ORDER BY 1")]
        # the keys by name: their ids depend on how the linking grouped the posts it keyed
        keys = [(rowid, names_of(connection, rowid)) for rowid in keyed]
        return [*(connection.execute(sql).fetchall() for sql in tables), keys]
    finally:
        connection.close()


def test_workers_give_the_same_posts_in_the_same_order(export: Path, tmp_path: Path) -> None:
    here = Library(tmp_path / "here", import_workers=0)
    summary_here = here.import_paths([export])
    here.close()
    parallel = Library(tmp_path / "parallel", import_workers=2)
    summary_parallel = parallel.import_paths([export])
    timeline = parallel.store.timeline.post_ids(PostFilter())
    parallel.close()

    assert summary_parallel.new == summary_here.new == MESSAGES
    assert [str(item) for item in summary_parallel.warnings] == [str(item) for item in summary_here.warnings]
    assert _content(tmp_path / "parallel") == _content(tmp_path / "here")
    assert len(timeline) == MESSAGES


def test_a_second_import_by_workers_changes_nothing(export: Path, tmp_path: Path) -> None:
    library = Library(tmp_path / "data", import_workers=2)
    library.import_paths([export])
    again = library.import_paths([export])
    library.close()
    assert (again.new, again.updated) == (0, 0)
    assert sum(item.unchanged for item in again.sources) == MESSAGES


def test_a_warning_found_by_the_workers_is_reported_once(export: Path, tmp_path: Path) -> None:
    document = json.loads(export.read_text(encoding="utf-8"))
    bad_id = document["messages"][40]["id"]
    document["messages"][40]["date"] = "not a date"
    document["messages"][40]["date_unixtime"] = "soon"
    broken = tmp_path / "result.json"
    broken.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    library = Library(tmp_path / "data", import_workers=2)
    summary = library.import_paths([broken])
    library.close()
    assert [item.location for item in summary.warnings] == [f"message {bad_id}"]


def test_a_broken_file_names_itself_and_leaves_the_library_as_it_was(export: Path, tmp_path: Path) -> None:
    library = Library(tmp_path / "data", import_workers=2)
    library.import_paths([export])
    before = _content(tmp_path / "data")
    truncated = tmp_path / "truncated.json"
    truncated.write_bytes(export.read_bytes()[: export.stat().st_size // 2])
    with pytest.raises(InputError, match=r"truncated\.json"):
        library.import_paths([truncated])
    library.close()
    assert _content(tmp_path / "data") == before


def test_cancel_stops_the_workers_and_keeps_nothing(export: Path, tmp_path: Path) -> None:
    library = Library(tmp_path / "data", import_workers=2)
    seen: list[int] = []

    def cancel_after_first_progress() -> bool:
        return bool(seen)

    with pytest.raises(ImportCancelledError):
        library.import_paths(
            [export], progress=lambda step: seen.append(step.posts_done), is_cancelled=cancel_after_first_progress
        )
    assert library.store.timeline.post_count() == 0
    library.close()


def _imports_as_in_process(export: Path, tmp_path: Path) -> None:
    """Import `export` as the machine's setting decides and in-process; the libraries must be the same."""
    here = Library(tmp_path / "here", import_workers=0)
    here.import_paths([export])
    here.close()
    library = Library(tmp_path / "default")
    summary = library.import_paths([export])
    library.close()
    assert summary.new == MESSAGES
    assert _content(tmp_path / "default") == _content(tmp_path / "here")


def test_on_two_cores_one_worker_prepares_while_the_importer_writes(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepare, "available_cores", lambda: 2)
    assert prepare.worker_count(prepare.schedule_for(2)) == 1
    _imports_as_in_process(export, tmp_path)


def test_the_importer_can_take_a_share_of_the_chunks(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepare, "schedule_for", lambda _cores: (prepare.LOCAL, 0, 0))
    _imports_as_in_process(export, tmp_path)


def test_when_no_worker_can_start_the_importer_prepares_everything(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepare, "available_cores", lambda: 2)
    # the spawned worker runs sys.exit with the worker's arguments: it fails before sending anything
    monkeypatch.setattr(prepare, "_work", sys.exit)
    _imports_as_in_process(export, tmp_path)


def test_chunks_the_worker_only_detects_are_prepared_by_the_importer(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepare, "schedule_for", lambda _cores: (0,))
    monkeypatch.setattr(prepare, "WRITER_SLACK", 1_000_000)  # the writer always about to wait: all left to it
    _imports_as_in_process(export, tmp_path)


def test_a_worker_that_leaves_nothing_to_the_importer_gives_the_same_library(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepare, "schedule_for", lambda _cores: (0,))
    monkeypatch.setattr(prepare, "WRITER_SLACK", -1)
    _imports_as_in_process(export, tmp_path)
