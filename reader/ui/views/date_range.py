"""From / To: the date range of the filter panel, starting from the library's own first and last day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QGridLayout, QWidget


class DateRangeBox(QWidget):
    """Two optional bounds, each a check box and a date field.

    Signals:
        range_changed(): a bound was switched on or off, or the date of a bound in use changed.
    """

    range_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.since_enabled = QCheckBox(self)
        self.since_edit = QDateEdit(self)
        self.until_enabled = QCheckBox(self)
        self.until_edit = QDateEdit(self)
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
            edit.setEnabled(False)
            # A typed date counts when it is complete (Enter or leaving the field), not at every digit.
            edit.setKeyboardTracking(False)
        self.since_edit.setDate(QDate.currentDate().addMonths(-1))
        layout.addWidget(self.since_enabled, 0, 0)
        layout.addWidget(self.since_edit, 0, 1)
        layout.addWidget(self.until_enabled, 1, 0)
        layout.addWidget(self.until_edit, 1, 1)
        self.since_enabled.toggled.connect(self.since_edit.setEnabled)
        self.until_enabled.toggled.connect(self.until_edit.setEnabled)
        self.since_enabled.toggled.connect(self.range_changed)
        self.until_enabled.toggled.connect(self.range_changed)
        self.since_edit.dateChanged.connect(self._on_date_changed)
        self.until_edit.dateChanged.connect(self._on_date_changed)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.since_enabled.setText(self.tr("From"))
        self.until_enabled.setText(self.tr("To"))
        self.since_edit.setAccessibleName(self.tr("From date"))
        self.until_edit.setAccessibleName(self.tr("To date"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_library_range(self, first: date, last: date) -> None:
        """The library's first and last day: where From and To start, and how far they go."""
        for edit, default in ((self.since_edit, first), (self.until_edit, last)):
            edit.blockSignals(True)
            try:
                edit.setDateRange(QDate(first.year, first.month, first.day), QDate(last.year, last.month, last.day))
                if not edit.isEnabled():
                    edit.setDate(QDate(default.year, default.month, default.day))
            finally:
                edit.blockSignals(False)

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """(since, until) in UTC: local midnight of From, and of the day after To; None when off."""
        since = _utc_midnight(self.since_edit.date()) if self.since_enabled.isChecked() else None
        until = _utc_midnight(self.until_edit.date()) + timedelta(days=1) if self.until_enabled.isChecked() else None
        return since, until

    def clear(self) -> None:
        self.since_enabled.setChecked(False)
        self.until_enabled.setChecked(False)

    def _on_date_changed(self, *_args: object) -> None:
        if self.since_enabled.isChecked() or self.until_enabled.isChecked():
            self.range_changed.emit()


def _utc_midnight(day: QDate) -> datetime:
    local = datetime.combine(datetime(day.year(), day.month(), day.day()).date(), time()).astimezone()
    return local.astimezone(UTC)
