"""Finding, across channels, the English post that translates a Russian one (and back).

A ministry posts in Russian, and minutes to days later in English, sometimes shortened. Comparing
every Russian post with every English post would grow with the square of the archive, so posts are
indexed by date and by keys that survive translation (`counterpart_keys`: numbers, dates, names,
hashtags, links, topics); only posts within a time window that share a key are scored
(`score_counterpart`), and the best scores are kept one-to-one.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import repeat

from reader.align.aligner import _SKIP_GAIN, alignment_strength
from reader.align.evidence import POST_CACHE, merged_signals, neighbour_signals, passages_signals
from reader.align.evidence import clear_caches as clear_evidence_caches
from reader.align.signals import (
    LENGTH_RATIO_EN_RU,
    PassageSignals,
    index_keys,
    length_log_odds,
    probability,
    similarity_bound_without_length,
    speaker_cognates,
)
from reader.align.signals import clear_caches as clear_signal_caches
from reader.domain import Counterpart, Passage, Post

DEFAULT_WINDOW = timedelta(days=3)
_MAX_CANDIDATES = 24
_MIN_CANDIDATES = 20
_COMMON_KEY_POSTS = 64
_COMMON_KEY_SHARE = 0.05
_DOC_LENGTH_SPREAD = 0.16  # twice the per-document spread of the length ratio of translations
_MAX_LENGTH_MISFIT = 6.0
_SHORTENING_TOLERANCE = 3.0

# Post-level evidence: how well the passages align (the strongest signal: every passage of a
# translation finds its partner), plus keys a translation keeps verbatim.
_ALIGNMENT_WEIGHT = 3.0
_ALIGNMENT_UNDECIDED = 0.45  # mean per-passage log-odds at which alignment alone is undecided
_NUMBER_MATCH = 0.8
_MARKER_MATCH = 1.0
_TOPIC_MATCH = 0.5
_PER_DAY = 0.2
_BOUND_SLACK = 1e-6  # a bound is computed in another order than the score: allow for rounding


def _post_language(post: Post) -> str | None:
    for lang in post.languages:
        if lang in ("ru", "en"):
            return lang
    return None


def _passage_list(post: Post, lang: str) -> tuple[Passage, ...]:
    return tuple(passage for passage in post.passages if passage.lang in (lang, None))


# A passage with fewer letters than this outside its hashtags and links ("👉 Read more", a line of
# hashtags) is furniture every post of a channel has: it would align with the other post's furniture
# and make two unrelated posts look like translations. Its keys still count; it is not aligned.
_FURNITURE_LETTERS = 20
_NOT_PROSE = re.compile(r"(?<!\w)#\w+|(?:https?://|www\.|t\.me/)\S+|[\W\d_]+")
_LETTER_RUN = re.compile(r"[^\W\d_]+")
# Without these, `_NOT_PROSE` would strip only what is not a letter.
_HASHTAG_OR_LINK_MARK = re.compile(r"#|://|www\.|t\.me/")


def _is_prose(text: str) -> bool:
    if _HASHTAG_OR_LINK_MARK.search(text):
        return len(_NOT_PROSE.sub("", text)) >= _FURNITURE_LETTERS
    # Most passages are prose with nothing to strip; their first words settle it, so no cache of
    # every paragraph's text is needed (it held tens of megabytes at 100,000 posts).
    letters = 0
    for run in _LETTER_RUN.finditer(text):
        letters += run.end() - run.start()
        if letters >= _FURNITURE_LETTERS:
            return True
    return False


@lru_cache(maxsize=POST_CACHE)
def _aligned(passages: tuple[Passage, ...]) -> tuple[Passage, ...]:
    """The passages of a post that the aligner compares: all but its furniture (all of them if nothing else).

    Cached per post: the search asks it for every pair a post is in, from the bound and the evidence.
    """
    content = tuple(passage for passage in passages if _is_prose(passage.text))
    return content or passages


@lru_cache(maxsize=POST_CACHE)
def _alignment_strength(ru_passages: tuple[Passage, ...], en_passages: tuple[Passage, ...]) -> float:
    # the import scores a pair twice (from the Russian post, then from the English one): align once
    return alignment_strength(passages_signals(ru_passages, "ru"), passages_signals(en_passages, "en"))


def aligned_passages(passages: tuple[Passage, ...]) -> tuple[Passage, ...]:
    """The passages of a post that alignment compares: all but its furniture (hashtag lines, "Read more")."""
    return _aligned(passages)


def clear_caches() -> None:
    """Forget every cached passage, post and alignment (for measurements that must start cold)."""
    clear_signal_caches()
    clear_evidence_caches()
    for cached in (
        _aligned,
        _alignment_strength,
        _side,
        _specific_number,
        _passage_keys,
    ):
        cached.cache_clear()


def clear_post_caches() -> None:
    """Forget the cached posts and alignments, keeping the passages' and words' signals.

    The counterpart search calls this at each window of dates: a window's posts are met again only
    in the next window's margin, and these caches, sized for a busy window, would otherwise keep
    thousands of posts' signals that no one needs any more. The passages' signals stay: archives
    repeat their paragraphs word for word, across windows too.
    """
    for cached in (_aligned, _alignment_strength, _side):
        cached.cache_clear()
    clear_evidence_caches()


def post_signals(post: Post, lang: str | None = None) -> PassageSignals:
    """The signals of all passages of a post in its main language (or `lang`), read as one text."""
    lang = lang or _post_language(post) or "en"
    return merged_signals(_passage_list(post, lang), lang)


@lru_cache(maxsize=16384)
def _specific_number(key: str) -> bool:
    # small counts ("two", "3") are everywhere; dates, times, months and larger numbers are not
    if not key.startswith("n:"):
        return not key.startswith("m:")
    try:
        return float(key[2:]) >= 13 or "." in key
    except ValueError:
        return False


def counterpart_keys(post: Post) -> frozenset[str]:
    """Keys under which a post is indexed to find its translation in the other language.

    Numbers (beyond small counts), dates and times, skeletons of names and international words
    (``w:lavro`` for Лавров and Lavrov), hashtags, links and emoji markers, and topics: things a
    translation keeps verbatim or nearly so. Built from `key_signals` alone (the same keys as from
    `post_signals`, at a fraction of the cost: no glossary terms or name skeletons are needed).
    """
    lang = _post_language(post) or "en"
    keys: set[str] = set()
    for passage in _passage_list(post, lang):
        keys.update(_passage_keys(passage.text, tuple(link.url for link in passage.links), passage.speaker))
    keys.update("#" + tag.lstrip("#").casefold() for tag in post.hashtags)
    keys.update("topic:" + topic for topic in post.topics)
    return frozenset(keys)


# The stored key that carries a post's length (not a key to look up: see `stored_keys`)
LENGTH_KEY = "len:"


def stored_keys(post: Post) -> frozenset[str]:
    """What the library stores for the counterpart search: `counterpart_keys` and the post's length.

    The length (`LENGTH_KEY` + characters of the post's text in its language) is not looked up
    like the other keys; it lets the search offer a post that shares no key with any other (an
    informal text without names or numbers) the posts whose length fits a translation of it.
    """
    lang = _post_language(post) or "en"
    length = sum(len(passage.text) for passage in _passage_list(post, lang))
    return counterpart_keys(post) | {LENGTH_KEY + str(length)}


def stored_length(keys: Iterable[str]) -> tuple[int | None, list[str]]:
    """The length carried by stored keys (None: stored before lengths were) and the other keys."""
    length = None
    rest = []
    for key in keys:
        if key.startswith(LENGTH_KEY):
            length = int(key[len(LENGTH_KEY) :])
        else:
            rest.append(key)
    return length, rest


# Archives repeat paragraphs word for word (footers, tag lines, standing phrases), and every post is
# indexed at import: a paragraph's keys are worked out once.
@lru_cache(maxsize=4096)
def _passage_keys(text: str, links: tuple[str, ...], speaker: str | None) -> frozenset[str]:
    """What `key_signals` and the speaker's name give, without building the passage's signals."""
    numbers, cognates, markers = index_keys(text, links)
    keys = set(filter(_specific_number, numbers))
    # names and international words (Лавров ~ Lavrov, программа ~ programme): in a busy channel the
    # rarer of them single the translation out; an index weighs them by rarity
    keys.update(cognates)
    if speaker:
        keys.update("w:" + key for key in speaker_cognates(speaker))
    keys.update(markers)
    return frozenset(keys)


def _time_log_odds(ru_date: datetime | None, en_date: datetime | None, window: timedelta) -> float:
    if ru_date is None or en_date is None:
        return 0.0
    distance = abs((en_date - ru_date).total_seconds()) / 86400
    if distance > window.total_seconds() / 86400:
        return -math.inf
    return -_PER_DAY * distance


def _comparable(
    ru_post: Post, en_post: Post, window: timedelta
) -> tuple[float, tuple[Passage, ...], tuple[Passage, ...]] | None:
    """The time log-odds and the Russian and English passages of two posts; None when they cannot pair."""
    time = _time_log_odds(ru_post.date, en_post.date, window)
    if time == -math.inf:
        return None
    ru_list, en_list = _passage_list(ru_post, "ru"), _passage_list(en_post, "en")
    if not ru_list or not en_list:
        return None
    return time, ru_list, en_list


def counterpart_log_odds(ru_post: Post, en_post: Post, window: timedelta = DEFAULT_WINDOW) -> float:
    """Log-odds that `en_post` translates `ru_post` (see `score_counterpart`)."""
    comparable = _comparable(ru_post, en_post, window)
    if comparable is None:
        return -math.inf
    time, ru_list, en_list = comparable
    ru, en = merged_signals(ru_list, "ru"), merged_signals(en_list, "en")
    strength = _alignment_strength(_aligned(ru_list), _aligned(en_list))
    shared_numbers = sum(1 for key in ru.numbers & en.numbers if _specific_number(key))
    return (
        _ALIGNMENT_WEIGHT * (strength - _ALIGNMENT_UNDECIDED)
        + time
        + _NUMBER_MATCH * shared_numbers
        + _MARKER_MATCH * len(ru.markers & en.markers)
        + _TOPIC_MATCH * len(set(ru_post.topics) & set(en_post.topics))
    )


@dataclass(frozen=True, slots=True)
class _Side:
    """What the bound of `counterpart_log_odds_bound` needs of one post, computed once per post."""

    passages: tuple[PassageSignals, ...]
    pairs: tuple[PassageSignals, ...]  # each passage merged with the next (a 2–1 or 1–2 bead's side)
    total: PassageSignals
    lengths: tuple[int, ...]
    bead_lengths: tuple[int, ...]  # of the passages, then of the pairs: any side of a bead


@lru_cache(maxsize=POST_CACHE)
def _side(passages: tuple[Passage, ...], lang: str) -> _Side:
    signals = passages_signals(passages, lang)
    pairs = neighbour_signals(passages, lang)
    lengths = tuple(item.length for item in signals)
    return _Side(
        signals, pairs, merged_signals(passages, lang), lengths, lengths + tuple(item.length for item in pairs)
    )


def _best_length(length: int, others: tuple[int, ...], side_is_ru: bool) -> float:
    if side_is_ru:
        return max(map(length_log_odds, repeat(length), others))
    return max(map(length_log_odds, others, repeat(length)))


def _path_bound(side: _Side, other: _Side, side_is_ru: bool) -> float:
    """An upper bound of what any alignment path gains, counted over the passages of `side`.

    A path's gain is its beads' log-odds plus `_SKIP_GAIN` per unpaired passage. Share each bead's
    log-odds among its passages on `side` and drop the (negative) skips of `other`: the gain is at
    most the sum, over the passages of `side`, of the best share each could get — alone against any
    passage or pair of `other`, or merged with a neighbour against any single passage — or a skip.
    """
    pool = other.total
    merged = [
        (_best_length(pair.length, other.lengths, side_is_ru) + similarity_bound_without_length(pair, pool, side_is_ru))
        / 2
        for pair in side.pairs
    ]
    total = 0.0
    for index, passage in enumerate(side.passages):
        best = _best_length(passage.length, other.bead_lengths, side_is_ru) + similarity_bound_without_length(
            passage, pool, side_is_ru
        )
        if index and merged[index - 1] > best:
            best = merged[index - 1]
        if index < len(merged) and merged[index] > best:
            best = merged[index]
        total += max(best, _SKIP_GAIN)
    return total


def counterpart_log_odds_bound(ru_post: Post, en_post: Post, window: timedelta = DEFAULT_WINDOW) -> float:
    """An upper bound of `counterpart_log_odds`, several times cheaper: it runs no alignment.

    A candidate whose bound is below the threshold cannot reach it, so skipping it changes no result.
    """
    comparable = _comparable(ru_post, en_post, window)
    if comparable is None:
        return -math.inf
    time, ru_list, en_list = comparable
    ru_aligned, en_aligned = _aligned(ru_list), _aligned(en_list)
    ru_side, en_side = _side(ru_aligned, "ru"), _side(en_aligned, "en")
    ru, en = merged_signals(ru_list, "ru"), merged_signals(en_list, "en")
    shared_numbers = sum(1 for key in ru.numbers & en.numbers if _specific_number(key))
    rest = (
        time
        + _NUMBER_MATCH * shared_numbers
        + _MARKER_MATCH * len(ru.markers & en.markers)
        + _TOPIC_MATCH * len(set(ru_post.topics) & set(en_post.topics))
    )
    longest = max(len(ru_aligned), len(en_aligned))
    # the Russian side's bound first; the English side's only when the first cannot decide
    gain = _path_bound(ru_side, en_side, True)
    bound = _ALIGNMENT_WEIGHT * (gain / longest - _ALIGNMENT_UNDECIDED) + rest
    if bound >= 0:
        gain = min(gain, _path_bound(en_side, ru_side, False))
        bound = _ALIGNMENT_WEIGHT * (gain / longest - _ALIGNMENT_UNDECIDED) + rest
    return bound + _BOUND_SLACK


def score_counterpart(ru_post: Post, en_post: Post, window: timedelta = DEFAULT_WINDOW) -> float:
    """How likely `en_post` is the English version of `ru_post`, in [0, 1].

    Combines how well the passages of the two posts align (lengths, numbers, names, words and
    terms, as for in-post pairing; a shortened English version leaves passages unpaired but still
    aligns), the specific numbers, markers and topics they share, and how far apart they were
    published (0 beyond `window`).
    """
    return probability(counterpart_log_odds(ru_post, en_post, window))


def best_counterparts(
    post: Post,
    candidates: Sequence[Post],
    threshold: float = 0.5,
    window: timedelta = DEFAULT_WINDOW,
    limit: int | None = None,
    lang: str | None = None,
) -> tuple[Counterpart, ...]:
    """The candidates scoring at least `threshold` as translations of `post`, best first.

    The same result as calling `score_counterpart` on every candidate (scores rounded to four
    places, ties in candidate order), but cheaper: a candidate whose `counterpart_log_odds_bound`
    cannot reach the threshold, or with `limit`, cannot enter the best `limit`, is never aligned.

    Args:
        post: a Russian or English post.
        candidates: posts of the other language.
        threshold: the lowest score kept, in [0, 1].
        window: candidates published further apart than this score 0.
        limit: keep at most this many (the best); None keeps all.
        lang: the language of `post` ("ru" or "en"); by default its first Russian or English language.
    """
    lang = lang or _post_language(post) or "en"

    def oriented(candidate: Post) -> tuple[Post, Post]:
        return (post, candidate) if lang == "ru" else (candidate, post)

    hopeful: list[tuple[float, int, Post]] = []
    for index, candidate in enumerate(candidates):
        bound = counterpart_log_odds_bound(*oriented(candidate), window)
        if probability(bound) >= threshold:
            hopeful.append((bound, index, candidate))
    if limit is not None:
        hopeful.sort(key=lambda item: (-item[0], item[1]))  # the most promising first: the rest may be cut
    found: list[tuple[float, int, Post]] = []
    for bound, index, candidate in hopeful:
        if limit is not None and len(found) >= limit:
            found.sort(key=lambda item: (-item[0], item[1]))
            # bounds come in falling order: once one cannot reach the last of the best, none can
            if limit == 0 or round(probability(bound), 4) < found[limit - 1][0]:
                break
        score = probability(counterpart_log_odds(*oriented(candidate), window))
        if score >= threshold:
            found.append((round(score, 4), index, candidate))
    found.sort(key=lambda item: (-item[0], item[1]))
    kept = found if limit is None else found[:limit]
    return tuple(Counterpart(post_id=candidate.id, score=score) for score, _, candidate in kept)


@dataclass(frozen=True, slots=True)
class CounterpartMatch:
    """A Russian post and its English counterpart, with the score of the match."""

    ru_id: str
    en_id: str
    score: float


class CounterpartIndex:
    """In-memory index of Russian and English posts by date and translation keys.

    Add posts with `add`; `candidates` lists the posts of the other language worth scoring for one
    post; `matches` pairs the whole index one-to-one, best scores first.
    """

    def __init__(
        self,
        window: timedelta = DEFAULT_WINDOW,
        max_candidates: int = _MAX_CANDIDATES,
        min_candidates: int = _MIN_CANDIDATES,
    ) -> None:
        self.window = window
        self.max_candidates = max_candidates
        self.min_candidates = min_candidates
        self._posts: dict[str, Post] = {}
        self._language: dict[str, str] = {}
        self._keys: dict[str, frozenset[str]] = {}
        self._by_key: dict[str, dict[str, list[str]]] = {"ru": defaultdict(list), "en": defaultdict(list)}
        self._undated: dict[str, list[str]] = {"ru": [], "en": []}
        self._by_date: dict[str, list[tuple[datetime, str]]] = {"ru": [], "en": []}

    def __len__(self) -> int:
        return len(self._posts)

    def add(self, post: Post) -> None:
        """Index a post; posts neither mainly Russian nor mainly English are ignored."""
        lang = _post_language(post)
        if lang is None or post.id in self._posts:
            return
        self._posts[post.id] = post
        self._language[post.id] = lang
        keys = counterpart_keys(post)
        self._keys[post.id] = keys
        for key in keys:
            self._by_key[lang][key].append(post.id)
        if post.date is None:
            self._undated[lang].append(post.id)
        else:
            bisect.insort(self._by_date[lang], (post.date, post.id))

    def add_all(self, posts: Iterable[Post]) -> None:
        for post in posts:
            self.add(post)

    def _in_window(self, lang: str, date: datetime | None) -> set[str]:
        if date is None:
            return {post_id for _, post_id in self._by_date[lang]} | set(self._undated[lang])
        dated = self._by_date[lang]
        low = bisect.bisect_left(dated, (date - self.window, ""))
        high = bisect.bisect_right(dated, (date + self.window, "\uffff"))
        return {post_id for _, post_id in dated[low:high]} | set(self._undated[lang])

    def candidates(self, post: Post) -> list[Post]:
        """Posts of the other language within the time window worth scoring against `post`.

        The pool is the posts of the window sharing a key with `post` plus, because short posts
        may share none with their translation, the `min_candidates` whose length best fits a
        translation. The pool is ranked by a cheap score — rare shared keys count most, a length
        far from a translation's counts against — and the best `max_candidates` are returned.
        """
        lang = self._language.get(post.id) or _post_language(post)
        if lang is None:
            return []
        other = "en" if lang == "ru" else "ru"
        keys = self._keys.get(post.id) or counterpart_keys(post)
        window = self._in_window(other, post.date)
        if not window:
            return []
        evidence: dict[str, float] = defaultdict(float)
        by_key = self._by_key[other]
        population = len(self._by_date[other]) + len(self._undated[other])
        # a key most posts carry says nothing about which one is the translation, and its posting
        # list is long: skip it, so the cost per post does not grow with the archive
        common = max(_COMMON_KEY_POSTS, int(_COMMON_KEY_SHARE * population))
        for key in keys:
            postings = by_key.get(key, ())
            if not postings or len(postings) > common:
                continue
            rarity = math.log((population + 1) / len(postings))
            for other_id in postings:
                if other_id in window:
                    evidence[other_id] += rarity
        misfit = self._length_misfit(post, other)
        pool = set(evidence)
        pool.update(sorted(window, key=lambda other_id: (misfit(other_id), other_id))[: self.min_candidates])
        ranked = sorted(pool, key=lambda other_id: (misfit(other_id) - evidence.get(other_id, 0.0), other_id))
        return [self._posts[other_id] for other_id in ranked[: self.max_candidates]]

    def _length_misfit(self, post: Post, lang: str) -> Callable[[str], float]:
        """How far a post's length is from that of a translation of `post`, in document-level spreads."""
        length = max(len(post.text), 1)
        expected = length * LENGTH_RATIO_EN_RU if lang == "en" else length / LENGTH_RATIO_EN_RU

        def misfit(other_id: str) -> float:
            deviation = math.log(max(len(self._posts[other_id].text), 1) / expected) / _DOC_LENGTH_SPREAD
            # an English version shorter than a full translation is common (it was shortened)
            shortened = deviation < 0 if lang == "en" else deviation > 0
            return min(abs(deviation) / (_SHORTENING_TOLERANCE if shortened else 1.0), _MAX_LENGTH_MISFIT)

        return misfit

    def counterparts(self, post: Post, threshold: float = 0.5) -> tuple[Counterpart, ...]:
        """Posts of the other language that may translate `post`, best first, scored in [0, 1]."""
        lang = self._language.get(post.id) or _post_language(post)
        return best_counterparts(post, self.candidates(post), threshold, self.window, lang=lang)

    def matches(self, threshold: float = 0.5) -> list[CounterpartMatch]:
        """One-to-one counterparts for the whole index: the best-scoring pairs first, each post used once."""
        scored: list[CounterpartMatch] = []
        for post_id, lang in self._language.items():
            if lang != "ru":
                continue
            ru_post = self._posts[post_id]
            for candidate in self.candidates(ru_post):
                if probability(counterpart_log_odds_bound(ru_post, candidate, self.window)) < threshold:
                    continue  # cannot reach the threshold: spare the alignment
                score = score_counterpart(ru_post, candidate, self.window)
                if score >= threshold:
                    scored.append(CounterpartMatch(ru_id=post_id, en_id=candidate.id, score=score))
        scored.sort(key=lambda match: (-match.score, match.ru_id, match.en_id))
        used: set[str] = set()
        chosen: list[CounterpartMatch] = []
        for match in scored:
            if match.ru_id in used or match.en_id in used:
                continue
            used.update((match.ru_id, match.en_id))
            chosen.append(match)
        return chosen
