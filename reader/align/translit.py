"""Cyrillic -> Latin transliteration and sound skeletons for matching names across languages.

`transliterate` follows the BGN/PCGN romanisation of Russian, which is what English-language
news and ministries mostly use for names (Лавров -> Lavrov, Грибоедов -> Griboyedov,
Кудашев -> Kudashev, Щукин -> Shchukin). Spellings still differ in practice
(Yuri/Yury/Yuriy, Alexander/Aleksandr, Moscow/Moskva), so comparisons go through
`skeleton`, a coarse sound form applied to both sides, and a fuzzy ratio on top of it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.fuzz import ratio

_VOWELS = set("аеёиоуыэюяАЕЁИОУЫЭЮЯ")
_SOFT_HARD = set("ьъЬЪ")

# BGN/PCGN: е and ё are written ye/yo at the start of a word and after a vowel, й, ь or ъ.
_BASE = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Ukrainian and Belarusian letters that appear in Russian-language bulletins
    "і": "i",
    "ї": "yi",
    "є": "ye",
    "ґ": "g",
    "ў": "w",
}
_IOTATED = {"е": "ye", "ё": "yo"}


def transliterate(text: str) -> str:
    """Romanise Cyrillic letters (BGN/PCGN style); other characters pass through unchanged.

    Capitalisation is kept on the first Latin letter of each transliterated letter, so
    "Щукин" becomes "Shchukin" and "ЩУКИН" becomes "SHCHUKIN".
    """
    out: list[str] = []
    previous = ""
    for index, char in enumerate(text):
        lower = char.lower()
        latin = _BASE.get(lower)
        if latin is None:
            out.append(char)
            previous = char
            continue
        if lower in _IOTATED and (
            not previous.isalpha() or previous in _VOWELS or previous in _SOFT_HARD or previous.lower() == "й"
        ):
            latin = _IOTATED[lower]
        if char != lower and latin:
            following = text[index + 1] if index + 1 < len(text) else ""
            whole_word_upper = following.isalpha() and following.isupper()
            latin = latin.upper() if whole_word_upper else latin[0].upper() + latin[1:]
        out.append(latin)
        previous = char
    return "".join(out)


# Rewrites applied in order to a lower-case Latin word so that the usual English spellings of a
# Russian name and its transliteration land on the same skeleton. Plain replacements go through
# str.replace, which is several times faster than re.sub; only context rules use expressions.
_PLAIN_RULES = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("x", "ks"),
    ("ph", "f"),
    ("th", "t"),
    ("w", "v"),
    ("kh", "h"),
    ("ck", "k"),
    ("q", "k"),
    ("j", "y"),
)
_NOT_LATIN = re.compile("[^a-z]+")
_SOFT_C = re.compile("c(?=[eiy])")
_HARD_C = re.compile("c(?!h)")
_Y_BETWEEN_VOWELS = re.compile("(?<=[aeiouy])y(?=[aeiou])")  # Griboyedov ~ Griboedov, Mayakovsky ~ Maiakovsky
_REPEATS = re.compile(r"([a-z])\1+")  # double letters: Anna ~ Ana, Yuriy -> iuri


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A coarse sound form of a (Latin or Cyrillic) word for cross-language comparison.

    Examples: skeleton("Лавров") == skeleton("Lavrov"); skeleton("Юрий") == skeleton("Yuri").
    """
    latin = word.lower() if word.isascii() else transliterate(word).lower()
    if not latin.isalpha() or not latin.isascii():
        latin = _NOT_LATIN.sub("", latin)
    for old, new in _PLAIN_RULES:
        if old in latin:
            latin = latin.replace(old, new)
    if "c" in latin:
        latin = _HARD_C.sub("k", _SOFT_C.sub("s", latin))
    if "t" in latin:
        latin = latin.replace("ts", "c").replace("tz", "c")
    if "y" in latin:
        latin = _Y_BETWEEN_VOWELS.sub("", latin)
        if latin.startswith(("ye", "yo")):  # Yeltsin ~ Eltsin
            latin = latin[1:]
        latin = latin.replace("y", "i")
    return _REPEATS.sub(r"\1", latin)


# Russian case and English possessive endings stripped before comparing surnames, longest first.
_RU_NAME_ENDINGS = (
    "ами", "ыми", "ими", "ого", "его", "ому", "ему", "ой", "ей", "ом", "ем", "ым", "им",
    "ах", "ях", "ую", "юю", "ая", "яя", "а", "я", "у", "ю", "е", "ы", "и",
)  # fmt: skip


def name_stem(word: str) -> str:
    """A word reduced to the part that survives Russian declension, before skeletonisation.

    "Кудашевым" -> "Кудашев"; "Lavrov's" -> "Lavrov". Short words are left alone so that
    "Путин" does not become "Пут".
    """
    if word.endswith(("'s", "’s")):
        return word[:-2]
    if any("а" <= char.lower() <= "я" or char in "ёЁ" for char in word):
        for ending in _RU_NAME_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                return word[: -len(ending)]
    return word


@lru_cache(maxsize=65536)
def name_key(word: str, length: int = 5) -> str:
    """An indexable key for a proper name: the first `length` letters of its stemmed skeleton."""
    return skeleton(name_stem(word))[:length]


@lru_cache(maxsize=65536)
def name_skeleton(word: str) -> str:
    """The full skeleton of a name with its Russian case ending or English possessive removed."""
    return skeleton(name_stem(word))


@lru_cache(maxsize=262144)
def skeletons_match(left: str, right: str, threshold: float = 80.0) -> bool:
    """Whether two name skeletons are close enough to be spellings of one name (rapidfuzz Indel ratio)."""
    if not left or not right or abs(len(left) - len(right)) > 4:
        return False
    if left == right:
        return True
    # a declined Russian form can be longer than the English one: compare on the shorter length + 1
    cut = min(len(left), len(right)) + 1
    return ratio(left[:cut], right[:cut], score_cutoff=threshold) > 0


def names_match(russian: str, english: str, threshold: float = 80.0) -> bool:
    """Whether a Cyrillic name and a Latin name plausibly denote the same person or place.

    Compares skeletons of the declension-stripped words with rapidfuzz's normalised
    Indel ratio, which forgives one-letter spelling differences (Aleksandr ~ Alexandr).
    """
    return skeletons_match(name_skeleton(russian), name_skeleton(english), threshold)
