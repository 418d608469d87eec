"""The user's decisions about pairs: a passage pair confirmed, rejected or re-paired; two posts
confirmed or rejected as translations of each other."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from reader.domain import Changes
from reader.store import Store

Decision = Literal["confirmed", "rejected"]


def decide_pair(
    store: Store, post_id: str, ru: Sequence[int], en: Sequence[int], decision: Decision, other_post_id: str = ""
) -> Changes:
    """Confirm or reject the pair of passages `ru` and `en` of a post (or across the post and `other_post_id`).

    Re-pairing is a confirmation of a pair the aligner did not propose. The decision is user state:
    it survives re-imports and re-alignment.
    """
    store.pairs.decide_pair(post_id, list(ru), list(en), decision, other_post_id)
    return Changes(decided=(post_id, other_post_id) if other_post_id else (post_id,))


def decide_counterpart(store: Store, post_id: str, other_id: str, decision: Decision) -> Changes:
    """Confirm or reject that two posts say the same thing (recorded in both directions)."""
    store.pairs.decide_counterpart(post_id, other_id, decision)
    return Changes(decided=(post_id, other_id))
