"""Russian–English pairing: signals that survive translation, the bead aligner, counterparts.

Public entry points:
    pair_passages(passages) -> tuple[Pair, ...]   pairs inside one bilingual post
    pair_posts(ru_post, en_post) -> tuple[Pair, ...]   pairs across a post and its translation
    CounterpartIndex, counterpart_keys, score_counterpart   finding the translation of a post
    best_counterparts(post, candidates, threshold, limit=...)   the same scores, hopeless candidates skipped
No Qt and no SQL here: plain domain objects in, plain domain objects out.

The entry points load on first use: a module of this package that needs none of them (the words for a
link's confidence, which the timeline lists) does not load the aligner with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.align.aligner import pair_passages, pair_posts
    from reader.align.counterparts import CounterpartIndex, best_counterparts, counterpart_keys, score_counterpart

_HOMES = {
    "pair_passages": "reader.align.aligner",
    "pair_posts": "reader.align.aligner",
    "CounterpartIndex": "reader.align.counterparts",
    "best_counterparts": "reader.align.counterparts",
    "counterpart_keys": "reader.align.counterparts",
    "score_counterpart": "reader.align.counterparts",
}

__all__ = [
    "CounterpartIndex",
    "best_counterparts",
    "counterpart_keys",
    "pair_passages",
    "pair_posts",
    "score_counterpart",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
