"""Filter panel models: sources, languages and topics with their counts, checkable."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from reader.store import Facet

ModelIndex = QModelIndex | QPersistentModelIndex


class FacetRole(IntEnum):
    KEY = Qt.ItemDataRole.UserRole + 1
    LABEL = Qt.ItemDataRole.UserRole + 2
    TOTAL = Qt.ItemDataRole.UserRole + 3
    UNREAD = Qt.ItemDataRole.UserRole + 4
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 5  # every name the item goes by, for the filter box
    STATUS = Qt.ItemDataRole.UserRole + 6  # a followed source's "ok", "refreshing" or "failing"; "" otherwise


class FacetModel(QAbstractListModel):
    """One facet list (sources, languages or topics); checked keys survive count updates.

    Signals:
        checked_changed(): the user checked or unchecked an item.
    """

    checked_changed = Signal()

    def __init__(
        self,
        show_unread: bool = False,
        label_for: Callable[[Facet], str] | None = None,
        parent: QObject | None = None,
        *,
        names_of: Callable[[Facet], Sequence[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._facets: list[Facet] = []
        self._checked: set[str] = set()
        self._show_unread = show_unread
        self._label_for = label_for or (lambda facet: facet.label)
        self._names_of = names_of or (lambda facet: (facet.key, facet.label))
        self._states: dict[str, tuple[str, str]] = {}

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._facets)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._facets) or index.column() != 0:
            return None
        facet = self._facets[index.row()]
        status, reason = self._states.get(facet.key, ("", ""))
        if role == Qt.ItemDataRole.DisplayRole:
            count = facet.unread if self._show_unread else facet.total
            mark = {"refreshing": "  ⟳", "failing": "  ⚠"}.get(status, "")
            return f"{self._label_for(facet)}  ({count}){mark}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if facet.key in self._checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if status:
                described = {
                    "ok": self.tr("followed, up to date"),
                    "refreshing": self.tr("refreshing…"),
                    "failing": self.tr("failing: %1").replace("%1", reason),
                }.get(status, status)
                return (
                    self.tr("%1: %2 posts, %3 unread; %4")
                    .replace("%1", self._label_for(facet))
                    .replace("%2", str(facet.total))
                    .replace("%3", str(facet.unread))
                    .replace("%4", described)
                )
            return (
                self.tr("%1: %2 posts, %3 unread")
                .replace("%1", self._label_for(facet))
                .replace("%2", str(facet.total))
                .replace("%3", str(facet.unread))
                if self._show_unread
                else self.tr("%1: %2 posts").replace("%1", self._label_for(facet)).replace("%2", str(facet.total))
            )
        if role == FacetRole.KEY:
            return facet.key
        if role == FacetRole.LABEL:
            return self._label_for(facet)
        if role == FacetRole.SEARCH_TEXT:
            return " | ".join((self._label_for(facet), *self._names_of(facet)))
        if role == FacetRole.TOTAL:
            return facet.total
        if role == FacetRole.UNREAD:
            return facet.unread
        if role == FacetRole.STATUS:
            return status
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.row() >= len(self._facets):
            return False
        key = self._facets[index.row()].key
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        if checked == (key in self._checked):
            return True
        if checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()
        return True

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names.update({int(role): QByteArray(role.name.lower().encode()) for role in FacetRole})
        return names

    # ------------------------------------------------------------------ API

    def set_facets(self, facets: Sequence[Facet]) -> None:
        """Replace the counts; rows that kept their key keep their check state."""
        self.beginResetModel()
        self._facets = list(facets)
        self.endResetModel()

    def set_states(self, states: Mapping[str, tuple[str, str]]) -> None:
        """Followed sources' (status, reason) by key, shown as a mark and in the tooltip."""
        self._states = dict(states)
        if self._facets:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._facets) - 1, 0),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, FacetRole.STATUS],
            )

    def refresh_labels(self) -> None:
        """Labels depend on the UI language: repaint after a language switch."""
        if self._facets:
            self.dataChanged.emit(self.index(0), self.index(len(self._facets) - 1))

    @property
    def checked_keys(self) -> tuple[str, ...]:
        """Checked keys in list order, then checked keys not in the list (kept from settings)."""
        listed = [facet.key for facet in self._facets if facet.key in self._checked]
        rest = sorted(self._checked.difference(listed))
        return tuple(listed + rest)

    def set_checked_keys(self, keys: Iterable[str], notify: bool = False) -> None:
        self._checked = set(keys)
        self.refresh_labels()
        if notify:
            self.checked_changed.emit()

    def row_of(self, key: str) -> int:
        for number, facet in enumerate(self._facets):
            if facet.key == key:
                return number
        return -1

    def facet_at(self, row: int) -> Facet | None:
        return self._facets[row] if 0 <= row < len(self._facets) else None
