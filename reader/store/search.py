"""Search: Snowball stemming for the FTS index and the query syntax of the search box.

The FTS table holds stemmed words, so «саммит» finds «саммита» and "summit" finds "summits";
queries are stemmed the same way and quoted term by term, so no user input ever reaches the
FTS5 grammar unescaped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

_russian = Stemmer.Stemmer("russian")
_english = Stemmer.Stemmer("english")


def _stem_word(word: str) -> str:
    word = word.lower().replace("ё", "е").replace("’", "'")
    if _CYRILLIC.search(word):
        return str(_russian.stemWord(word))
    return str(_english.stemWord(word))


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """The Snowball stem of one lower-cased word, Russian or English by its script."""
    return _stem_word(word)


def stem_variants(word: str) -> tuple[str, ...]:
    """Index forms a query word should match.

    Snowball does not always give a word and its inflections one stem: «саммита» -> «саммит» but
    «саммит» -> «самм». Matching the stem, the stem of the stem and the bare word lets «саммит»
    find «саммита» and the other way round.
    """
    first = stem(word)
    bare = word.lower().replace("ё", "е").replace("’", "'")
    return tuple(dict.fromkeys((first, stem(first), bare)))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# Stems of words already seen (as written), for the index: a plain dict read in one list comprehension
# costs a fraction of a cached call per word, and an archive reuses a few hundred thousand words at most.
_INDEX_STEMS: dict[str, str] = {}
_INDEX_STEMS_LIMIT = 400_000


def index_text(text: str) -> str:
    """The text as the FTS index stores it: stems separated by spaces."""
    return _index_words(_WORD.findall(text))


def _index_words(found: Sequence[str]) -> str:
    """The stems of words already found, separated by spaces."""
    stems = _INDEX_STEMS
    try:
        return " ".join([stems[word] for word in found])
    except KeyError:
        if len(stems) > _INDEX_STEMS_LIMIT:
            stems.clear()
        for word in found:
            if word not in stems:
                stems[word] = _stem_word(word)
        return " ".join([stems[word] for word in found])


def _title_indexed(title: str, texts: Sequence[str]) -> bool:
    """Whether a post's title goes into its index entry: not when it is one of the passages."""
    stripped = title.strip()
    return bool(stripped) and not any(text.strip() == stripped for text in texts)


def index_document(title: str, texts: Sequence[str]) -> str:
    """What the search index holds for a post: the stems of its title and of its passages' texts.

    The title is left out when it is one of the passages (a Telegram post's first line): indexing it
    twice only grew the index. The index keeps no copy of this (a contentless FTS5 table), so a post's
    entry is removed by giving the same stems again, recomputed from the stored title and passages:
    this function and the stemmer must give the same answer for the same text for as long as the
    index lives. Any change to either changes INDEX_FINGERPRINT, and the next open rebuilds the index.
    """
    if _title_indexed(title, texts):
        return index_text("\n".join([title, *texts]))
    return index_text("\n".join(texts))


def index_document_of_words(title: str, texts: Sequence[str], text_words: Sequence[str]) -> str:
    """`index_document(title, texts)` when `text_words` are `words("\n".join(texts))`, found already."""
    if _title_indexed(title, texts):
        return _index_words([*_WORD.findall(title), *text_words])
    return _index_words(text_words)


# Bump when index_document or index_text change what they give for a text; the stems of the probe
# words catch a new Snowball algorithm in an upgraded PyStemmer.
_INDEX_FORMAT = 1
_PROBE_WORDS = (
    "cooperation summits ministers don’t Negotiations Ё ёлка переговоров саммита саммит встречи"
    " государственного сотрудничества Захаровой minister's running generously"
)


def _fingerprint() -> str:
    stems = " ".join(_stem_word(word) for word in words(_PROBE_WORDS))
    return hashlib.sha1(f"{_INDEX_FORMAT}|{stems}".encode()).hexdigest()[:16]


INDEX_FINGERPRINT = _fingerprint()


@dataclass(frozen=True, slots=True)
class Widening:
    """A query word's forms in the other language, searched too (ranked after the word's own hits).

    Attributes:
        word: the word as typed.
        shown: the other-language forms as written, for the search hint.
        match: the FTS5 alternatives of those forms: quoted stems, phrases, or a quoted prefix with *.
    """

    word: str
    shown: tuple[str, ...]
    match: tuple[str, ...]


def widen(word: str) -> Widening | None:
    """The other-language forms of a query word that the pairing knows (None: it knows none).

    Glossary terms and topics give their forms in the other language; a capitalised Russian word
    that no glossary knows is romanised as a name, its case ending dropped, and matched as a prefix
    («Захаровой» also finds "Zakharova").
    """
    # Imported on the first search: the glossaries and the transliteration are not needed to list posts.
    from reader.align.other_forms import other_language_forms
    from reader.align.translit import name_stem

    found = other_language_forms(word)
    if found.forms:
        match: list[str] = []
        for form in found.forms:
            form_words = words(form)
            if len(form_words) == 1:
                match.extend(_quote(variant) for variant in stem_variants(form_words[0]))
            elif form_words:
                match.append(_quote(" ".join(stem(item) for item in form_words)))
        return Widening(word, found.forms, tuple(dict.fromkeys(match))) if match else None
    if word[:1].isupper() and _CYRILLIC.search(word):
        romanised = other_language_forms(name_stem(word)).romanised.lower()
        if romanised.isascii() and romanised.isalpha():
            return Widening(word, (romanised.capitalize() + "…",), (_quote(romanised) + "*",))
    return None


class QuerySyntaxError(ValueError):
    """A search the user typed that we cannot run; the message is a gentle hint."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed search: free-text parts for FTS plus structured filters."""

    terms: tuple[str, ...] = ()  # stemmed single words, all required
    term_variants: tuple[tuple[str, ...], ...] = ()  # per term, the index forms it matches (stem_variants)
    phrases: tuple[tuple[str, ...], ...] = ()  # stemmed phrases, all required
    excluded: tuple[str, ...] = ()  # stemmed words that must not occur
    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # the user's tags a post must carry
    unread: bool = False
    bookmarked: bool = False
    after: datetime | None = None
    before: datetime | None = None
    highlight_words: tuple[str, ...] = field(default=())  # the raw words, for highlighting
    widenings: tuple[Widening | None, ...] = ()  # per term, its other-language forms (see `widen`)

    @property
    def has_text(self) -> bool:
        return bool(self.terms or self.phrases or self.excluded)

    @property
    def widened(self) -> tuple[Widening, ...]:
        """The terms that are searched in the other language too."""
        return tuple(item for item in self.widenings if item is not None)

    def fts_match(self, widened: bool = True) -> str | None:
        """The FTS5 MATCH expression of the required words and phrases, or None.

        Args:
            widened: each word also matches its other-language forms (`widenings`); False: only
                the words as typed, the hits ranked first.
        """
        if len(self.term_variants) == len(self.terms):
            parts = []
            for index, forms in enumerate(self.term_variants):
                alternatives = [_quote(form) for form in forms]
                widening = self.widenings[index] if widened and index < len(self.widenings) else None
                if widening is not None:
                    alternatives.extend(widening.match)
                parts.append("(" + " OR ".join(alternatives) + ")")
        else:
            parts = [_quote(term) for term in self.terms]
        parts += [_quote(" ".join(phrase)) for phrase in self.phrases if phrase]
        return " AND ".join(parts) if parts else None

    def fts_excluded(self) -> str | None:
        return " OR ".join(_quote(term) for term in self.excluded) if self.excluded else None


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


_TOKEN = re.compile(r'\s*(-?)(?:(\w+):)?("([^"]*)"|"[^"]*$|\S+)', re.UNICODE)
_KEYS = {"lang", "topic", "source", "tag", "is", "after", "before", "since", "until"}


def parse_query(text: str, widening: bool = True) -> SearchQuery:
    """Parse the search box syntax.

    Words, "phrases", -word, =word (only as typed, not in the other language), lang:ru, topic:ASEAN,
    source:…, tag:brief, is:unread, is:bookmarked, after:2025-07-01, before:2025-08-01. With `widening`, a word
    the pairing knows in the other language also matches its forms there (`widen`). Raises
    QuerySyntaxError with a hint the UI can show.
    """
    terms: list[str] = []
    term_variants: list[tuple[str, ...]] = []
    widenings: list[Widening | None] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    languages: list[str] = []
    topics: list[str] = []
    sources: list[str] = []
    tags: list[str] = []
    raw_words: list[str] = []
    unread = bookmarked = False
    after: datetime | None = None
    before: datetime | None = None
    if text.count('"') % 2:
        raise QuerySyntaxError('A phrase is missing its closing quote: add " at the end of the phrase.')
    for match in _TOKEN.finditer(text):
        negative, key, token, phrase = match.group(1), match.group(2), match.group(3), match.group(4)
        value = phrase if phrase is not None else token
        if key and key.lower() in _KEYS:
            key = key.lower()
            value = value.strip()
            if not value:
                raise QuerySyntaxError(f"“{key}:” needs a value, for example {key}:{_EXAMPLES[key]}.")
            if key == "lang":
                languages.append(value.lower())
            elif key == "topic":
                topics.append(value)
            elif key == "source":
                sources.append(value)
            elif key == "tag":
                tags.append(value)
            elif key == "is":
                if value.lower() == "unread":
                    unread = True
                elif value.lower() in ("bookmarked", "starred"):
                    bookmarked = True
                else:
                    raise QuerySyntaxError(f"“is:{value}” is unknown: use is:unread or is:bookmarked.")
            elif key in ("after", "since"):
                after = _parse_day(key, value)
            else:
                before = _parse_day(key, value)
            continue
        if key:  # "word:thing" that is not one of our keys: search it as text
            value = f"{key}:{value}"
        exact = not negative and phrase is None and value.startswith("=")
        found = words(value)
        raw_words.extend(found)
        if not found:
            continue
        stems = tuple(stem(word) for word in found)
        if negative:
            excluded.extend(stems)
        elif phrase is not None or len(stems) > 1:
            phrases.append(stems)
        else:
            terms.append(stems[0])
            term_variants.append(stem_variants(found[0]))
            widenings.append(widen(found[0]) if widening and not exact else None)
    if excluded and not (terms or phrases) and not (languages or topics or sources or tags or unread or bookmarked):
        pass  # "-word" alone is fine: everything except the word
    return SearchQuery(
        terms=tuple(terms),
        term_variants=tuple(term_variants),
        phrases=tuple(phrases),
        excluded=tuple(excluded),
        languages=tuple(languages),
        topics=tuple(topics),
        sources=tuple(sources),
        tags=tuple(tags),
        unread=unread,
        bookmarked=bookmarked,
        after=after,
        before=before,
        highlight_words=tuple(raw_words),
        widenings=tuple(widenings),
    )


_EXAMPLES = {
    "lang": "ru",
    "topic": "ASEAN",
    "source": "mfa",
    "tag": "brief",
    "is": "unread",
    "after": "2025-07-01",
    "before": "2025-08-01",
    "since": "2025-07-01",
    "until": "2025-08-01",
}


def _parse_day(key: str, value: str) -> datetime:
    try:
        day = datetime.fromisoformat(value)
    except ValueError:
        raise QuerySyntaxError(f"“{key}:{value}” is not a date: write it as {key}:2025-07-01.") from None
    return day if day.tzinfo else day.replace(tzinfo=UTC)
