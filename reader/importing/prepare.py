"""From a parsed post to the rows the store writes, in this process or in worker processes.

Each imported post runs the text pipeline, the in-post aligner and row preparation: pure Python
work that needs no database. The counterpart keys are left to the linking that follows the
commit (`reader.importing.keying`): they cost as much as the rest of a post's
preparation, and no reader waits for them. A large file is prepared by worker
processes while the importing process writes (see `schedule_for` for who does what); each worker
reads the whole file (parsing is a small share of the cost) and prepares the chunks of posts the
schedule gives it, and the writer takes the chunks back in file order, so the result is the same
as preparing in-process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from reader.align.aligner import pair_passages
from reader.domain import Post
from reader.errors import ImportWarning, InputError, ReaderError
from reader.fetch.media import MediaStore, keep_export_photos
from reader.importing import collector
from reader.importing.counterpart_search import PAIRED_LANGUAGES
from reader.importing.workers import Outbox, Worker, WorkerStoppedError
from reader.ingest.base import Importer
from reader.ingest.registry import all_importers
from reader.store.rows import PreparedPost, prepare_post
from reader.text.pipeline import TextPipeline

# Posts per chunk handed from a worker to the writer: large enough that pickling and the pipe cost
# little per post, small enough that progress and cancel stay responsive.
CHUNK = 256
# Chunks a worker may have prepared ahead of the importer.
OUTBOX_CHUNKS = 8
# Below this a file is prepared in-process: starting a worker (a fresh interpreter that loads the
# glossary and the detector) costs about half a second.
PARALLEL_MIN_BYTES = 4_000_000


def enrich(pipeline: TextPipeline, post: Post) -> Post:
    """Run the text pipeline and, for a post in both languages, the in-post aligner."""
    post = pipeline.enrich(post)
    if PAIRED_LANGUAGES.issubset(post.languages):
        post = post.with_changes(pairs=pair_passages(post.passages))
    return post


def prepare(pipeline: TextPipeline, raw: Post, *, stem: bool = True) -> PreparedPost:
    """The rows of a parsed post, counterpart keys left to the linking; `stem=False` leaves the index stems
    to the writer."""
    return prepare_post(enrich(pipeline, raw), None, stem=stem)


LOCAL = -1  # in a schedule: the chunk is prepared by the importing process itself


def schedule_for(cores: int) -> tuple[int, ...]:
    """Who prepares chunk n: `schedule[n % len(schedule)]`, a worker number or LOCAL; () for no workers.

    On two cores one worker prepares every post while the importing process writes them and stems
    their words for the search index, and the importer never loads the text pipeline. With more cores, more workers,
    and they do all of it.
    """
    if cores < 2:
        return ()
    if cores == 2:
        return (0,)
    return tuple(range(min(cores, 4)))


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def worker_count(schedule: tuple[int, ...] | None = None) -> int:
    """Worker processes a schedule starts (by default, this machine's)."""
    schedule = schedule_for(available_cores()) if schedule is None else schedule
    return len({owner for owner in schedule if owner != LOCAL})


@dataclass(frozen=True, slots=True)
class _Chunk:
    number: int
    posts: list[PreparedPost]


@dataclass(frozen=True, slots=True)
class _End:
    chunks: int
    warnings: list[ImportWarning]


@dataclass(frozen=True, slots=True)
class _Failed:
    path: str
    reason: str
    input_error: bool


def _importer_named(name: str) -> Importer:
    for importer in all_importers():
        if importer.name == name:
            return importer
    raise InputError(name, "no importer of this name")


def export_media_keeper(data_dir: Path, path: Path) -> Callable[[Post], Post]:
    """Copies the photos an export at `path` holds into the library's media folder, post by post."""
    return keep_export_photos(MediaStore(data_dir), path if path.is_dir() else path.parent)


def _chunks_of(
    pipeline: TextPipeline,
    posts: Iterator[Post],
    schedule: tuple[int, ...],
    owner: int,
    chunk: int,
    totals: list[int],
    stem: bool = True,
    localise: Callable[[Post], Post] | None = None,
) -> Iterator[_Chunk]:
    """The chunks `owner` prepares, in order; every post is parsed, only the owner's are prepared.

    When `posts` is exhausted, `totals` gets the number of chunks in the whole file. `stem=False`
    leaves the search index's stems to the writer.
    """
    current: list[PreparedPost] = []
    current_number = -1
    count = 0
    for raw in posts:
        number = count // chunk
        count += 1
        if schedule[number % len(schedule)] != owner:
            continue
        if number != current_number and current:
            yield _Chunk(current_number, current)
            current = []
        current_number = number
        current.append(prepare(pipeline, localise(raw) if localise else raw, stem=stem))
    if current:
        yield _Chunk(current_number, current)
    totals.append((count + chunk - 1) // chunk)


def _work(
    connection: Connection,
    importer_name: str,
    path: str,
    data_dir: str,
    schedule: tuple[int, ...],
    shard: int,
    chunk: int,
    send_warnings: bool,
) -> None:
    """A worker process: prepare the chunks the schedule gives `shard`, and send them in order."""
    collector.for_import_worker()
    try:
        pipeline = TextPipeline.default(Path(data_dir))
        warnings: list[ImportWarning] = []
        importer = _importer_named(importer_name)
        totals: list[int] = []
        # a few chunks in hand let this process keep preparing while the importer reads
        outbox: Outbox[_Chunk | _End] = Outbox(connection, OUTBOX_CHUNKS, name="import-worker-sender")
        try:
            parsed = iter(importer.parse(Path(path), warnings))
            stem = worker_count(schedule) > 1  # a lone worker leaves the stems to the writer: schedule_for
            keeper = export_media_keeper(Path(data_dir), Path(path))
            chunks = _chunks_of(pipeline, parsed, schedule, shard, chunk, totals, stem, keeper)
            for item in chunks:
                outbox.put(item)
            # every worker parsed the whole file: the parse warnings are the same, and only one reports them
            outbox.put(_End(totals[0], warnings if send_warnings else []))
        finally:
            outbox.close()
    except BrokenPipeError:  # the importer went away (cancelled, or gone): nothing left to send to
        pass
    except InputError as error:
        connection.send(_Failed(error.path, error.reason, True))
    except Exception as error:  # reported to the importing process, which raises it there
        connection.send(_Failed(path, f"{type(error).__name__}: {error}", False))
    finally:
        connection.close()


class WorkerFailedError(ReaderError):
    """A worker process stopped without a clean end (it crashed, or could not start)."""

    def __init__(self, message: str, *, before_any_chunk: bool = False) -> None:
        super().__init__(message)
        self.before_any_chunk = before_any_chunk


class ParallelPreparer:
    """Prepares one file with worker processes (and this one); iterate to get its posts in file order."""

    def __init__(
        self,
        importer: Importer,
        path: Path,
        data_dir: Path,
        schedule: tuple[int, ...],
        warnings: list[ImportWarning],
        pipeline: Callable[[], TextPipeline],
        is_cancelled: Callable[[], bool] | None = None,
        chunk: int | None = None,
    ) -> None:
        self._schedule = schedule
        self._chunk = chunk or CHUNK
        self._is_cancelled = is_cancelled
        self._received = False
        self._totals: list[int] = []
        self._local: Iterator[_Chunk] | None = None
        if LOCAL in schedule:
            # this process parses the whole file too, so it reports the parse warnings itself
            parsed = iter(importer.parse(path, warnings))
            keeper = export_media_keeper(data_dir, path)
            self._local = _chunks_of(pipeline(), parsed, schedule, LOCAL, self._chunk, self._totals, True, keeper)
        self._warnings = warnings
        self._workers = [
            Worker.start(
                _work,
                (
                    importer.name,
                    str(path),
                    str(data_dir),
                    schedule,
                    shard,
                    self._chunk,
                    shard == 0 and self._local is None,
                ),
                name=f"bulletin-reader-import-{shard}",
                duplex=False,
            )
            for shard in range(worker_count(schedule))
        ]

    @property
    def started_workers(self) -> int:
        """How many worker processes this preparer started."""
        return len(self._workers)

    def __iter__(self) -> Iterator[PreparedPost]:
        ended: dict[int, _End] = {}
        number = 0
        while True:
            owner = self._schedule[number % len(self._schedule)]
            if self._totals and number >= self._totals[0]:
                break
            message: _Chunk | _End
            if owner == LOCAL:
                assert self._local is not None
                message = next(self._local, None) or _End(self._totals[0], [])
            elif owner in ended:
                message = ended[owner]
            else:
                message = self._receive(owner)
            if isinstance(message, _End):
                ended[owner] = message
                self._warnings.extend(message.warnings)
                if number >= message.chunks:
                    break
                raise WorkerFailedError(f"import worker {owner} ended before chunk {number}")
            if message.number != number:
                raise WorkerFailedError(f"import worker {owner} sent chunk {message.number}, expected {number}")
            yield from message.posts
            number += 1
        for shard in range(len(self._workers)):  # the other workers' end messages (and warnings)
            while shard not in ended:
                message = self._receive(shard)
                if isinstance(message, _End):
                    ended[shard] = message
                    self._warnings.extend(message.warnings)

    def _receive(self, shard: int) -> _Chunk | _End:
        try:
            message = self._workers[shard].receive(self._is_cancelled)
        except WorkerStoppedError as error:
            code = "" if error.exitcode is None else f" (exit code {error.exitcode})"
            raise WorkerFailedError(
                f"import worker {shard} stopped{code}", before_any_chunk=not self._received
            ) from error
        self._received = True
        if isinstance(message, _Failed):
            if message.input_error:
                raise InputError(message.path, message.reason)
            raise WorkerFailedError(f"{message.path}: {message.reason}")
        assert isinstance(message, _Chunk | _End)
        return message

    def close(self) -> None:
        for worker in self._workers:  # all see the end of their pipe at once, then each is waited for
            worker.connection.close()
        for worker in self._workers:
            worker.stop()
