"""Scoring the counterpart search's candidates, in the importing process or shared with a second one.

The search (`reader.importing.counterpart_search`) reads each post's candidates from the store, which only
the importing process can do (the import is not committed yet); scoring them runs the aligner on
posts in memory, a post at a time, and takes most of the time. On a machine with a core to spare
(the import's worker has finished by then), `ScoringPool` hands part of the posts to a worker
process: the importer ships them with their candidates, scores the rest meanwhile and takes back
each post's scored candidates. A post's scores depend on its candidates alone, so whoever scores it, the links
are the same as scoring all in one process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection

from reader.align.counterparts import DEFAULT_WINDOW, clear_caches, counterpart_log_odds_bound
from reader.align.linking import FLOOR_LOG_ODDS, link_log_odds
from reader.domain import Post
from reader.errors import ImportCancelledError
from reader.importing import collector
from reader.importing.workers import Outbox, Worker

COUNTERPART_WINDOW = DEFAULT_WINDOW
# A pair whose bound on the older score (`counterpart_log_odds_bound`) is below this is not scored:
# every translation of the evaluation scores -0.8 or more there, so this only spares alignments.
PREFILTER_LOG_ODDS = -3.0
# Fewer posts to search than this are scored in-process: starting a worker (a fresh interpreter
# that loads the aligner and the glossary) takes about half a second of the spare core, and
# shipping posts costs the importer a little per post.
PARALLEL_MIN_POSTS = 2000
# Posts per job sent to the worker: a job is scored in some tens of milliseconds, so the importer
# seldom has to take back (score itself) the last one to finish a window without waiting.
JOB_POSTS = 32
MIN_JOB_POSTS = 4
# Jobs the worker may have in hand: one to score while the next is on its way.
JOBS_AHEAD = 2
# Posts scored in-process between looks at the worker's replies and at cancel.
LOCAL_STEP = 4

# A post's candidates that may be its translation, as (log-odds, candidate rowid); see `PairScores`
Scored = tuple[tuple[float, int], ...]
Wanted = Sequence[tuple[int, Sequence[int]]]  # post rowid, its candidates' rowids (likeliest first)


class PairScores:
    """Bounds and log-odds of the pairs of one window of the search, each computed once.

    The search scores a post's candidates and then, to weigh each against its rivals, the
    candidates' own: most pairs are met twice, from each side.
    """

    def __init__(self) -> None:
        self._bounds: dict[tuple[int, int], float] = {}
        self._scores: dict[tuple[int, int], float] = {}

    def scored_of(self, rowid: int, candidates: Sequence[int], posts: Mapping[int, Post]) -> Scored:
        """The candidates of a post that may translate it, with their `link_log_odds`."""
        post = posts.get(rowid)
        if post is None:
            return ()
        russian = post.languages[0] == "ru"
        found: list[tuple[float, int]] = []
        for candidate_rowid in candidates:
            candidate = posts.get(candidate_rowid)
            if candidate is None:
                continue
            if russian:
                ru_post, en_post, pair = post, candidate, (rowid, candidate_rowid)
            else:
                ru_post, en_post, pair = candidate, post, (candidate_rowid, rowid)
            ceiling = self._bounds.get(pair)
            if ceiling is None:
                ceiling = self._bounds[pair] = counterpart_log_odds_bound(ru_post, en_post, COUNTERPART_WINDOW)
            # The bound runs no alignment; below it a pair is neither a translation nor a rival worth counting.
            if ceiling < PREFILTER_LOG_ODDS:
                continue
            score = self._scores.get(pair)
            if score is None:
                score = self._scores[pair] = link_log_odds(ru_post, en_post)
            if score >= FLOOR_LOG_ODDS:
                found.append((score, candidate_rowid))
        return tuple(found)


def score_locally(wanted: Wanted, posts: Mapping[int, Post], scores: PairScores) -> dict[int, Scored]:
    """The scored candidates of each post of `wanted`, all scored in this process."""
    return {rowid: scores.scored_of(rowid, candidates, posts) for rowid, candidates in wanted}


def spare_cores() -> int:
    """Cores of this machine beyond the importing process's own."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores - 1


@dataclass(frozen=True, slots=True)
class _Job:
    window: int  # a job of a new window drops the posts and scores the worker kept for the last one
    number: int
    posts: dict[int, Post]  # the posts of `wanted` not yet sent for this window
    wanted: list[tuple[int, list[int]]]


class _Inbox:
    """What the importer sent the worker: jobs in order, the numbers of jobs it scored itself, the end."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.jobs: deque[_Job] = deque()
        self.dropped: set[int] = set()
        self.closed = False

    def read(self, wait: bool) -> None:
        """Take in every message that came; with `wait`, wait for one when no job is in hand."""
        while not self.closed and ((wait and not self.jobs) or self.connection.poll(0)):
            message = self.connection.recv()
            if message is None:
                self.closed = True
            elif isinstance(message, int):
                self.dropped.add(message)
            else:
                self.jobs.append(message)


def _serve(connection: Connection) -> None:
    """The worker process: score each job's posts, send back (job number, scored candidates of each post).

    A job the importer has scored itself meanwhile is left unfinished, unanswered.
    """
    collector.for_import_worker()
    window = -1
    posts: dict[int, Post] = {}
    scores = PairScores()
    inbox = _Inbox(connection)
    try:
        while True:
            inbox.read(wait=True)
            if inbox.closed:
                break
            job = inbox.jobs.popleft()
            if job.window != window:
                window, posts, scores = job.window, {}, PairScores()
                # as the importer does at each window (`counterpart_search`), and the words' caches too:
                # this process's memory is all the import's parallel scoring adds
                clear_caches()
            posts.update(job.posts)  # later jobs of the window count on them, even when this one is dropped
            found: dict[int, Scored] = {}
            for rowid, candidates in job.wanted:
                inbox.read(wait=False)
                if inbox.closed or job.number in inbox.dropped:
                    break
                found[rowid] = scores.scored_of(rowid, candidates, posts)
            else:
                connection.send((job.number, found))
            inbox.dropped = {number for number in inbox.dropped if number > job.number}
    except (EOFError, OSError):  # the importer went away (cancelled, or failed): nothing to answer
        pass
    finally:
        connection.close()


class ScoringPool:
    """A worker process that scores part of each window's posts; see the module's docstring."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self._alive = True
        self._window = -1
        self._sent: set[int] = set()
        self._jobs = 0
        self.shared = 0  # posts whose scores came from the worker
        # jobs go out from a thread, so the importer keeps scoring while the worker reads one
        self._outbox: Outbox[_Job | int] = Outbox(worker.connection, name="counterpart-pool-sender")

    @classmethod
    def start(cls) -> ScoringPool | None:
        """A pool with its worker started; None when no process can be started here."""
        try:
            worker = Worker.start(_serve, name="bulletin-reader-counterparts")
        except Exception:  # no process here (a daemonic parent, no resources): the search runs in-process
            return None
        return cls(worker)

    def _put(self, item: _Job | int) -> None:
        try:
            self._outbox.put(item)
        except BrokenPipeError:  # the worker stopped: the importer scores its jobs itself
            self._alive = False

    def score(
        self,
        window: int,
        wanted: Wanted,
        posts: Mapping[int, Post],
        scores: PairScores,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> dict[int, Scored]:
        """The scored candidates of each post of `wanted`, the same as `score_locally` gives.

        The worker takes jobs from the end of `wanted`, the importer scores from the start; when
        none is left, the importer scores the jobs still out itself, from the last one back, and
        keeps whichever result comes first: it never waits for the worker, and a worker that
        stopped only leaves its share to the importer.
        """
        if window != self._window:
            self._window, self._sent = window, set()
        results: dict[int, Scored] = {}
        out: dict[int, list[tuple[int, Sequence[int]]]] = {}  # job number: its posts not yet scored here
        front, back = 0, len(wanted)
        while front < back or out:
            if is_cancelled is not None and is_cancelled():
                raise ImportCancelledError()
            self._collect(out, results)
            # jobs shrink as the list runs out, so the last ones, which the importer may score too, are short
            while self._alive and len(out) < JOBS_AHEAD and back - front >= MIN_JOB_POSTS:
                start = back - min(JOB_POSTS, max(MIN_JOB_POSTS, (back - front) // 3))
                out[self._send(window, wanted[start:back], posts)] = list(wanted[start:back])
                back = start
            if front < back:
                step = min(LOCAL_STEP, back - front)
                results.update(score_locally(wanted[front : front + step], posts, scores))
                front += step
            elif out:
                # nothing left of our own: score the last job sent (the worker's last to reach) from its end
                number = max(out)
                for _ in range(min(LOCAL_STEP, len(out[number]))):
                    rowid, candidates = out[number].pop()
                    results[rowid] = scores.scored_of(rowid, candidates, posts)
                if not out[number]:
                    del out[number]
                    self._put(number)  # the worker may leave it; its reply, if it comes, is dropped
        return results

    def _send(self, window: int, wanted: Wanted, posts: Mapping[int, Post]) -> int:
        shipped: dict[int, Post] = {}
        for rowid, candidates in wanted:
            for needed in (rowid, *candidates):
                if needed not in self._sent and (post := posts.get(needed)) is not None:
                    shipped[needed] = post
                    self._sent.add(needed)
        self._jobs += 1
        self._put(_Job(window, self._jobs, shipped, [(rowid, list(found)) for rowid, found in wanted]))
        if not self.worker.process.is_alive():
            self._alive = False
        return self._jobs

    def _collect(self, out: dict[int, list[tuple[int, Sequence[int]]]], results: dict[int, Scored]) -> None:
        """Take in the replies that came (of jobs not scored here meanwhile)."""
        try:
            while self.worker.connection.poll(0):
                number, found = self.worker.connection.recv()
                if out.pop(number, None) is not None:
                    results.update(found)
                    self.shared += len(found)
        except (EOFError, OSError):
            self._alive = False

    def close(self) -> None:
        """Stop the worker (it may be scoring a job no one waits for)."""
        self._outbox.close(timeout=0.5)
        self.worker.stop()
