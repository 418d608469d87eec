"""Notices posts added by another process (the command line, a second window) and asks for a refresh."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from reader.store import Store

DATA_VERSION_POLL_MS = 2000


class LibraryWatcher(QObject):
    """Polls the library's data version and import log every two seconds on the GUI thread (two cheap reads).

    Signals:
        library_changed(): someone else changed the library; the views should refresh.
    """

    library_changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._data_version = store.timeline.data_version()
        # Own writes are acknowledged in acknowledge_own_write, which would also swallow another process's
        # import committed just before; the import log catches that one.
        self._latest_import = store.timeline.latest_import_id()
        self._timer = QTimer(self)
        self._timer.setInterval(DATA_VERSION_POLL_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def acknowledge_own_write(self) -> None:
        """Our own writes come from another connection; note the version so the next check ignores them."""
        if self._timer.isActive():
            self._data_version = self._store.timeline.data_version()

    def check(self) -> None:
        """Look now instead of at the next tick; emits library_changed when something changed."""
        version = self._store.timeline.data_version()
        latest_import = self._store.timeline.latest_import_id()
        if version != self._data_version or latest_import != self._latest_import:
            self._data_version = version
            self._latest_import = latest_import
            self.library_changed.emit()
