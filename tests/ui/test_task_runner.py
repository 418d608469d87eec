"""The window's background work keeps one library connection per worker thread, however many tasks run."""

from __future__ import annotations

from pathlib import Path

from reader.store import Store
from reader.ui.tasks import TaskContext, TaskRunner


def test_many_tasks_share_their_threads_connections_instead_of_opening_one_each(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    Store.open(tmp_path).close()
    runner = TaskRunner(tmp_path, read_threads=2)
    seen: list[int] = []
    try:
        for _ in range(40):
            answered: list[int] = []
            runner.read(lambda context: id(context.store), answered.append)
            qtbot.waitUntil(lambda answered=answered: bool(answered), timeout=10_000)
            seen.extend(answered)
        for _ in range(10):
            done: list[int] = []

            def body(context: TaskContext) -> int:
                return id(context.library.store)

            runner.write(body, done.append)
            qtbot.waitUntil(lambda done=done: bool(done), timeout=10_000)
            seen.extend(done)
        assert len(seen) == 50
        assert runner.open_stores() <= 3, "two read threads and one write thread: three connections at most"
        assert len(set(seen)) <= 3
    finally:
        runner.shutdown()
    assert runner.open_stores() == 0
