"""The filter panel's counts and the Russian names of topics, read on a worker and shown when they arrive."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QTimer

from reader.errors import ReaderError
from reader.store import Facets, PostFilter
from reader.ui.tasks import TaskContext, TaskRunner
from reader.ui.views.filter_panel import FilterPanel
from reader.ui.views.reader_pane import ReaderPane
from reader.ui.views.timeline_delegate import TimelineDelegate
from reader.ui.views.timeline_view import TimelineView

if TYPE_CHECKING:
    from reader.text.topics import Glossary

FACETS_DEBOUNCE_MS = 600

TopicLabels = Callable[[Sequence[str]], dict[str, str]]
"""Russian names of glossary topics by key (only those that have one); called on a worker thread."""


class RussianTopicNames:
    """Russian names of glossary topics; the glossary is read once, by the first worker that asks.

    app.py makes one for the app, so every window and dialog shares the glossary read.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._glossary: Glossary | None = None
        self._loaded = False

    def __call__(self, keys: Sequence[str]) -> dict[str, str]:
        with self._lock:
            if not self._loaded:
                # imported here: the glossary's stemmers are not needed before the first facets arrive
                from reader.text.topics import Glossary

                try:
                    self._glossary = Glossary.load()
                except ReaderError:  # a broken bundled glossary: English names only, as before a glossary existed
                    self._glossary = None
                self._loaded = True
        glossary = self._glossary
        if glossary is None:
            return {}
        labels = {key: glossary.topic(key).label_ru for key in keys}
        return {key: label for key, label in labels.items() if label}


@dataclass(frozen=True, slots=True)
class _Answer:
    generation: int
    facets: Facets
    russian_labels: dict[str, str]
    date_range: tuple[datetime, datetime] | None


class FacetsLoader(QObject):
    """Counts posts per source, language, tag and topic for the filter panel; only the newest answer is shown."""

    def __init__(
        self,
        runner: TaskRunner,
        russian_topic_labels: TopicLabels,
        filter_panel: FilterPanel,
        timeline: TimelineView,
        reader: ReaderPane,
        current_filter: Callable[[], PostFilter],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._russian_topic_labels = russian_topic_labels
        self._filter_panel = filter_panel
        self._timeline = timeline
        self._reader = reader
        self._current_filter = current_filter
        self._generation = 0
        self._russian_labels: dict[str, str] = {}
        # After a mark-read the counts change by a few; a burst of them costs one recount.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FACETS_DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)

    def refresh_soon(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        labels_of = self._russian_topic_labels
        # Counted within what the timeline shows, each list without its own choices (a faceted count).
        within = self._current_filter()

        def body(context: TaskContext) -> _Answer:
            facets = context.store.timeline.facets(within)
            return _Answer(
                generation,
                facets,
                labels_of([facet.key for facet in facets.topics]),
                context.store.timeline.date_range(),
            )

        # A bound method (not a lambda) so Qt drops the answer if the window is already gone.
        self._runner.read(body, succeeded=self._on_loaded)

    def _on_loaded(self, answer: _Answer) -> None:
        if answer.generation == self._generation:
            self._russian_labels = answer.russian_labels
            self._filter_panel.set_topic_labels(answer.russian_labels)
            self._filter_panel.set_facets(answer.facets)
            if answer.date_range is not None:
                first, last = answer.date_range
                # the days as the user's calendar shows them
                self._filter_panel.set_date_range(first.astimezone().date(), last.astimezone().date())
            self.update_topic_chips()

    def update_topic_chips(self) -> None:
        """The timeline's topic chips and the reader's header follow the UI language."""
        russian = QLocale().language() == QLocale.Language.Russian
        labels = self._russian_labels if russian else {}
        self._reader.set_topic_labels(labels)
        delegate = self._timeline.itemDelegate()
        if isinstance(delegate, TimelineDelegate):
            delegate.topic_labels = labels
            self._timeline.viewport().update()
