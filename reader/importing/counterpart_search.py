"""Counterpart search: for each new Russian or English post, the post saying the same in the other language.

Runs after an import has committed its posts; it reads candidate keys through the store, scores them
(`reader.align.linking`), links each window's posts one to one and writes the links with
`Store.set_counterparts`, one transaction per window of posts. With the
library's `LinkQueue`, each window's posts leave the queue in the window's own transaction, so an
interrupted search resumes where it stopped.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from reader.align.counterparts import clear_post_caches
from reader.align.linking import Candidate, assign
from reader.align.signals import LENGTH_RATIO_EN_RU
from reader.domain import Counterpart, Post
from reader.errors import ImportCancelledError
from reader.importing import counterpart_pool
from reader.importing.collector import fewer_collections
from reader.importing.counterpart_pool import COUNTERPART_WINDOW, PairScores, Scored, ScoringPool, score_locally
from reader.store import Store
from reader.store.linking import LinkQueue

# How many new posts, and how many seconds of them, share one in-memory window of candidate keys:
# reading a window costs little per post, but each window re-reads the posts of its margins; the
# span keeps memory bounded in a dense archive.
COUNTERPART_BATCH = 2000
COUNTERPART_BATCH_SPAN = 30 * 86400
# Candidates scored per post, the ones sharing most keys first; scoring runs the aligner, and a
# translation shares more of its rare keys with its original than any neighbour does.
COUNTERPART_CANDIDATES = 8
# A key carried by more posts of the other language than this within a post's window (a year,
# "Russia") cannot single out a translation; it only costs time.
COMMON_KEY_POSTS = 40
PAIRED_LANGUAGES = frozenset({"ru", "en"})
# The least share of its translatable keys a translation shares with its original. Measured with
# `python -m reader.importing.evaluate_import` (WMT22 documents in two channels, quiet and among busy
# neighbours): every translation shares at least half; scoring only those spares the aligner.
TRANSLATED_SHARE = 0.5
# The least weight of the rare keys a candidate shares (see `_WindowIndex.candidates`). 3 would
# halve the aligner's work but loses 5 of 136 translations when the channels are quiet (a shared
# key then weighs little): at 1, no translation of the evaluation is lost, busy or quiet.
MIN_EVIDENCE = 1.0
# A post that shares no key with any candidate (an informal text without names or numbers) is offered
# the posts of the other language posted within FALLBACK_HOURS whose length best fits a translation
# of it, at most FALLBACK_CANDIDATES, each within FALLBACK_MISFIT spreads of a translation's length.
# So is a post whose candidates share at most WEAK_KEYS keys with it: such a text's keys are common
# words that happen to look alike across the languages, shared by chance with a neighbour, while its
# translation, in other words, shares none.
FALLBACK_HOURS = 48.0
FALLBACK_CANDIDATES = 3
WEAK_KEYS = 1
FALLBACK_MISFIT = 2.0
# The spread of log(English / Russian length) of whole translations, doubled (shared/README.md), and
# how much more an English version may fall short (it was shortened)
_LENGTH_SPREAD = 0.16
_SHORTENING_TOLERANCE = 3.0


def find_counterparts(
    store: Store,
    rowids: Sequence[int],
    is_cancelled: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
    queue: LinkQueue | None = None,
) -> None:
    """For newly imported monolingual posts (by rowid), find the post saying the same in the other language.

    New posts are taken in date order, up to two thousand at a time; the keys of every post within
    the counterpart window of such a batch are read once into memory, so each post's candidates come
    from dictionary look-ups instead of a query per post, and only the few candidates that share
    enough rare keys are read back and aligned. The window's pairs are then linked one to one, the
    likeliest first, each with a calibrated confidence (`reader.align.linking.assign`).
    `progress(done, total)` hears how many of the posts to search are done, after each batch.
    Each batch's links commit on their own (joining the caller's transaction, if any), together with
    the removal of the batch's posts from `queue`; `rowids` leave the queue once all are searched.
    """
    window = COUNTERPART_WINDOW.total_seconds()
    # Only posts that got counterpart keys at import (monolingual Russian or English) are searched.
    pending, dates = store.pairs.by_date(rowids, PAIRED_LANGUAGES)
    # scoring is most of the work: with a core to spare and enough posts, a worker process takes a share
    pool = None
    if len(pending) >= counterpart_pool.PARALLEL_MIN_POSTS and counterpart_pool.spare_cores() > 0:
        pool = ScoringPool.start()
    try:
        with fewer_collections():
            _search(store, pending, dates, window, pool, is_cancelled, progress, queue)
        if queue is not None:  # with those that had nothing to search for (no keys, or in both languages)
            queue.remove(rowids)
    finally:
        if pool is not None:
            pool.close()


def _search(
    store: Store,
    pending: Sequence[int],
    dates: Sequence[float],
    window: float,
    pool: ScoringPool | None,
    is_cancelled: Callable[[], bool] | None,
    progress: Callable[[int, int], None] | None,
    queue: LinkQueue | None,
) -> None:
    batch_start = 0
    if progress is not None:
        progress(0, len(pending))
    while batch_start < len(pending):
        if is_cancelled is not None and is_cancelled():
            raise ImportCancelledError()
        batch_end = batch_start + 1
        while (
            batch_end < len(pending)
            and batch_end - batch_start < COUNTERPART_BATCH
            and dates[batch_end] - dates[batch_start] <= COUNTERPART_BATCH_SPAN
        ):
            batch_end += 1
        batch = pending[batch_start:batch_end]
        first_date, last_date = dates[batch_start], dates[batch_end - 1]
        batch_start = batch_end
        # the last window's posts are met again only in this one's margin: their cached signals and
        # alignments would only hold memory (the import keeps within its budget with a worker beside it)
        clear_post_caches()
        index = _WindowIndex(store, first_date - window, last_date + window)
        search = _BatchSearch(store, index, window, pool, batch_start, is_cancelled)
        searched = [rowid for rowid in batch if rowid in index.posts]
        search.find(searched)
        # Each candidate's own candidates too: a pair is weighed against every rival of either post.
        search.find([other for rowid in searched for _, other in search.scored[rowid]])
        links = _links(store, search, searched)
        # the window's reads and scoring ran outside any write transaction: this one holds the library's
        # write lock only while its links are written
        with store.db.transaction():
            for ru_id, en_id, score in links:
                # both ends: a post that takes an older post's counterpart takes it from that post
                store.posts.set_counterparts(ru_id, [Counterpart(en_id, score)])
                store.posts.set_counterparts(en_id, [Counterpart(ru_id, score)])
            if queue is not None:
                queue.remove(batch)
        if progress is not None:
            progress(batch_start, len(pending))


def _links(store: Store, search: _BatchSearch, searched: Sequence[int]) -> list[tuple[str, str, float]]:
    """The window's links that involve new posts, one to one (`reader.align.linking.assign`): (ru, en, score).

    A pair of posts that share no key (offered to each other by length alone) is weighed as such
    (`reader.align.linking.confidence`). The user's decisions win: a rejected pair is never linked,
    and a post the user confirmed a counterpart for keeps it alone. A new post that takes an older
    post's counterpart takes it from that post (two posts of one language never share a counterpart).
    """
    decided = _decisions(store, search.loaded)
    candidates: list[Candidate[int]] = []
    for rowid, scored in search.scored.items():
        post = search.loaded.get(rowid)
        if post is None:
            continue
        for log_odds, other in scored:
            ru, en = (rowid, other) if post.languages[0] == "ru" else (other, rowid)
            if (ru, en) in decided.rejected or ru in decided.confirmed or en in decided.confirmed:
                continue
            candidates.append(Candidate(ru, en, log_odds, not search.index.share_a_key(ru, en)))
    new = set(searched)
    return [
        (search.loaded[link.ru].id, search.loaded[link.en].id, round(link.confidence, 4))
        for link in assign(dict.fromkeys(candidates))
        if link.ru in new or link.en in new  # two older posts were decided when they came
    ]


@dataclass(frozen=True, slots=True)
class _Decided:
    rejected: frozenset[tuple[int, int]]  # (Russian rowid, English rowid)
    confirmed: frozenset[int]  # rowids of posts with a counterpart the user confirmed


def _decisions(store: Store, loaded: Mapping[int, Post]) -> _Decided:
    """The user's counterpart decisions about the loaded posts, by rowid."""
    rowid_of = {post.id: rowid for rowid, post in loaded.items()}
    rejected: set[tuple[int, int]] = set()
    confirmed: set[int] = set()
    for post_id, other_id, decision, _ in store.pairs.iter_counterpart_decisions():
        rowid, other = rowid_of.get(post_id), rowid_of.get(other_id)
        if decision == "confirmed":
            confirmed.update(item for item in (rowid, other) if item is not None)
        elif rowid is not None and other is not None:
            rejected.update({(rowid, other), (other, rowid)})
    return _Decided(frozenset(rejected), frozenset(confirmed))


class _BatchSearch:
    """The scored candidates of posts of one window, found once per post."""

    def __init__(
        self,
        store: Store,
        index: _WindowIndex,
        window: float,
        pool: ScoringPool | None = None,
        number: int = 0,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.window = window
        self.pool = pool
        self.number = number  # tells the pool's worker when a new window starts
        self.is_cancelled = is_cancelled
        self.scored: dict[int, Scored] = {}
        self.loaded: dict[int, Post] = {}
        self.scores = PairScores()

    def find(self, rowids: Sequence[int]) -> None:
        """The scored candidates of each post (see `PairScores.scored_of`)."""
        todo = [rowid for rowid in dict.fromkeys(rowids) if rowid not in self.scored]
        wanted: dict[int, list[int]] = {}
        for rowid in todo:
            found = self.index.candidates(rowid, self.window) if rowid in self.index.posts else []
            if found:
                wanted[rowid] = found
            else:
                self.scored[rowid] = ()
        # Only posts with candidates, and those candidates, are read back whole.
        needed = sorted((set(wanted) | {c for found in wanted.values() for c in found}) - set(self.loaded))
        self.loaded.update(self.store.records.posts_by_rowid(needed))
        if self.pool is None:
            self.scored.update(score_locally(list(wanted.items()), self.loaded, self.scores))
        else:
            self.scored.update(
                self.pool.score(self.number, list(wanted.items()), self.loaded, self.scores, self.is_cancelled)
            )


def _main_language(languages: str) -> str:
    """The first (most used) tag of a post's stored, space-separated languages."""
    return languages.split(" ", 1)[0]


class _WindowIndex:
    """The counterpart keys of the posts dated within a span, by language and key, with their dates."""

    def __init__(self, store: Store, start: float, end: float) -> None:
        rows = sorted(
            (sort_ts, rowid, main, length, keys)
            for rowid, sort_ts, languages, length, keys in store.pairs.keyed_posts_between(start, end)
            if (main := _main_language(languages)) in PAIRED_LANGUAGES
        )
        # posts are numbered in date order; postings list these numbers, so they are in date order too
        self.dates = [row[0] for row in rows]
        self.rowids = [row[1] for row in rows]
        self.posts: dict[int, tuple[int, str, tuple[int, ...]]] = {}
        # keys are the store's ids of their names: the same name, the same id
        self.by_key: dict[str, defaultdict[int, list[int]]] = {"ru": defaultdict(list), "en": defaultdict(list)}
        self.lengths: list[int | None] = [row[3] for row in rows]
        self.by_language: dict[str, list[int]] = {"ru": [], "en": []}  # post numbers, in date order
        for number, (_, rowid, main, _, stored) in enumerate(rows):
            keys = tuple(stored)
            self.by_language[main].append(number)
            self.posts[rowid] = (number, main, keys)
            by_key = self.by_key[main]
            for key in keys:
                by_key[key].append(number)
        self._translatable: dict[int, int] = {}

    def share_a_key(self, rowid: int, other: int) -> bool:
        """Whether two posts of the window have a key in common."""
        return not frozenset(self.posts[rowid][2]).isdisjoint(self.posts[other][2])

    def translatable(self, rowid: int, window: float) -> int:
        """How many keys of a post occur in a post of the other language within its window.

        The rest (most Russian word skeletons have no English cognate) cannot be shared by any
        translation, so a translation's share is counted against these alone.
        """
        count = self._translatable.get(rowid)
        if count is None:
            number, main, keys = self.posts[rowid]
            low_ts, high_ts = self.dates[number] - window, self.dates[number] + window
            date_of = self.dates.__getitem__
            postings_of = self.by_key["en" if main == "ru" else "ru"]
            count = 0
            for key in keys:
                postings = postings_of.get(key)
                if postings is not None:
                    low = bisect_left(postings, low_ts, key=date_of)
                    if low < len(postings) and date_of(postings[low]) <= high_ts:
                        count += 1
            self._translatable[rowid] = count
        return count

    def candidates(self, rowid: int, window: float) -> list[int]:
        """Posts of the other language within the window that may translate the post, the likeliest first.

        A candidate must share rare keys (their weight, the log of how many posts of the window there
        are per post carrying the key, at least `MIN_EVIDENCE`) and at least `TRANSLATED_SHARE` of the
        translatable keys of the post or of its own (the fewer): a translation keeps its names, numbers
        and cognates, a neighbour of the same days shares a few by chance. Only such candidates are
        worth reading back and aligning.
        """
        number, main, keys = self.posts[rowid]
        dates = self.dates
        date_of = dates.__getitem__
        low_ts, high_ts = dates[number] - window, dates[number] + window
        postings_of = self.by_key["en" if main == "ru" else "ru"]
        own_postings = self.by_key[main]
        population = bisect_right(dates, high_ts) - bisect_left(dates, low_ts) + 1
        evidence: dict[int, float] = {}
        translatable = 0
        for key in keys:
            postings = postings_of.get(key)
            if postings is None:
                continue
            low = bisect_left(postings, low_ts, key=date_of)
            if low == len(postings) or date_of(postings[low]) > high_ts:
                continue
            translatable += 1
            high = bisect_right(postings, high_ts, low, key=date_of)
            # counted within this post's own window, so the rule does not depend on how posts are batched
            if high - low > COMMON_KEY_POSTS:
                continue
            own = own_postings[key]  # the post itself is one of them
            carriers = high - low + bisect_right(own, high_ts, key=date_of) - bisect_left(own, low_ts, key=date_of)
            weight = math.log(population / carriers)
            for other in postings[low:high]:
                evidence[other] = evidence.get(other, 0.0) + weight
        self._translatable[rowid] = translatable
        hopeful = [self.rowids[other] for other, weight in evidence.items() if weight >= MIN_EVIDENCE]
        if not hopeful:
            return self.fitting_lengths(number, main)
        weights = {self.rowids[other]: weight for other, weight in evidence.items()}
        hopeful.sort(key=lambda other: (-weights[other], other))
        mine = frozenset(keys)
        kept = []
        most = 0
        for other_rowid in hopeful[:COUNTERPART_CANDIDATES]:
            common = len(mine.intersection(self.posts[other_rowid][2]))  # the common keys count here too
            fewer = min(translatable, self.translatable(other_rowid, window))
            if common >= TRANSLATED_SHARE * fewer:
                kept.append(other_rowid)
                most = max(most, common)
        if most <= WEAK_KEYS:
            kept.extend(other for other in self.fitting_lengths(number, main) if other not in kept)
        return kept

    def fitting_lengths(self, number: int, main: str) -> list[int]:
        """Posts of the other language close in time whose length fits a translation of post `number`.

        The candidates of a post no key singles a translation out for; the likeliest first. Each is
        then scored like any other candidate, so a poor fit costs only its alignment.
        """
        length = self.lengths[number]
        if not length:
            return []
        dates = self.dates
        date_of = dates.__getitem__
        others = self.by_language["en" if main == "ru" else "ru"]
        low = bisect_left(others, dates[number] - 3600 * FALLBACK_HOURS, key=date_of)
        high = bisect_right(others, dates[number] + 3600 * FALLBACK_HOURS, low, key=date_of)
        ratio = LENGTH_RATIO_EN_RU if main == "ru" else 1 / LENGTH_RATIO_EN_RU
        fitting: list[tuple[float, int]] = []
        for other in others[low:high]:
            other_length = self.lengths[other]
            if not other_length:
                continue
            deviation = math.log(other_length / (ratio * length)) / _LENGTH_SPREAD
            # the English side may be a shortened version
            english_shorter = deviation < 0 if main == "ru" else deviation > 0
            misfit = abs(deviation) / (_SHORTENING_TOLERANCE if english_shorter else 1.0)
            if misfit <= FALLBACK_MISFIT:
                fitting.append((misfit, other))
        fitting.sort()
        return [self.rowids[other] for _, other in fitting[:FALLBACK_CANDIDATES]]
