"""The import's worker processes: spawned, joined by one pipe, sending from a thread, gone with their parent.

Both parallel parts of an import start their workers here: `prepare.ParallelPreparer` (workers that
prepare posts and send them back) and `counterpart_pool.ScoringPool` (a worker that takes jobs and
answers them). What they share:

- spawn, not fork: the importing process may be a Qt app with threads, which fork would copy
  half-alive; a spawned worker starts clean and works the same on Windows and macOS;
- one pipe, whose far end only the worker holds, so the worker's exit reads as end of file;
- an `Outbox`: a message outweighs the pipe's buffer, so a send waits until the other side reads it;
  a sending thread lets the sender keep working meanwhile, and never leaves it waiting on a full
  outbox once the other side is gone;
- a worker ends when its parent does, even while it is busy (a killed import left its worker
  waiting on a full queue for good): on Linux the kernel kills it (`PR_SET_PDEATHSIG`), and on
  every platform a thread watches the parent's sentinel, a pipe that closes when the parent ends.
  The kernel's signal follows the *thread* that started the worker, so a worker must be started and
  stopped by the same thread (both users do it within one call).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from reader.errors import ImportCancelledError

_CONTEXT = multiprocessing.get_context("spawn")
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# Exit status of a worker whose parent is gone (what a shell reports for SIGKILL).
ORPHAN_EXIT = 128 + 9

T = TypeVar("T")


class WorkerStoppedError(Exception):
    """The worker ended (crashed, was killed, or could not start) before sending what was waited for."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"worker stopped (exit code {exitcode})" if exitcode is not None else "worker stopped")
        self.exitcode = exitcode


class Outbox(Generic[T]):
    """Sends items on a connection from a thread of its own, in order.

    `size` bounds the items waiting (0: no bound). Once a send fails (the other side closed its end or
    died), `put` raises BrokenPipeError instead of waiting for room that will never come.
    """

    def __init__(self, connection: Connection, size: int = 0, name: str = "bulletin-reader-outbox") -> None:
        self._connection = connection
        self._queue: queue.Queue[T | None] = queue.Queue(maxsize=size)
        self.broken = False
        # Each counter has one writer (the putting thread, the sending thread), so neither needs a lock.
        self._put_count = 0
        self._sent_count = 0
        self._thread = threading.Thread(target=self._send_all, name=name, daemon=True)
        self._thread.start()

    def put(self, item: T) -> None:
        """Queue `item` for sending; waits while the outbox is full; BrokenPipeError once nobody reads."""
        self._put(item)
        self._put_count += 1

    def _put(self, item: T | None) -> None:
        while True:
            if self.broken:
                raise BrokenPipeError("the other side of the pipe is gone")
            try:
                self._queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def unsent(self) -> int:
        """Items put and not yet sent whole (a send waits while the other side does not read)."""
        return self._put_count - self._sent_count

    def close(self, timeout: float | None = None) -> None:
        """Send what is queued, then stop the thread (waiting `timeout` seconds for it, None: until done)."""
        with contextlib.suppress(BrokenPipeError):
            self._put(None)
        self._thread.join(timeout)

    def _send_all(self) -> None:
        while (item := self._queue.get()) is not None:
            try:
                self._connection.send(item)
                self._sent_count += 1
            except (OSError, ValueError):  # the other side went away, or this end was closed
                self.broken = True
                return


class Worker:
    """A spawned worker process and this process's end of the pipe to it."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection

    @classmethod
    def start(
        cls, target: Callable[..., None], args: tuple[Any, ...] = (), *, name: str, duplex: bool = True
    ) -> Worker:
        """Start `target(connection, *args)` in a new process; `duplex=False` gives a pipe from worker to here.

        `target` must be importable by name (a module-level function). Raises what starting a process
        raises where none can be started.
        """
        if duplex:
            here, there = _CONTEXT.Pipe(duplex=True)
        else:
            here, there = _CONTEXT.Pipe(duplex=False)  # (receiving end, sending end)
        process = _CONTEXT.Process(target=_run, args=(target, there, args), name=name, daemon=True)
        try:
            process.start()
        except BaseException:
            here.close()
            there.close()
            raise
        there.close()  # the worker holds the only far end: its exit reads as end of file here
        return cls(process, here)

    def receive(self, is_cancelled: Callable[[], bool] | None = None) -> object:
        """The next message from the worker; WorkerStoppedError if it ended without one.

        Looks at `is_cancelled` every tenth of a second while waiting (ImportCancelledError).
        """
        while not self.connection.poll(0.1):
            if is_cancelled is not None and is_cancelled():
                raise ImportCancelledError()
            if not self.process.is_alive() and not self.connection.poll(0):
                raise WorkerStoppedError(self.process.exitcode)
        try:
            return self.connection.recv()
        except EOFError as error:
            raise WorkerStoppedError(None) from error

    def stop(self, grace: float = 0.5) -> None:
        """Close the pipe (the worker sees end of file), wait `grace` seconds for it, then terminate it."""
        self.connection.close()
        self.process.join(timeout=grace)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=2)


def _run(target: Callable[..., None], connection: Connection, args: tuple[Any, ...]) -> None:
    """A worker process's first step: tie its life to its parent's, then do its work."""
    die_with_parent()
    target(connection, *args)


def die_with_parent(kernel_signal: int = signal.SIGKILL if hasattr(signal, "SIGKILL") else 9) -> None:
    """End this process when its parent ends: by the kernel on Linux, by a watching thread everywhere.

    The watching thread needs a multiprocessing parent (a process started by `Worker.start`); a plain
    subprocess gets only the kernel's signal.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, kernel_signal)
    parent = multiprocessing.parent_process()
    if parent is not None:
        # also covers a parent that died before the signal was asked for: its sentinel is closed already
        threading.Thread(target=_exit_when_gone, args=(parent,), name="parent-watch", daemon=True).start()


def _exit_when_gone(parent: BaseProcess) -> None:
    parent.join()
    os._exit(ORPHAN_EXIT)
