"""From a parsed post to the rows the store writes, in this process or in worker processes.

Each imported post runs the text pipeline, the in-post aligner, counterpart keys and row
preparation: pure Python work that needs no database. A large file is prepared by worker
processes, one per core, while the importing process only writes; each worker reads the whole
file (parsing is a small share of the cost) and prepares every n-th chunk of posts, and the
writer takes the chunks back in file order, so the result is the same as preparing in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from reader.align.aligner import pair_passages
from reader.align.counterparts import counterpart_keys
from reader.domain import Post
from reader.errors import ImportCancelledError, ImportWarning, InputError, ReaderError
from reader.ingest.base import Importer
from reader.ingest.registry import all_importers
from reader.store.rows import PreparedPost, prepare_post
from reader.text.pipeline import TextPipeline

PAIRED_LANGUAGES = frozenset({"ru", "en"})
# Posts per chunk handed from a worker to the writer: large enough that pickling and the pipe cost
# little per post, small enough that progress and cancel stay responsive.
CHUNK = 256
# Below this a file is prepared in-process: starting a worker (a fresh interpreter that loads the
# glossary and the detector) costs about half a second.
PARALLEL_MIN_BYTES = 4_000_000


def enrich(pipeline: TextPipeline, post: Post) -> Post:
    """Run the text pipeline and, for a post in both languages, the in-post aligner."""
    post = pipeline.enrich(post)
    if PAIRED_LANGUAGES.issubset(post.languages):
        post = post.with_changes(pairs=pair_passages(post.passages))
    return post


def keys_for(post: Post) -> frozenset[str]:
    """Counterpart-search keys, for a post mainly in Russian or English and not already in both."""
    languages = post.languages
    if languages and languages[0] in PAIRED_LANGUAGES and not PAIRED_LANGUAGES.issubset(languages):
        return frozenset(counterpart_keys(post))
    return frozenset()


def prepare(pipeline: TextPipeline, raw: Post) -> PreparedPost:
    post = enrich(pipeline, raw)
    return prepare_post(post, keys_for(post))


def worker_count() -> int:
    """Worker processes for a large import: one per core, none on a single core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 0 if cores < 2 else min(cores, 4)


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


def _work(
    connection: Connection, importer_name: str, path: str, data_dir: str, shard: int, shards: int, chunk: int
) -> None:
    """A worker process: prepare the chunks numbered shard, shard + shards, ... of the file."""
    try:
        pipeline = TextPipeline.default(Path(data_dir))
        warnings: list[ImportWarning] = []
        importer = _importer_named(importer_name)
        current: list[PreparedPost] = []
        current_number = shard
        total = 0
        for raw in importer.parse(Path(path), warnings):
            number = total // chunk
            total += 1
            if number % shards != shard:
                continue
            current_number = number
            current.append(prepare(pipeline, raw))
            if len(current) == chunk:
                connection.send(_Chunk(number, current))
                current = []
        if current:
            connection.send(_Chunk(current_number, current))
        # every worker parsed the whole file: the parse warnings are the same, and only one reports them
        connection.send(_End((total + chunk - 1) // chunk, warnings if shard == 0 else []))
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
    """Prepares one file with worker processes; iterate to get its posts in file order."""

    def __init__(
        self,
        importer: Importer,
        path: Path,
        data_dir: Path,
        workers: int,
        warnings: list[ImportWarning],
        is_cancelled: Callable[[], bool] | None = None,
        chunk: int | None = None,
    ) -> None:
        self._warnings = warnings
        self._is_cancelled = is_cancelled
        # spawn, not fork: the importing process may be a Qt app with threads, which fork would copy
        # half-alive; a spawned worker starts clean and works the same on Windows and macOS
        context = multiprocessing.get_context("spawn")
        self._received = False
        self._connections: list[Connection] = []
        self._processes: list[BaseProcess] = []
        for shard in range(workers):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_work,
                args=(sender, importer.name, str(path), str(data_dir), shard, workers, chunk or CHUNK),
                name=f"bulletin-reader-import-{shard}",
                daemon=True,
            )
            process.start()
            sender.close()  # the worker holds the only sending end: its exit reads as end of file here
            self._connections.append(receiver)
            self._processes.append(process)

    def __iter__(self) -> Iterator[PreparedPost]:
        workers = len(self._connections)
        ended: dict[int, _End] = {}
        number = 0
        while True:
            shard = number % workers
            if shard in ended and number >= ended[shard].chunks:
                break
            message = self._receive(shard)
            if isinstance(message, _End):
                ended[shard] = message
                self._warnings.extend(message.warnings)
                if number >= message.chunks:
                    break
                raise WorkerFailedError(f"import worker {shard} ended before chunk {number}")
            if message.number != number:
                raise WorkerFailedError(f"import worker {shard} sent chunk {message.number}, expected {number}")
            yield from message.posts
            number += 1
        for shard in range(workers):  # collect the other workers' end messages (and the warnings)
            while shard not in ended:
                message = self._receive(shard)
                if isinstance(message, _End):
                    ended[shard] = message
                    self._warnings.extend(message.warnings)

    def _receive(self, shard: int) -> _Chunk | _End:
        connection = self._connections[shard]
        while not connection.poll(0.1):
            if self._is_cancelled is not None and self._is_cancelled():
                raise ImportCancelledError()
            if not self._processes[shard].is_alive() and not connection.poll(0):
                code = self._processes[shard].exitcode
                raise WorkerFailedError(
                    f"import worker {shard} stopped (exit code {code})", before_any_chunk=not self._received
                )
        try:
            message = connection.recv()
        except EOFError as error:
            raise WorkerFailedError(f"import worker {shard} stopped", before_any_chunk=not self._received) from error
        self._received = True
        if isinstance(message, _Failed):
            if message.input_error:
                raise InputError(message.path, message.reason)
            raise WorkerFailedError(f"{message.path}: {message.reason}")
        assert isinstance(message, _Chunk | _End)
        return message

    def close(self) -> None:
        for connection in self._connections:
            connection.close()
        for process in self._processes:
            process.join(timeout=0.5)
            if process.is_alive():
                process.terminate()
                process.join(timeout=2)
