"""A word's forms in the other language, from what the pairing knows: glossary terms, topics, names.

Search uses this to widen a query across languages: «лавров» also finds "Lavrov", "Singapore" also
finds «Сингапур», «МИД» also finds "MFA" and "Foreign Ministry". The bilingual entries are those the
aligner pairs on (`resources/terms.toml` and the topic glossary); a Cyrillic word that is no entry
is romanised (`transliterate`) as a name would be, and the caller decides whether that form occurs.
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from reader.align.signals import bilingual_entries, default_glossary
from reader.align.translit import transliterate
from reader.resources import resources_path

_WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# A romanised word shorter than this is too often another word ("Ира" -> "Ira")
_MIN_NAME = 4


@dataclass(frozen=True, slots=True)
class OtherForms:
    """What a query word becomes in the other language.

    Attributes:
        forms: forms as written (one or more words), from the bilingual glossaries.
        romanised: the word romanised as a name, when no glossary knows it (may not occur anywhere).
    """

    forms: tuple[str, ...] = ()
    romanised: str = ""

    def __bool__(self) -> bool:
        return bool(self.forms or self.romanised)


def _fold(word: str) -> str:
    return word.casefold().replace("ё", "е")


_local = threading.local()


def _stem(word: str, lang: str) -> str:
    stemmers: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(lang)
    if stemmer is None:
        stemmer = stemmers[lang] = Stemmer.Stemmer("russian" if lang == "ru" else "english")
    return str(stemmer.stemWord(_fold(word)))


def _lang_of(word: str) -> str:
    return "ru" if _CYRILLIC.search(word) else "en"


class FormIndex:
    """Single-word glossary forms by language and stem, with the other language's forms of their entries."""

    def __init__(self, entries: Iterable[tuple[str, Sequence[str], Sequence[str]]]) -> None:
        self._index: dict[str, dict[str, list[tuple[str, ...]]]] = {"ru": {}, "en": {}}
        for _, english, russian in entries:
            for lang, forms, others in (("en", english, russian), ("ru", russian, english)):
                for form in forms:
                    words = _WORD.findall(form)
                    # one-word forms only: a glossary lists a name alone too ("Сергей Лавров", "Лавров")
                    if len(words) != 1:
                        continue
                    found = self._index[lang].setdefault(_stem(words[0], lang), [])
                    if tuple(others) not in found:
                        found.append(tuple(others))

    def other_forms(self, word: str) -> OtherForms:
        """The other language's forms of `word` (an empty result when there are none)."""
        lang = _lang_of(word)
        found = self._index[lang].get(_stem(word, lang), [])
        forms = tuple(dict.fromkeys(form for others in found for form in others))
        if forms:
            return OtherForms(forms=forms)
        if lang == "ru" and len(word) >= _MIN_NAME and word.isalpha():
            return OtherForms(romanised=transliterate(_fold(word)))
        return OtherForms()


@lru_cache(maxsize=1)
def default_form_index() -> FormIndex:
    """The bundled glossaries (`resources/terms.toml` and the topics) as a `FormIndex`."""
    entries: list[tuple[str, Sequence[str], Sequence[str]]] = []
    terms_file = resources_path("terms.toml")
    if terms_file.is_file():
        with terms_file.open("rb") as handle:
            entries.extend(bilingual_entries(tomllib.load(handle), ""))
    for key, (english, russian) in default_glossary().forms().items():
        if english and russian:
            entries.append((key, english, russian))
    return FormIndex(entries)


def other_language_forms(word: str) -> OtherForms:
    """`word`'s forms in the other language (Russian <-> English) from the bundled glossaries."""
    return default_form_index().other_forms(word)
