"""How sure a counterpart link is, in words: what the timeline shows beside a post.

Kept apart from reader.align.linking (which scores the links) so that listing the timeline does not
load the aligner and its signals.
"""

from __future__ import annotations

# From reader.align.linking's LINK_THRESHOLD up to this confidence a link is made but marked doubtful
DOUBTFUL = 0.8


def status(score: float, confirmed: bool = False) -> str:
    """ "confirmed" (by the user), "doubtful" (an automatic link below `DOUBTFUL`) or "automatic"."""
    if confirmed:
        return "confirmed"
    return "doubtful" if score < DOUBTFUL else "automatic"
