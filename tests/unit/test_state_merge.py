"""State files sync two machines: merging gives the union, last writer wins, twice changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.domain import PostState
from reader.errors import ExportError, InputError
from reader.export.service import export_posts
from reader.importing.backups import ensure_daily_backup, export_state
from reader.store import PostFilter, Store
from reader.store.statefile import merge_post_state, state_document
from reader.store.stateguard import import_state

BILINGUAL = "tg:mfa_russia/100"
RUSSIAN = "tg:mid_rf/200"
ENGLISH = "tg:mfa_russia/201"
OTHER = "tg:mfa_russia/202"

Factory = Callable[[Path], Store]


def comparable(store: Store) -> dict[str, Any]:
    document = state_document(store)
    del document["exported_at"]
    return document


def test_two_machines_reading_different_posts_merge_to_the_union(tmp_path: Path, bilingual_library: Factory) -> None:
    laptop = bilingual_library(tmp_path / "laptop")
    desktop = bilingual_library(tmp_path / "desktop")
    laptop.state.set_read([RUSSIAN], at=100.0)
    laptop.state.set_bookmarked([RUSSIAN], note="Проверить итоги", at=101.0)
    laptop.pairs.decide_pair(BILINGUAL, (1,), (3,), "confirmed", at=102.0)
    desktop.state.set_read([OTHER, ENGLISH], at=200.0)
    desktop.state.set_tags(OTHER, ["Middle East", "срочно"], at=201.0)
    desktop.pairs.decide_counterpart(RUSSIAN, ENGLISH, "confirmed", at=202.0)
    export_state(laptop, tmp_path / "laptop.json")
    export_state(desktop, tmp_path / "desktop.json")

    fresh = bilingual_library(tmp_path / "fresh")
    first = import_state(fresh, tmp_path / "laptop.json")
    second = import_state(fresh, tmp_path / "desktop.json")
    assert (first.posts, second.posts) == (1, 2)
    states = fresh.state.states([RUSSIAN, ENGLISH, OTHER])
    assert states[RUSSIAN].read and states[RUSSIAN].bookmarked and states[RUSSIAN].note == "Проверить итоги"
    assert states[ENGLISH].read
    assert states[OTHER].read and states[OTHER].tags == ("Middle East", "срочно")
    record = fresh.records.get_record(BILINGUAL)
    assert record is not None and any(pair.confirmed for pair in record.post.pairs)
    assert fresh.timeline.post_count() == 5

    before = comparable(fresh)
    again = [import_state(fresh, tmp_path / name) for name in ("laptop.json", "desktop.json", "laptop.json")]
    assert [summary.changed for summary in again] == [0, 0, 0]
    assert comparable(fresh) == before

    # Each machine merging the other's file ends in the same state as the fresh one.
    import_state(laptop, tmp_path / "desktop.json")
    import_state(desktop, tmp_path / "laptop.json")
    assert comparable(laptop) == comparable(desktop) == before
    for store in (laptop, desktop, fresh):
        store.close()


def test_last_writer_wins_per_field(tmp_path: Path, bilingual_library: Factory) -> None:
    laptop = bilingual_library(tmp_path / "laptop")
    desktop = bilingual_library(tmp_path / "desktop")
    laptop.state.set_bookmarked([RUSSIAN], note="old note", at=100.0)
    laptop.state.set_read([RUSSIAN], at=500.0)  # read later on the laptop
    desktop.state.set_bookmarked([RUSSIAN], note="new note", at=300.0)  # but the note was changed on the desktop
    desktop.state.set_read([RUSSIAN], read=False, at=400.0)
    export_state(desktop, tmp_path / "desktop.json")
    import_state(laptop, tmp_path / "desktop.json")
    state = laptop.state.states([RUSSIAN])[RUSSIAN]
    assert state.note == "new note" and state.note_at == 300.0
    assert state.read and state.read_at == 500.0
    laptop.close()
    desktop.close()


def test_unbookmarking_later_wins_but_never_deletes_content(tmp_path: Path, bilingual_library: Factory) -> None:
    laptop = bilingual_library(tmp_path / "laptop")
    desktop = bilingual_library(tmp_path / "desktop")
    laptop.state.set_bookmarked([ENGLISH], note="keep", at=100.0)
    desktop.state.set_bookmarked([ENGLISH], False, at=200.0)
    export_state(desktop, tmp_path / "desktop.json")
    import_state(laptop, tmp_path / "desktop.json")
    state = laptop.state.states([ENGLISH])[ENGLISH]
    assert not state.bookmarked and state.note == "keep"
    assert laptop.timeline.post_count() == 5 and laptop.records.get_record(ENGLISH) is not None
    laptop.close()
    desktop.close()


def test_state_for_posts_not_imported_yet_waits_for_them(tmp_path: Path, bilingual_library: Factory) -> None:
    laptop = bilingual_library(tmp_path / "laptop")
    laptop.state.set_bookmarked([OTHER], note="later", at=10.0)
    export_state(laptop, tmp_path / "state.json")
    empty = Store.open(tmp_path / "empty")
    assert import_state(empty, tmp_path / "state.json").posts == 1
    assert empty.state.states([OTHER])[OTHER].note == "later"
    empty.close()
    laptop.close()


def test_equal_timestamps_converge_whatever_the_merge_order() -> None:
    left = PostState(note="a", note_at=5.0)
    right = PostState(note="b", note_at=5.0)
    assert merge_post_state(left, right) == merge_post_state(right, left)


def test_overwrite_is_refused_and_bad_files_are_named(tmp_path: Path, bilingual_library: Factory) -> None:
    store = bilingual_library(tmp_path / "library")
    target = tmp_path / "state.json"
    target.write_text("{}", encoding="utf-8")
    with pytest.raises(ExportError, match="already exists"):
        export_state(store, target)
    with pytest.raises(InputError, match="not a Bulletin Reader state file"):
        import_state(store, target)
    target.write_text("{ truncated", encoding="utf-8")
    with pytest.raises(InputError, match=r"state\.json: .*invalid JSON"):
        import_state(store, target)
    target.write_text(json.dumps({"format": "bulletin-reader-state", "version": 9}), encoding="utf-8")
    with pytest.raises(InputError, match="newer Bulletin Reader"):
        import_state(store, target)
    bad_time = {"format": "bulletin-reader-state", "version": 1, "posts": {RUSSIAN: {"read": {"value": True}}}}
    target.write_text(json.dumps(bad_time), encoding="utf-8")
    with pytest.raises(InputError, match="malformed"):
        import_state(store, target)
    assert store.state.states([RUSSIAN]) == {}
    store.close()


def test_daily_backup_runs_once_a_day_and_keeps_seven(tmp_path: Path, bilingual_library: Factory) -> None:
    data_dir = tmp_path / "library"
    store = bilingual_library(data_dir)
    assert ensure_daily_backup(store, data_dir, today=date(2025, 7, 1)) is None  # nothing to back up yet
    store.state.set_bookmarked([RUSSIAN], note="v1", at=1.0)
    first = ensure_daily_backup(store, data_dir, today=date(2025, 7, 1))
    assert first == data_dir / "backups" / "state-2025-07-01.json"
    store.state.set_note(RUSSIAN, "v2", at=2.0)
    ensure_daily_backup(store, data_dir, today=date(2025, 7, 1))
    assert "v1" in first.read_text(encoding="utf-8")  # the first backup of the day is kept as it was
    for offset in range(1, 10):
        ensure_daily_backup(store, data_dir, today=date(2025, 7, 1) + timedelta(days=offset))
    names = sorted(path.name for path in (data_dir / "backups").iterdir())
    assert names == [f"state-2025-07-{day:02d}.json" for day in range(4, 11)]
    restored = bilingual_library(tmp_path / "restored")
    import_state(restored, data_dir / "backups" / "state-2025-07-10.json")
    assert restored.state.states([RUSSIAN])[RUSSIAN].note == "v2"
    store.close()
    restored.close()


def test_backup_failure_never_stops_the_start(
    tmp_path: Path, bilingual_library: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    data_dir = tmp_path / "library"
    store = bilingual_library(data_dir)
    store.state.set_read([RUSSIAN])
    (data_dir / "backups").write_text("a file where the folder should be", encoding="utf-8")
    assert ensure_daily_backup(store, data_dir) is None
    store.close()
    # not silent: the failure is logged for whoever looks into why there is no backup
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "state backup in" in caplog.text and "backups" in caplog.text


timestamps = st.one_of(st.none(), st.sampled_from([1.0, 2.0, 3.0]))
post_states = st.builds(
    lambda read, read_at, bookmarked, bookmarked_at, note, note_at, tags, tags_at: PostState(
        read and read_at is not None,
        bookmarked and bookmarked_at is not None,
        note if note_at is not None else "",
        tuple(sorted(set(tags))) if tags_at is not None else (),
        read_at,
        bookmarked_at,
        note_at,
        tags_at,
    ),
    st.booleans(),
    timestamps,
    st.booleans(),
    timestamps,
    st.sampled_from(["", "a", "б"]),
    timestamps,
    st.lists(st.sampled_from(["x", "я"]), max_size=2),
    timestamps,
)


@given(post_states, post_states, post_states)
def test_field_merge_is_commutative_associative_and_idempotent(a: PostState, b: PostState, c: PostState) -> None:
    # These three laws are what make syncing through files safe in any order, any number of times.
    assert merge_post_state(a, b) == merge_post_state(b, a)
    assert merge_post_state(merge_post_state(a, b), c) == merge_post_state(a, merge_post_state(b, c))
    assert merge_post_state(merge_post_state(a, b), b) == merge_post_state(a, b)


def test_import_state_reads_the_state_of_a_json_export(tmp_path: Path, bilingual_library: Factory) -> None:
    laptop = bilingual_library(tmp_path / "laptop")
    laptop.state.set_bookmarked([RUSSIAN], note="из экспорта", at=50.0)
    export_posts(laptop, PostFilter(bookmarked=True), "json", tmp_path / "export.json")
    desktop = bilingual_library(tmp_path / "desktop")
    assert import_state(desktop, tmp_path / "export.json").posts == 1
    assert desktop.state.states([RUSSIAN])[RUSSIAN].note == "из экспорта"
    laptop.close()
    desktop.close()
