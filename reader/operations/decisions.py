"""The user's decisions about pairs: a passage pair confirmed, rejected or re-paired; two posts
confirmed or rejected as translations of each other."""

from __future__ import annotations

from collections.abc import Sequence

from reader.domain import Changes
from reader.errors import ReaderError
from reader.store import Store

DECISIONS = ("confirmed", "rejected")


def _checked(decision: str) -> str:
    if decision not in DECISIONS:
        raise ReaderError(f"a decision is confirmed or rejected, not {decision!r}")
    return decision


def decide_pair(
    store: Store, post_id: str, ru: Sequence[int], en: Sequence[int], decision: str, other_post_id: str = ""
) -> Changes:
    """Confirm or reject the pair of passages `ru` and `en` of a post (or across the post and `other_post_id`).

    Re-pairing is a confirmation of a pair the aligner did not propose. The decision is user state:
    it survives re-imports and re-alignment.
    """
    store.pairs.decide_pair(post_id, list(ru), list(en), _checked(decision), other_post_id)
    return Changes(decided=(post_id, other_post_id) if other_post_id else (post_id,))


def decide_counterpart(store: Store, post_id: str, other_id: str, decision: str) -> Changes:
    """Confirm or reject that two posts say the same thing (recorded in both directions)."""
    store.pairs.decide_counterpart(post_id, other_id, _checked(decision))
    return Changes(decided=(post_id, other_id))
