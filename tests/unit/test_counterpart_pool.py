"""The counterpart search's worker process: the same links as one process, whatever becomes of it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.errors import ImportCancelledError
from reader.importing import counterpart_pool, counterpart_search
from reader.importing.counterpart_pool import PairScores, Scored, ScoringPool, score_locally
from reader.importing.service import Library

from .conftest import agenda_posts, channel_export, school_visit_blocks

DAY = 86400
NAMES = ["Вэнем", "Джайшанкаром", "Фиданом", "Аракчи", "Рубио", "Вадефулем", "Барро", "Лами"]


def _channel(folder: Path) -> Path:
    """Meetings told in Russian and then in English, and the school visit, among unrelated posts."""
    russian, english = school_visit_blocks()
    start = 1752825600
    messages = [(1, start, russian), (2, start + 6 * 3600, english)]
    for number, name in enumerate(NAMES):
        moment = start + number * DAY // 3
        messages.append((100 + number, moment, f"Министр Лавров встретился с {name} в Москве {number + 10} мая."))
        messages.append((200 + number, moment + 3600, f"Lavrov met {name} in Moscow on {number + 10} May."))
    messages.extend(agenda_posts(60, start, DAY // 10, first_id=300))
    return channel_export(folder, messages)


def _links(library: Library) -> list[tuple[str, str, float]]:
    rows = library.store.db.execute("SELECT post_id, other_id, score FROM counterparts ORDER BY post_id, other_id")
    return [(str(post_id), str(other_id), float(score)) for post_id, other_id, score in rows]


def _import(folder: Path, export: Path) -> list[tuple[str, str, float]]:
    library = Library(folder)
    try:
        library.import_paths([export])
        return _links(library)
    finally:
        library.close()


@pytest.fixture
def small_jobs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[ScoringPool | None]]:
    """Any search uses the worker, in jobs of one post; yields the pools the searches started."""
    monkeypatch.setattr(counterpart_pool, "PARALLEL_MIN_POSTS", 0)
    monkeypatch.setattr(counterpart_pool, "JOB_POSTS", 1)
    monkeypatch.setattr(counterpart_pool, "MIN_JOB_POSTS", 1)
    monkeypatch.setattr(counterpart_pool, "LOCAL_STEP", 1)
    monkeypatch.setattr(counterpart_pool, "spare_cores", lambda: 1)
    started: list[ScoringPool | None] = []
    start = ScoringPool.start

    def recorded() -> ScoringPool | None:
        pool = start()
        started.append(pool)
        if pool is not None:  # a worker that has started, so it takes its share of a small search
            pool._send(-1, [], {})
            assert pool.worker.connection.poll(60)
            pool.worker.connection.recv()
        return pool

    monkeypatch.setattr(ScoringPool, "start", staticmethod(recorded))
    yield started


def test_the_worker_links_the_same_posts_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_jobs: list[ScoringPool | None]
) -> None:
    export = _channel(tmp_path)
    scoring = score_locally

    def slowly(*arguments: Any) -> dict[int, Scored]:
        time.sleep(0.02)  # the importer, not its worker: leave the worker time to take jobs, even on a busy machine
        return scoring(*arguments)

    monkeypatch.setattr(counterpart_pool, "score_locally", slowly)
    shared = _import(tmp_path / "shared", export)
    assert small_jobs and small_jobs[0] is not None and small_jobs[0].shared > 0
    monkeypatch.setattr(counterpart_pool, "PARALLEL_MIN_POSTS", 10**9)
    alone = _import(tmp_path / "alone", export)
    assert len(small_jobs) == 1
    assert shared == alone
    assert len(alone) >= 2 * (len(NAMES) + 1)


def test_the_worker_scores_a_job_as_the_importer_does(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    try:
        library.import_paths([_channel(tmp_path)])
        rows = [row for row in library.store.pairs.keyed_posts_between(0, 2e9)]
        index = counterpart_search._WindowIndex(library.store, 0, 2e9)
        wanted = [(rowid, found) for rowid, *_ in rows if (found := index.candidates(rowid, 3 * DAY))]
        posts = library.store.records.posts_by_rowid(sorted({r for rowid, found in wanted for r in (rowid, *found)}))
    finally:
        library.close()
    assert len(wanted) > 10
    pool = ScoringPool.start()
    assert pool is not None
    try:
        number = pool._send(0, wanted, posts)
        assert pool.worker.connection.poll(60)
        replied, found = pool.worker.connection.recv()
    finally:
        pool.close()
    assert replied == number
    assert found == score_locally(wanted, posts, PairScores())
    assert any(scored for scored in found.values())


def test_a_worker_that_stopped_leaves_its_share_to_the_importer(
    tmp_path: Path, small_jobs: list[ScoringPool | None]
) -> None:
    export = _channel(tmp_path)
    alone = _import(tmp_path / "alone", export)  # small_jobs: this one started a pool too
    original = ScoringPool.start

    def stopped() -> ScoringPool | None:
        pool = original()
        assert pool is not None
        pool.worker.process.kill()
        pool.worker.process.join(5)
        return pool

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ScoringPool, "start", staticmethod(stopped))
        assert _import(tmp_path / "stopped", export) == alone


def test_a_search_whose_worker_cannot_start_runs_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_jobs: list[ScoringPool | None]
) -> None:
    export = _channel(tmp_path)
    alone = _import(tmp_path / "alone", export)

    def refuse(self: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr("multiprocessing.context.SpawnProcess.start", refuse)
    assert _import(tmp_path / "refused", export) == alone
    assert small_jobs[-1] is None


def test_cancel_stops_the_search_and_its_worker(tmp_path: Path, small_jobs: list[ScoringPool | None]) -> None:
    library = Library(tmp_path / "data")
    try:
        library.import_paths([_channel(tmp_path)])
        rowids = library.store.pairs.post_rowids()
        calls = [0]

        def cancelled_soon() -> bool:
            calls[0] += 1
            return calls[0] > 3  # past the first window's start: inside the shared scoring

        with pytest.raises(ImportCancelledError):
            counterpart_search.find_counterparts(library.store, rowids, cancelled_soon)
    finally:
        library.close()
    pool = small_jobs[-1]
    assert pool is not None and not pool.worker.process.is_alive()
