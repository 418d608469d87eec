"""The posts' rows kept small: the content digest as 8 bytes (libraries that hold the older, longer form
still tell unchanged posts from updated ones), and a title made from the post's first line as its cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import build_corpus
from reader.importing.service import Library
from reader.store import PostFilter, posts
from reader.store.codec import title_cut, title_from

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


@pytest.mark.parametrize(
    ("title", "first", "cut"),
    [
        ("Lavrov met Wang Yi", "Lavrov met Wang Yi", 18),
        ("Lavrov met Wang Yi", "Lavrov met Wang Yi in Beijing.", 18),
        ("Lavrov met…", "Lavrov met Wang Yi in Beijing.", -10),
        ("Lavrov  met", "Lavrov met Wang Yi", None),  # spaced otherwise: kept as text
        ("A poll", None, None),  # no passages
        ("", "Text", None),  # no title
        ("…", "…and more", 1),
    ],
)
def test_a_title_starting_the_first_passage_is_kept_as_its_cut(title: str, first: str | None, cut: int | None) -> None:
    assert title_cut(title, first) == cut
    stored = "" if cut is not None else title
    assert title_from(stored, cut, first) == title


def test_titles_cut_from_the_text_read_back_everywhere(tmp_path: Path) -> None:
    """Timeline rows, whole posts, search and the empty-post filter see the same titles as stored whole."""
    export = build_corpus(tmp_path / "corpus", 300, seed=3).json_path
    found = {}
    for name, cut in (("cut", True), ("whole", False)):
        library = Library(tmp_path / name, import_workers=0)
        try:
            with pytest.MonkeyPatch.context() as patched:
                if not cut:
                    patched.setattr(posts, "title_cut", lambda title, first: None)
                library.import_paths([export], link=False)
            store = library.store
            cuts = store.db.execute("SELECT count(*) FROM posts WHERE title_cut IS NOT NULL").fetchone()[0]
            pages = store.timeline.timeline_rows([r for _, r in store.timeline.timeline_ids(PostFilter(), 10**6)])
            found[name] = (
                [record.post for record in store.records.iter_records(PostFilter())],
                [(row.id, row.title, row.snippet) for row in pages],
                store.timeline.post_ids(PostFilter(search="Lavrov")),
                store.timeline.post_ids(PostFilter(hide_empty=True)),
                cuts,
            )
        finally:
            library.close()
    assert found["cut"][:4] == found["whole"][:4]
    assert found["cut"][4] > 200 and found["whole"][4] == 0
