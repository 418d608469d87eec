"""What two posts of different languages share, counted: the evidence a counterpart link rests on.

`pair_evidence` reads two posts (a Russian one and an English one) into a `PairEvidence`: how many
specific numbers, names, quotes, glossary terms and markers they share, how well their paragraphs
and their sentences align, and how far apart they were posted. The counterpart model
(`reader.align.linking`) turns it into a probability; the reader pane shows it as the reason of a link.
Nothing here depends on the other posts of the window except `rarity`, which the caller passes in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from itertools import pairwise

from reader.align.aligner import _SKIP_GAIN, align_signals, passage_signals
from reader.align.sentences import split_sentences
from reader.align.signals import LENGTH_RATIO_EN_RU, PassageSignals, length_log_odds, length_sigma, text_signals
from reader.align.translit import name_skeleton, skeletons_match
from reader.domain import Passage, Post

# A key's weight by how few posts of the window carry it (see `reader.align.linking.KeyRarity`)
Rarity = Callable[[str], float]
# Sentences aligned per post at most: beyond that the paragraphs' alignment says enough
_MAX_SENTENCES = 40
# The least spread of log(English / Russian length): that of a whole translated document (shared/README.md)
_DOCUMENT_LENGTH_SPREAD = 0.08
_MAX_LENGTH_DEVIATION = 6.0
# Posts' entries kept by the per-post caches below and in `reader.align.counterparts` (the counterpart
# search clears them at each window of dates, `clear_post_caches`). The search's bound and its evidence
# share these: each post's passages are read into signals, merged and paired with their neighbours once.
POST_CACHE = 4096
_QUOTE = re.compile(r"«([^«»]{3,}?)»|“([^“”]{3,}?)”|\"([^\"]{3,}?)\"")


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """The evidence that an English post translates a Russian one.

    Attributes:
        numbers: specific numbers, dates and times on both sides (small counts are left out).
        numbers_unshared: specific numbers on one side only (a translation keeps its numbers).
        names: Russian names whose transliteration is one of the English post's names.
        names_unshared: names (capitalised words inside a sentence) of either post without a
            partner on the other side (a translation keeps its names; a report of the same event
            in other words names other people and places too).
        quotes: quoted phrases of the Russian post with a quoted counterpart in the English one.
        terms: glossary terms and topics on both sides.
        markers: hashtags, links and emoji on both sides.
        keys: counterpart index keys on both sides; `rarity`: their weight by rarity in the window.
        share: `keys` over the keys of the post that has fewer of them (0–1).
        strength: mean log-odds per paragraph of the best paragraph alignment.
        sentence_strength: the same over sentences (a translation keeps its sentences); None when
            it was not worked out (see `pair_evidence`).
        length_fit: log-odds of the two lengths (about 1 for a full translation).
        length_deviation: how far the paragraphs paired by the alignment are from a translation's
            length ratio, in spreads expected for texts of their length (a shortened version drops
            paragraphs, not words, so only the paired ones are compared).
        hours_apart: between the two posts' dates; None when one has no date.
        sentences: the sentences of the post that has fewer (at most `_MAX_SENTENCES`): how many
            sentences the alignment strengths are an average over (see `sentence_total`).
    """

    numbers: int
    numbers_unshared: int
    names: int
    names_unshared: int
    quotes: int
    terms: int
    markers: int
    keys: int
    rarity: float
    share: float
    strength: float
    sentence_strength: float | None
    length_fit: float
    length_deviation: float
    hours_apart: float | None
    sentences: int

    @property
    def sentence_total(self) -> float | None:
        """The sentence alignment's evidence summed rather than averaged: `sentence_strength` times
        `sentences`. A translation's evidence adds up with every sentence it keeps; a one-sentence
        excerpt whose length happens to fit has one sentence's worth. None without `sentence_strength`."""
        return None if self.sentence_strength is None else self.sentence_strength * self.sentences


def paired_passages(post: Post, lang: str) -> tuple[Passage, ...]:
    """The passages of a post read as `lang` (passages without a language count as the post's)."""
    return tuple(passage for passage in post.passages if passage.lang in (lang, None))


def _merged(signals: Iterable[PassageSignals]) -> PassageSignals:
    total: PassageSignals | None = None
    for item in signals:
        total = item if total is None else total.merged(item)
    return total if total is not None else PassageSignals(length=0)


@lru_cache(maxsize=POST_CACHE)
def passages_signals(passages: tuple[Passage, ...], lang: str) -> tuple[PassageSignals, ...]:
    """The signals of each of `passages` read as `lang` (shared with the counterpart search's bound)."""
    return tuple(passage_signals(passage, lang) for passage in passages)


@lru_cache(maxsize=POST_CACHE)
def neighbour_signals(passages: tuple[Passage, ...], lang: str) -> tuple[PassageSignals, ...]:
    """Each of `passages`' signals merged with the next one's: the sides of 2–1 and 1–2 beads.

    The aligner needs them for every pair a post is in; a post's are merged once.
    """
    return tuple(first.merged(second) for first, second in pairwise(passages_signals(passages, lang)))


@lru_cache(maxsize=POST_CACHE)
def merged_signals(passages: tuple[Passage, ...], lang: str) -> PassageSignals:
    """The signals of all of `passages` read as one text (a post is in many pairs: merged once)."""
    return _merged(passages_signals(passages, lang))


@lru_cache(maxsize=POST_CACHE)
def _sentence_signals(passages: tuple[Passage, ...], lang: str) -> tuple[PassageSignals, ...] | None:
    """The signals of the sentences of `passages`; None when every passage is one sentence."""
    cuts = [split_sentences(passage.text) for passage in passages]
    if all(len(cut) <= 1 for cut in cuts):
        return None
    sentences = [sentence for cut in cuts for sentence in cut]
    return tuple(text_signals(sentence, lang) for sentence in sentences[:_MAX_SENTENCES])


def _sentence_strength(
    ru_passages: tuple[Passage, ...],
    en_passages: tuple[Passage, ...],
    ru_signals: tuple[PassageSignals, ...],
    en_signals: tuple[PassageSignals, ...],
    paragraphs: float | None,
) -> float:
    """The alignment strength of two posts' sentences.

    A side whose passages are single sentences is its passages' signals as they are: the
    sentences' own would be the same texts, read again. When both are, the sentences' alignment
    is the paragraphs' (`paragraphs`, their strength when all passages were aligned).
    """
    ru_sentences = _sentence_signals(ru_passages, "ru")
    en_sentences = _sentence_signals(en_passages, "en")
    if ru_sentences is None and en_sentences is None and len(ru_signals) <= _MAX_SENTENCES >= len(en_signals):
        return paragraphs if paragraphs is not None else _aligned(ru_signals, en_signals)[0]
    return _aligned(
        ru_sentences if ru_sentences is not None else ru_signals[:_MAX_SENTENCES],
        en_sentences if en_sentences is not None else en_signals[:_MAX_SENTENCES],
    )[0]


def _sentence_count(passages: tuple[Passage, ...]) -> int:
    """The sentences of `passages` (at most `_MAX_SENTENCES`, as many as are aligned)."""
    return min(sum(len(split_sentences(passage.text)) for passage in passages), _MAX_SENTENCES)


@lru_cache(maxsize=POST_CACHE)
def _quotes(passages: tuple[Passage, ...], lang: str) -> tuple[PassageSignals, ...]:
    found = []
    for passage in passages:
        for match in _QUOTE.finditer(passage.text):
            found.append(text_signals(next(group for group in match.groups() if group), lang))
    return tuple(found)


def _shared_quotes(ru: tuple[PassageSignals, ...], en: tuple[PassageSignals, ...]) -> int:
    """Russian quotes with an English quote that shares a key with it, or, keyless, fits its length."""
    count = 0
    taken: set[int] = set()
    for quote in ru:
        for index, other in enumerate(en):
            if index in taken:
                continue
            keyed = quote.numbers | quote.cognates
            if (keyed & (other.numbers | other.cognates)) or (
                not keyed and length_log_odds(quote.length, other.length) > 0
            ):
                taken.add(index)
                count += 1
                break
    return count


def _aligned(
    ru: tuple[PassageSignals, ...],
    en: tuple[PassageSignals, ...],
    neighbours: tuple[tuple[PassageSignals, ...], tuple[PassageSignals, ...]] | None = None,
) -> tuple[float, float]:
    """The alignment strength (as `alignment_strength`) and the length deviation of the paired passages.

    `neighbours`: the Russian and English `neighbour_signals`, when the caller has them.
    """
    if not ru or not en:
        return _SKIP_GAIN, _MAX_LENGTH_DEVIATION
    beads = align_signals(ru, en, *(neighbours or ()))
    paired_ru = sum(ru[i].length for indexes, _, _ in beads for i in indexes)
    paired_en = sum(en[j].length for _, indexes, _ in beads for j in indexes)
    unpaired = len(ru) + len(en) - sum(len(a) + len(b) for a, b, _ in beads)
    strength = (sum(log_odds for _, _, log_odds in beads) + _SKIP_GAIN * unpaired) / max(len(ru), len(en))
    if not paired_ru or not paired_en:
        return strength, _MAX_LENGTH_DEVIATION
    spread = max(length_sigma(paired_ru, paired_en), _DOCUMENT_LENGTH_SPREAD)
    deviation = abs(math.log(paired_en / (LENGTH_RATIO_EN_RU * paired_ru))) / spread
    return strength, min(deviation, _MAX_LENGTH_DEVIATION)


@lru_cache(maxsize=POST_CACHE)
def _inner_names(passages: tuple[Passage, ...]) -> frozenset[str]:
    """Skeletons of the capitalised words that do not open a sentence: names, mostly."""
    found: set[str] = set()
    for passage in passages:
        for sentence in split_sentences(passage.text):
            for word in sentence.split()[1:]:
                word = word.strip("«»\"“”„()[],.:;!?…'’")
                if len(word) >= 4 and word[0].isupper() and word.isalpha():
                    skeleton = name_skeleton(word)
                    if len(skeleton) >= 3:
                        found.add(skeleton)
    return frozenset(found)


def _unmatched(left: frozenset[str], right: frozenset[str]) -> int:
    count = 0
    for name in left:
        if not any(
            name[:3] == other[:3] and (name[:5] == other[:5] or skeletons_match(name, other)) for other in right
        ):
            count += 1
    return count


def shared_names(ru: PassageSignals, en: PassageSignals) -> int:
    """Russian names (full skeletons) with an English name of the same or a close spelling."""
    count = 0
    for name in ru.names:
        for other in en.names:
            if name[:3] == other[:3] and (name[:5] == other[:5] or skeletons_match(name, other)):
                count += 1
                break
    return count


def specific_number(key: str) -> bool:
    """Dates, times, months and numbers beyond small counts ("two", "3" are everywhere)."""
    if not key.startswith("n:"):
        return not key.startswith("m:")
    try:
        return float(key[2:]) >= 13 or "." in key
    except ValueError:
        return False


def pair_evidence(
    ru_post: Post,
    en_post: Post,
    ru_keys: frozenset[str] = frozenset(),
    en_keys: frozenset[str] = frozenset(),
    rarity: Rarity | None = None,
    aligned: tuple[tuple[Passage, ...], tuple[Passage, ...]] | None = None,
    sentences: bool = True,
) -> PairEvidence:
    """The evidence that `en_post` translates `ru_post`.

    Args:
        ru_post: the Russian post; en_post: the English one.
        ru_keys, en_keys: their counterpart index keys (`counterpart_keys`), when the caller has them.
        rarity: a key's weight in the window (None: each shared key weighs 1).
        aligned: the Russian and English passages to align paragraph by paragraph (None: all of
            each post's passages in its language; the search leaves out furniture).
        sentences: False leaves `sentence_strength` None: the sentence alignment costs as much
            as everything else together, and most candidate pairs are settled without it.
    """
    ru_passages, en_passages = paired_passages(ru_post, "ru"), paired_passages(en_post, "en")
    ru_signals = passages_signals(ru_passages, "ru")
    en_signals = passages_signals(en_passages, "en")
    ru, en = merged_signals(ru_passages, "ru"), merged_signals(en_passages, "en")
    ru_numbers = {key for key in ru.numbers if specific_number(key)}
    en_numbers = {key for key in en.numbers if specific_number(key)}
    numbers = len(ru_numbers & en_numbers)
    common = ru_keys & en_keys
    weigh = rarity or (lambda key: 1.0)
    whole = aligned is None or aligned == (ru_passages, en_passages)
    if aligned is None or whole:
        neighbours = (neighbour_signals(ru_passages, "ru"), neighbour_signals(en_passages, "en"))
        strength, deviation = _aligned(ru_signals, en_signals, neighbours)
    else:
        strength, deviation = _aligned(
            passages_signals(aligned[0], "ru"),
            passages_signals(aligned[1], "en"),
            (neighbour_signals(aligned[0], "ru"), neighbour_signals(aligned[1], "en")),
        )
    ru_names, en_names = _inner_names(ru_passages), _inner_names(en_passages)
    sentence_strength = None
    if sentences:
        sentence_strength = _sentence_strength(
            ru_passages, en_passages, ru_signals, en_signals, strength if whole else None
        )
    hours = None
    if isinstance(ru_post.date, datetime) and isinstance(en_post.date, datetime):
        hours = abs((en_post.date - ru_post.date).total_seconds()) / 3600
    return PairEvidence(
        numbers=numbers,
        numbers_unshared=len(ru_numbers) + len(en_numbers) - 2 * numbers,
        names=shared_names(ru, en),
        names_unshared=_unmatched(ru_names, en_names) + _unmatched(en_names, ru_names),
        quotes=_shared_quotes(_quotes(ru_passages, "ru"), _quotes(en_passages, "en")),
        terms=len(ru.terms & en.terms),
        markers=len(ru.markers & en.markers),
        keys=len(common),
        rarity=sum(weigh(key) for key in common),
        share=len(common) / max(1, min(len(ru_keys), len(en_keys))),
        strength=strength,
        sentence_strength=sentence_strength,
        length_fit=length_log_odds(ru.length, en.length),
        length_deviation=deviation,
        hours_apart=hours,
        sentences=max(1, min(_sentence_count(ru_passages), _sentence_count(en_passages))),
    )


@dataclass(frozen=True, slots=True)
class PassageReason:
    """Why two passages are shown as each other's translation, for the reader to judge.

    Attributes:
        numbers, names, terms: what the passages share (as `PairEvidence` counts them).
        length_ratio: the English passages' length over the Russian ones' (a translation's is about
            `LENGTH_RATIO_EN_RU`).
    """

    numbers: int
    names: int
    terms: int
    length_ratio: float

    @property
    def length_fits(self) -> bool:
        """Whether the lengths are as a translation's (within the spread of single sentences, doubled)."""
        return abs(math.log(max(self.length_ratio, 1e-6) / LENGTH_RATIO_EN_RU)) <= 2 * _SENTENCE_LENGTH_SPREAD


# The spread of log(English / Russian length) per sentence (shared/README.md)
_SENTENCE_LENGTH_SPREAD = 0.16


def passage_reason(ru_passages: Iterable[Passage], en_passages: Iterable[Passage]) -> PassageReason:
    """What the Russian and English passages of one aligned row share, and how their lengths compare."""
    ru = _merged(passage_signals(passage, "ru") for passage in ru_passages)
    en = _merged(passage_signals(passage, "en") for passage in en_passages)
    ru_numbers = {key for key in ru.numbers if specific_number(key)}
    en_numbers = {key for key in en.numbers if specific_number(key)}
    return PassageReason(
        numbers=len(ru_numbers & en_numbers),
        names=shared_names(ru, en),
        terms=len(ru.terms & en.terms),
        length_ratio=en.length / max(ru.length, 1),
    )


def with_sentences(
    evidence: PairEvidence,
    ru_post: Post,
    en_post: Post,
    aligned: tuple[tuple[Passage, ...], tuple[Passage, ...]] | None = None,
) -> PairEvidence:
    """`evidence` (of `pair_evidence` with `sentences` False) with its `sentence_strength`."""
    if evidence.sentence_strength is not None:
        return evidence
    ru_passages, en_passages = paired_passages(ru_post, "ru"), paired_passages(en_post, "en")
    whole = aligned is None or aligned == (ru_passages, en_passages)
    strength = _sentence_strength(
        ru_passages,
        en_passages,
        passages_signals(ru_passages, "ru"),
        passages_signals(en_passages, "en"),
        evidence.strength if whole else None,
    )
    return replace(evidence, sentence_strength=strength)


def clear_caches() -> None:
    """Forget the cached sentences and quotes of posts."""
    _sentence_signals.cache_clear()
    passages_signals.cache_clear()
    merged_signals.cache_clear()
    neighbour_signals.cache_clear()
    _quotes.cache_clear()
    _inner_names.cache_clear()
    split_sentences.cache_clear()
