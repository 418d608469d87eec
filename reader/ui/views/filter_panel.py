"""The filter panel: All / Unread / Bookmarked, sources, languages, topics and a date range."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QDate, QEvent, QLocale, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.store import Facet, Facets, PostFilter
from reader.ui.models.facets import FacetModel, FacetRole
from reader.ui.settings import SavedFilter


class FilterPanel(QWidget):
    """Builds a PostFilter from the user's choices.

    Signals:
        filter_changed(): any choice changed; read `post_filter()` for the new filter.
    """

    filter_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sources_model = FacetModel(show_unread=True, parent=self)
        self.languages_model = FacetModel(label_for=self._language_label, parent=self)
        self._russian_topic_labels: dict[str, str] = {}
        self.topics_model = FacetModel(label_for=self._topic_label, parent=self, names_of=self._topic_names)
        self.topics_proxy = QSortFilterProxyModel(self)
        self.topics_proxy.setSourceModel(self.topics_model)
        # "санкц" finds Sanctions with the English UI, and "sanct" with the Russian one.
        self.topics_proxy.setFilterRole(FacetRole.SEARCH_TEXT)
        self.topics_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._facets: Facets | None = None
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_lists)
        self._setup_ui()
        self._connect_signals()
        self.retranslate_ui()

    def _setup_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(6)
        self._show_group = QButtonGroup(self)
        self.show_all = QRadioButton(self)
        self.show_unread = QRadioButton(self)
        self.show_bookmarked = QRadioButton(self)
        for button in (self.show_all, self.show_unread, self.show_bookmarked):
            self._show_group.addButton(button)
            layout.addWidget(button)
        self.show_all.setChecked(True)
        self.hide_empty = QCheckBox(self)
        layout.addWidget(self.hide_empty)

        self._sources_label = QLabel(self)
        layout.addWidget(self._sources_label)
        self.sources_view = QListView(self)
        self.sources_view.setModel(self.sources_model)
        self.sources_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sources_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout.addWidget(self.sources_view, 2)
        self._sources_label.setBuddy(self.sources_view)

        self._languages_label = QLabel(self)
        layout.addWidget(self._languages_label)
        self.languages_view = QListView(self)
        self.languages_view.setModel(self.languages_model)
        self.languages_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.languages_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout.addWidget(self.languages_view, 1)
        self._languages_label.setBuddy(self.languages_view)

        self._topics_label = QLabel(self)
        layout.addWidget(self._topics_label)
        self.topic_filter = QLineEdit(self)
        self.topic_filter.setClearButtonEnabled(True)
        layout.addWidget(self.topic_filter)
        self.topics_view = QListView(self)
        self.topics_view.setModel(self.topics_proxy)
        self.topics_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.topics_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout.addWidget(self.topics_view, 4)
        for view in (self.sources_view, self.languages_view, self.topics_view):
            # Every row is one line: the view measures one, not all of them at each recount. Measuring
            # the topics of 100,000 posts held the GUI thread 30-45 ms after every mark-read or import.
            view.setUniformItemSizes(True)
        self._topics_label.setBuddy(self.topic_filter)

        dates = QGridLayout()
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
        dates.addWidget(self.since_enabled, 0, 0)
        dates.addWidget(self.since_edit, 0, 1)
        dates.addWidget(self.until_enabled, 1, 0)
        dates.addWidget(self.until_edit, 1, 1)
        layout.addLayout(dates)
        self.clear_button = QPushButton(self)
        layout.addWidget(self.clear_button)

    def _connect_signals(self) -> None:
        self._show_group.buttonClicked.connect(self._on_choice_changed)
        self.hide_empty.toggled.connect(self._on_choice_changed)
        for model in (self.sources_model, self.languages_model, self.topics_model):
            model.checked_changed.connect(self._on_choice_changed)
        self.topic_filter.textChanged.connect(self.topics_proxy.setFilterFixedString)
        self.since_enabled.toggled.connect(self.since_edit.setEnabled)
        self.until_enabled.toggled.connect(self.until_edit.setEnabled)
        self.since_enabled.toggled.connect(self._on_choice_changed)
        self.until_enabled.toggled.connect(self._on_choice_changed)
        self.since_edit.dateChanged.connect(self._on_date_changed)
        self.until_edit.dateChanged.connect(self._on_date_changed)
        self.clear_button.clicked.connect(self.clear)

    def retranslate_ui(self) -> None:
        self._update_show_labels()
        self._sources_label.setText(self.tr("&Sources (unread)"))
        self.hide_empty.setText(self.tr("&Hide empty (only media not in the export)"))
        self._languages_label.setText(self.tr("&Languages"))
        self._topics_label.setText(self.tr("&Topics"))
        self.topic_filter.setPlaceholderText(self.tr("Filter topics…"))
        self.since_enabled.setText(self.tr("From"))
        self.until_enabled.setText(self.tr("To"))
        self.clear_button.setText(self.tr("Clear filters"))
        self.sources_view.setAccessibleName(self.tr("Sources"))
        self.languages_view.setAccessibleName(self.tr("Languages"))
        self.topics_view.setAccessibleName(self.tr("Topics"))
        self.topic_filter.setAccessibleName(self.tr("Filter topics"))
        self.since_edit.setAccessibleName(self.tr("From date"))
        self.until_edit.setAccessibleName(self.tr("To date"))
        self.setAccessibleName(self.tr("Filters"))
        self.languages_model.refresh_labels()
        self.topics_model.refresh_labels()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        elif event.type() == QEvent.Type.FontChange:
            self._fit_timer.start()  # after the lists themselves have taken the new font
        super().changeEvent(event)

    def _fit_lists(self) -> None:
        """Each list is as tall as its rows (up to a few), in the current text size; the panel scrolls instead."""
        for view, most, least in ((self.sources_view, 8, 1), (self.languages_view, 5, 1), (self.topics_view, 0, 6)):
            rows = view.model().rowCount()
            row_height = view.sizeHintForRow(0) if rows else view.fontMetrics().height() + 4
            frame = 2 * view.frameWidth()
            if most:
                height = max(least, min(rows, most)) * row_height + frame
                view.setFixedHeight(height)
            else:
                view.setMinimumHeight(least * row_height + frame)

    def _update_show_labels(self) -> None:
        facets = self._facets
        if facets is None:
            self.show_all.setText(self.tr("&All"))
            self.show_unread.setText(self.tr("&Unread"))
            self.show_bookmarked.setText(self.tr("&Bookmarked"))
            return
        self.show_all.setText(self.tr("&All (%1)").replace("%1", str(facets.total)))
        self.show_unread.setText(self.tr("&Unread (%1)").replace("%1", str(facets.unread)))
        self.show_bookmarked.setText(self.tr("&Bookmarked (%1)").replace("%1", str(facets.bookmarked)))

    def _topic_label(self, facet: Facet) -> str:
        if QLocale().language() == QLocale.Language.Russian:
            return self._russian_topic_labels.get(facet.key, facet.label)
        return facet.label

    def _topic_names(self, facet: Facet) -> tuple[str, ...]:
        return facet.key, facet.label, self._russian_topic_labels.get(facet.key, "")

    def set_topic_labels(self, russian: dict[str, str]) -> None:
        """Russian names of topics, shown while the UI is in Russian."""
        self._russian_topic_labels = dict(russian)

    def _language_label(self, facet: Facet) -> str:
        names = {
            "ru": self.tr("Russian"),
            "en": self.tr("English"),
            "uk": self.tr("Ukrainian"),
            "de": self.tr("German"),
            "fr": self.tr("French"),
        }
        if facet.key in names:
            return names[facet.key]
        # Any other language by its own name (български), never by a bare code (BG).
        locale = QLocale(facet.key)
        native = locale.nativeLanguageName() if locale.language() != QLocale.Language.C else ""
        return native[:1].upper() + native[1:] if native else facet.key.upper()

    # ------------------------------------------------------------------ API

    def set_facets(self, facets: Facets) -> None:
        self._facets = facets
        self.sources_model.set_facets(facets.sources)
        self.languages_model.set_facets(facets.languages)
        self.topics_model.set_facets(facets.topics)
        self._update_show_labels()
        self._fit_lists()

    def set_date_range(self, first: date, last: date) -> None:
        """The library's first and last day: where From and To start, and how far they go."""
        for edit, default in ((self.since_edit, first), (self.until_edit, last)):
            edit.blockSignals(True)
            try:
                edit.setDateRange(QDate(first.year, first.month, first.day), QDate(last.year, last.month, last.day))
                if not edit.isEnabled():
                    edit.setDate(QDate(default.year, default.month, default.day))
            finally:
                edit.blockSignals(False)

    @property
    def facets(self) -> Facets | None:
        return self._facets

    def post_filter(self, search: str = "") -> PostFilter:
        since = until = None
        if self.since_enabled.isChecked():
            since = _utc_midnight(self.since_edit.date())
        if self.until_enabled.isChecked():
            until = _utc_midnight(self.until_edit.date()) + timedelta(days=1)
        return PostFilter(
            languages=self.languages_model.checked_keys,
            topics=self.topics_model.checked_keys,
            sources=self.sources_model.checked_keys,
            unread=self.show_unread.isChecked(),
            bookmarked=self.show_bookmarked.isChecked(),
            hide_empty=self.hide_empty.isChecked(),
            since=since,
            until=until,
            search=search,
        )

    def saved(self, search: str = "") -> SavedFilter:
        show = "unread" if self.show_unread.isChecked() else "bookmarked" if self.show_bookmarked.isChecked() else "all"
        return SavedFilter(
            sources=list(self.sources_model.checked_keys),
            languages=list(self.languages_model.checked_keys),
            topics=list(self.topics_model.checked_keys),
            show=show,
            search=search,
        )

    def restore(self, saved: SavedFilter) -> None:
        """Put back the choices of a saved filter without emitting filter_changed."""
        self.blockSignals(True)
        try:
            self.sources_model.set_checked_keys(saved.sources)
            self.languages_model.set_checked_keys(saved.languages)
            self.topics_model.set_checked_keys(saved.topics)
            {"unread": self.show_unread, "bookmarked": self.show_bookmarked}.get(saved.show, self.show_all).setChecked(
                True
            )
        finally:
            self.blockSignals(False)

    def set_show(self, show: str) -> None:
        {"unread": self.show_unread, "bookmarked": self.show_bookmarked}.get(show, self.show_all).setChecked(True)
        self.filter_changed.emit()

    def clear(self) -> None:
        self.blockSignals(True)
        try:
            for model in (self.sources_model, self.languages_model, self.topics_model):
                model.set_checked_keys(())
            self.show_all.setChecked(True)
            self.hide_empty.setChecked(False)
            self.since_enabled.setChecked(False)
            self.until_enabled.setChecked(False)
            self.topic_filter.clear()
        finally:
            self.blockSignals(False)
        self.filter_changed.emit()

    def _on_choice_changed(self, *_args: object) -> None:
        self.filter_changed.emit()

    def _on_date_changed(self, *_args: object) -> None:
        if self.since_enabled.isChecked() or self.until_enabled.isChecked():
            self.filter_changed.emit()


def _utc_midnight(day: QDate) -> datetime:
    local = datetime.combine(datetime(day.year(), day.month(), day.day()).date(), time()).astimezone()
    return local.astimezone(UTC)
