"""Deciding counterpart links: a calibrated probability per pair, one link per post and language.

Two steps, both logistic models over `PairEvidence` (`reader.align.evidence`):

1. `evidence_log_odds`: how much two posts look like a translation, from what they share (paragraph
   and sentence alignment, numbers and names kept or lost, glossary terms, the length of what pairs)
   and how much of it there is (the sentence alignment's evidence summed over the sentences: a
   one-sentence excerpt whose length fits is not a long translation's match), plus a time prior
   that is set, not fitted (a translation usually follows within hours; a day apart costs 0.2
   log-odds). Shared quotes are shown as a reason but not weighed: fitted, their
   weight came out negative (a report of the same event quotes the same words as often).
2. `confidence`: the probability that a pair is right given its log-odds and the log-odds of the
   best rival pair of either post. A translation stands out from everything else its two posts
   could be paired with; a report of the same event in other words is one of several look-alikes.

`assign` then keeps at most one link per post: the best-scoring pairs first, each post used once,
over the sparse graph of scored candidates (a greedy matching, see `assign`).

The coefficients were fitted with `python -m reader.importing.fit_linking` (WMT22 documents in two
channels: quiet, busy and same-event cases, seeds 7 and 8; the evaluation itself uses seed
20250721, so the table of `make evaluate` is measured on cases the fit never saw).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from reader.align.counterparts import aligned_passages
from reader.align.evidence import PairEvidence, pair_evidence, paired_passages, with_sentences
from reader.align.link_status import DOUBTFUL as DOUBTFUL
from reader.align.link_status import status as status
from reader.align.signals import probability
from reader.domain import Post

K = TypeVar("K", bound=Hashable)

# Step 1: (feature, coefficient). Features are clipped to the ranges seen in the fit.
EVIDENCE_INTERCEPT = -3.867
EVIDENCE_COEFFICIENTS: dict[str, float] = {
    "strength": 0.344,
    "sentence_strength": 0.053,
    "length_deviation": -0.411,
    "numbers": 0.182,
    "numbers_unshared": -0.704,
    "names": 0.183,
    "names_unshared": -0.780,
    "terms": 0.219,
    "sentence_total": 0.858,
}
# `sentence_total` counts up to this: a translation of a dozen sentences is sure enough, and beyond it
# two long reports of one event would gain from their length alone
SENTENCE_TOTAL_CAP = 12.0
# Step 0, the gate: the same model without the sentence alignment (`ROUGH_FEATURES`). A pair whose
# rough log-odds is below ROUGH_GATE is not aligned sentence by sentence and counts as no pair: in the
# fit, every translation's rough log-odds came out above ROUGH_GATE + ROUGH_MARGIN.
ROUGH_INTERCEPT = -5.426
ROUGH_COEFFICIENTS: dict[str, float] = {
    "strength": 1.700,
    "length_deviation": 0.388,
    "numbers": 0.454,
    "numbers_unshared": -0.892,
    "names": 0.807,
    "names_unshared": -1.129,
    "terms": 1.113,
}
ROUGH_GATE = -8.534
ROUGH_MARGIN = 2.0
# The time prior, per day apart (not fitted: the evaluation's dates are drawn, not observed)
PER_DAY = 0.2
# Step 2: intercept, log-odds (capped at CONFIDENT_LOG_ODDS), the best rival's log-odds (FLOOR_LOG_ODDS
# when there is none), and 1 when the two posts share no key (offered to each other by length alone: in
# a busy channel a text of the right length is often there by chance)
CONFIDENCE_COEFFICIENTS = (-2.462, 1.244, -1.153, -1.927)
CONFIDENT_LOG_ODDS = 15.0
# Below this confidence a link is not made; from here to DOUBTFUL it is made and marked doubtful
LINK_THRESHOLD = 0.5
# DOUBTFUL (and `status`, the words for a link's confidence) live in reader.align.link_status
# Pairs below this log-odds are no rivals worth counting and never linked
FLOOR_LOG_ODDS = -4.0


EVIDENCE_FEATURES = (
    "strength",
    "sentence_strength",
    "length_deviation",
    "numbers",
    "numbers_unshared",
    "names",
    "names_unshared",
    "terms",
    "sentence_total",
)


ROUGH_FEATURES = tuple(name for name in EVIDENCE_FEATURES if name not in ("sentence_strength", "sentence_total"))


def features(evidence: PairEvidence) -> dict[str, float]:
    """The model's inputs, clipped so that a very long post cannot outweigh everything else.

    Without a sentence alignment (`sentence_strength` None), the inputs of the gate (`ROUGH_FEATURES`).
    """
    found = rough_features(evidence)
    if evidence.sentence_strength is not None and evidence.sentence_total is not None:
        found["sentence_strength"] = max(evidence.sentence_strength, -3.0)
        found["sentence_total"] = min(max(evidence.sentence_total, -3.0), SENTENCE_TOTAL_CAP)
    return found


def rough_features(evidence: PairEvidence) -> dict[str, float]:
    """The inputs of the gate (`ROUGH_FEATURES`)."""
    return {
        "strength": max(evidence.strength, -3.0),
        "length_deviation": evidence.length_deviation,
        "numbers": min(evidence.numbers, 5),
        "numbers_unshared": min(evidence.numbers_unshared, 10),
        "names": min(evidence.names, 6),
        "names_unshared": min(evidence.names_unshared, 10),
        "terms": min(evidence.terms, 6),
    }


def time_prior(evidence: PairEvidence) -> float:
    """What the time between the two posts takes off the log-odds (nothing when a date is missing)."""
    return -PER_DAY * evidence.hours_apart / 24 if evidence.hours_apart is not None else 0.0


def evidence_log_odds(evidence: PairEvidence) -> float:
    """Log-odds that the pair is a translation, from its evidence and the time between the posts."""
    values = features(evidence)
    total = EVIDENCE_INTERCEPT + sum(weight * values[name] for name, weight in EVIDENCE_COEFFICIENTS.items())
    return total + time_prior(evidence)


def rough_log_odds(evidence: PairEvidence) -> float:
    """The gate's log-odds: step 1's question answered without the sentence alignment."""
    values = rough_features(evidence)
    total = ROUGH_INTERCEPT + sum(weight * values[name] for name, weight in ROUGH_COEFFICIENTS.items())
    return total + time_prior(evidence)


def confidence(log_odds: float, rival: float = FLOOR_LOG_ODDS, keyless: bool = False) -> float:
    """The probability that a chosen pair is right, from its log-odds, its best rival's and whether
    the two posts share no key."""
    intercept, weight, rival_weight, keyless_weight = CONFIDENCE_COEFFICIENTS
    return probability(
        intercept
        + weight * min(log_odds, CONFIDENT_LOG_ODDS)
        + rival_weight * max(rival, FLOOR_LOG_ODDS)
        + (keyless_weight if keyless else 0.0)
    )


@dataclass(frozen=True, slots=True)
class Candidate(Generic[K]):
    """A scored pair: a Russian post, an English post (any keys), their `evidence_log_odds`, and
    whether the two posts share no counterpart key."""

    ru: K
    en: K
    log_odds: float
    keyless: bool = False


@dataclass(frozen=True, slots=True)
class Link(Generic[K]):
    """A chosen pair and how sure we are of it."""

    ru: K
    en: K
    log_odds: float
    rival: float  # log-odds of the best other pair of either post (FLOOR_LOG_ODDS when there is none)
    confidence: float
    keyless: bool = False


def rivals(candidates: Sequence[Candidate[K]]) -> dict[tuple[K, K], float]:
    """The log-odds of the best other pair of each pair's Russian or English post (FLOOR_LOG_ODDS: none)."""
    best: dict[tuple[str, K], list[float]] = defaultdict(list)
    for item in candidates:
        if item.log_odds >= FLOOR_LOG_ODDS:
            for side in (("ru", item.ru), ("en", item.en)):
                top = best[side]
                top.append(item.log_odds)
                top.sort(reverse=True)
                del top[2:]
    result: dict[tuple[K, K], float] = {}
    for item in candidates:
        rival = FLOOR_LOG_ODDS
        for side in (("ru", item.ru), ("en", item.en)):
            top = best.get(side, [])
            # the best other pair: the second best when this pair is the best, else the best
            others = top[1:] if top and top[0] == item.log_odds else top
            if others:
                rival = max(rival, others[0])
        result[(item.ru, item.en)] = rival
    return result


def assign(candidates: Iterable[Candidate[K]], threshold: float = LINK_THRESHOLD) -> list[Link[K]]:
    """At most one link per post: the best pairs first, each post used once, kept from `threshold` up.

    A greedy matching: on the sparse graph of a window's candidates nearly every post has one
    strong pair, so taking the strongest first gives the same links as an optimal assignment in
    all but contrived cases, at a fraction of the cost (measured in the README's pairing section).
    """
    ordered = sorted(
        (item for item in candidates if item.log_odds >= FLOOR_LOG_ODDS),
        key=lambda item: (-item.log_odds, repr(item.ru), repr(item.en)),
    )
    rival_of = rivals(ordered)
    used_ru: set[K] = set()
    used_en: set[K] = set()
    links: list[Link[K]] = []
    for item in ordered:
        if item.ru in used_ru or item.en in used_en:
            continue
        used_ru.add(item.ru)
        used_en.add(item.en)
        rival = rival_of[(item.ru, item.en)]
        sure = confidence(item.log_odds, rival, item.keyless)
        if sure >= threshold:
            links.append(Link(item.ru, item.en, item.log_odds, rival, sure, item.keyless))
    return links


def post_evidence(ru_post: Post, en_post: Post, sentences: bool = True) -> PairEvidence:
    """`pair_evidence` of two posts, their paragraphs aligned without furniture, as the search does."""
    ru_list, en_list = paired_passages(ru_post, "ru"), paired_passages(en_post, "en")
    aligned = (aligned_passages(ru_list), aligned_passages(en_list))
    return pair_evidence(ru_post, en_post, aligned=aligned, sentences=sentences)


def link_log_odds(ru_post: Post, en_post: Post) -> float:
    """`evidence_log_odds` of two posts (see `post_evidence`); -inf for a pair the gate turns away.

    The gate (`rough_log_odds`) needs everything but the sentence alignment, which costs about as
    much again: only pairs that may be a translation or a translation's rival are aligned so.
    """
    ru_list, en_list = paired_passages(ru_post, "ru"), paired_passages(en_post, "en")
    aligned = (aligned_passages(ru_list), aligned_passages(en_list))
    rough = pair_evidence(ru_post, en_post, aligned=aligned, sentences=False)
    if rough_log_odds(rough) < ROUGH_GATE:
        return -math.inf
    return evidence_log_odds(with_sentences(rough, ru_post, en_post, aligned))


@dataclass(frozen=True, slots=True)
class PairReason:
    """Why two posts are shown as each other's version, for the reader to judge.

    Attributes:
        numbers, names, quotes, terms: what the two posts share (see `PairEvidence`).
        hours_apart: between the posts; None when one has no date.
        confidence: the link's stored score (1.0 for one the user confirmed).
        status: "confirmed" (by the user), "automatic" or "doubtful" (see `status`).
    """

    numbers: int
    names: int
    quotes: int
    terms: int
    hours_apart: float | None
    confidence: float
    status: str


def explain(ru_post: Post, en_post: Post, score: float, confirmed: bool = False) -> PairReason:
    """The reason of a stored link between two posts, recomputed from the posts themselves."""
    evidence = post_evidence(ru_post, en_post)
    return PairReason(
        numbers=evidence.numbers,
        names=evidence.names,
        quotes=evidence.quotes,
        terms=evidence.terms,
        hours_apart=evidence.hours_apart,
        confidence=score,
        status=status(score, confirmed),
    )
