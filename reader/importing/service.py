"""Services shared by the GUI and the CLI: importing, listing, state changes.

The Library ties the layers together: ingest -> text -> align -> store. It has no Qt, so the
CLI runs without a display and the GUI calls it from worker threads (one Library per thread).
"""

from __future__ import annotations

import itertools
import time
import tomllib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.domain import Post
from reader.errors import ImportCancelledError, ImportWarning
from reader.importing import counterpart_search, keying, prepare
from reader.importing.collector import fewer_collections
from reader.importing.linking_lock import LinkingLock, linking_elsewhere
from reader.importing.scratch import scratch_folder
from reader.ingest import bulletin_json
from reader.ingest.registry import ImportUnit, open_units
from reader.resources import resources_path
from reader.store import Store
from reader.store.linking import LinkQueue
from reader.store.rows import PreparedPost
from reader.store.statefile import merge_state
from reader.store.stateguard import Guarded, carried_state
from reader.text.pipeline import TextPipeline

ProgressCallback = Callable[["ImportProgress"], None]


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """How far an import is: first reading the files, then linking posts to their translations."""

    path: str
    unit_index: int
    unit_count: int
    posts_done: int
    bytes_done: int
    bytes_total: int
    # The counterpart search after the posts are stored: posts searched so far, of how many (0: not begun).
    linking_done: int = 0
    linking_total: int = 0


@dataclass(slots=True)
class SourceSummary:
    """What one import did to one source, for the CLI's summary line and the GUI's dialog."""

    title: str
    key: str
    format: str
    path: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    kinds: Counter[str] = field(default_factory=Counter)  # posts read per content kind ("text", "photo", "poll")

    def line(self) -> str:
        total = self.new + self.updated + self.unchanged
        kinds = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in self.kinds.most_common())
        return (
            f"{self.title} ({self.format}, {self.path}): {total} {'post' if total == 1 else 'posts'}: {kinds}; "
            f"{self.new} new, "
            f"{self.updated} updated, {self.unchanged} unchanged"
        )


@dataclass(slots=True)
class ImportSummary:
    sources: list[SourceSummary] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    new_rowids: array[int] = field(default_factory=lambda: array("q"))
    updated_rowids: array[int] = field(default_factory=lambda: array("q"))
    seconds: float = 0.0
    readable_seconds: float = 0.0  # from the start until the posts were committed and readable
    linked: bool = True  # False when the linking was cancelled (the rest waits in the library)
    # What the state carried by Bulletin Reader JSON exports changed, one line per file.
    state_lines: list[str] = field(default_factory=list)

    @property
    def new(self) -> int:
        return len(self.new_rowids)

    @property
    def updated(self) -> int:
        return len(self.updated_rowids)


class Library:
    """One data folder: its store and the text pipeline. Use one Library per thread."""

    def __init__(
        self,
        data_dir: Path,
        *,
        store: Store | None = None,
        pipeline: TextPipeline | None = None,
        import_workers: int | None = None,
    ) -> None:
        """`import_workers`: processes preparing a large file's posts while this one writes (0: none, all
        in this process; None: as suits the machine, see `prepare.schedule_for`)."""
        self.data_dir = data_dir
        self.import_workers = import_workers
        self.store = store or Store.open(data_dir)
        self._pipeline = pipeline

    @property
    def pipeline(self) -> TextPipeline:
        if self._pipeline is None:
            self._pipeline = TextPipeline.default(self.data_dir)
        return self._pipeline

    def close(self) -> None:
        self.store.close()

    # ----------------------------------------------------------------- import

    def import_paths(
        self,
        paths: Sequence[Path],
        progress: ProgressCallback | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        *,
        link: bool = True,
    ) -> ImportSummary:
        """Import files, folders and zip archives: their posts as one transaction, then their linking.

        The posts (text, languages, topics, in-post pairs, search index) commit together, all of them
        or none, and are readable from then on. The search for their translations in the other
        language runs after, a window at a time, each window committing its links; with `link=False`
        it is left to `link()` (the store remembers what is left, whatever interrupts it).

        Raises InputError (naming the file) when a path cannot be imported at all, and
        ImportCancelledError when `is_cancelled` turns true while the posts are read; in both cases
        the store is unchanged. A cancel during the linking keeps the posts and the links found so far
        (`ImportSummary.linked` is then False).
        """
        started = time.time()
        summary = ImportSummary()
        carried: list[tuple[str, Guarded]] = []
        with (
            fewer_collections(),
            scratch_folder(self.data_dir) as scratch,
            open_units(list(paths), scratch) as units,
        ):
            sizes = [_size(unit.path) for unit in units]
            total_bytes = sum(sizes)
            done_bytes = 0
            posts_done = 0
            with self.store.db.transaction():
                for index, unit in enumerate(units):
                    per_source: dict[str, SourceSummary] = {}
                    warnings: list[ImportWarning] = []

                    def report(count: int, unit: ImportUnit = unit, index: int = index, base: int = done_bytes) -> None:
                        if progress is not None:
                            progress(ImportProgress(unit.label, index, len(units), count, base, total_bytes))

                    items = self._prepared(unit, warnings, per_source, is_cancelled, report, posts_done)
                    own_ids: set[str] | None = None
                    if unit.importer.name == bulletin_json.IMPORTER.name:
                        own_ids = set()
                        items = _noting_ids(items, own_ids)
                    result = self.store.posts.upsert_prepared(items)
                    posts_done += sum(item.new + item.updated + item.unchanged for item in per_source.values())
                    done_bytes += sizes[index]
                    for key, count in result.new_by_source.items():
                        per_source[key].new += count
                    for key, count in result.updated_by_source.items():
                        per_source[key].updated += count
                    for item in per_source.values():
                        item.unchanged = item.unchanged - item.new - item.updated
                    summary.sources.extend(per_source.values())
                    summary.warnings.extend(warnings)
                    summary.new_rowids.extend(result.new_rowids)
                    summary.updated_rowids.extend(result.updated_rowids)
                    if own_ids is not None:
                        guarded = _carried_state(unit, own_ids)
                        if guarded is not None:
                            carried.append((unit.label, guarded))
                    if is_cancelled is not None and is_cancelled():
                        raise ImportCancelledError()
                LinkQueue(self.store.db).add(itertools.chain(summary.new_rowids, summary.updated_rowids))
                self.store.posts.record_import(
                    [str(path) for path in paths], started, summary.new, summary.updated, len(summary.warnings)
                )
            summary.readable_seconds = time.time() - started
            # The carried state is merged once the posts are committed, in a transaction of its own on
            # the state: inside the import's it would hold the state locked for the whole import.
            for label, guarded in carried:
                merged = merge_state(self.store, guarded.snapshot)
                merged = replace(merged, clamped=guarded.clamped, ignored=guarded.ignored)
                summary.state_lines.append(f"{label}: state carried by the file: {merged.line()}")

            def linking(done: int, total: int) -> None:
                if progress is not None and units:
                    last = len(units) - 1
                    progress(
                        ImportProgress(
                            units[last].label, last, len(units), posts_done, done_bytes, total_bytes, done, total
                        )
                    )

            if link:
                summary.linked = self.link(is_cancelled, linking)
        summary.seconds = time.time() - started
        return summary

    def store_posts(self, posts: Sequence[Post], *, link: bool = True) -> ImportSummary:
        """Posts that came from elsewhere (a refresh of a followed source), stored as an import stores a file's.

        Enriched and written as one transaction (all of them or none), with their place in the queue for
        the counterpart search; linked at once unless `link` is False (a refresh of many sources links
        them all in one search afterwards: `link`). The user's read marks, bookmarks and notes are never touched.
        """
        started = time.time()
        summary = ImportSummary()
        with self.store.db.transaction():
            result = self.store.posts.upsert_prepared(prepare.prepare(self.pipeline, post) for post in posts)
            summary.new_rowids.extend(result.new_rowids)
            summary.updated_rowids.extend(result.updated_rowids)
            LinkQueue(self.store.db).add(itertools.chain(summary.new_rowids, summary.updated_rowids))
        if link:
            summary.linked = self.link()
        summary.seconds = time.time() - started
        return summary

    def link(
        self,
        is_cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        wait: bool = True,
    ) -> bool:
        """Link the posts still waiting for their translations; False if it stopped before all were searched.

        `progress(done, total)` counts the posts searched. What is linked stays linked; a later call
        (or a later import) goes on with the rest. One process links a library at a time: while another
        does (the window, a command), this waits for it and then links what it left, or with `wait`
        False returns False at once. `is_cancelled` stops the waiting too.
        """
        with LinkingLock(self.data_dir) as lock:
            if not lock.acquire(wait, is_cancelled):
                return False
            queue = LinkQueue(self.store.db)
            waiting = queue.waiting()
            if not waiting:
                return True
            try:
                keying.compute_waiting_keys(self.store, self.data_dir, is_cancelled)
                counterpart_search.find_counterparts(self.store, waiting, is_cancelled, progress, queue)
            except ImportCancelledError:
                return False
            return True

    def wait_for_linking(self, is_cancelled: Callable[[], bool] | None = None) -> None:
        """Return once no other process is linking this library (or `is_cancelled` turns true)."""
        with LinkingLock(self.data_dir) as lock:
            lock.acquire(True, is_cancelled)

    def linking_elsewhere(self) -> bool:
        """Whether another process is linking this library's translations right now (a window, a command)."""
        return linking_elsewhere(self.data_dir)

    def links_waiting(self) -> int:
        """How many posts still wait for the search for their translations."""
        return len(LinkQueue(self.store.db))

    def _prepared(
        self,
        unit: ImportUnit,
        warnings: list[ImportWarning],
        per_source: dict[str, SourceSummary],
        is_cancelled: Callable[[], bool] | None,
        report: Callable[[int], None],
        posts_before: int,
    ) -> Iterator[PreparedPost]:
        count = 0
        schedule = (
            prepare.schedule_for(prepare.available_cores())
            if self.import_workers is None
            else tuple(range(self.import_workers))
        )
        parallel: prepare.ParallelPreparer | None = None
        if schedule and _size(unit.path) >= prepare.PARALLEL_MIN_BYTES:
            parallel = prepare.ParallelPreparer(
                unit.importer, unit.path, self.data_dir, schedule, warnings, lambda: self.pipeline, is_cancelled
            )
            items: Iterable[PreparedPost] = self._parallel_or_here(parallel, unit, warnings)
        else:
            items = self._here(unit, warnings)
        try:
            for item in items:
                summary = per_source.get(item.source.key)
                if summary is None:
                    summary = SourceSummary(item.source.title, item.source.key, unit.importer.name, unit.label)
                    per_source[item.source.key] = summary
                # Counted as unchanged here; import_paths moves new and updated posts out afterwards.
                summary.unchanged += 1
                summary.kinds[item.content_kind()] += 1
                count += 1
                if count % 256 == 0:
                    if is_cancelled is not None and is_cancelled():
                        raise ImportCancelledError()
                    report(posts_before + count)
                yield item
        finally:
            if parallel is not None:
                parallel.close()
        report(posts_before + count)

    def _here(self, unit: ImportUnit, warnings: list[ImportWarning]) -> Iterator[PreparedPost]:
        # The export's photos are copied into the library, so they outlive the export folder or zip.
        keep = prepare.export_media_keeper(self.data_dir, unit.path)
        for raw in unit.importer.parse(unit.path, warnings):
            yield prepare.prepare(self.pipeline, keep(raw))

    def _parallel_or_here(
        self, parallel: prepare.ParallelPreparer, unit: ImportUnit, warnings: list[ImportWarning]
    ) -> Iterator[PreparedPost]:
        """The posts as the workers (and this process) prepare them. If no worker could even start (a
        frozen app without freeze support, a script without a main guard), the rest of the file is
        prepared here, only slower."""
        done = 0
        warnings_before = len(warnings)
        try:
            for item in parallel:
                done += 1
                yield item
        except prepare.WorkerFailedError as error:
            if not error.before_any_chunk:
                raise
            parallel.close()
            del warnings[warnings_before:]  # the file is parsed again from its start: its warnings too
            yield from itertools.islice(self._here(unit, warnings), done, None)

    def enrich(self, post: Post) -> Post:
        """Run the text pipeline and the in-post aligner over one imported post."""
        return prepare.enrich(self.pipeline, post)

    def import_samples_if_empty(self) -> ImportSummary | None:
        """First run: fill an empty library with the bundled sample bulletins."""
        if not self.store.timeline.is_empty():
            return None
        summary = self.import_paths([resources_path("samples")])
        self._name_samples()
        return summary

    def _name_samples(self) -> None:
        """The samples' sources take the names in `sample_names.toml` (a scraped dump's is its file's)."""
        names = tomllib.loads(resources_path("sample_names.toml").read_text(encoding="utf-8"))
        keys_by_title = {source.title: source.key for source in self.store.subscriptions.sources()}
        for file_name, title in names.items():
            key = keys_by_title.get(Path(file_name).stem)
            if key is not None:
                self.store.state.rename_source(key, str(title))


def _size(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(child.stat().st_size for child in path.iterdir() if child.is_file())
        return path.stat().st_size
    except OSError:
        return 0


def _noting_ids(items: Iterable[PreparedPost], ids: set[str]) -> Iterator[PreparedPost]:
    for item in items:
        ids.add(item.id)
        yield item


def _carried_state(unit: ImportUnit, own_ids: set[str]) -> Guarded | None:
    """The state a Bulletin Reader JSON export carries, for its own posts only and never from the future."""
    return carried_state(unit.path, own_ids)
