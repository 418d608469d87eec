"""User state as a small JSON file: backup, and serverless sync between machines by merging.

The document holds, keyed by stable post ids, the read / bookmarked / note / tags fields of each
post with the time each was last changed, plus the user's pair and counterpart decisions::

    {"format": "bulletin-reader-state", "version": 1, "exported_at": "...",
     "posts": {"tg:mfa/1": {"read": {"value": true, "at": 1752141600.0}, "note": {...}}},
     "pair_decisions": [{"post_id", "other_post_id", "ru", "en", "decision", "at"}],
     "counterpart_decisions": [{"post_id", "other_id", "decision", "at"}]}

Merging is last-writer-wins per field (a later timestamp wins; equal timestamps are broken by
comparing values, so two machines merging each other's files end up identical), idempotent,
and never deletes anything: content is untouched, and state for posts not imported yet is kept
until they arrive.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from reader.domain import PostState
from reader.store.statefile_stream import EXPORT_FORMAT as EXPORT_FORMAT
from reader.store.statefile_stream import MAX_STATE_FILE_BYTES as MAX_STATE_FILE_BYTES
from reader.store.statefile_stream import STATE_FORMAT, STATE_VERSION
from reader.store.statefile_stream import CounterpartDecision as CounterpartDecision
from reader.store.statefile_stream import PairDecision as PairDecision
from reader.store.statefile_stream import StateSnapshot as StateSnapshot
from reader.store.statefile_stream import parse_state_document as parse_state_document
from reader.store.statefile_stream import read_state_file as read_state_file
from reader.store.store import Store

# State for posts not in the library is kept for when they are imported (a second machine's marks),
# up to this many posts; more is dropped with a count. Without a bound, a file of two million such
# entries made every day's backup 253 MB and the first command of the day take 55 s.
MAX_WAITING_POSTS = 100_000

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class MergeSummary:
    """What a merge changed; all zero when the file was merged before."""

    posts: int = 0
    pair_decisions: int = 0
    counterpart_decisions: int = 0
    clamped: int = 0  # timestamps from the future that were set back (reader.store.stateguard)
    ignored: int = 0  # entries for posts that the file itself does not hold
    waiting: int = 0  # posts' state kept for posts this library does not hold yet
    dropped: int = 0  # entries for posts not in the library, past MAX_WAITING_POSTS

    @property
    def changed(self) -> int:
        return self.posts + self.pair_decisions + self.counterpart_decisions

    def line(self) -> str:
        line = (
            f"{self.posts} posts' state, {self.pair_decisions} pair decisions and "
            f"{self.counterpart_decisions} counterpart decisions changed"
        )
        if self.clamped:
            line += f"; {self.clamped} changes dated in the future were dated back"
        if self.ignored:
            line += f"; {self.ignored} entries for posts not in the file were ignored"
        if self.waiting:
            line += f"; {self.waiting} posts' state is for posts not in this library (kept until they are imported)"
        if self.dropped:
            line += (
                f"; {self.dropped:,} entries for other posts not in this library were dropped "
                f"(at most {MAX_WAITING_POSTS:,} such posts' state is kept)"
            )
        return line


# ------------------------------------------------------------------------------------------ export


def state_document(
    store: Store, post_ids: Collection[str] | None = None, *, now: float | None = None
) -> dict[str, Any]:
    """The state document of the whole store, or only of `post_ids` (and decisions touching them)."""
    wanted = None if post_ids is None else set(post_ids)
    posts: dict[str, Any] = {}
    states = store.state.iter_backup_states(MAX_WAITING_POSTS) if wanted is None else store.state.iter_states()
    for post_id, state in states:
        if wanted is not None and post_id not in wanted:
            continue
        fields = _state_fields(state)
        if fields:
            posts[post_id] = fields
    pair_decisions = [
        {"post_id": post_id, "other_post_id": other, "ru": list(ru), "en": list(en), "decision": decision, "at": at}
        for post_id, other, ru, en, decision, at in store.pairs.iter_pair_decisions()
        if wanted is None or post_id in wanted or other in wanted
    ]
    counterpart_decisions = [
        {"post_id": post_id, "other_id": other, "decision": decision, "at": at}
        for post_id, other, decision, at in store.pairs.iter_counterpart_decisions()
        if wanted is None or post_id in wanted or other in wanted
    ]
    moment = datetime.now(tz=UTC) if now is None else datetime.fromtimestamp(now, tz=UTC)
    return {
        "format": STATE_FORMAT,
        "version": STATE_VERSION,
        "exported_at": moment.isoformat(),
        "posts": posts,
        "pair_decisions": pair_decisions,
        "counterpart_decisions": counterpart_decisions,
    }


def _state_fields(state: PostState) -> dict[str, Any]:
    # A field without a timestamp was never set (it holds the default), so it is left out and can never
    # overwrite a real change elsewhere.
    fields: dict[str, Any] = {}
    if state.read_at is not None:
        fields["read"] = {"value": state.read, "at": state.read_at}
    if state.bookmarked_at is not None:
        fields["bookmarked"] = {"value": state.bookmarked, "at": state.bookmarked_at}
    if state.note_at is not None:
        fields["note"] = {"value": state.note, "at": state.note_at}
    if state.tags_at is not None:
        fields["tags"] = {"value": list(state.tags), "at": state.tags_at}
    return fields


# ------------------------------------------------------------------------------------------ merge


def merge_post_state(local: PostState, incoming: PostState) -> PostState:
    """Last writer wins, field by field; fields never set on one side take the other's value."""
    read, read_at = _newer(local.read, local.read_at, incoming.read, incoming.read_at)
    bookmarked, bookmarked_at = _newer(
        local.bookmarked, local.bookmarked_at, incoming.bookmarked, incoming.bookmarked_at
    )
    note, note_at = _newer(local.note, local.note_at, incoming.note, incoming.note_at)
    tags, tags_at = _newer(local.tags, local.tags_at, incoming.tags, incoming.tags_at)
    return PostState(read, bookmarked, note, tags, read_at, bookmarked_at, note_at, tags_at)


def _newer(local: T, local_at: float | None, incoming: T, incoming_at: float | None) -> tuple[T, float | None]:
    if incoming_at is None:
        return local, local_at
    if local_at is None or incoming_at > local_at:
        return incoming, incoming_at
    if incoming_at == local_at and _order_key(incoming) > _order_key(local):
        # The same instant on two machines: any fixed choice makes both sides converge.
        return incoming, incoming_at
    return local, local_at


def _order_key(value: object) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False, sort_keys=True)


def merge_state(store: Store, snapshot: StateSnapshot) -> MergeSummary:
    """Merge a parsed state document into the store in one transaction; see the module docstring."""
    changed_posts = 0
    changed_pairs = 0
    changed_counterparts = 0
    with store.db.state_transaction():
        local_states = store.state.states(list(snapshot.posts))
        for post_id, incoming in snapshot.posts.items():
            local = local_states.get(post_id, PostState())
            merged = merge_post_state(local, incoming)
            if merged != local:
                store.state.put_state(post_id, merged)
                changed_posts += 1
        if snapshot.pair_decisions:
            pairs = {
                (post_id, other, ru, en): (decision, at)
                for post_id, other, ru, en, decision, at in store.pairs.iter_pair_decisions()
            }
            for item in snapshot.pair_decisions:
                key = (item.post_id, item.other_post_id, item.ru, item.en)
                if _incoming_wins(pairs.get(key), item.decision, item.at):
                    store.pairs.decide_pair(
                        item.post_id, item.ru, item.en, item.decision, item.other_post_id, at=item.at
                    )
                    pairs[key] = (item.decision, item.at)
                    changed_pairs += 1
        if snapshot.counterpart_decisions:
            counterparts = {
                (post_id, other): (decision, at)
                for post_id, other, decision, at in store.pairs.iter_counterpart_decisions()
            }
            for choice in snapshot.counterpart_decisions:
                if _incoming_wins(counterparts.get((choice.post_id, choice.other_id)), choice.decision, choice.at):
                    store.pairs.decide_counterpart(choice.post_id, choice.other_id, choice.decision, at=choice.at)
                    # decide_counterpart records both directions.
                    counterparts[(choice.post_id, choice.other_id)] = (choice.decision, choice.at)
                    counterparts[(choice.other_id, choice.post_id)] = (choice.decision, choice.at)
                    changed_counterparts += 1
    return MergeSummary(changed_posts, changed_pairs, changed_counterparts)


def _incoming_wins(local: tuple[str, float] | None, decision: str, at: float) -> bool:
    if local is None:
        return True
    local_decision, local_at = local
    if at != local_at:
        return at > local_at
    return decision > local_decision
