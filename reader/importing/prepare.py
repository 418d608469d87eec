"""From a parsed post to the rows the store writes, in this process or in worker processes.

Each imported post runs the text pipeline, the in-post aligner and row preparation: pure Python
work that needs no database. The counterpart keys are left to the linking that follows the
commit (`reader.importing.keying`): they cost as much as the rest of a post's
preparation, and no reader waits for them. A large file is prepared by worker
processes while the importing process writes (see `schedule_for` for who does what); each worker
reads the whole file (parsing is a small share of the cost) and prepares the chunks of posts the
schedule gives it, and the writer takes the chunks back in file order, so the result is the same
as preparing in-process.

A worker balances its work against the writer's as it goes: when the writer is about to run out of
chunks to write, the worker only detects the next chunk's languages and in-post pairs, and the
writer does the rest (topics, title, rows, stems); otherwise the worker prepares the whole chunk.
Preparing is a pure function of the parsed post (the pipeline's caches only remember answers), so
who prepares what changes nothing in the library, only how busy each core is. The writer never
needs langdetect's profiles or the aligner's caches, which would add their memory to its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
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
from reader.store.search import index_document_of_words
from reader.store.search import words as search_words
from reader.text.pipeline import TextPipeline
from reader.text.topics import text_words

# Posts per chunk handed from a worker to the writer: large enough that pickling and the pipe cost
# little per post, small enough that progress and cancel stay responsive.
CHUNK = 256
# Chunks a worker may have prepared ahead of the importer.
OUTBOX_CHUNKS = 8
# A worker leaves the rest of its next chunk's preparation to the writer (after `detect`) when no more
# than this many of its chunks wait unsent (the one just put, one more): the writer would soon wait.
WRITER_SLACK = 2
# Below this a file is prepared in-process: starting a worker (a fresh interpreter that loads the
# glossary and the detector) costs about half a second.
PARALLEL_MIN_BYTES = 4_000_000


def enrich(pipeline: TextPipeline, post: Post, words: Sequence[str] | None = None) -> Post:
    """Run the text pipeline and, for a post in both languages, the in-post aligner.

    `words`: the glossary's words of the post's text (`topics.text_words`), when found already.
    """
    return _paired(pipeline.enrich(post, words))


def detect(pipeline: TextPipeline, post: Post) -> Post:
    """The first part of `enrich`: the passages' languages and, for a post in both languages, its pairs.

    `prepare_detected` does the rest. The part that needs langdetect's profiles and the aligner's
    caches, so a writer that prepares the rest of a worker's chunks does without them.
    """
    return _paired(pipeline.detect(post))


def _paired(post: Post) -> Post:
    if PAIRED_LANGUAGES.issubset(post.languages):
        post = post.with_changes(pairs=pair_passages(post.passages))
    return post


def prepare(pipeline: TextPipeline, raw: Post, *, stem: bool = True) -> PreparedPost:
    """The rows of a parsed post, counterpart keys left to the linking; `stem=False` leaves the content
    digest to the writer."""
    index_words, topic_words = words_of(raw.text)
    return _rows(enrich(pipeline, raw, topic_words), index_words, stem)


def prepare_detected(pipeline: TextPipeline, detected: Post, *, stem: bool = True) -> PreparedPost:
    """`prepare` of a post that `detect` gave: the same rows."""
    index_words, topic_words = words_of(detected.text)
    return _rows(pipeline.describe(detected, topic_words), index_words, stem)


def _rows(post: Post, index_words: list[str], stem: bool) -> PreparedPost:
    fts = index_document_of_words(post.title, [passage.text for passage in post.passages], index_words)
    return prepare_post(post, None, stem=stem, fts=fts)


def words_of(text: str) -> tuple[list[str], list[str]]:
    """The words of a post's text for the search index (`search.words`) and for the glossary
    (`topics.text_words`), found in one pass.

    The index's words are runs of letters and digits, an apostrophe joining two runs ("don't"); the
    glossary's are runs of letters, digits and "_". In a text without "_" the glossary's words are the
    index's split at their apostrophes, which C string methods do at once.
    """
    index_words = search_words(text)
    if "_" in text:
        return index_words, text_words(text)
    if ("'" in text or "’" in text) and index_words:
        return index_words, " ".join(index_words).replace("’", " ").replace("'", " ").split(" ")
    return index_words, index_words


LOCAL = -1  # in a schedule: the chunk is prepared by the importing process itself


def schedule_for(cores: int) -> tuple[int, ...]:
    """Who prepares chunk n: `schedule[n % len(schedule)]`, a worker number or LOCAL; () for no workers.

    On two cores one worker prepares the posts while the importing process writes them and works out
    their digests, and prepares the chunks the worker leaves it when it would wait (`WRITER_SLACK`).
    With more cores, more workers, and they do all of it.
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
    detected: list[Post]  # instead of `posts`, the chunk's posts as `detect` gives them: the writer does the rest


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
    leave_to_writer: Callable[[], bool] | None = None,
) -> Iterator[_Chunk]:
    """The chunks `owner` prepares, in order; every post is parsed, only the owner's are prepared.

    When `posts` is exhausted, `totals` gets the number of chunks in the whole file. `stem=False`
    leaves the digest to the writer. `leave_to_writer`, asked as each of the owner's chunks begins,
    says whether the writer does the rest of that chunk's preparation after `detect`.
    """
    current: list[PreparedPost] = []
    detected: list[Post] = []
    current_number = -1
    count = 0
    for raw in posts:
        number = count // chunk
        count += 1
        if schedule[number % len(schedule)] != owner:
            continue
        if number != current_number:
            if current or detected:
                yield _Chunk(current_number, current, detected)
                current, detected = [], []
            current_number = number
            left = leave_to_writer is not None and leave_to_writer()
        post = localise(raw) if localise else raw
        if left:
            detected.append(detect(pipeline, post))
        else:
            current.append(prepare(pipeline, post, stem=stem))
    if current or detected:
        yield _Chunk(current_number, current, detected)
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
    slack: int = WRITER_SLACK,
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
            stem = worker_count(schedule) > 1  # a lone worker leaves the digest to the writer: schedule_for
            keeper = export_media_keeper(Path(data_dir), Path(path))

            def writer_waits() -> bool:
                # The writer is about to run out of chunks to write: the next one goes sooner, only detected,
                # and the writer prepares the rest itself.
                return outbox.unsent() <= slack

            chunks = _chunks_of(pipeline, parsed, schedule, shard, chunk, totals, stem, keeper, writer_waits)
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
        self._pipeline = pipeline
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
                    WRITER_SLACK,
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
            if message.detected:
                pipeline = self._pipeline()
                for post in message.detected:
                    yield prepare_detected(pipeline, post, stem=False)
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
