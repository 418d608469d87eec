"""Counterpart search at import: for each new Russian or English post, the post saying the same in the other language.

Runs inside the import's transaction, after the posts are written; it reads candidate keys through
the store and writes the best match with `Store.set_counterparts`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from reader.align.counterparts import DEFAULT_WINDOW, counterpart_log_odds_bound, score_counterpart
from reader.align.signals import probability
from reader.domain import Counterpart, Post
from reader.errors import ImportCancelledError
from reader.store import Store

COUNTERPART_WINDOW = DEFAULT_WINDOW
# Below this the two posts more likely say different things; the aligner's scores are probabilities.
COUNTERPART_THRESHOLD = 0.5
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


def find_counterparts(store: Store, post_ids: Sequence[str], is_cancelled: Callable[[], bool] | None = None) -> None:
    """For newly imported monolingual posts, find the post saying the same in the other language.

    New posts are taken in date order, a few hundred at a time; the keys of every post within the
    counterpart window of such a batch are read once into memory, so each post's candidates come
    from dictionary look-ups instead of a query per post.
    """
    window = COUNTERPART_WINDOW.total_seconds()
    # Only posts that got counterpart keys at import (monolingual Russian or English) are searched.
    pending = [row for row in store.dated_posts(post_ids) if _main_language(row[2]) in PAIRED_LANGUAGES]
    batch_start = 0
    while batch_start < len(pending):
        if is_cancelled is not None and is_cancelled():
            raise ImportCancelledError()
        batch_end = batch_start + 1
        while (
            batch_end < len(pending)
            and batch_end - batch_start < COUNTERPART_BATCH
            and pending[batch_end][1] - pending[batch_start][1] <= COUNTERPART_BATCH_SPAN
        ):
            batch_end += 1
        batch = pending[batch_start:batch_end]
        batch_start = batch_end
        index = _WindowIndex(store, batch[0][1] - window, batch[-1][1] + window, {row[0] for row in batch})
        wanted: dict[int, list[int]] = {}
        for rowid, sort_ts, languages in batch:
            other = "en" if _main_language(languages) == "ru" else "ru"
            found = index.candidates(rowid, sort_ts, other, window)
            if found:
                wanted[rowid] = found
        # Only posts with candidates, and those candidates, are read back whole.
        needed = sorted(set(wanted) | {c for found in wanted.values() for c in found})
        loaded = store.posts_by_rowid(needed)
        for rowid, candidates in wanted.items():
            post = loaded.get(rowid)
            if post is None:
                continue
            best: tuple[float, Post] | None = None
            for candidate_rowid in candidates:
                candidate = loaded.get(candidate_rowid)
                if candidate is None:
                    continue
                ru_post, en_post = (post, candidate) if post.languages[0] == "ru" else (candidate, post)
                # The bound runs no alignment: a candidate it rules out could neither pass the threshold
                # nor beat the best so far (a score never exceeds its bound), so skipping it changes nothing.
                ceiling = probability(counterpart_log_odds_bound(ru_post, en_post, COUNTERPART_WINDOW))
                if ceiling < COUNTERPART_THRESHOLD or (best is not None and ceiling <= best[0]):
                    continue
                score = score_counterpart(ru_post, en_post, COUNTERPART_WINDOW)
                if score >= COUNTERPART_THRESHOLD and (best is None or score > best[0]):
                    best = (score, candidate)
            if best is not None:
                store.set_counterparts(post.id, [Counterpart(best[1].id, round(best[0], 4))])


def _main_language(languages: str) -> str:
    """The first (most used) tag of a post's stored, space-separated languages."""
    return languages.split(" ", 1)[0]


class _WindowIndex:
    """The counterpart keys of the posts dated within a span, by language and key.

    Only the keys of the batch's own posts are indexed: a key no searching post carries is never
    looked up, so building postings for it would be wasted.
    """

    def __init__(self, store: Store, start: float, end: float, searching: set[int]) -> None:
        rows = sorted(
            (sort_ts, rowid, main, keys)
            for rowid, sort_ts, languages, keys in store.keyed_posts_between(start, end)
            if (main := _main_language(languages)) in PAIRED_LANGUAGES
        )
        self.keys: dict[int, tuple[str, ...]] = {rowid: keys for _, rowid, _, keys in rows if rowid in searching}
        wanted = {key for keys in self.keys.values() for key in keys}
        # per language and key: the posts carrying it, in date order (their dates apart, for bisect)
        self.by_key: dict[str, dict[str, tuple[list[float], list[int]]]] = {"ru": {}, "en": {}}
        for sort_ts, rowid, main, keys in rows:
            by_key = self.by_key[main]
            for key in keys:
                if key in wanted:
                    postings = by_key.get(key)
                    if postings is None:
                        postings = by_key[key] = ([], [])
                    postings[0].append(sort_ts)
                    postings[1].append(rowid)

    def candidates(self, rowid: int, sort_ts: float, other: str, window: float) -> list[int]:
        shared: dict[int, int] = {}
        postings_of = self.by_key[other]
        for key in self.keys.get(rowid, ()):
            postings = postings_of.get(key)
            if postings is None:
                continue
            dates, rowids = postings
            low = bisect_left(dates, sort_ts - window)
            high = bisect_right(dates, sort_ts + window)
            # counted within this post's own window, so the rule does not depend on how posts are batched
            if high - low > COMMON_KEY_POSTS:
                continue
            for other_rowid in rowids[low:high]:
                shared[other_rowid] = shared.get(other_rowid, 0) + 1
        ranked = sorted(shared, key=lambda item: (-shared[item], item))
        return ranked[:COUNTERPART_CANDIDATES]
