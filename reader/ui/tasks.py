"""Background work: QThreadPool + QRunnable with a QObject carrying the signals.

SQLite connections belong to one thread, so each worker thread opens its own Store (and, for
imports, its own Library) the first time it needs one and keeps it for later tasks. Reads run on a
small pool; every write runs on a one-thread pool so writes never contend with each other.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from reader.store import Store

if TYPE_CHECKING:
    from reader.importing.service import Library

log = logging.getLogger(__name__)

# While a worker thread runs Python (building a page, marking 100,000 posts read), the GUI thread waits
# for the interpreter lock at every call into Python, up to the switch interval each time (5 ms by
# default): a repaint then stalled 40 ms at 100,000 posts. At 1 ms the longest stall of mark-all-read
# fell to 9-32 ms in five runs; the workers lose next to nothing.
GUI_SWITCH_INTERVAL_S = 0.001


T = TypeVar("T")
P = TypeVar("P")

Succeeded = Callable[[T], object]
Failed = Callable[[Exception], object]


class TaskContext:
    """What a task body receives: this thread's store and library, and a cancel switch to look at."""

    def __init__(self, runner: TaskRunner, cancel_event: threading.Event) -> None:
        self._runner = runner
        self._cancel_event = cancel_event

    @property
    def store(self) -> Store:
        return self._runner.thread_store()

    @property
    def library(self) -> Library:
        return self._runner.thread_library()

    def is_cancelled(self) -> bool:
        return self._cancel_event.is_set()

    @property
    def cancel_event(self) -> threading.Event:
        """The switch itself, for code that waits on it (a network client wakes from its pauses)."""
        return self._cancel_event


class ProgressContext(TaskContext, Generic[P]):
    """The context of a task that reports progress of type P to its `progressed` callback."""

    def __init__(self, runner: TaskRunner, cancel_event: threading.Event, signals: TaskSignals) -> None:
        super().__init__(runner, cancel_event)
        self._signals = signals

    def report(self, progress: P) -> None:
        self._signals.progressed.emit(progress)


class TaskSignals(QObject):
    """Signals of one task, delivered on the GUI thread (the QObject lives there).

    Qt carries the values as Python objects; `TaskRunner` connects only callbacks whose types match the
    task body's, so the receivers are typed even though the signals cannot be.

    Signals:
        progressed(object): a progress report from the task body.
        succeeded(object): the task body's return value.
        failed(Exception): the exception the task body raised.
        finished(): after succeeded or failed.
    """

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(Exception)
    finished = Signal()


class RunnerSignals(QObject):
    """Signals of the runner as a whole, delivered on the GUI thread.

    Signals:
        damage_found(str): a task met a damaged library file (the reason); the app repairs the library.
    """

    damage_found = Signal(str)


class TaskHandle(Generic[T]):
    """The GUI side of a submitted task whose body returns T: its signals and a cancel switch."""

    def __init__(self, signals: TaskSignals, cancel_event: threading.Event) -> None:
        self.signals = signals
        self._cancel_event = cancel_event

    def cancel(self) -> None:
        self._cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel_event.is_set()


class _Task(QRunnable):
    def __init__(self, run_body: Callable[[], object], signals: TaskSignals, runner_signals: RunnerSignals) -> None:
        super().__init__()
        self._run_body = run_body
        self._signals = signals
        self._runner_signals = runner_signals

    def run(self) -> None:
        try:
            result = self._run_body()
        except Exception as error:  # reported to the GUI, which decides what the user sees
            if _is_damage(error):
                # Not the task's problem but the library's: it must not be used on as if it were whole.
                self._runner_signals.damage_found.emit(str(error))
            elif not isinstance(error, _EXPECTED_ERRORS):
                log.exception("background task failed")
            self._signals.failed.emit(error)
        else:
            self._signals.succeeded.emit(result)
        self._signals.finished.emit()


def _expected_errors() -> tuple[type[BaseException], ...]:
    from reader.errors import ReaderError
    from reader.store import QuerySyntaxError

    return (ReaderError, QuerySyntaxError)


_EXPECTED_ERRORS = _expected_errors()


def _is_damage(error: Exception) -> bool:
    from reader.importing.recovery import is_damage

    return is_damage(error)


class TaskRunner:
    """Runs task bodies on worker threads; each thread keeps its own Store for the data folder."""

    def __init__(self, data_dir: Path, read_threads: int = 2) -> None:
        sys.setswitchinterval(min(sys.getswitchinterval(), GUI_SWITCH_INTERVAL_S))
        self.data_dir = data_dir
        self.signals = RunnerSignals()
        self._read_pool = QThreadPool()
        self._read_pool.setMaxThreadCount(max(1, read_threads))
        self._write_pool = QThreadPool()
        self._write_pool.setMaxThreadCount(1)
        # The user's state is a database of its own: its writes get a thread of their own too, so a
        # bookmark is stored while an import holds the write thread for minutes.
        self._state_pool = QThreadPool()
        self._state_pool.setMaxThreadCount(1)
        # Refreshes wait on the network for seconds: on a pool of their own they hold up neither reads nor
        # the user's writes (their own writes are a short transaction per source).
        self._network_pool = QThreadPool()
        self._network_pool.setMaxThreadCount(1)
        for pool in (self._read_pool, self._write_pool, self._state_pool, self._network_pool):
            # Threads that never expire keep their stores: an expired thread's store would stay open
            # (only shutdown closes them) while its successor opened another.
            pool.setExpiryTimeout(-1)
        # Keyed by the OS thread, not threading.local: Python forgets a pool thread's locals after each
        # task (its thread state is released when the task returns), which opened a new connection, with
        # its own page cache, for every task and kept them all open.
        self._stores: dict[int, Store] = {}
        self._libraries: dict[int, Library] = {}
        self._opened_lock = threading.Lock()
        # Keeps each task and its signals alive until it has finished: Python must not collect them early.
        self._live: dict[TaskSignals, _Task] = {}
        self._pending: list[tuple[QThreadPool, _Task]] = []
        self._shut_down = False

    def thread_store(self) -> Store:
        """The calling worker thread's own Store, opened on its first task and kept until shutdown."""
        thread = threading.get_ident()
        with self._opened_lock:
            store = self._stores.get(thread)
        if store is None:
            # The window opened the library, checking the state whole, before it made this runner: each
            # worker's connection would check it again (0.03 s for 100,000 read marks) ahead of its task.
            store = Store.open(self.data_dir, check_state=False)
            with self._opened_lock:
                self._stores[thread] = store
        return store

    def thread_library(self) -> Library:
        thread = threading.get_ident()
        with self._opened_lock:
            library = self._libraries.get(thread)
        if library is None:
            from reader.importing.service import Library  # imported late: the service pulls in the whole pipeline

            library = Library(self.data_dir, store=self.thread_store())
            with self._opened_lock:
                self._libraries[thread] = library
        return library

    def open_stores(self) -> int:
        """How many worker stores (connections) are open: at most one per pool thread."""
        with self._opened_lock:
            return len(self._stores)

    def _run_on(
        self,
        pool: QThreadPool,
        body: Callable[[TaskContext], T],
        succeeded: Succeeded[T] | None,
        failed: Failed | None,
    ) -> TaskHandle[T]:
        cancel = threading.Event()
        context = TaskContext(self, cancel)
        return self._submit(pool, lambda: body(context), cancel, succeeded, failed)

    def read(
        self,
        body: Callable[[TaskContext], T],
        succeeded: Succeeded[T] | None = None,
        failed: Failed | None = None,
    ) -> TaskHandle[T]:
        """Run a read-only task on the read pool; the callbacks are connected before it starts."""
        return self._run_on(self._read_pool, body, succeeded, failed)

    def write(
        self,
        body: Callable[[TaskContext], T],
        succeeded: Succeeded[T] | None = None,
        failed: Failed | None = None,
    ) -> TaskHandle[T]:
        """Run a task that writes to the store on the one-thread write pool, in submission order."""
        return self._run_on(self._write_pool, body, succeeded, failed)

    def write_state(
        self,
        body: Callable[[TaskContext], T],
        succeeded: Succeeded[T] | None = None,
        failed: Failed | None = None,
    ) -> TaskHandle[T]:
        """Run a task that writes only the user's state, on its own one-thread pool, in submission order."""
        return self._run_on(self._state_pool, body, succeeded, failed)

    def write_reporting(
        self,
        body: Callable[[ProgressContext[P]], T],
        progressed: Callable[[P], object],
        succeeded: Succeeded[T] | None = None,
        failed: Failed | None = None,
    ) -> TaskHandle[T]:
        """`write` for a body that reports progress (of type P) through `context.report`."""
        return self._run_reporting_on(self._write_pool, body, progressed, succeeded, failed)

    def network(
        self,
        body: Callable[[ProgressContext[P]], T],
        progressed: Callable[[P], object] | None = None,
        succeeded: Succeeded[T] | None = None,
        failed: Failed | None = None,
    ) -> TaskHandle[T]:
        """Run a task that waits on the network (a refresh, a look at an address) on its own one-thread pool."""
        return self._run_reporting_on(self._network_pool, body, progressed, succeeded, failed)

    def _run_reporting_on(
        self,
        pool: QThreadPool,
        body: Callable[[ProgressContext[P]], T],
        progressed: Callable[[P], object] | None,
        succeeded: Succeeded[T] | None,
        failed: Failed | None,
    ) -> TaskHandle[T]:
        cancel = threading.Event()
        signals = TaskSignals()
        if progressed is not None:
            signals.progressed.connect(progressed)
        context: ProgressContext[P] = ProgressContext(self, cancel, signals)
        return self._submit(pool, lambda: body(context), cancel, succeeded, failed, signals)

    def _submit(
        self,
        pool: QThreadPool,
        run_body: Callable[[], T],
        cancel: threading.Event,
        succeeded: Succeeded[T] | None,
        failed: Failed | None,
        signals: TaskSignals | None = None,
    ) -> TaskHandle[T]:
        signals = signals or TaskSignals()
        # Connect before starting: a quick task could otherwise emit before anyone listens. Bound methods
        # are connected as they are, so Qt drops the answer when their object is already gone.
        if succeeded is not None:
            signals.succeeded.connect(succeeded)
        if failed is not None:
            signals.failed.connect(failed)
        if self._shut_down:
            # A window closed for a repair may still have timers that ask for work: it must not open the
            # repaired library behind the new window's back.
            return TaskHandle(signals, cancel)
        task = _Task(run_body, signals, self.signals)
        task.setAutoDelete(False)
        self._live[signals] = task
        signals.finished.connect(lambda: self._live.pop(signals, None))
        # Started from the event loop, so a caller that connects to handle.signals right after this
        # returns still hears a task that finishes at once.
        self._pending.append((pool, task))
        if len(self._pending) == 1:
            QTimer.singleShot(0, self._start_pending)
        return TaskHandle(signals, cancel)

    def _start_pending(self) -> None:
        pending, self._pending = self._pending, []
        for pool, task in pending:
            pool.start(task)

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every submitted task (used on shutdown and in tests)."""
        self._start_pending()
        network_done = self._network_pool.waitForDone(msecs)
        writes_done = self._write_pool.waitForDone(msecs)
        state_done = self._state_pool.waitForDone(msecs)
        reads_done = self._read_pool.waitForDone(msecs)
        return network_done and writes_done and state_done and reads_done

    def shutdown(self) -> None:
        self._shut_down = True
        self._pending = [(pool, task) for pool, task in self._pending if pool is not self._read_pool]
        self._read_pool.clear()
        self._network_pool.clear()
        self.wait()
        with self._opened_lock:
            opened = list(self._stores.values())
            self._stores.clear()
            self._libraries.clear()
        for store in opened:
            try:
                store.close()
            except Exception:  # a connection of a finished thread; nothing useful to do
                log.debug("closing a worker store failed", exc_info=True)
