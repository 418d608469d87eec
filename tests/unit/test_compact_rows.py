"""The posts' rows kept small: the content digest as 8 bytes, and libraries that hold the older, longer
form still tell unchanged posts from updated ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.importing.service import Library
from reader.store import posts

from .test_linking import _channel


def test_a_reimport_finds_every_post_unchanged_whichever_digest_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = _channel(tmp_path)
    for name, older_form in (("new", False), ("old", True)):
        library = Library(tmp_path / name, import_workers=0)
        try:
            with monkeypatch.context() as patched:
                if older_form:  # as schema 13 and before stored it: the whole digest in hex
                    patched.setattr(posts, "stored_digest", lambda hexdigest: hexdigest)
                first = library.import_paths([export], link=False)
            stored = library.store.db.execute("SELECT content_hash FROM posts LIMIT 1").fetchone()[0]
            again = library.import_paths([export], link=False)
        finally:
            library.close()
        assert first.new > 30 and again.new == 0
        assert again.updated == 0, name
        assert isinstance(stored, str if older_form else bytes)
        assert len(stored) == (40 if older_form else 8)


def test_a_changed_post_is_still_updated(tmp_path: Path) -> None:
    export = _channel(tmp_path)
    library = Library(tmp_path / "data", import_workers=0)
    try:
        library.import_paths([export], link=False)
        export.write_text(export.read_text(encoding="utf-8").replace("Lavrov met", "Lavrov greeted"), encoding="utf-8")
        again = library.import_paths([export], link=False)
    finally:
        library.close()
    assert again.updated == 8 and again.new == 0
