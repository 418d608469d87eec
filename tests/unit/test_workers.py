"""The import's worker processes end with their parent, and a sender never waits for a reader that is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.importing.workers import Outbox, Worker, WorkerStoppedError

REPO = Path(__file__).resolve().parents[2]

# A parent that starts a worker busy with something other than its pipe (as a preparing worker is,
# parsing a file), prints the worker's pid, and waits to be killed.
PARENT = textwrap.dedent(
    """
    import sys, time
    from reader.importing.workers import Worker

    def busy(connection, seconds):
        connection.send("started")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            sum(range(1000))

    if __name__ == "__main__":
        worker = Worker.start(busy, (120,), name="test-busy-worker")
        assert worker.connection.recv() == "started"
        print(worker.process.pid, flush=True)
        time.sleep(120)
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (dead, not yet reaped by init) counts as gone
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(") ", 1)[1].startswith("Z"))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_busy_worker_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(PARENT, encoding="utf-8")
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    parent = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=environment, cwd=tmp_path
    )
    worker_pid = 0
    try:
        assert parent.stdout is not None
        worker_pid = int(parent.stdout.readline())
        assert _alive(worker_pid)

        parent.kill()
        parent.wait(10)

        deadline = time.monotonic() + 10
        while _alive(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(worker_pid), "the worker outlived its killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)
        if parent.stdout is not None:
            parent.stdout.close()
        if worker_pid and _alive(worker_pid):
            os.kill(worker_pid, signal.SIGKILL)


def test_a_full_outbox_raises_once_the_reader_is_gone() -> None:
    import multiprocessing

    reading, writing = multiprocessing.Pipe(duplex=False)
    outbox: Outbox[bytes] = Outbox(writing, size=2)
    big = b"x" * 1_000_000  # more than the pipe holds, so the sending thread waits for a reader
    for _ in range(3):
        outbox.put(big)
    reading.close()  # the reader dies with items still queued

    started = time.monotonic()
    with pytest.raises(BrokenPipeError):
        for _ in range(10):
            outbox.put(big)
    assert time.monotonic() - started < 5
    outbox.close(timeout=5)
    writing.close()


def test_waiting_for_a_worker_that_ended_raises_instead_of_hanging() -> None:
    worker = Worker.start(sys.exit, name="test-exits")  # sys.exit(connection): exits at once, sending nothing
    try:
        with pytest.raises(WorkerStoppedError) as stopped:
            worker.receive()
    finally:
        worker.stop()
    assert not worker.process.is_alive()
    assert "worker stopped" in str(stopped.value)
