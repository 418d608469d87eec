"""The counterpart keys of the posts waiting for linking, worked out before the search reads them.

An import stores its posts without their keys (they cost as much as the rest of a post's
preparation, and nobody reads them before the linking), so the linking starts by computing them.
With a core to spare, a worker process computes every other batch: it reads the posts from the
library itself (a second reader beside this process's writes, which SQLite's WAL allows) and sends
back only the keys, so no post crosses the pipe. Each pair of batches commits on its own: an
interrupted linking keeps the keys it stored, and the next run computes only the rest.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path

from reader.align.counterparts import stored_keys
from reader.domain import Post
from reader.errors import ImportCancelledError
from reader.importing.counterpart_pool import spare_cores
from reader.importing.counterpart_search import PAIRED_LANGUAGES
from reader.importing.workers import Worker, WorkerStoppedError
from reader.store import Store
from reader.store.linking import LinkQueue

# Posts whose keys are computed and committed together.
KEYS_BATCH = 500
# Below this many posts a worker (a fresh interpreter, about half a second to start) does not pay.
PARALLEL_MIN_POSTS = 4000

Keyed = list[tuple[int, frozenset[str]]]


def keys_for(post: Post) -> frozenset[str]:
    """Counterpart-search keys, for a post mainly in Russian or English and not already in both."""
    languages = post.languages
    if languages and languages[0] in PAIRED_LANGUAGES and not PAIRED_LANGUAGES.issubset(languages):
        return stored_keys(post)
    return frozenset()


def keyed(store: Store, rowids: Sequence[int]) -> Keyed:
    """(rowid, keys) of the posts `rowids`, read from `store`."""
    return [(rowid, keys_for(post)) for rowid, post in store.records.posts_by_rowid(rowids).items()]


def compute_waiting_keys(store: Store, data_dir: Path, is_cancelled: Callable[[], bool] | None = None) -> None:
    """Store the counterpart keys of the posts waiting for linking that have none yet.

    Raises ImportCancelledError when `is_cancelled` turns true (what was stored stays).
    """
    queue = LinkQueue(store.db)
    unkeyed = queue.unkeyed(PAIRED_LANGUAGES)
    batches = [unkeyed[start : start + KEYS_BATCH] for start in range(0, len(unkeyed), KEYS_BATCH)]
    worker = None
    if len(unkeyed) >= PARALLEL_MIN_POSTS and spare_cores() > 0:
        try:
            worker = Worker.start(_work, (str(data_dir),), name="bulletin-reader-keys")
        except (OSError, RuntimeError):  # no process can be started here: all of it in this one
            worker = None
    try:
        index = 0
        while index < len(batches):
            if is_cancelled is not None and is_cancelled():
                raise ImportCancelledError()
            sent = None
            if worker is not None and index + 1 < len(batches):
                sent = batches[index]
                worker.connection.send(sent)
                index += 1
            found = keyed(store, batches[index])
            index += 1
            if sent is not None and worker is not None:
                answer = _answer(worker, is_cancelled)
                if answer is None:  # the worker is gone: its batch is done here
                    worker = None
                    answer = keyed(store, sent)
                found.extend(answer)
            queue.set_keys(found)
    finally:
        if worker is not None:
            worker.stop()


def _answer(worker: Worker, is_cancelled: Callable[[], bool] | None) -> Keyed | None:
    try:
        message = worker.receive(is_cancelled)
    except WorkerStoppedError:
        return None
    assert isinstance(message, list)
    return message


def _work(connection: Connection, data_dir: str) -> None:
    """The worker: for each batch of rowids received, the keys of those posts, until the pipe closes."""
    store = Store.open(Path(data_dir), read_only=True)
    try:
        while True:
            try:
                rowids: array[int] = connection.recv()
            except (EOFError, OSError):
                return
            connection.send(keyed(store, rowids))
    finally:
        store.close()
        connection.close()
