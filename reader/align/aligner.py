"""Monotonic alignment of Russian and English passages by dynamic programming over beads.

As in Gale–Church and hunalign, the two passage sequences are cut into beads — 1–1, 2–1, 1–2,
1–0 and 0–1 — and the best-scoring chain of beads is found by dynamic programming. Unlike
length-only Gale–Church, a bead's score also counts the numbers, names, international words,
glossary terms and markers its two sides share (`reader.align.signals`).

`pair_passages` pairs the Russian and English passages inside one post (a Russian block then its
translation, or alternating paragraphs); `pair_posts` pairs the passages of a Russian post with
those of its English counterpart. `gale_church_pairs` is the classic length-only method, kept as the
baseline the evaluation compares against.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from reader.align.signals import PassageSignals, probability, similarity, text_signals
from reader.domain import Pair, Passage, PassageKind, Post

# Log priors of the bead types. Posts drop untranslated passages more often than books drop
# sentences, so 1–0 and 0–1 are likelier here than in Gale and Church's table.
_LOG_PRIOR_11 = math.log(0.89)
_LOG_PRIOR_21 = math.log(0.08)
_SKIP_GAIN = -1.8  # a 1–0 or 0–1 bead: prior and "no evidence" together
_MIN_BAND = 12

Bead = tuple[tuple[int, ...], tuple[int, ...], float]
_Gain = Callable[[int, int, int, int], float]


def _band(count_ru: int, count_en: int) -> int:
    # a monotonic path rarely strays far from the diagonal; a band keeps long posts linear-ish
    return max(_MIN_BAND, abs(count_ru - count_en) + 4, max(count_ru, count_en) // 4)


_SHAPES = ((1, 1), (2, 1), (1, 2))


def align_sequences(
    count_ru: int, count_en: int, gain: _Gain, skip_gain: float, shapes: Sequence[tuple[int, int]] = _SHAPES
) -> list[Bead]:
    """Best monotonic chain of beads over two sequences.

    Args:
        count_ru: length of the Russian sequence.
        count_en: length of the English sequence.
        gain: `gain(i, ru_take, j, en_take)` is the log-odds of pairing Russian items
            `i..i+ru_take-1` with English items `j..j+en_take-1`, prior included.
        skip_gain: the gain of leaving one item unpaired.
        shapes: the (Russian, English) sizes of the paired beads allowed.

    Returns:
        Paired beads in order as (Russian indexes, English indexes, gain); skipped items are omitted.
    """
    minus_infinity = -math.inf
    band = _band(count_ru, count_en)
    best = [[minus_infinity] * (count_en + 1) for _ in range(count_ru + 1)]
    back: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (count_en + 1) for _ in range(count_ru + 1)]
    best[0][0] = 0.0
    slope = count_en / count_ru if count_ru else 0.0
    for i in range(count_ru + 1):
        centre = i * slope
        low = max(0, int(centre) - band)
        high = min(count_en, int(centre) + band + 1)
        row = best[i]
        for j in range(low, high + 1):
            if i == 0 and j == 0:
                continue
            top = minus_infinity
            step = (0, 0, 0.0)
            if i and best[i - 1][j] > minus_infinity:
                candidate = best[i - 1][j] + skip_gain
                if candidate > top:
                    top, step = candidate, (1, 0, skip_gain)
            if j and row[j - 1] > minus_infinity:
                candidate = row[j - 1] + skip_gain
                if candidate > top:
                    top, step = candidate, (0, 1, skip_gain)
            for ru_take, en_take in shapes:
                if i < ru_take or j < en_take:
                    continue
                previous = best[i - ru_take][j - en_take]
                if previous == minus_infinity:
                    continue
                bead_gain = gain(i - ru_take, ru_take, j - en_take, en_take)
                if previous + bead_gain > top:
                    top, step = previous + bead_gain, (ru_take, en_take, bead_gain)
            row[j] = top
            back[i][j] = step
    beads: list[Bead] = []
    i, j = count_ru, count_en
    if best[i][j] == minus_infinity:
        return beads
    while i or j:
        ru_take, en_take, bead_gain = back[i][j]
        if ru_take and en_take:
            beads.append((tuple(range(i - ru_take, i)), tuple(range(j - en_take, j)), bead_gain))
        i -= ru_take
        j -= en_take
    beads.reverse()
    return beads


def align_signals(
    ru: Sequence[PassageSignals],
    en: Sequence[PassageSignals],
    ru_neighbours: Sequence[PassageSignals] | None = None,
    en_neighbours: Sequence[PassageSignals] | None = None,
) -> list[Bead]:
    """Align two sequences of passage signals; each bead's third item is its log-odds (prior excluded).

    `ru_neighbours`, `en_neighbours`: each item merged with the next (`PassageSignals.merged`), when the
    caller keeps them (a post is aligned with many candidates); else they are merged as needed.
    """
    merged_ru: dict[int, PassageSignals] = dict(enumerate(ru_neighbours)) if ru_neighbours is not None else {}
    merged_en: dict[int, PassageSignals] = dict(enumerate(en_neighbours)) if en_neighbours is not None else {}

    def side(
        signals: Sequence[PassageSignals], cache: dict[int, PassageSignals], start: int, take: int
    ) -> PassageSignals:
        if take == 1:
            return signals[start]
        merged = cache.get(start)
        if merged is None:
            merged = cache[start] = signals[start].merged(signals[start + 1])
        return merged

    def gain(i: int, ru_take: int, j: int, en_take: int) -> float:
        prior = _LOG_PRIOR_11 if ru_take == en_take else _LOG_PRIOR_21
        return prior + similarity(side(ru, merged_ru, i, ru_take), side(en, merged_en, j, en_take))

    beads = align_sequences(len(ru), len(en), gain, _SKIP_GAIN)
    return [
        (ru_indexes, en_indexes, log_odds - (_LOG_PRIOR_11 if len(ru_indexes) == len(en_indexes) else _LOG_PRIOR_21))
        for ru_indexes, en_indexes, log_odds in beads
    ]


def alignment_strength(ru: Sequence[PassageSignals], en: Sequence[PassageSignals]) -> float:
    """Mean log-odds per passage of the best alignment of two passage sequences.

    Translations score well above zero (their passages pair up with matching lengths and shared
    keys); unrelated texts fall to about the cost of leaving every passage unpaired.
    """
    if not ru or not en:
        return _SKIP_GAIN
    beads = align_signals(ru, en)
    paired_ru = sum(len(ru_indexes) for ru_indexes, _, _ in beads)
    paired_en = sum(len(en_indexes) for _, en_indexes, _ in beads)
    total = sum(log_odds for _, _, log_odds in beads)
    total += _SKIP_GAIN * (len(ru) - paired_ru + len(en) - paired_en)
    return total / max(len(ru), len(en))


def passage_signals(passage: Passage, lang: str) -> PassageSignals:
    """The signals of a passage read as `lang`, with its role and speaker."""
    signals = text_signals(passage.text, lang, tuple(link.url for link in passage.links))
    if passage.kind == PassageKind.BODY and not passage.speaker:
        return signals
    return signals.with_context(str(passage.kind), passage.speaker)


def _pairs_from_beads(beads: list[Bead], ru_positions: Sequence[int], en_positions: Sequence[int]) -> tuple[Pair, ...]:
    return tuple(
        Pair(
            ru=tuple(ru_positions[index] for index in ru_indexes),
            en=tuple(en_positions[index] for index in en_indexes),
            score=round(probability(log_odds), 4),
        )
        for ru_indexes, en_indexes, log_odds in beads
    )


def pair_passages(passages: Sequence[Passage]) -> tuple[Pair, ...]:
    """Pair the Russian and English passages of one bilingual post.

    Passages of other languages or without a language are ignored; the Russian passages are
    aligned in order with the English ones, wherever they sit in the post (a Russian block
    then an English block, or alternating paragraphs).

    Args:
        passages: the post's passages, with `lang` set.

    Returns:
        Pairs whose `ru`/`en` are indexes into `passages`; unpaired passages appear in no pair.
        A post with only one of the two languages gives an empty tuple.
    """
    ru_positions = [index for index, passage in enumerate(passages) if passage.lang == "ru"]
    if not ru_positions:
        return ()
    en_positions = [index for index, passage in enumerate(passages) if passage.lang == "en"]
    if not en_positions:
        return ()
    ru = [passage_signals(passages[index], "ru") for index in ru_positions]
    en = [passage_signals(passages[index], "en") for index in en_positions]
    return _pairs_from_beads(align_signals(ru, en), ru_positions, en_positions)


def pair_posts(ru_post: Post, en_post: Post) -> tuple[Pair, ...]:
    """Pair the passages of a Russian post with those of its English counterpart.

    Passages in the wrong language for their post (an English quote in the Russian post) are
    skipped; passages without a language tag are taken as the post's language.

    Returns:
        Pairs whose `ru` indexes point into `ru_post.passages` and `en` into `en_post.passages`.
    """
    ru_positions = [index for index, passage in enumerate(ru_post.passages) if passage.lang in ("ru", None)]
    en_positions = [index for index, passage in enumerate(en_post.passages) if passage.lang in ("en", None)]
    if not ru_positions or not en_positions:
        return ()
    ru = [passage_signals(ru_post.passages[index], "ru") for index in ru_positions]
    en = [passage_signals(en_post.passages[index], "en") for index in en_positions]
    return _pairs_from_beads(align_signals(ru, en), ru_positions, en_positions)


# --------------------------------------------------------------------------------------------------
# Baseline: Gale and Church (1993), lengths only

_GC_PRIORS = {(1, 1): 0.89, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011, (1, 0): 0.0099}
_GC_VARIANCE = 6.8


def _gc_length_log_probability(ru_length: int, en_length: int) -> float:
    mean = (ru_length + en_length / 1.06) / 2
    if mean <= 0:
        return 0.0
    delta = (en_length - ru_length * 1.06) / math.sqrt(mean * _GC_VARIANCE)
    tail = math.erfc(abs(delta) / math.sqrt(2))  # 2 * (1 - Phi(|delta|))
    return math.log(max(tail, 1e-300))


def gale_church_pairs(ru_lengths: Sequence[int], en_lengths: Sequence[int]) -> list[Bead]:
    """Length-only Gale–Church alignment, the baseline of the evaluation.

    The published method: beads 1–1, 2–1, 1–2, 2–2, 1–0 and 0–1 with the paper's priors, and a
    length model with c = 1.06 (our measured ratio) and s² = 6.8.

    Returns:
        Beads (Russian indexes, English indexes, score in [0, 1] from the length fit).
    """

    def gain(i: int, ru_take: int, j: int, en_take: int) -> float:
        ru_length = sum(ru_lengths[i : i + ru_take])
        en_length = sum(en_lengths[j : j + en_take])
        return math.log(_GC_PRIORS[(ru_take, en_take)]) + _gc_length_log_probability(ru_length, en_length)

    skip = math.log(_GC_PRIORS[(1, 0)]) + math.log(1e-3)  # an unpaired passage of typical length
    beads = align_sequences(len(ru_lengths), len(en_lengths), gain, skip, ((1, 1), (2, 1), (1, 2), (2, 2)))
    return [(ru_indexes, en_indexes, math.exp(min(0.0, bead_gain))) for ru_indexes, en_indexes, bead_gain in beads]
