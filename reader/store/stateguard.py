"""What a state file may change: no timestamp from the future, and an export's state only for its own posts.

A state entry wins a merge by its timestamp, so one dated in the year 3000 would win every later merge,
and a crafted file could overwrite the note of any post. Both are refused here before merging.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from reader.domain import PostState
from reader.store.statefile import (
    MAX_WAITING_POSTS,
    CounterpartDecision,
    MergeSummary,
    PairDecision,
    StateSnapshot,
    merge_state,
)
from reader.store.statefile_stream import open_state_file
from reader.store.store import Store

# Clocks of two machines differ; a change up to this far ahead of ours is taken as it is.
CLOCK_SKEW_S = 300.0


@dataclass(frozen=True, slots=True)
class Guarded:
    """A snapshot made safe to merge, and what was changed to make it so."""

    snapshot: StateSnapshot
    clamped: int = 0  # timestamps from the future set back
    ignored: int = 0  # entries for posts the file does not hold


def clamp_future(snapshot: StateSnapshot, reference: float, *, now: float | None = None) -> Guarded:
    """Set every timestamp later than now (plus CLOCK_SKEW_S) back to `reference`.

    `reference` must not move between runs (the file's modification time, not the clock): merging the
    same file again must then lose to the changes the user made since the first merge.
    """
    limit = (time.time() if now is None else now) + CLOCK_SKEW_S
    at_most = min(reference, limit)
    clamped = 0

    def fix(at: float | None) -> float | None:
        nonlocal clamped
        if at is not None and at > limit:
            clamped += 1
            return at_most
        return at

    posts = {
        post_id: replace(
            state,
            read_at=fix(state.read_at),
            bookmarked_at=fix(state.bookmarked_at),
            note_at=fix(state.note_at),
            tags_at=fix(state.tags_at),
        )
        for post_id, state in snapshot.posts.items()
    }
    pairs = tuple(replace(item, at=fix(item.at) or 0.0) for item in snapshot.pair_decisions)
    counterparts = tuple(replace(item, at=fix(item.at) or 0.0) for item in snapshot.counterpart_decisions)
    return Guarded(StateSnapshot(posts, pairs, counterparts), clamped)


def own_posts_only(snapshot: StateSnapshot, post_ids: Collection[str]) -> Guarded:
    """Keep only the state of `post_ids` (the posts an export holds) and decisions between them."""
    posts: dict[str, PostState] = {key: value for key, value in snapshot.posts.items() if key in post_ids}
    pairs: tuple[PairDecision, ...] = tuple(
        item
        for item in snapshot.pair_decisions
        if item.post_id in post_ids and (not item.other_post_id or item.other_post_id in post_ids)
    )
    counterparts: tuple[CounterpartDecision, ...] = tuple(
        item for item in snapshot.counterpart_decisions if item.post_id in post_ids and item.other_id in post_ids
    )
    ignored = (
        len(snapshot.posts)
        - len(posts)
        + len(snapshot.pair_decisions)
        - len(pairs)
        + len(snapshot.counterpart_decisions)
        - len(counterparts)
    )
    return Guarded(StateSnapshot(posts, pairs, counterparts), ignored=ignored)


def carried_state(path: Path, post_ids: Collection[str]) -> Guarded | None:
    """The state a Bulletin Reader JSON export carries, for its own posts only and never from the future.

    Read as a stream, keeping only the export's own posts: a crafted block for two million others
    costs a pass over the file, not its memory. None when the export carries no state.
    """
    from reader.store.statefile_stream import carried_state_reader

    reader = carried_state_reader(path)
    if reader is None:
        return None
    posts: dict[str, PostState] = {}
    others = 0
    for batch in reader.post_batches():
        for post_id, state in batch:
            if post_id in post_ids:
                posts[post_id] = state
            else:
                others += 1
    snapshot = StateSnapshot(posts, tuple(reader.pair_decisions()), tuple(reader.counterpart_decisions()))
    mine = own_posts_only(snapshot, post_ids)
    try:
        reference = path.stat().st_mtime
    except OSError:
        reference = time.time()
    dated = clamp_future(mine.snapshot, reference)
    return Guarded(dated.snapshot, dated.clamped, mine.ignored + others)


def import_state(store: Store, path: Path, *, now: float | None = None) -> MergeSummary:
    """Read a state file (or the state block of a JSON export) and merge it into the store.

    The file is read as a stream and merged a batch of posts at a time, all in one transaction (a bad
    entry late in the file leaves the state as it was). Changes dated in the future are dated back to
    the file's modification time; state for posts not in the library is kept for up to
    MAX_WAITING_POSTS of them in all, the rest is dropped and counted.
    """
    reader = open_state_file(path)
    try:
        reference = path.stat().st_mtime
    except OSError:
        reference = time.time()
    clamped = changed = waiting = dropped = 0
    with store.db.state_transaction():
        room = MAX_WAITING_POSTS - store.state.waiting_count()
        for batch in reader.post_batches():
            ids = [post_id for post_id, _state in batch]
            known = store.records.known_ids(ids)
            kept_before = set(store.state.states([post_id for post_id in ids if post_id not in known]))
            posts: dict[str, PostState] = {}
            for post_id, state in batch:
                if post_id not in known:
                    if post_id not in kept_before and post_id not in posts:
                        if room <= 0:
                            dropped += 1
                            continue
                        room -= 1
                    waiting += 1
                posts[post_id] = state
            guarded = clamp_future(StateSnapshot(posts), reference, now=now)
            clamped += guarded.clamped
            changed += merge_state(store, guarded.snapshot).posts
        decisions = StateSnapshot(
            pair_decisions=tuple(reader.pair_decisions()), counterpart_decisions=tuple(reader.counterpart_decisions())
        )
        guarded = clamp_future(decisions, reference, now=now)
        merged = merge_state(store, guarded.snapshot)
    return replace(merged, posts=changed, clamped=clamped + guarded.clamped, waiting=waiting, dropped=dropped)
