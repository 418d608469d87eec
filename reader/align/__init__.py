"""Russian–English pairing: signals that survive translation, the bead aligner, counterparts.

Public entry points:
    pair_passages(passages) -> tuple[Pair, ...]   pairs inside one bilingual post
    pair_posts(ru_post, en_post) -> tuple[Pair, ...]   pairs across a post and its translation
    CounterpartIndex, counterpart_keys, score_counterpart   finding the translation of a post
    best_counterparts(post, candidates, threshold, limit=...)   the same scores, hopeless candidates skipped
No Qt and no SQL here: plain domain objects in, plain domain objects out.
"""

from reader.align.aligner import pair_passages, pair_posts
from reader.align.counterparts import CounterpartIndex, best_counterparts, counterpart_keys, score_counterpart

__all__ = [
    "CounterpartIndex",
    "best_counterparts",
    "counterpart_keys",
    "pair_passages",
    "pair_posts",
    "score_counterpart",
]
