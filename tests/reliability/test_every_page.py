"""Issue 23's first "done when": any single page of either library file zeroed, or the file cut short,
then starting: every state row still readable in the damaged file or any backup is back, and the
report says what was kept.

A small library (so that every page can be tried) holds every kind of state: read marks, bookmarks,
notes (one long enough to spill to overflow pages), tags, pair and counterpart decisions. A daily
backup holds part of it; the rest was changed after the backup. The oracle for a zeroed page of the
state database is SQLite's own `dbstat` of the pristine file: rows on other pages must come back as
they were last written, rows on the zeroed page as the backup (or another readable copy) had them.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from reader.domain import PostState
from reader.importing import pagescan, salvage
from reader.importing.backups import ensure_daily_backup
from reader.importing.recovery import open_store
from reader.importing.service import Library
from reader.store import PostFilter
from reader.store.db import DATABASE_NAME, STATE_DATABASE_NAME

PAGE = 4096
LONG_NOTE = "Заметка на полях / a note in the margin. " * 300  # about 14 KB: a chain of overflow pages


@dataclass(frozen=True)
class Pristine:
    folder: Path
    ids: list[str]
    backed_up: dict[str, PostState]
    latest: dict[str, PostState]
    pairs: int
    counterparts: int


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, write_telegram_export) -> Iterator[Pristine]:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("every-page")
    export = write_telegram_export(root / "result.json", 12, channel_id=1500000003, seed=9)
    folder = root / "data"
    library = Library(folder)
    try:
        library.import_paths([export], link=False)
        store = library.store
        ids = sorted(store.timeline.post_ids(PostFilter()))
        store.state.set_read(ids[:5], at=1_700_000_100.0)
        store.state.set_bookmarked(ids[2:4], note="short note", at=1_700_000_200.0)
        store.state.set_note(ids[5], "the long note's first version", at=1_700_000_210.0)
        store.pairs.decide_pair(ids[1], (0,), (0,), "confirmed", ids[2], at=1_700_000_250.0)
        assert ensure_daily_backup(store, folder, today=date(2026, 11, 22)) is not None
        backed_up = dict(store.state.iter_states())
        store.state.set_note(ids[5], LONG_NOTE, at=1_700_000_300.0)  # after the backup: only the file has it
        store.state.set_tags(ids[6], ["ASEAN", "brief"], at=1_700_000_310.0)
        store.state.set_read([ids[9]], at=1_700_000_400.0)
        store.pairs.decide_counterpart(ids[7], ids[8], "rejected", at=1_700_000_500.0)
        latest = dict(store.state.iter_states())
    finally:
        library.close()
    for name in (DATABASE_NAME, STATE_DATABASE_NAME):
        with contextlib.closing(sqlite3.connect(folder / name)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield Pristine(folder, ids, backed_up, latest, 1, 1)


def _fresh_copy(pristine: Pristine, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(pristine.folder, target)
    return target


def _zero_page(path: Path, page: int) -> None:
    data = bytearray(path.read_bytes())
    data[(page - 1) * PAGE : page * PAGE] = bytes(PAGE)
    path.write_bytes(bytes(data))


def _pages(path: Path) -> dict[int, tuple[str, str]]:
    """Each page's b-tree and kind (leaf, internal, overflow), from SQLite's dbstat; free pages absent."""
    with contextlib.closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        try:
            rows = connection.execute("SELECT pageno, name, pagetype FROM dbstat").fetchall()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table")
        (count,) = connection.execute("PRAGMA page_count").fetchone()
    pages = {int(number): (str(name), str(kind)) for number, name, kind in rows}
    return {number: pages.get(number, ("", "free")) for number in range(1, count + 1)}


def _recovered(folder: Path) -> tuple[dict[str, PostState], int, int, str]:
    store, report = open_store(folder)
    try:
        states = dict(store.state.iter_states())
        pairs = sum(1 for _ in store.pairs.iter_pair_decisions())
        counterparts = sum(1 for _ in store.pairs.iter_counterpart_decisions()) // 2
    finally:
        store.close()
    return states, pairs, counterparts, "" if report is None else str(report)


def _kept_line(states: dict[str, PostState], pairs: int, counterparts: int) -> str:
    return (
        f"Kept: {sum(state.read for state in states.values())} read marks, "
        f"{sum(state.bookmarked for state in states.values())} bookmarks, "
        f"{sum(bool(state.note) for state in states.values())} notes, "
        f"{sum(bool(state.tags) for state in states.values())} tag lists, "
        f"{pairs} pair decisions, {counterparts} counterpart decisions."
    )


@pytest.fixture()
def without_sqlite3_program(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our own page scan must do the work that `sqlite3 .recover` would otherwise do."""
    monkeypatch.setattr(salvage.shutil, "which", lambda name: None)


def test_any_page_of_the_state_database_zeroed(
    pristine: Pristine, tmp_path: Path, without_sqlite3_program: None
) -> None:
    layout = _pages(pristine.folder / STATE_DATABASE_NAME)
    assert any(kind == "overflow" for _, kind in layout.values()), "the long note must spill to overflow pages"
    failures: list[str] = []
    for page, (owner, kind) in layout.items():
        folder = _fresh_copy(pristine, tmp_path / "trial")
        original = (folder / STATE_DATABASE_NAME).read_bytes()[(page - 1) * PAGE : page * PAGE]
        _zero_page(folder / STATE_DATABASE_NAME, page)
        states, pairs, counterparts, report = _recovered(folder)
        where = f"page {page} ({owner} {kind})"
        if owner and not report:
            failures.append(f"{where}: the damage went unnoticed")
            continue
        # Rows whose own page was lost come back as the backup had them; every other row as last written.
        lost = {
            post_id
            for post_id in pristine.latest
            if owner == "post_state" and (post_id.encode() in original or kind == "overflow")
        }
        if kind == "overflow":
            lost = {pristine.ids[5]}  # the long note's own chain
        for post_id, state in pristine.latest.items():
            got = states.get(post_id)
            if post_id not in lost and got != state:
                failures.append(f"{where}: {post_id} came back as {got}, not {state}")
            elif post_id in lost and got not in (state, pristine.backed_up.get(post_id)):
                failures.append(f"{where}: {post_id} came back as {got}, not as backed up or last written")
        if set(states) - set(pristine.latest):
            failures.append(f"{where}: state for posts that never had any: {set(states) - set(pristine.latest)}")
        if owner not in ("pair_decisions",) and pairs != pristine.pairs:
            failures.append(f"{where}: {pairs} pair decisions")
        if owner not in ("counterpart_decisions",) and counterparts != pristine.counterparts:
            failures.append(f"{where}: {counterparts} counterpart decisions")
        if report and _kept_line(states, pairs, counterparts) not in report:
            failures.append(f"{where}: the report does not say what was kept: {report}")
    assert not failures, "\n".join(failures)


def test_any_page_of_the_content_zeroed_keeps_every_state_row(pristine: Pristine, tmp_path: Path) -> None:
    layout = _pages(pristine.folder / DATABASE_NAME)
    failures: list[str] = []
    unnoticed = []
    for page, (owner, kind) in layout.items():
        folder = _fresh_copy(pristine, tmp_path / "trial")
        _zero_page(folder / DATABASE_NAME, page)
        states, pairs, counterparts, report = _recovered(folder)
        where = f"page {page} ({owner} {kind})"
        if states != pristine.latest or (pairs, counterparts) != (pristine.pairs, pristine.counterparts):
            failures.append(f"{where}: the state changed")
        if report and _kept_line(states, pairs, counterparts) not in report:
            failures.append(f"{where}: the report does not say what was kept")
        if not report:
            unnoticed.append((page, owner, kind))
    assert not failures, "\n".join(failures)
    # A zeroed free page harms nothing; the last page of an overflow chain is the one that SQLite's checks
    # cannot see (its text reads as NUL bytes): the posts are re-imported from their files either way.
    assert all(kind in ("free", "overflow") for _, _, kind in unnoticed), unnoticed


@pytest.mark.parametrize("name", [DATABASE_NAME, STATE_DATABASE_NAME])
@pytest.mark.parametrize("cut", ["0", "4 KB", "50 %", "99 %"])
def test_a_file_cut_short(pristine: Pristine, tmp_path: Path, name: str, cut: str) -> None:
    folder = _fresh_copy(pristine, tmp_path / "trial")
    path = folder / name
    data = path.read_bytes()
    length = {"0": 0, "4 KB": PAGE, "50 %": len(data) // 2, "99 %": len(data) * 99 // 100}[cut]
    path.write_bytes(data[:length])
    states, pairs, counterparts, report = _recovered(folder)
    assert report, "the cut went unnoticed"
    assert _kept_line(states, pairs, counterparts) in report
    if name == DATABASE_NAME:
        assert states == pristine.latest and (pairs, counterparts) == (1, 1)
    else:
        # Every row on the part that is left is back; the rest as the backup had it.
        for post_id, state in pristine.latest.items():
            assert states.get(post_id) in (state, pristine.backed_up.get(post_id)), post_id
        assert "your posts were not touched" in report


def test_the_page_scan_follows_overflow_chains(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notes (id TEXT PRIMARY KEY, note TEXT, at REAL) WITHOUT ROWID")
        connection.execute("CREATE TABLE plain (note TEXT, at REAL)")
        connection.execute("INSERT INTO notes VALUES ('tg:1/1', ?, 1.5)", (LONG_NOTE,))
        connection.execute("INSERT INTO plain VALUES (?, 2.5)", (LONG_NOTE * 2,))
        connection.execute("INSERT INTO plain VALUES ('short', 3.5)")
        connection.commit()
    found = list(pagescan.records(path))
    assert ("tg:1/1", LONG_NOTE, 1.5) in found
    assert (LONG_NOTE * 2, 2.5) in found and ("short", 3.5) in found
