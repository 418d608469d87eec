"""The timeline model: post cursors only, rows built on demand, every query on a worker thread."""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import date, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from reader.domain import Changes
from reader.store import PostFilter, QuerySyntaxError, Store, TimelineRow
from reader.store.timeline import listed_date
from reader.ui.tasks import TaskContext, TaskRunner

PAGE_SIZE = 200
ROW_CACHE_SIZE = 4000
ROW_BLOCK = 80  # rows built together around a cache miss: one cheap indexed query
REFRESH_HEADROOM = 2000

Cursor = tuple[float, int]
ModelIndex = QModelIndex | QPersistentModelIndex


class TimelineRole(IntEnum):
    POST_ID = Qt.ItemDataRole.UserRole + 1
    ROW = Qt.ItemDataRole.UserRole + 2  # the TimelineRow
    DAY = Qt.ItemDataRole.UserRole + 3  # datetime.date when this row starts a new day, else None
    READ = Qt.ItemDataRole.UserRole + 4
    BOOKMARKED = Qt.ItemDataRole.UserRole + 5
    URL = Qt.ItemDataRole.UserRole + 6
    HAS_PAIRS = Qt.ItemDataRole.UserRole + 7


@dataclasses.dataclass(frozen=True, slots=True)
class _Page:
    generation: int
    cursors: list[Cursor]
    rows: list[TimelineRow]
    limit: int
    hint: str = ""  # the search could not run: a hint for the user


def _day_of(sort_ts: float) -> date | None:
    sort_ts = listed_date(sort_ts)  # a widened search lists what widening added after its own hits
    if sort_ts <= 0:
        return None
    return datetime.fromtimestamp(sort_ts).date()


class TimelineModel(QAbstractListModel):
    """Posts matching a filter, newest first, paged in with fetchMore.

    The model holds (sort_ts, rowid) cursors; rows are built in small blocks when the view asks for
    them and kept in an LRU cache. Filter changes and pages are queried on the runner's read pool;
    a generation counter drops answers to queries the user has already replaced.

    Signals:
        filter_applied(): the first page of a new filter is in.
        query_failed(str): the search could not run; the text is a hint for the user.
        refresh_started(): rows are about to move because the library changed.
        refresh_finished(): the library changes are in; views restore their scroll anchor.
    """

    filter_applied = Signal()
    query_failed = Signal(str)
    refresh_started = Signal()
    refresh_finished = Signal()

    def __init__(self, store: Store, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store  # the GUI thread's connection: only cheap indexed row lookups
        self._runner = runner
        self._filter = PostFilter()
        self._cursors: list[Cursor] = []
        self._index_of: dict[int, int] | None = None
        self._cache: OrderedDict[int, TimelineRow] = OrderedDict()
        self._exhausted = True  # nothing to fetch until the first filter answers
        self._fetching = False
        self._generation = 0
        self._loaded_once = False

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cursors)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._cursors) or index.column() != 0:
            return None
        row_number = index.row()
        if role == TimelineRole.DAY:
            day = _day_of(self._cursors[row_number][0])
            if row_number == 0 or _day_of(self._cursors[row_number - 1][0]) != day:
                return day
            return None
        if role not in _ROW_ROLES:
            return None
        row = self._row(row_number)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title or row.snippet
        if role == Qt.ItemDataRole.ToolTipRole:
            return (row.title or row.snippet[:200]) + self._link_note(row.counterpart_status)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.source_title}: {row.title or row.snippet[:120]}"
        if role == TimelineRole.POST_ID:
            return row.id
        if role == TimelineRole.ROW:
            return row
        if role == TimelineRole.READ:
            return row.read
        if role == TimelineRole.BOOKMARKED:
            return row.bookmarked
        if role == TimelineRole.URL:
            return row.url
        if role == TimelineRole.HAS_PAIRS:
            return row.has_pairs or row.has_counterpart
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names.update({int(role): QByteArray(role.name.lower().encode()) for role in TimelineRole})
        return names

    def canFetchMore(self, parent: ModelIndex) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: ModelIndex) -> None:
        if parent.isValid() or self._exhausted or self._fetching or not self._cursors:
            return
        self._fetching = True
        generation = self._generation
        post_filter = self._filter
        after = self._cursors[-1]

        def body(context: TaskContext) -> _Page:
            cursors = context.store.timeline.timeline_ids(post_filter, PAGE_SIZE, after)
            rows = context.store.timeline.timeline_rows([rowid for _, rowid in cursors[:ROW_BLOCK]])
            return _Page(generation, cursors, rows, PAGE_SIZE)

        self._runner.read(body, succeeded=self._on_page_fetched, failed=self._on_fetch_failed)

    # ------------------------------------------------------------------ filter

    @property
    def post_filter(self) -> PostFilter:
        return self._filter

    @property
    def loaded_once(self) -> bool:
        """True once the first answer of any filter has arrived (even an empty one)."""
        return self._loaded_once

    def set_filter(self, post_filter: PostFilter) -> None:
        """Show the posts of a filter; the query runs on a worker and stale answers are dropped."""
        self._filter = post_filter
        self._generation += 1
        generation = self._generation

        def body(context: TaskContext) -> _Page:
            try:
                cursors = context.store.timeline.timeline_ids(post_filter, PAGE_SIZE)
            except QuerySyntaxError as error:
                return _Page(generation, [], [], PAGE_SIZE, hint=str(error))
            rows = context.store.timeline.timeline_rows([rowid for _, rowid in cursors[:ROW_BLOCK]])
            return _Page(generation, cursors, rows, PAGE_SIZE)

        self._runner.read(
            body,
            succeeded=self._on_filter_answered,
            failed=self._on_query_failed,
        )

    def refresh(self) -> None:
        """Re-read the loaded range after the library changed, keeping rows that stayed."""
        self._generation += 1
        generation = self._generation
        post_filter = self._filter
        limit = max(PAGE_SIZE, len(self._cursors) + REFRESH_HEADROOM)

        def body(context: TaskContext) -> _Page:
            try:
                cursors = context.store.timeline.timeline_ids(post_filter, limit)
            except QuerySyntaxError as error:
                return _Page(generation, [], [], limit, hint=str(error))
            return _Page(generation, cursors, [], limit)

        self._runner.read(
            body,
            succeeded=self._on_refresh_answered,
            failed=self._on_query_failed,
        )

    def _on_filter_answered(self, page: _Page) -> None:
        if page.generation != self._generation:
            return
        if page.hint:
            self._on_hint(page.hint)
            return
        self.beginResetModel()
        self._cursors = list(page.cursors)
        self._index_of = None
        self._cache.clear()
        self._remember(page.rows)
        self._exhausted = len(page.cursors) < page.limit
        self._fetching = False
        self.endResetModel()
        self._loaded_once = True
        self.filter_applied.emit()

    def _on_hint(self, hint: str) -> None:
        # The rows of the last good query stay on screen; only the hint changes.
        self._fetching = False
        self._loaded_once = True
        self.query_failed.emit(hint)

    def _on_query_failed(self, error: object) -> None:
        self._on_hint(self.tr("The timeline could not be loaded: %1").replace("%1", str(error)))

    def _on_page_fetched(self, page: _Page) -> None:
        self._fetching = False
        if page.generation != self._generation:
            return
        known = set(self._cursors[-PAGE_SIZE:])
        fresh = [cursor for cursor in page.cursors if cursor not in known]
        self._exhausted = len(page.cursors) < page.limit
        if fresh:
            first = len(self._cursors)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._cursors.extend(fresh)
            self._index_of = None
            self._remember(page.rows)
            self.endInsertRows()

    def _on_fetch_failed(self, _error: object) -> None:
        self._fetching = False

    def _on_refresh_answered(self, page: _Page) -> None:
        if page.generation != self._generation:
            return
        if page.hint:
            self._on_hint(page.hint)
            return
        self.refresh_started.emit()
        fresh = page.cursors
        truncated = len(fresh) >= page.limit
        boundary = fresh[-1] if truncated and fresh else None
        position = 0
        old_index = 0
        new_index = 0
        old = list(self._cursors)  # a snapshot: the live list changes as runs are applied
        # Both lists are newest first; walk them together and apply removals and insertions in runs.
        while old_index < len(old) or new_index < len(fresh):
            if new_index >= len(fresh):
                count = len(old) - old_index
                if boundary is None and count:  # a truncated answer says nothing about older rows
                    self._remove_run(position, count)
                break
            if old_index >= len(old):
                self._insert_run(position, fresh[new_index:])
                break
            if old[old_index] == fresh[new_index]:
                old_index += 1
                new_index += 1
                position += 1
            elif old[old_index] > fresh[new_index]:
                run = old_index
                while run < len(old) and (new_index >= len(fresh) or old[run] > fresh[new_index]):
                    run += 1
                self._remove_run(position, run - old_index)
                old_index = run
            else:
                run = new_index
                while run < len(fresh) and fresh[run] > old[old_index]:
                    run += 1
                self._insert_run(position, fresh[new_index:run])
                position += run - new_index
                new_index = run
        if not truncated:
            self._exhausted = True
        elif self._exhausted and len(self._cursors) >= page.limit:
            self._exhausted = False
        self._cache.clear()
        if self._cursors:
            self.dataChanged.emit(self.index(0), self.index(len(self._cursors) - 1))
        self._loaded_once = True
        self.refresh_finished.emit()

    def _remove_run(self, position: int, count: int) -> None:
        if count <= 0:
            return
        self.beginRemoveRows(QModelIndex(), position, position + count - 1)
        del self._cursors[position : position + count]
        self._index_of = None
        self.endRemoveRows()

    def _insert_run(self, position: int, cursors: Sequence[Cursor]) -> None:
        if not cursors:
            return
        self.beginInsertRows(QModelIndex(), position, position + len(cursors) - 1)
        self._cursors[position:position] = list(cursors)
        self._index_of = None
        self.endInsertRows()

    # ------------------------------------------------------------------ rows

    def _remember(self, rows: Sequence[TimelineRow]) -> None:
        for row in rows:
            self._cache[row.rowid] = row
            self._cache.move_to_end(row.rowid)
        while len(self._cache) > ROW_CACHE_SIZE:
            self._cache.popitem(last=False)

    def _link_note(self, status: str) -> str:
        """What the pair badge means, for the row's tooltip."""
        notes = {
            "confirmed": self.tr("Paired with its other-language version: confirmed by you"),
            "automatic": self.tr("Paired with its other-language version automatically"),
            "doubtful": self.tr("Paired with its other-language version, but doubtful: check it before you quote it"),
        }
        return "\n" + notes[status] if status in notes else ""

    def _row(self, row_number: int) -> TimelineRow | None:
        rowid = self._cursors[row_number][1]
        row = self._cache.get(rowid)
        if row is not None:
            self._cache.move_to_end(rowid)
            return row
        start = max(0, row_number - ROW_BLOCK // 4)
        block = [cursor[1] for cursor in self._cursors[start : start + ROW_BLOCK] if cursor[1] not in self._cache]
        self._remember(self._store.timeline.timeline_rows(block))
        return self._cache.get(rowid)

    def row_at(self, row_number: int) -> TimelineRow | None:
        if 0 <= row_number < len(self._cursors):
            return self._row(row_number)
        return None

    def row_of_post(self, post_id: str) -> int:
        """The row number of a loaded post, or -1."""
        for cached_rowid, row in self._cache.items():
            if row.id == post_id:
                return self._row_number_of(cached_rowid)
        rowid = self._store.records.rowid_of(post_id)
        return -1 if rowid is None else self._row_number_of(rowid)

    def _row_number_of(self, rowid: int) -> int:
        if self._index_of is None:
            self._index_of = {cursor[1]: number for number, cursor in enumerate(self._cursors)}
        return self._index_of.get(rowid, -1)

    def next_unread_row(self, after: int) -> int:
        """The first loaded unread row after `after`, or -1."""
        for number in range(after + 1, len(self._cursors)):
            row = self._row(number)
            if row is not None and not row.read:
                return number
        return -1

    def apply_changes(self, changes: Changes, *, read: AbstractSet[str] | None = None) -> None:
        """Reflect read and bookmark changes in the rows already built, without a query.

        Only cached rows (a few thousand at most) are touched, so marking 100,000 posts read costs
        a few set look-ups per cached row, not per post. `read`: `changes.read` as a set, if the
        caller has built it already (off the GUI thread).
        """
        unread = frozenset(changes.unread)
        if read is None:
            read = frozenset(changes.read)
        bookmarked, unbookmarked = frozenset(changes.bookmarked), frozenset(changes.unbookmarked)
        if not (read or unread or bookmarked or unbookmarked):
            return
        touched: list[int] = []
        for rowid, row in self._cache.items():
            new_read = True if row.id in read else False if row.id in unread else row.read
            new_bookmarked = True if row.id in bookmarked else False if row.id in unbookmarked else row.bookmarked
            if new_read != row.read or new_bookmarked != row.bookmarked:
                self._cache[rowid] = dataclasses.replace(row, read=new_read, bookmarked=new_bookmarked)
                touched.append(rowid)
        if not touched or not self._cursors:
            return
        numbers = [number for number in (self._row_number_of(rowid) for rowid in touched) if number >= 0]
        if numbers:
            self.dataChanged.emit(self.index(min(numbers)), self.index(max(numbers)))


_ROW_ROLES = frozenset(
    {
        int(Qt.ItemDataRole.DisplayRole),
        int(Qt.ItemDataRole.ToolTipRole),
        int(Qt.ItemDataRole.AccessibleTextRole),
        *(int(role) for role in TimelineRole if role != TimelineRole.DAY),
    }
)
