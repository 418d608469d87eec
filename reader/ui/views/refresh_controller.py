"""Refreshing followed sources from the window: F5, on start, when each is due; subscribing.

Refreshes run on the network thread with progress and Cancel in the status bar. No network is no
dialog: one quiet status line, and the sources are tried again when their backoff ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton

from reader.errors import FetchCancelledError, ReaderError
from reader.ui.tasks import ProgressContext, TaskContext, TaskHandle, TaskRunner

if TYPE_CHECKING:  # the operations pull in the fetch layer and the import pipeline; loaded on first use
    from reader.fetch.sources import Found
    from reader.operations.subscriptions import RefreshProgress, RefreshReport, SourceStatus

CHECK_EVERY_MS = 60_000


@dataclass(frozen=True, slots=True)
class SourceState:
    """How a followed source is doing, for the Sources list: "ok", "refreshing" or "failing" (with why)."""

    status: str
    reason: str = ""
    url: str = ""
    every_minutes: int = 0


class RefreshController(QObject):
    """Runs one refresh at a time; keeps each followed source's state for the Sources list.

    Signals:
        refresh_finished(object): a refresh ended; its RefreshReport, or None when it failed or was cancelled.
        subscribed(object): a subscription was added; its RefreshReport.
        states_changed(object): the followed sources' states changed; a dict of source key -> SourceState.
        status_changed(str): a line for the status bar.
    """

    refresh_finished = Signal(object)
    subscribed = Signal(object)
    states_changed = Signal(object)
    status_changed = Signal(str)

    def __init__(
        self, runner: TaskRunner, progress_bar: QProgressBar, cancel_button: QPushButton, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._progress_bar = progress_bar
        self._cancel_button = cancel_button
        self._handle: TaskHandle[RefreshReport] | None = None
        self._queued: tuple[tuple[str, ...], bool] | None = None  # a refresh asked for while one ran
        self.states: dict[str, SourceState] = {}
        self.last_report: RefreshReport | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.refresh_due)
        cancel_button.clicked.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self._handle is not None

    def start(self, refresh_on_start: bool) -> None:
        """Show the sources' states, refresh what is due if the setting says so, then check every minute."""
        self.load_states()
        self._timer.start()
        if refresh_on_start:
            self.refresh_due()

    def stop(self) -> None:
        self._timer.stop()
        self._queued = None
        if self._handle is not None:
            self._handle.cancel()

    def refresh_all(self) -> None:
        """Every followed source now, due or not (F5)."""
        self._run(everything=True)

    def refresh_due(self) -> None:
        self._run(quiet_when_busy=True)

    def refresh_sources(self, keys: Sequence[str]) -> None:
        self._run(tuple(keys))

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._cancel_button.setEnabled(False)
            self.status_changed.emit(self.tr("Cancelling the refresh…"))

    def _run(self, keys: tuple[str, ...] = (), *, everything: bool = False, quiet_when_busy: bool = False) -> None:
        if self._handle is not None:
            if not quiet_when_busy:
                # Asked for while another refresh runs (the check of what is due, say): it runs right after.
                self._queued = (keys, everything)
                self.status_changed.emit(self.tr("A refresh is running; yours follows it"))
            return

        def body(context: ProgressContext[RefreshProgress]) -> RefreshReport:
            from reader.fetch.http import FetchPolicy, HttpClient
            from reader.operations.subscriptions import RefreshReport, refresh

            library = context.library
            names = keys
            if everything:
                names = tuple(item.key for item in library.store.subscriptions.all())
                if not names:
                    return RefreshReport(())
            with HttpClient(FetchPolicy.from_environment(), cancelled=context.cancel_event) as client:
                return refresh(library, client, names, on_progress=context.report)

        self._handle = self._runner.network(body, self._on_progress, self._on_succeeded, self._on_failed)

    def _on_progress(self, progress: RefreshProgress) -> None:
        total = len(progress.keys)
        if progress.outcome is None:
            if not total:
                return
            for key in progress.keys:
                previous = self.states.get(key, SourceState("ok"))
                self.states[key] = SourceState("refreshing", previous.reason, previous.url)
            self._progress_bar.setRange(0, total)
            self._progress_bar.setValue(0)
            self._progress_bar.setVisible(True)
            self._cancel_button.setVisible(True)
            self._cancel_button.setEnabled(True)
        else:
            outcome = progress.outcome
            previous = self.states.get(outcome.key, SourceState("ok"))
            if outcome.error is not None:
                self.states[outcome.key] = SourceState("failing", outcome.error, outcome.url)
            elif not outcome.cancelled:
                self.states[outcome.key] = SourceState("ok", "", outcome.url)
            else:
                self.states[outcome.key] = SourceState("ok", previous.reason, previous.url)
            self._progress_bar.setValue(progress.done)
        self.states_changed.emit(dict(self.states))
        if total:
            self.status_changed.emit(
                self.tr("Refreshing: %1 of %2 sources").replace("%1", str(progress.done)).replace("%2", str(total))
            )

    def _end(self) -> None:
        self._handle = None
        self._progress_bar.setVisible(False)
        self._cancel_button.setVisible(False)

    def _run_queued(self) -> None:
        if self._queued is not None and self._handle is None:
            keys, everything = self._queued
            self._queued = None
            self._run(keys, everything=everything)

    def _on_succeeded(self, report: RefreshReport) -> None:
        self._end()
        self.last_report = report
        if report.outcomes:
            self.status_changed.emit(self._summary(report))
        self.refresh_finished.emit(report)
        self.load_states()
        self._run_queued()

    def _summary(self, report: RefreshReport) -> str:
        if report.offline:
            return self.tr("offline — showing what is stored")
        new = sum(outcome.new for outcome in report.outcomes)
        updated = sum(outcome.updated for outcome in report.outcomes)
        text = (
            self.tr("Refreshed %1 sources: %2 new, %3 updated")
            .replace("%1", str(len(report.outcomes)))
            .replace("%2", str(new))
            .replace("%3", str(updated))
        )
        if report.failed:
            text += self.tr("; %1 failing (see Sources)").replace("%1", str(len(report.failed)))
        return text

    def _on_failed(self, error: Exception) -> None:
        self._end()
        if isinstance(error, FetchCancelledError):
            message = self.tr("Refresh cancelled; what was fetched before is kept.")
        elif isinstance(error, ReaderError):
            message = self.tr("Refresh failed: %1").replace("%1", str(error))
        else:
            message = self.tr("Refresh failed unexpectedly: %1").replace("%1", repr(error))
        self.status_changed.emit(message)
        self.refresh_finished.emit(None)
        self.load_states()
        self._run_queued()

    # ------------------------------------------------------------------ sources' states

    def load_states(self) -> None:
        def body(context: TaskContext) -> list[SourceStatus]:
            from reader.operations.subscriptions import source_statuses

            return [status for status in source_statuses(context.library) if status.subscription is not None]

        self._runner.read(body, self._on_states_loaded)

    def _on_states_loaded(self, statuses: list[SourceStatus]) -> None:
        states: dict[str, SourceState] = {}
        for status in statuses:
            followed = status.subscription
            assert followed is not None
            if self._handle is not None and self.states.get(status.key, SourceState("ok")).status == "refreshing":
                states[status.key] = self.states[status.key]
            elif followed.last_error is not None:
                states[status.key] = SourceState("failing", followed.last_error, followed.url, followed.every_minutes)
            else:
                states[status.key] = SourceState("ok", "", followed.url, followed.every_minutes)
        self.states = states
        self.states_changed.emit(dict(states))

    # ------------------------------------------------------------------ subscribing and unsubscribing

    def look_up(
        self, address: str, succeeded: Callable[[Found], object], failed: Callable[[Exception], object]
    ) -> TaskHandle[Found]:
        """What `address` is, found on the network thread; the dialog's callbacks get a Found or an error."""

        def body(context: ProgressContext[object]) -> Found:
            from reader.fetch.http import FetchPolicy, HttpClient
            from reader.operations.subscriptions import preview

            with HttpClient(FetchPolicy.from_environment(), cancelled=context.cancel_event) as client:
                return preview(client, address)

        return self._runner.network(body, None, succeeded, failed)

    def subscribe(self, found: Found, name: str, every_minutes: int) -> None:
        """Follow what the dialog found and bring its posts in, on the network thread."""

        def body(context: ProgressContext[object]) -> RefreshReport:
            from reader.fetch.http import FetchPolicy, HttpClient
            from reader.operations.subscriptions import subscribe

            with HttpClient(FetchPolicy.from_environment(), cancelled=context.cancel_event) as client:
                return subscribe(context.library, client, found, name=name or None, every_minutes=every_minutes)

        self.status_changed.emit(self.tr("Subscribing to %1…").replace("%1", found.title))
        self._runner.network(body, None, self._on_subscribed, self._on_subscribe_failed)

    def _on_subscribed(self, report: RefreshReport) -> None:
        for outcome in report.outcomes:
            self.status_changed.emit(outcome.line())
        self.subscribed.emit(report)
        self.load_states()

    def _on_subscribe_failed(self, error: Exception) -> None:
        self.status_changed.emit(self.tr("Could not subscribe: %1").replace("%1", str(error)))

    def set_interval(self, key: str, every_minutes: int) -> None:
        """Refresh `key` every `every_minutes` from now on; the Sources list's states reload once stored."""

        def body(context: TaskContext) -> int:
            from reader.operations.subscriptions import set_interval

            return set_interval(context.library, key, every_minutes).every_minutes

        def stored(minutes: int) -> None:
            self.status_changed.emit(
                self.tr("%1 refreshes every %2 min").replace("%1", key).replace("%2", str(minutes))
            )
            self.load_states()

        def failed(error: Exception) -> None:
            self.status_changed.emit(self.tr("Could not change the refresh interval: %1").replace("%1", str(error)))

        self._runner.write(body, stored, failed)

    def unsubscribe(self, key: str) -> None:
        def body(context: TaskContext) -> str:
            from reader.operations.subscriptions import unsubscribe

            unsubscribe(context.library, key)
            return key

        self._runner.write(body, self._on_unsubscribed, self._on_unsubscribe_failed)

    def _on_unsubscribed(self, key: str) -> None:
        self.states.pop(key, None)
        self.status_changed.emit(self.tr("No longer following %1; its posts stay").replace("%1", key))
        self.load_states()

    def _on_unsubscribe_failed(self, error: Exception) -> None:
        self.status_changed.emit(self.tr("Could not unsubscribe: %1").replace("%1", str(error)))
