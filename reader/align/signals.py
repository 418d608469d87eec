"""Per-passage evidence that survives translation, and a pairwise similarity built on it.

A passage is reduced once to `PassageSignals`: its length and sets of keys that a faithful
translation keeps — numbers, dates and times (`numbers`), word skeletons of names and
international words (`cognates`: Лавров ~ Lavrov, программа ~ programme), bilingual glossary
terms (`terms`: «посольство» ~ "embassy"), and markers copied verbatim (hashtags, links, emoji).
`similarity` turns two such reductions into a log-odds that they translate each other.
"""

from __future__ import annotations

import math
import re
import threading
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import Stemmer

from reader.align.numbers import number_keys
from reader.align.translit import name_key, name_skeleton, skeleton, skeletons_match
from reader.errors import ReaderError
from reader.resources import resources_path
from reader.text.topics import Glossary

# English is about 1.06x the Russian in characters. The spread of the log ratio has a part that
# shrinks with length (about 0.15 for a 120-character sentence) and a floor (about 0.06 per
# document) — together the published ±0.16 per sentence and ±0.08 per document.
LENGTH_RATIO_EN_RU = 1.06
_SENTENCE_CHARS = 120.0
_VAR_PER_SENTENCE = 0.0216
_VAR_FLOOR = 0.004

# Words with their digits (G20, COVID-19 -> "COVID", "19"); cognates use the purely alphabetic ones.
_WORD = re.compile(r"[^\W_]+")
_HASHTAG = re.compile(r"(?<!\w)#(\w+)")
_URL = re.compile(r"(?:https?://|www\.|t\.me/)[^\s<>\"«»()]+", re.IGNORECASE)


# Pictographs and symbols used as markers in bulletins (⚡️, ❗️, 🇷🇺, 📌 ...).
_EMOJI = re.compile("[\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")


@dataclass(frozen=True, slots=True)
class PassageSignals:
    """What one passage (or several merged) offers as evidence of translation.

    Attributes:
        length: characters of text, whitespace runs counted once.
        numbers: canonical number, date, month and time keys (see `reader.align.numbers`).
        cognates: skeleton prefixes of names and long words (see `reader.align.translit`).
        terms: ids of bilingual glossary terms found in the text.
        markers: hashtags, links and emoji, which translators copy as they are.
        names: full skeletons of capitalised words, for fuzzy matching of names whose
            `cognates` prefixes differ (Москва ~ Moscow).
    """

    length: int
    numbers: frozenset[str] = frozenset()
    cognates: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()
    markers: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    name_heads: frozenset[str] = frozenset()  # first three letters of `names`, to find fuzzy candidates fast
    kind: str = ""  # the passage's role when it is not plain body text: "title", "question", "answer" ...

    def merged(self, other: PassageSignals) -> PassageSignals:
        """The signals of this passage and the next one read as one (for 2–1 and 1–2 beads)."""
        return PassageSignals(
            length=self.length + other.length + 1,
            numbers=self.numbers | other.numbers,
            cognates=self.cognates | other.cognates,
            terms=self.terms | other.terms,
            markers=self.markers | other.markers,
            names=self.names | other.names,
            name_heads=self.name_heads | other.name_heads,
            kind=self.kind if self.kind == other.kind else "",
        )

    def with_context(self, kind: str, speaker: str | None) -> PassageSignals:
        """These signals plus the passage's role and its speaker's name (Лавров ~ Lavrov)."""
        role = "" if kind in ("", "body") else kind
        if not speaker:
            return self if role == self.kind else replace(self, kind=role)
        words = _WORD.findall(speaker)
        names = self.names | _name_skeletons(words)
        return replace(
            self,
            kind=role,
            cognates=self.cognates | _cognate_keys(words),
            names=names,
            name_heads=frozenset(name[:3] for name in names),
        )


def speaker_cognates(speaker: str) -> frozenset[str]:
    """The cognate keys a passage gains from its speaker's name (see `PassageSignals.with_context`)."""
    return _cognate_keys(_WORD.findall(speaker))


# --------------------------------------------------------------------------------------------------
# Glossary


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def bilingual_entries(table: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """Every (id, English forms, Russian forms) in a TOML document, whatever its nesting.

    glossary.toml (topics) and terms.toml both hold tables with `en` and `ru` forms; reading them
    structurally keeps this module independent of how the topics file is laid out.
    """
    english = _strings(table.get("en"))
    russian = _strings(table.get("ru"))
    if english and russian:
        key = table.get("key") or table.get("id") or prefix.rsplit(".", 1)[-1]
        yield str(key), english, russian
    for name, value in table.items():
        if isinstance(value, dict):
            yield from bilingual_entries(value, f"{prefix}.{name}" if prefix else name)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    yield from bilingual_entries(item, f"{prefix}.{name}[{index}]")


@dataclass(frozen=True, slots=True)
class _FormWord:
    """One word of a glossary form, ready for matching."""

    acronym: str | None  # all-capital forms match only themselves
    stem: str
    base: str | None  # Russian: the word without its final vowel, matched as a prefix (Китай: Китая)


_RU_FINAL_VOWELS = "аяоеёиыуюйь"
_MIN_BASE = 4  # shorter bases would catch unrelated words (суд: судно)
_MAX_ENDING = 3


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


class TermMatcher:
    """Finds glossary terms in Russian and English text.

    A text word matches a form word when their Snowball stems agree or, for Russian, when it is the
    form word without its final vowel plus an ending of up to three letters — Snowball stems proper
    names unevenly (Китай -> "кита" but Китая -> "кит"). All-capital forms (acronyms: «МИД», "UN",
    "US") match only the same capitals, so the English pronoun "us" is not the United States.
    """

    def __init__(self, entries: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> None:
        # PyStemmer objects are not thread-safe, and pairing runs on import and reader threads
        self._local = threading.local()
        self._index: dict[str, dict[str, list[tuple[tuple[_FormWord, ...], str]]]] = {"ru": {}, "en": {}}
        for term_id, english, russian in entries:
            for lang, forms in (("en", english), ("ru", russian)):
                for form in forms:
                    words = self._form_words(form, lang)
                    if not words:
                        continue
                    first = words[0]
                    for key in {first.acronym or first.stem, first.base or first.stem}:
                        candidates = self._index[lang].setdefault(key, [])
                        if (words, term_id) not in candidates:
                            candidates.append((words, term_id))
        for by_first in self._index.values():
            for candidates in by_first.values():
                candidates.sort(key=lambda candidate: -len(candidate[0]))
        self._base_heads = {
            lang: {
                form[0].base[:_MIN_BASE] for candidates in by_first.values() for form, _ in candidates if form[0].base
            }
            for lang, by_first in self._index.items()
        }

    def _stemmer(self, lang: str) -> Stemmer.Stemmer:
        stemmers: dict[str, Stemmer.Stemmer] | None = getattr(self._local, "stemmers", None)
        if stemmers is None:
            stemmers = self._local.stemmers = {}
        stemmer = stemmers.get(lang)
        if stemmer is None:
            stemmer = stemmers[lang] = Stemmer.Stemmer("russian" if lang == "ru" else "english")
        return stemmer

    def _form_words(self, form: str, lang: str) -> tuple[_FormWord, ...]:
        words = _WORD.findall(form)
        folded = [_fold(word) for word in words]
        stems = self._stemmer(lang).stemWords(folded)
        result = []
        for word, lower, stem in zip(words, folded, stems, strict=True):
            acronym = word if len(word) > 1 and word.isupper() else None
            base = None
            if lang == "ru" and acronym is None:
                trimmed = lower[:-1] if lower[-1] in _RU_FINAL_VOWELS else lower
                base = trimmed if len(trimmed) >= _MIN_BASE else None
            result.append(_FormWord(acronym, stem, base))
        return tuple(result)

    def find(self, words: Sequence[str], lang: str) -> frozenset[str]:
        """Ids of the terms occurring in a tokenised text of language `lang` ("ru" or "en")."""
        index = self._index.get(lang)
        if not index or not words:
            return frozenset()
        # `_fold`, inlined: this runs for every word of every passage read
        folded = [word.lower().replace("ё", "е") for word in words]
        stems = self._stemmer(lang).stemWords(folded)
        found: set[str] = set()
        covered = 0  # words before this index belong to a term already found
        heads = self._base_heads[lang]
        # most words start no term: find the few that may before matching word by word
        starts = [
            i for i, stem in enumerate(stems) if stem in index or words[i] in index or folded[i][:_MIN_BASE] in heads
        ]
        matches_at = self._matches_at
        for position in starts:
            if position < covered:
                continue
            for key in self._lookup_keys(words[position], folded[position], stems[position], lang):
                # the first (longest) form of the key that matches here
                for form, term_id in index.get(key, ()):
                    if matches_at(form, words, folded, stems, position):
                        found.add(term_id)
                        covered = position + len(form)
                        break
                else:
                    continue
                break
        return frozenset(found)

    @staticmethod
    def _lookup_keys(word: str, lower: str, stem: str, lang: str) -> list[str]:
        keys = [word] if len(word) > 1 and word.isupper() else []
        keys.append(stem)
        if lang == "ru":
            keys.extend(lower[: len(lower) - cut] for cut in range(_MAX_ENDING + 1) if len(lower) - cut >= _MIN_BASE)
        return keys

    @staticmethod
    def _matches_at(
        form: tuple[_FormWord, ...], words: Sequence[str], folded: list[str], stems: list[str], position: int
    ) -> bool:
        if position + len(form) > len(words):
            return False
        for offset, form_word in enumerate(form):
            index = position + offset
            if form_word.acronym is not None:
                if words[index] != form_word.acronym:
                    return False
            elif stems[index] != form_word.stem and not (
                form_word.base is not None
                and folded[index].startswith(form_word.base)
                and len(folded[index]) - len(form_word.base) <= _MAX_ENDING
            ):
                return False
        return True


@lru_cache(maxsize=1)
def default_terms() -> TermMatcher:
    """The bundled vocabulary: bulletin words (resources/terms.toml) and the topics of the glossary.

    Topics come through `reader.text.topics.Glossary` (its `forms()`), as "topic:<key>" ids.
    """
    entries: list[tuple[str, Sequence[str], Sequence[str]]] = []
    terms_file = resources_path("terms.toml")
    if terms_file.is_file():
        with terms_file.open("rb") as handle:
            entries.extend(bilingual_entries(tomllib.load(handle), ""))
    for key, (english, russian) in default_glossary().forms().items():
        if english and russian:
            entries.append(("topic:" + key, english, russian))
    return TermMatcher(entries)


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """The bundled topic glossary, shared with topic detection.

    Pairing still works, on other evidence, when the glossary cannot be read.
    """
    try:
        return Glossary.load()
    except (ReaderError, OSError):
        return Glossary([])


# --------------------------------------------------------------------------------------------------
# Extraction


@lru_cache(maxsize=65536)
def _cognate_key(word: str) -> str:
    """The cognate key of one word ("" when it has none); bulletins repeat their words, so it is cached."""
    if not word.isalpha():
        return ""
    if word[0].isupper() and len(word) >= 3:
        key = name_key(word)
    elif len(word) >= 5:
        key = skeleton(word)[:5]
    else:
        return ""
    return key if len(key) >= 3 else ""


@lru_cache(maxsize=65536)
def _cognate_index_key(word: str) -> str:
    """The cognate key of one word as an index key ("w:lavro"; "" when it has none)."""
    key = _cognate_key(word)
    return "w:" + key if key else ""


def index_keys(text: str, links: tuple[str, ...] = ()) -> tuple[frozenset[str], set[str], set[str]]:
    """The numbers, cognates ("w:"-prefixed) and markers of `key_signals`, for an index of translations.

    The same keys, without measuring the length or building the signals: counterpart search indexes
    every post at import, and most are never aligned.
    """
    without_urls, words = _words(text)
    cognates = set(map(_cognate_index_key, words))
    cognates.discard("")
    # `_markers`, skipping the patterns that cannot match: most passages have no hashtag and no link
    markers = {"#" + tag.casefold() for tag in _HASHTAG.findall(text)} if "#" in text else set()
    urls = _URL.findall(text) if without_urls != text else []
    for url in [*urls, *links]:
        markers.add("u:" + re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/.,;"))
    markers.update(_EMOJI.findall(text))
    return number_keys(without_urls), cognates, markers


def _cognate_keys(words: Sequence[str]) -> frozenset[str]:
    """Skeleton prefixes of capitalised words (names, declension stripped) and of long words."""
    keys = set(map(_cognate_key, words))
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=65536)
def _name_skeleton_of(word: str) -> str:
    """The full skeleton of a capitalised word of four letters or more ("" for any other word)."""
    if len(word) < 4 or not word[0].isupper() or not word.isalpha():
        return ""
    skeleton_ = name_skeleton(word)
    return skeleton_ if len(skeleton_) >= 4 else ""


def _name_skeletons(words: Sequence[str]) -> frozenset[str]:
    names = set(map(_name_skeleton_of, words))
    names.discard("")
    return frozenset(names)


def _markers(text: str, links: Iterable[str]) -> frozenset[str]:
    markers = {"#" + tag.casefold() for tag in _HASHTAG.findall(text)}
    for url in [*_URL.findall(text), *links]:
        markers.add("u:" + re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/.,;"))
    markers.update(_EMOJI.findall(text))
    return frozenset(markers)


@lru_cache(maxsize=1024)  # key_signals and text_signals of one passage often follow each other
def _words(text: str) -> tuple[str, tuple[str, ...]]:
    """A passage text without its links, and its words."""
    without_urls = _URL.sub(" ", text)
    return without_urls, tuple(_WORD.findall(without_urls))


@lru_cache(maxsize=4096)
def key_signals(text: str, links: tuple[str, ...] = ()) -> PassageSignals:
    """The language-independent part of `text_signals`: length, numbers, cognates and markers.

    This is all that counterpart search indexes, and it costs a fraction of the full signals
    (no glossary terms, no name skeletons); `text_signals` builds on it.
    """
    without_urls, words = _words(text)
    return PassageSignals(
        length=len(" ".join(text.split())),
        numbers=number_keys(without_urls),
        cognates=_cognate_keys(words),
        markers=_markers(text, links),
    )


@lru_cache(maxsize=4096)
def text_signals(text: str, lang: str, links: tuple[str, ...] = ()) -> PassageSignals:
    """The signals of one passage text in language `lang` ("ru" or "en")."""
    words = _words(text)[1]
    names = _name_skeletons(words)
    return replace(
        key_signals(text, links),
        terms=default_terms().find(words, lang),
        names=names,
        name_heads=frozenset(name[:3] for name in names),
    )


def clear_caches() -> None:
    """Forget every cached passage and word (for measurements that must start cold)."""
    for cached in (
        text_signals,
        key_signals,
        _words,
        _cognate_key,
        _cognate_index_key,
        _name_skeleton_of,
        number_keys,
        length_log_odds,
    ):
        cached.cache_clear()


# --------------------------------------------------------------------------------------------------
# Similarity

# Log-odds weights: what a shared key adds, what a key seen on one side only takes away.
_NUMBER_MATCH, _NUMBER_MISS = 2.0, 0.8
_COGNATE_MATCH, _COGNATE_MISS = 1.4, 0.03
_TERM_MATCH, _TERM_MISS = 0.9, 0.1
_MARKER_MATCH, _MARKER_MISS = 1.5, 0.4
_FUZZY_NAME_MATCH = 1.0
_KIND_MATCH, _KIND_CLASH = 1.0, 3.0
_BIAS = 0.5
# What a shared key can be worth at most in a bound (see `similarity_bound_without_length`)
_NUMBER_BOUND_MATCH = _NUMBER_MATCH + _NUMBER_MISS
_COGNATE_BOUND_MATCH = _COGNATE_MATCH + _COGNATE_MISS
_TERM_BOUND_MATCH = _TERM_MATCH + _TERM_MISS
_MARKER_BOUND_MATCH = _MARKER_MATCH + _MARKER_MISS


def length_sigma(ru_length: int, en_length: int) -> float:
    """Expected spread of log(en/ru length) for texts of these lengths."""
    sentences = max(min(ru_length, en_length), 10) / _SENTENCE_CHARS
    return math.sqrt(_VAR_FLOOR + _VAR_PER_SENTENCE / sentences)


@lru_cache(maxsize=1 << 16)
def length_log_odds(ru_length: int, en_length: int) -> float:
    """How well two lengths fit a translation: near +1 for the expected ratio, very negative far off."""
    if ru_length <= 0 or en_length <= 0:
        return -10.0
    deviation = math.log(en_length / (LENGTH_RATIO_EN_RU * ru_length)) / length_sigma(ru_length, en_length)
    return max(1.0 - 0.5 * deviation * deviation, -12.0)


def _overlap(left: frozenset[str], right: frozenset[str], match: float, miss: float) -> float:
    if not left and not right:
        return 0.0
    shared = len(left & right)
    return match * shared - miss * (len(left) + len(right) - 2 * shared)


def fuzzy_name_matches(ru: PassageSignals, en: PassageSignals) -> int:
    """Russian names whose skeleton prefix found no partner but whose spelling is close to an English one.

    Only names that begin alike (three letters) are compared, which keeps this cheap enough to run
    for every candidate bead.
    """
    heads = ru.name_heads & en.name_heads
    if not heads:
        return 0
    shared = ru.cognates & en.cognates
    english = [name for name in en.names if name[:3] in heads and name[:5] not in shared]
    count = 0
    for name in ru.names:
        if name[:3] in heads and name[:5] not in shared:
            for other in english:
                if other[:3] == name[:3] and skeletons_match(name, other):
                    count += 1
                    break
    return count


def similarity_bound_without_length(side: PassageSignals, pool: PassageSignals, side_is_ru: bool) -> float:
    """An upper bound of `similarity` minus its length term, for `side` against any other side.

    The other side may be any passage, or run of passages merged, whose signals are all in `pool`
    (the merged signals of a whole post). Used to discard hopeless counterparts without aligning.

    Args:
        side: the signals of a passage (or of two merged) of one post.
        pool: the merged signals of the other post.
        side_is_ru: whether `side` is the Russian one (fuzzy name matches count Russian names).
    """
    if side_is_ru:
        fuzzy = sum(1 for name in side.names if name[:3] in pool.name_heads) if pool.name_heads else 0
    else:
        fuzzy = sum(1 for name in pool.names if name[:3] in side.name_heads) if side.name_heads else 0
    bound = _BIAS + (_KIND_MATCH if side.kind else 0.0) + _FUZZY_NAME_MATCH * fuzzy
    # `_overlap` against any other side within `pool`, per kind of key: a shared key gains match + miss at
    # most (its own miss is not paid, and it costs the other side no miss), a key of `side` not shared
    # pays its miss, and keys of the other side not shared only lower the value
    if side.numbers:
        bound += _NUMBER_BOUND_MATCH * len(side.numbers & pool.numbers) - _NUMBER_MISS * len(side.numbers)
    if side.cognates:
        bound += _COGNATE_BOUND_MATCH * len(side.cognates & pool.cognates) - _COGNATE_MISS * len(side.cognates)
    if side.terms:
        bound += _TERM_BOUND_MATCH * len(side.terms & pool.terms) - _TERM_MISS * len(side.terms)
    if side.markers:
        bound += _MARKER_BOUND_MATCH * len(side.markers & pool.markers) - _MARKER_MISS * len(side.markers)
    return bound


def anchor_log_odds(ru: PassageSignals, en: PassageSignals) -> float:
    """The part of `similarity` that comes from shared numbers, words, terms and markers (not length)."""
    return (
        _FUZZY_NAME_MATCH * fuzzy_name_matches(ru, en)
        + _overlap(ru.numbers, en.numbers, _NUMBER_MATCH, _NUMBER_MISS)
        + _overlap(ru.cognates, en.cognates, _COGNATE_MATCH, _COGNATE_MISS)
        + _overlap(ru.terms, en.terms, _TERM_MATCH, _TERM_MISS)
        + _overlap(ru.markers, en.markers, _MARKER_MATCH, _MARKER_MISS)
    )


def _kind_log_odds(ru: PassageSignals, en: PassageSignals) -> float:
    if not ru.kind and not en.kind:
        return 0.0
    if ru.kind == en.kind:
        return _KIND_MATCH
    if {ru.kind, en.kind} == {"question", "answer"}:
        return -_KIND_CLASH  # a question is never translated as an answer
    return 0.0


def similarity(ru: PassageSignals, en: PassageSignals) -> float:
    """Log-odds that `en` translates `ru`: length fit plus shared numbers, words, terms and markers."""
    # The aligner calls this for every candidate bead: `length_log_odds + anchor_log_odds +
    # _kind_log_odds`, inlined, with the additions in the same order so the result is the same float.
    anchor = _FUZZY_NAME_MATCH * fuzzy_name_matches(ru, en) if ru.name_heads and en.name_heads else 0.0
    left, right = ru.numbers, en.numbers
    if left or right:
        shared = len(left & right)
        anchor += _NUMBER_MATCH * shared - _NUMBER_MISS * (len(left) + len(right) - 2 * shared)
    left, right = ru.cognates, en.cognates
    if left or right:
        shared = len(left & right)
        anchor += _COGNATE_MATCH * shared - _COGNATE_MISS * (len(left) + len(right) - 2 * shared)
    left, right = ru.terms, en.terms
    if left or right:
        shared = len(left & right)
        anchor += _TERM_MATCH * shared - _TERM_MISS * (len(left) + len(right) - 2 * shared)
    left, right = ru.markers, en.markers
    if left or right:
        shared = len(left & right)
        anchor += _MARKER_MATCH * shared - _MARKER_MISS * (len(left) + len(right) - 2 * shared)
    score = _BIAS + length_log_odds(ru.length, en.length) + anchor
    return score + _kind_log_odds(ru, en) if ru.kind or en.kind else score


def probability(log_odds: float) -> float:
    """A log-odds as a score in [0, 1]."""
    if log_odds >= 0:
        return 1.0 / (1.0 + math.exp(-log_odds))
    exp = math.exp(log_odds)
    return exp / (1.0 + exp)
