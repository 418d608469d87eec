"""The filter panel: All / Unread / Bookmarked, sources, languages, the user's tags, topics and a date range."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QLocale, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QInputDialog,
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
from reader.ui.views.date_range import DateRangeBox


class FilterPanel(QWidget):
    """Builds a PostFilter from the user's choices.

    Signals:
        filter_changed(): any choice changed; read `post_filter()` for the new filter.
        source_rename_requested(str, str): the user gave the source with this key a new name.
    """

    filter_changed = Signal()
    source_rename_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sources_model = FacetModel(show_unread=True, parent=self)
        self.languages_model = FacetModel(label_for=self._language_label, parent=self)
        self.tags_model = FacetModel(parent=self)
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
        self.rename_source_action = QAction(self)
        self.rename_source_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.rename_source_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.sources_view.addAction(self.rename_source_action)
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

        # The user's own tags: shown once a post carries one.
        self._tags_label = QLabel(self)
        layout.addWidget(self._tags_label)
        self.tags_view = QListView(self)
        self.tags_view.setModel(self.tags_model)
        self.tags_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tags_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        layout.addWidget(self.tags_view, 1)
        self._tags_label.setBuddy(self.tags_view)
        self._tags_label.setVisible(False)
        self.tags_view.setVisible(False)

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
        for view in (self.sources_view, self.languages_view, self.tags_view, self.topics_view):
            # Every row is one line: the view measures one, not all of them at each recount. Measuring
            # the topics of 100,000 posts held the GUI thread 30-45 ms after every mark-read or import.
            view.setUniformItemSizes(True)
        self._topics_label.setBuddy(self.topic_filter)

        self.dates = DateRangeBox(self)
        # the old names, which the window's tests and parts use
        self.since_enabled, self.since_edit = self.dates.since_enabled, self.dates.since_edit
        self.until_enabled, self.until_edit = self.dates.until_enabled, self.dates.until_edit
        layout.addWidget(self.dates)
        self.clear_button = QPushButton(self)
        layout.addWidget(self.clear_button)

    def _connect_signals(self) -> None:
        self._show_group.buttonClicked.connect(self._on_choice_changed)
        self.hide_empty.toggled.connect(self._on_choice_changed)
        self.rename_source_action.triggered.connect(self._on_rename_source_triggered)
        for model in (self.sources_model, self.languages_model, self.tags_model, self.topics_model):
            model.checked_changed.connect(self._on_choice_changed)
        self.topic_filter.textChanged.connect(self.topics_proxy.setFilterFixedString)
        self.dates.range_changed.connect(self._on_choice_changed)
        self.clear_button.clicked.connect(self.clear)

    def retranslate_ui(self) -> None:
        self._update_show_labels()
        self._sources_label.setText(self.tr("&Sources (unread)"))
        # Short: the sidebar is as wide as its widest line, and a small window needs the room for the timeline.
        self.hide_empty.setText(self.tr("&Hide empty posts"))
        self.hide_empty.setToolTip(self.tr("Leave out posts whose only content is media that is not in the export"))
        self.rename_source_action.setText(self.tr("&Rename source…"))
        self._languages_label.setText(self.tr("&Languages"))
        self._tags_label.setText(self.tr("Your ta&gs"))
        self.tags_view.setAccessibleName(self.tr("Your tags"))
        self._topics_label.setText(self.tr("&Topics"))
        self.topic_filter.setPlaceholderText(self.tr("Filter topics…"))
        self.clear_button.setText(self.tr("Clear filters"))
        self.sources_view.setAccessibleName(self.tr("Sources"))
        self.languages_view.setAccessibleName(self.tr("Languages"))
        self.topics_view.setAccessibleName(self.tr("Topics"))
        self.topic_filter.setAccessibleName(self.tr("Filter topics"))
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
        lists = (
            (self.sources_view, 8, 1),
            (self.languages_view, 5, 1),
            (self.tags_view, 6, 1),
            (self.topics_view, 0, 6),
        )
        for view, most, least in lists:
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
        self.tags_model.set_facets(facets.tags)
        has_tags = bool(facets.tags) or bool(self.tags_model.checked_keys)
        self._tags_label.setVisible(has_tags)
        self.tags_view.setVisible(has_tags)
        self._update_show_labels()
        self._fit_lists()

    def set_date_range(self, first: date, last: date) -> None:
        self.dates.set_library_range(first, last)

    @property
    def facets(self) -> Facets | None:
        return self._facets

    def post_filter(self, search: str = "") -> PostFilter:
        since, until = self.dates.bounds()
        return PostFilter(
            languages=self.languages_model.checked_keys,
            topics=self.topics_model.checked_keys,
            sources=self.sources_model.checked_keys,
            tags=self.tags_model.checked_keys,
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
            tags=list(self.tags_model.checked_keys),
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
            self.tags_model.set_checked_keys(saved.tags)
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
            for model in (self.sources_model, self.languages_model, self.tags_model, self.topics_model):
                model.set_checked_keys(())
            self.show_all.setChecked(True)
            self.hide_empty.setChecked(False)
            self.dates.clear()
            self.topic_filter.clear()
        finally:
            self.blockSignals(False)
        self.filter_changed.emit()

    def rename_source(self, row: int, name: str) -> None:
        """Ask for the source in `row` of the sources list to be called `name` (blank names are ignored)."""
        facet = self.sources_model.facet_at(row)
        name = " ".join(name.split())
        if facet is not None and name and name != facet.label:
            self.source_rename_requested.emit(facet.key, name)

    def _on_rename_source_triggered(self) -> None:
        index = self.sources_view.currentIndex()
        facet = self.sources_model.facet_at(index.row()) if index.isValid() else None
        if facet is None:
            return
        name, accepted = QInputDialog.getText(
            self,
            self.tr("Rename source"),
            self.tr("A name of your own for %1 (later imports keep it):").replace("%1", facet.label),
            text=facet.label,
        )
        if accepted:
            self.rename_source(index.row(), name)

    def _on_choice_changed(self, *_args: object) -> None:
        self.filter_changed.emit()
