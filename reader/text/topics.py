"""Topics of posts: a bilingual glossary of mentions, and hashtags.

The glossary (resources/glossary.toml, extendable by the user) lists English and Russian
forms of each topic. Russian forms are written once, in the dictionary form: a text word
matches a form word when the Snowball stems agree or when the word is the form's stem plus
a short ending (Китай -> stem "кита": Китаем, Китае, Китаю; and Китая, which Snowball
stems differently). Capitalised forms only match capitalised words (Turkey is not turkey);
forms in capitals are acronyms and match exactly (US is not "us").

Hashtags are topics too, normalised (#RussiaChina and #russiachina are one). Their parts,
split at CamelCase or, for one-case tags, by glossary words, file them under glossary
topics as well: #RussiaASEAN is also ASEAN.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import Any

import Stemmer

from reader.domain import Post, Topic
from reader.errors import InputError
from reader.resources import resources_path

_TOKEN = re.compile(r"\w+")  # a third faster than [^\W_]+; a token with "_" simply matches nothing
# The literal "#" first: a pattern opening with a look-behind is tried at every position.
_HASHTAG = re.compile(r"#(\w*[^\W\d_]\w*)")
_CAMEL_PART = re.compile(r"[A-ZА-ЯЁ]+\d*(?=[A-ZА-ЯЁ][a-zа-яё])|[A-ZА-ЯЁ]?[a-zа-яё]+\d*|[A-ZА-ЯЁ]+\d*|\d+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MAX_ENDING = 3  # Russian case endings are at most three letters (-ами, -ого)
_MIN_STEM = 3  # shorter Snowball stems ("ки" for Киев) are too loose: the whole word is used instead
_CACHE_LIMIT = 200_000
_NOT_CACHED: frozenset[int] = frozenset({-1})  # a sentinel no real match equals
_HASHTAG_PREFIX = "#"


def text_words(text: str) -> list[str]:
    """The words of a text as the glossary reads them: runs of letters, digits and underscores."""
    return _TOKEN.findall(text)


def normalise_hashtag(tag: str) -> str:
    """The identity of a hashtag: without "#" and underscores, case-folded ("#Russia_China" -> "russiachina")."""
    return tag.lstrip("#").replace("_", "").casefold()


def hashtag_topic_key(tag: str) -> str:
    """The topic key of a hashtag that is not a glossary topic: "#" + its normalised form."""
    return _HASHTAG_PREFIX + normalise_hashtag(tag)


def extract_hashtags(text: str) -> tuple[str, ...]:
    """Hashtags in `text` as written ("#RussiaUSA"), each normalised form once, in order."""
    seen: set[str] = set()
    tags: list[str] = []
    if "#" not in text:
        return ()
    for match in _HASHTAG.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_#"):
            continue  # "a#tag", "##tag": not hashtags
        tag = "#" + match.group(1)
        identity = normalise_hashtag(tag)
        if identity not in seen:
            seen.add(identity)
            tags.append(tag)
    return tuple(tags)


def split_camel_case(tag: str) -> list[str]:
    """Parts of a CamelCase hashtag: "RussiaASEAN" -> ["Russia", "ASEAN"]."""
    return _CAMEL_PART.findall(tag.lstrip("#"))


@dataclass(frozen=True, slots=True)
class _FormWord:
    exact: str | None  # acronyms match their text exactly
    stem: str  # for acronyms: the folded acronym, used when matching hashtags
    capital: bool


@dataclass(slots=True)
class _Entry:
    key: str
    en: list[str] = field(default_factory=list)
    ru: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)  # topics this one is part of: Gaza -> Middle East


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One topic as written in a glossary file."""

    key: str
    en: tuple[str, ...] = ()
    ru: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()


class _Stemmers:
    """Snowball stems of lower-case words, Russian or English by script, cached."""

    def __init__(self) -> None:
        # PyStemmer's own cache (on by default) is off: `_cache` already holds every word stemmed, and
        # keeping PyStemmer's in step costs twice the stemming itself for each new word.
        self._russian = Stemmer.Stemmer("russian", 0)
        self._english = Stemmer.Stemmer("english", 0)
        self._cache: dict[str, str] = {}

    def stems(self, words: Sequence[str]) -> list[str]:
        cache = self._cache
        missing = [word for word in words if word not in cache]
        if missing:
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
                missing = list(words)  # the words found above are gone too
            russian = list(filter(_CYRILLIC.search, missing))
            if not russian or len(russian) == len(missing):
                english = [] if russian else missing  # one script only, as in most posts: no second scan
            else:
                in_russian = set(russian)
                english = [word for word in missing if word not in in_russian]
            cache.update(zip(russian, self._russian.stemWords(russian), strict=True))
            cache.update(zip(english, self._english.stemWords(english), strict=True))
        return [cache[word] for word in words]


def _fold(word: str) -> str:
    # lower() rather than casefold(): the folded word keeps the length of the written one.
    return word.lower().replace("ё", "е")


def _is_acronym(word: str) -> bool:
    return word.isupper() and (len(word) >= 2 or word.isalpha())


class Glossary:
    """The topic glossary: finds topics in text and posts; shared with the aligner."""

    def __init__(self, entries: Iterable[GlossaryEntry]) -> None:
        """Build from entries; a later entry with a known key adds its forms to the earlier one."""
        self._stemmers = _Stemmers()
        self._entries: dict[str, _Entry] = {}
        for item in entries:
            entry = self._entries.setdefault(item.key, _Entry(item.key))
            entry.en.extend(form for form in item.en if form not in entry.en)
            entry.ru.extend(form for form in item.ru if form not in entry.ru)
            entry.broader.extend(key for key in item.broader if key not in entry.broader and key != item.key)
        self._form_words: list[_FormWord] = []
        self._word_numbers: dict[_FormWord, int] = {}
        self._words_by_key: dict[str, list[_FormWord]] = {}
        self._forms_by_first: dict[int, list[tuple[tuple[int, ...], str]]] = {}
        # Text words looked up so far; those that match form words, with the numbers they match; and
        # what such a word yields: its topics, or for a word that can start a form of several words,
        # the forms to check in place.
        self._text_known: set[str] = set()
        self._text_matches: dict[str, frozenset[int]] = {}
        self._word_topics: dict[str, tuple[str, ...]] = {}
        self._word_forms: dict[str, tuple[tuple[str, ...], tuple[tuple[tuple[int, ...], str], ...]]] = {}
        self._multi_word_starts: set[int] = set()  # numbers of form words that start a form of several words
        self._hashtag_cache: dict[str, frozenset[int] | None] = {}
        self._hashtag_topics_cache: dict[str, tuple[str, ...]] = {}
        self._vocabulary: dict[str, None] = {}
        for entry in self._entries.values():
            for form in (*entry.en, *entry.ru):
                self._add_form(form, entry.key)

    # -- loading ----------------------------------------------------------------------------------

    @classmethod
    def load(cls, extra: Path | None = None) -> Glossary:
        """The bundled glossary, merged with the user's glossary.toml `extra` when given and present.

        Raises:
            InputError: the user's glossary cannot be read or has the wrong shape.
        """
        entries = _read_glossary(resources_path("glossary.toml"))
        if extra is not None and extra.is_file():
            entries.extend(_read_glossary(extra))
        return cls(entries)

    # -- queries ----------------------------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self._entries)

    def topic(self, key: str) -> Topic:
        """The domain Topic for a key, with its first English and Russian forms as labels."""
        entry = self._entries.get(key)
        if entry is None:
            return Topic(key=key, label_en=key)
        return Topic(key=key, label_en=entry.en[0] if entry.en else key, label_ru=entry.ru[0] if entry.ru else "")

    def forms(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """(English forms, Russian forms) of every topic, by key: what the aligner pairs on."""
        return {key: (tuple(entry.en), tuple(entry.ru)) for key, entry in self._entries.items()}

    def topics_in(self, text: str) -> tuple[str, ...]:
        """Glossary topics mentioned in `text`, in order of first mention."""
        return self._with_broader(self._text_topics(text_words(text)))

    def topics_in_words(self, words: Sequence[str]) -> tuple[str, ...]:
        """`topics_in` a text whose `text_words` are `words` (found once, for the search index too)."""
        return self._with_broader(self._text_topics(words))

    def hashtag_topics(self, tag: str) -> tuple[str, ...]:
        """Topics of one hashtag: its glossary topic, or its own key plus the glossary topics of its parts."""
        topics = self._hashtag_topics_cache.get(tag)
        if topics is None:
            if len(self._hashtag_topics_cache) > _CACHE_LIMIT:
                self._hashtag_topics_cache.clear()
            topics = self._hashtag_topics_cache[tag] = self._find_hashtag_topics(tag)
        return topics

    def _find_hashtag_topics(self, tag: str) -> tuple[str, ...]:
        body = tag.lstrip("#").replace("_", "")
        if not body:
            return ()
        whole = [topic for topic, length in self._mentions(body, hashtag=True) if length == 1]
        if whole and len(_TOKEN.findall(body)) == 1:
            return self._with_broader(whole)
        parts = split_camel_case(body)
        if len(parts) < 2:
            parts = self._split_by_vocabulary(body.casefold()) or parts
        found = [topic for topic, _ in self._mentions(" ".join(parts), hashtag=True)]
        return self._with_broader([hashtag_topic_key(tag), *found])

    def _with_broader(self, topics: Iterable[str]) -> tuple[str, ...]:
        """Topics once each, in order, every one followed by the broader topics it belongs to."""
        result: dict[str, None] = {}
        for topic in topics:
            if topic in result:
                continue
            result[topic] = None
            entry = self._entries.get(topic)
            if entry is not None:
                for broader in entry.broader:
                    result.setdefault(broader, None)
        return tuple(result)

    def topics_for(self, post: Post) -> tuple[str, ...]:
        """Topics of a post: glossary mentions in its text, then its hashtags' topics; each once."""
        topics = dict.fromkeys(self.topics_in(post.text))
        for tag in post.hashtags or extract_hashtags(post.text):
            topics.update(dict.fromkeys(self.hashtag_topics(tag)))
        return tuple(topics)

    # -- matching ---------------------------------------------------------------------------------
    #
    # Every distinct word of every form gets a number. A text word is looked up once (then remembered)
    # to find the numbers of the form words it matches; most words match none, so matching a text is
    # mostly set operations over its words, run in C.

    def _add_form(self, form: str, topic: str) -> None:
        words = _TOKEN.findall(form)
        if not words:
            return
        folded = [_fold(word) for word in words]
        stems = self._stemmers.stems(folded)
        numbers = []
        for word, lower, stem in zip(words, folded, stems, strict=True):
            if _is_acronym(word) or any(char.isdigit() for char in word):
                form_word = _FormWord(exact=word, stem=lower, capital=False)
            else:
                usable = stem if len(stem) >= _MIN_STEM else lower
                form_word = _FormWord(exact=None, stem=usable, capital=word[0].isupper())
            if form_word not in self._word_numbers:
                self._word_numbers[form_word] = len(self._form_words)
                self._form_words.append(form_word)
                self._words_by_key.setdefault(form_word.stem, []).append(form_word)
                if form_word.exact:
                    self._words_by_key.setdefault("=" + form_word.exact, []).append(form_word)
            numbers.append(self._word_numbers[form_word])
            self._vocabulary[lower] = None
        self._forms_by_first.setdefault(numbers[0], []).append((tuple(numbers), topic))
        if len(numbers) > 1:
            self._multi_word_starts.add(numbers[0])

    def _matches_of(self, words: Sequence[str], hashtag: bool) -> list[frozenset[int] | None]:
        """For each word, the numbers of the form words it matches (None for most words)."""
        if not hashtag:
            self._learn_text_words(words)
            matched = self._text_matches.get
            return [matched(word) for word in words]
        cache = self._hashtag_cache
        lookup = cache.get
        matches = [lookup(word, _NOT_CACHED) for word in words]
        if _NOT_CACHED in matches:
            if len(cache) > _CACHE_LIMIT:
                cache.clear()
            missing = [word for word in dict.fromkeys(words) if word not in cache]
            cache.update(zip(missing, self._form_words_matching_all(missing, hashtag=True), strict=True))
            matches = [cache[word] for word in words]
        return matches

    def _learn_text_words(self, words: Sequence[str]) -> None:
        """Look up the text words not seen before; note those that match form words and what they yield."""
        known = self._text_known
        if known.issuperset(words):
            return
        if len(known) > _CACHE_LIMIT:
            known.clear()
            self._text_matches.clear()
            self._word_topics.clear()
            self._word_forms.clear()
        missing = list(set(words).difference(known))
        # A word's entries are written last to first (what it yields, its match, that it is known), so
        # that another thread sharing the glossary never finds a word half learnt.
        for word, numbers in zip(missing, self._form_words_matching_all(missing, hashtag=False), strict=True):
            if numbers is None:
                continue
            # What the word yields where it stands, in the order `_mentions` yields it.
            forms = tuple(form for number in numbers for form in self._forms_by_first.get(number, ()))
            one_word_topics = tuple(topic for form, topic in forms if len(form) == 1)
            if self._multi_word_starts.isdisjoint(numbers):
                self._word_topics[word] = one_word_topics
            else:
                self._word_forms[word] = (one_word_topics, forms)
            self._text_matches[word] = numbers
        known.update(missing)

    def _form_words_matching_all(self, words: list[str], hashtag: bool) -> list[frozenset[int] | None]:
        """`_form_words_matching` of each word, rejecting at once the words no key could match (most)."""
        folded = [word.lower().replace("ё", "е") for word in words]  # _fold, inline: this runs per new word
        stems = self._stemmers.stems(folded)
        words_by_key = self._words_by_key
        matches: list[frozenset[int] | None] = []
        for word, lower, stem in zip(words, folded, stems, strict=True):
            length = len(lower)
            # Every key `_form_words_matching` may look up (the three cuts are those of _MAX_ENDING), and
            # at most the empty string besides; tested one by one, most words are out after six lookups.
            if (
                lower in words_by_key
                or stem in words_by_key
                or lower[: length - 1] in words_by_key
                or lower[: length - 2] in words_by_key
                or lower[: length - 3] in words_by_key
                or "=" + word in words_by_key
            ):
                matches.append(self._form_words_matching(word, lower, stem, hashtag))
            else:
                matches.append(None)
        return matches

    def _text_topics(self, words: Sequence[str]) -> list[str]:
        """Topics of every glossary form found in a text's `words`, in text order; a topic may come more than once.

        The same topics as `_mentions(text)` up to repeats, found in C as far as possible: each distinct
        word is looked up once (set operations), and only the words that match a form word are placed
        in the text (itertools). A word that starts no form of several words yields the same topics
        wherever it stands, so they are worked out once, when the word is first seen; only forms of
        several words are checked in place.
        """
        self._learn_text_words(words)
        hits = self._text_matches.keys() & words
        if not hits:
            return []
        word_topics = self._word_topics
        word_forms = self._word_forms
        in_hits = map(hits.__contains__, words)  # itertools in C, not a loop in Python, over every word
        if word_forms.keys().isdisjoint(hits):
            return [topic for word in dict.fromkeys(compress(words, in_hits)) for topic in word_topics[word]]
        places = compress(range(len(words)), in_hits)
        matched = self._text_matches.get
        count = len(words)
        topics: list[str] = []
        for place in places:
            word = words[place]
            own = word_forms.get(word)
            if own is None:
                topics.extend(word_topics[word])  # again at each repeat: harmless, topics are taken once
                continue
            one_word_topics, forms = own
            if place + 1 == count or matched(words[place + 1]) is None:
                topics.extend(one_word_topics)  # no form of several words can start here
                continue
            for form, topic in forms:
                length = len(form)
                if length == 1:
                    topics.append(topic)
                elif place + length <= count:
                    for offset in range(1, length):
                        following = matched(words[place + offset])
                        if following is None or form[offset] not in following:
                            break
                    else:
                        topics.append(topic)
        return topics

    def _form_words_matching(self, word: str, lower: str, stem: str, hashtag: bool) -> frozenset[int] | None:
        """Numbers of the form words `word` is a form of; None when there are none (most words)."""
        words_by_key = self._words_by_key
        keys = ["=" + word, stem, lower]
        if not hashtag:
            keys.extend(lower[:length] for length in range(max(1, len(lower) - _MAX_ENDING), len(lower)))
        matched: set[int] = set()
        for key in keys:
            form_words = words_by_key.get(key)
            if form_words is not None:
                for form_word in form_words:
                    if _word_matches(word, lower, stem, form_word, hashtag):
                        matched.add(self._word_numbers[form_word])
        return frozenset(matched) if matched else None

    def _mentions(self, text: str, hashtag: bool = False) -> Iterator[tuple[str, int]]:
        """(topic, number of words) for every glossary form found in `text`, in text order."""
        matches = self._matches_of(_TOKEN.findall(text), hashtag)
        forms_by_first = self._forms_by_first
        count = len(matches)
        for position in [index for index, numbers in enumerate(matches) if numbers is not None]:
            for number in matches[position]:  # type: ignore[union-attr]
                for form, topic in forms_by_first.get(number, ()):
                    length = len(form)
                    if length == 1:
                        yield topic, 1
                    elif position + length <= count and all(
                        (following := matches[position + offset]) is not None and form[offset] in following
                        for offset in range(1, length)
                    ):
                        yield topic, length

    def _split_by_vocabulary(self, text: str) -> list[str]:
        """Split a one-case hashtag into glossary words ("russiachina" -> ["russia", "china"]); [] if it cannot be."""
        vocabulary = self._vocabulary
        best: list[list[str] | None] = [None] * (len(text) + 1)
        best[0] = []
        for end in range(1, len(text) + 1):
            for start in range(max(0, end - 40), end):
                head = best[start]
                piece = text[start:end]
                if head is not None and piece in vocabulary:
                    candidate = [*head, piece]
                    current = best[end]
                    if current is None or len(candidate) < len(current):
                        best[end] = candidate
        return best[len(text)] or []


def _word_matches(word: str, lower: str, stem: str, form_word: _FormWord, hashtag: bool) -> bool:
    """Whether a text word (as written, folded, stemmed) is a form of `form_word`.

    In hashtags case is ignored, and the stem-plus-ending rule is off: "russiausa" is not an
    inflection of "Russia".
    """
    if form_word.exact is not None:
        return word == form_word.exact or (hashtag and lower == form_word.stem)
    if hashtag:
        return stem == form_word.stem or lower == form_word.stem
    if form_word.capital and not word[:1].isupper():
        return False
    if stem == form_word.stem:
        return True
    ending = word[len(form_word.stem) :]
    return (
        lower.startswith(form_word.stem)
        and len(ending) <= _MAX_ENDING
        and (not ending or (ending.isalpha() and ending.islower()))
    )


def _read_glossary(path: Path) -> list[GlossaryEntry]:
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
    except OSError as error:
        raise InputError(path, f"the glossary cannot be read ({error.strerror or error})") from error
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, f"the glossary is not valid TOML ({error})") from error
    topics = data.get("topic", [])
    if not isinstance(topics, list):
        raise InputError(path, "the glossary must be a list of [[topic]] tables")
    entries: list[GlossaryEntry] = []
    for number, table in enumerate(topics, start=1):
        if not isinstance(table, dict) or not isinstance(table.get("key"), str) or not table["key"].strip():
            raise InputError(path, f"topic {number} has no key")
        en, ru, broader = table.get("en", []), table.get("ru", []), table.get("broader", [])
        if not all(isinstance(items, list) and all(isinstance(f, str) for f in items) for items in (en, ru, broader)):
            raise InputError(path, f"topic {table['key']!r}: en, ru and broader must be lists of strings")
        entries.append(GlossaryEntry(table["key"].strip(), tuple(en), tuple(ru), tuple(broader)))
    return entries
