"""Language of passages and posts, fast and repeatable.

The order of evidence, cheapest and surest first:

1. Script. No letters at all -> no language. Cyrillic letters that only one language
   uses decide at once: ї є ґ (Ukrainian), ў (Belarusian), ђ ћ ј љ њ џ (Serbian),
   ѓ ќ ѕ (Macedonian), ы э ё (Russian, and Belarusian together with і).
2. Function words. Clear English has "the", "of", "and", ...; Russian and Ukrainian
   short lines without telltale letters still have "что"/"що", "с"/"з", "и"/"і".
3. langdetect, seeded so results repeat, only for what 1 and 2 leave open.

Short lines that nothing decides ("Key talking points:", "#RussiaUSA",
"📍 Kuala Lumpur, July 10") inherit the language of their post in `assign_languages`.
"""

from __future__ import annotations

import json
import os
import re
import struct
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

from reader.domain import Passage

# Letters are counted by script with precompiled patterns: they run in C.
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTER_ANY_CASE = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_NON_ASCII_LATIN = re.compile(r"[\u00c0-\u024f]")  # used on lower-cased text
_WORD = re.compile(r"[^\W\d_]+")

_UKRAINIAN_ONLY = "їєґ"
_BELARUSIAN_ONLY = "ў"
_SERBIAN = "ђћјљњџ"
_MACEDONIAN_ONLY = "ѓќѕ"
_RUSSIAN_MARKS = "ыэё"
_RARE_LANGUAGE_LETTER = re.compile(f"[{_MACEDONIAN_ONLY}{_SERBIAN}{_BELARUSIAN_ONLY}]")
_OTHER_CYRILLIC = _MACEDONIAN_ONLY + _SERBIAN + _BELARUSIAN_ONLY + "іїєґ"
# Anything that makes a Cyrillic line more than plain Russian: Latin letters or another alphabet's letters.
_NOT_RUSSIAN_ALPHABET = re.compile(f"[A-Za-z\u00c0-\u024f{_OTHER_CYRILLIC}{_OTHER_CYRILLIC.upper()}]")
_RUSSIAN_MARK = re.compile(f"[{_RUSSIAN_MARKS}{_RUSSIAN_MARKS.upper()}]")

# Frequency of each language's telltale letters among all its letters, to weigh mixed evidence
# (a Russian text quoting "Київ", a Ukrainian text quoting a Russian name).
_UKRAINIAN_MARK_RATE = 0.073  # і ї є ґ
_RUSSIAN_MARK_RATE = 0.024  # ы э ё


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ENGLISH_DISTINCTIVE = _word_set(
    "the of and to is was were with that this for from by have has had will would which their "
    "its our we they been are be it he she his her who what when also not but or than as at on "
    "an all these those there can should must"
)
_ENGLISH_SHARED = _word_set("a in i")
_RUSSIAN_WORDS = _word_set(
    "и что с как это он она они его ее её из от по уже еще ещё или был была были быть так же "
    "все всё для при также который которые которая где когда только но если мы вы ним их о об "
    "после под между нет будет было потому чтобы этот эта эти себя свои"
)
_UKRAINIAN_WORDS = _word_set(
    "і й та що з зі із як це від але про вже ще або був була були бути також який які яка де "
    "коли тільки лише якщо ми ви його її їх цей ця ці у після під між немає буде було бо щоб "
    "він вона воно вони себе свої"
)
_BULGARIAN_WORDS = _word_set("е са се че това който които която ще да съм сме")

# Function words of the other common Latin-script languages: a line without English function
# words that has none of these either is most likely an English heading or name line.
_OTHER_LATIN_WORDS = _word_set(
    "der die das und ist nicht mit von zu den dem des ein eine auf für sich auch "
    "le la les et est une un du dans pour que qui pas sur au aux avec "
    "el los las del y es una por con para se su al lo como "
    "il di che è per della con non sono gli os não uma em ao "
    "het een en van dat niet zijn op te voor met "
    "yang dan di untuk dengan ini itu dari dalam tidak "
    "w na nie się że jest ve bir bu için ile da de"
)

_LANGDETECT_MIN_LETTERS = 12
_CYRILLIC_CANDIDATES = frozenset({"ru", "uk", "bg"})  # the prior map of a Cyrillic line names no others
_LANGDETECT_CACHE_SIZE = 4096
_VERDICT_CACHE_SIZE = 16384
_VERDICT_CACHE_TEXT_LIMIT = 1000
_URL = re.compile(r"(?:https?://|www\.)\S+")
# Function words are counted in the start of a passage: fifty words decide, the rest only costs time.
_SAMPLE_CHARS = 400

# How sure the cheap checks are.
_DECIDED = 2  # the passage's own evidence decides; it also votes for its post's language
_LIKELY = 1  # nothing points elsewhere: good enough alone, but short lines in a post follow the post
_UNKNOWN = 0  # conflicting or foreign evidence: langdetect (or the post) decides

_Verdict = tuple[str | None, int, str | None]  # (language, certainty, script)
_ENGLISH: _Verdict = ("en", _DECIDED, "latin")


class LanguageDetector:
    """Detects the language of passages; cheap checks first, langdetect only when they do not decide.

    One detector can be shared: it holds only the lazily loaded langdetect profiles and bounded caches.
    """

    def __init__(self) -> None:
        self._factory: Any = None
        self._cyrillic: Any = None  # langdetect restricted to _CYRILLIC_CANDIDATES, built on first need
        self._langdetect_cache: dict[tuple[str, str], str | None] = {}
        self._verdict_cache: dict[str, _Verdict] = {}  # the cheap checks' verdict of a line, by its text
        self.langdetect_calls = 0  # exposed so benchmarks and tests can see how often the slow path runs

    # -- public API -------------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Load langdetect's profiles now (about half a second) rather than on the first hard passage.

        Detection never needs this; benchmarks and long-running services call it so the one-off
        loading is not counted against, or felt in, the first import.
        """
        self._langdetect_factory()
        self._cyrillic_factory()

    def detect(self, text: str) -> str | None:
        """BCP-47 tag of `text` ("ru", "uk", "en", ...), or None when it has no letters.

        Never raises: text that langdetect cannot classify falls back to the script's usual
        language in this app (Russian for Cyrillic, English for Latin). The first call loads
        langdetect's profiles, as langdetect's own first call does, so that later calls have a
        steady cost; `assign_languages` (the import path) loads them only when a post needs them.
        """
        if self._factory is None:
            self.warm_up()
        lang, certainty, script = self._classify(text)
        if certainty >= _LIKELY or script is None:
            return lang
        return self._langdetect(text, script) or lang

    def assign_languages(self, passages: Sequence[Passage]) -> tuple[Passage, ...]:
        """Passages with `lang` set; undecided short lines inherit the post's language.

        A post's language for a script is the one its decided passages of that script use most
        (weighted by length), so a bilingual post gives "#Россия" Russian and "#RussiaUSA" English.
        """
        verdicts = self._verdicts(passages)
        fallback: dict[str, str | None] = {}
        weights: tuple[dict[str, dict[str, int]], dict[str, int]] | None = None  # only when a line needs them
        result: list[Passage] = []
        for passage, (lang, certainty, script) in zip(passages, verdicts, strict=True):
            if certainty < _DECIDED and script is not None:
                if script not in fallback:
                    if weights is None:
                        weights = _decided_weights(passages, verdicts)
                    fallback[script] = self._post_language(script, *weights, passages, verdicts)
                lang = fallback[script] or lang
            if passage.lang != lang:
                # The constructor directly: dataclasses.replace costs more than the detection itself.
                passage = Passage(passage.text, lang, passage.kind, passage.speaker, passage.links, passage.bold)
            result.append(passage)
        return tuple(result)

    # -- the cheap checks -------------------------------------------------------------------------

    def _verdicts(self, passages: Sequence[Passage]) -> list[_Verdict]:
        """The verdict of every passage, skipping the word counts of Latin lines whose count cannot matter.

        A Latin-script line can only be English (its certainty aside), and once one Latin line of the
        post is decided English, every undecided Latin line falls back to English too: their own
        evidence changes nothing. Only "other"-script lines (which fall back to the language with the
        most decided text of the post) need every line weighed, so then all are classified.
        """
        cache = self._verdict_cache
        verdicts: list[_Verdict | None] = []
        for passage in passages:
            text = passage.text
            verdict = cache.get(text)
            if verdict is None:
                verdict = self._classify(text, defer_latin=True)
                if verdict is not None:
                    self._remember(text, verdict)
            verdicts.append(verdict)
        if None not in verdicts:
            return verdicts  # type: ignore[return-value]
        deferred = [index for index, verdict in enumerate(verdicts) if verdict is None]
        known = [verdict for verdict in verdicts if verdict is not None]
        if not any(verdict[2] == "other" for verdict in known):
            if not any(verdict[1] == _DECIDED and verdict[2] == "latin" for verdict in known):
                for position, index in enumerate(deferred):
                    verdict = verdicts[index] = self._classify_and_remember(passages[index].text)
                    if verdict[1] == _DECIDED:
                        deferred = deferred[position + 1 :]
                        break
                else:
                    deferred = []
            for index in deferred:
                verdicts[index] = _ENGLISH
            return verdicts  # type: ignore[return-value]
        for index in deferred:
            verdicts[index] = self._classify_and_remember(passages[index].text)
        return verdicts  # type: ignore[return-value]

    def _classify_and_remember(self, text: str) -> _Verdict:
        """The verdict of a line `_classify` deferred, whose letters it already found to be Latin only.

        What `_classify` would answer, without scanning the line for each script again.
        """
        letters = _URL.sub(" ", text) if "://" in text or "www." in text else text
        lower = letters.lower()
        accented = 0 if letters.isascii() else _non_english_letters(lower)
        verdict = self._classify_latin(lower, non_english_letters=accented)
        self._remember(text, verdict)
        return verdict

    def _remember(self, text: str, verdict: _Verdict) -> None:
        # Channels repeat lines: signatures, headings, hashtag lines, "Subscribe" links (half the lines
        # of a real Telegram export). Long paragraphs rarely come back and would only hold memory.
        if len(text) <= _VERDICT_CACHE_TEXT_LIMIT:
            if len(self._verdict_cache) >= _VERDICT_CACHE_SIZE:
                self._verdict_cache.clear()
            self._verdict_cache[text] = verdict

    @overload
    def _classify(self, text: str) -> _Verdict: ...

    @overload
    def _classify(self, text: str, defer_latin: bool) -> _Verdict | None: ...

    def _classify(self, text: str, defer_latin: bool = False) -> _Verdict | None:
        """(language, certainty, script). Script is "cyrillic", "latin", "other" or None (no letters).

        With `defer_latin`, None for a line whose letters are Latin only, before counting its words.
        """
        if "://" in text or "www." in text:
            text = _URL.sub(" ", text)  # a link's letters are no language: a link-only line has none
        if text.isascii():
            if _ASCII_LETTER_ANY_CASE.search(text) is None:
                return None, _DECIDED, None
            if defer_latin:
                return None
            return self._classify_latin(text.lower(), non_english_letters=0)
        if _CYRILLIC.search(text) is None:
            if _LATIN.search(text) is None:
                if _LETTER.search(text) is None:
                    return None, _DECIDED, None
                return None, _UNKNOWN, "other"
            if defer_latin:
                return None
            lower = text.lower()
            return self._classify_latin(lower, non_english_letters=_non_english_letters(lower))
        if _NOT_RUSSIAN_ALPHABET.search(text) is None:
            # Cyrillic of the Russian alphabet only, no Latin: one of ы э ё decides, as in _classify_cyrillic.
            if _RUSSIAN_MARK.search(text) is not None:
                return "ru", _DECIDED, "cyrillic"
            return self._classify_cyrillic(text.lower())
        if _LATIN.search(text) is None:
            return self._classify_cyrillic(text.lower())
        # Runs of letters, not single letters: far fewer objects to count on long passages.
        cyrillic = sum(map(len, _CYRILLIC_RUN.findall(text)))
        latin = sum(map(len, _LATIN_RUN.findall(text)))
        lower = text.lower()
        if cyrillic >= latin:
            return self._classify_cyrillic(lower)
        # More Latin than Cyrillic letters. English grammar words decide for English; otherwise the
        # Latin words are names and brands in a Cyrillic sentence ("Про це пише The Irish Independent",
        # "Матрас Dreamline Dream Massage TFK 80x200.") and the Cyrillic evidence counts.
        cyrillic_verdict = self._classify_cyrillic(lower)
        if 3 * cyrillic >= latin and cyrillic_verdict[1] == _DECIDED:
            return cyrillic_verdict
        latin_verdict = self._classify_latin(lower, non_english_letters=_non_english_letters(lower))
        return latin_verdict if latin_verdict[1] == _DECIDED else cyrillic_verdict

    def _classify_latin(self, lower: str, non_english_letters: int) -> _Verdict:
        words = _WORD.findall(lower[:_SAMPLE_CHARS])
        distinctive = sum(map(_ENGLISH_DISTINCTIVE.__contains__, words))
        shared = sum(map(_ENGLISH_SHARED.__contains__, words))
        if (
            distinctive
            and non_english_letters <= 1
            and (len(words) <= 4 or (distinctive + shared) >= 0.12 * len(words))
        ):
            return "en", _DECIDED, "latin"
        if distinctive >= 3 and (distinctive + shared) >= 0.25 * len(words):
            return "en", _DECIDED, "latin"  # "café" in an English sentence
        if non_english_letters <= 1 and _OTHER_LATIN_WORDS.isdisjoint(words):
            return "en", _LIKELY, "latin"  # "Key talking points:", "Kuala Lumpur, July 11, 2025"
        return "en", _UNKNOWN, "latin"

    def _classify_cyrillic(self, lower: str) -> _Verdict:
        # One scan for the letters of the rarer languages; most texts have none of them.
        if _RARE_LANGUAGE_LETTER.search(lower) is not None:
            present = set(lower)
            if present.intersection(_MACEDONIAN_ONLY):
                return "mk", _DECIDED, "cyrillic"
            if present.intersection(_SERBIAN):
                return "sr", _DECIDED, "cyrillic"
            if _BELARUSIAN_ONLY in present:
                return "be", _DECIDED, "cyrillic"
        if "і" in lower and "ы" in lower and "и" not in lower:
            return "be", _DECIDED, "cyrillic"
        count = lower.count
        uk_marks = count("і") + count("ї") + count("є") + count("ґ")
        ru_marks = count("ы") + count("э") + count("ё")
        if uk_marks and not ru_marks:
            return "uk", _DECIDED, "cyrillic"
        if ru_marks and not uk_marks:
            return "ru", _DECIDED, "cyrillic"
        # Both kinds of telltale letters, or none: grammar words first, then the weight of the letters.
        words = _WORD.findall(lower[:_SAMPLE_CHARS])
        russian = sum(map(_RUSSIAN_WORDS.__contains__, words))
        ukrainian = sum(map(_UKRAINIAN_WORDS.__contains__, words))
        bulgarian = sum(map(_BULGARIAN_WORDS.__contains__, words))
        if "ъ" in lower and bulgarian > russian:
            return "bg", _DECIDED, "cyrillic"
        if russian > ukrainian and russian > bulgarian:
            return "ru", _DECIDED, "cyrillic"
        if ukrainian > russian and ukrainian > bulgarian:
            return "uk", _DECIDED, "cyrillic"
        if uk_marks and ru_marks:
            uk_weight = uk_marks / _UKRAINIAN_MARK_RATE
            ru_weight = ru_marks / _RUSSIAN_MARK_RATE
            if uk_weight >= 2 * ru_weight:
                return "uk", _DECIDED, "cyrillic"
            if ru_weight >= 2 * uk_weight:
                return "ru", _DECIDED, "cyrillic"
        # Russian or Ukrainian without a telltale letter or word: only langdetect can tell.
        return "ru", _UNKNOWN, "cyrillic"

    def _post_language(
        self,
        script: str,
        by_script: dict[str, dict[str, int]],
        overall: dict[str, int],
        passages: Sequence[Passage],
        verdicts: Sequence[_Verdict],
    ) -> str | None:
        counts = by_script.get(script) or overall
        if counts:
            return max(counts, key=lambda lang: counts[lang])
        likely = [
            lang for lang, certainty, passage_script in verdicts if certainty == _LIKELY and passage_script == script
        ]
        if likely:
            return likely[0]
        # Nothing in the post decides: ask langdetect once about all its undecided text of this script.
        undecided = " ".join(
            passage.text
            for passage, (_, _, passage_script) in zip(passages, verdicts, strict=True)
            if passage_script == script
        )
        return self._langdetect(undecided, script)

    # -- the slow path ----------------------------------------------------------------------------

    def _langdetect(self, text: str, script: str) -> str | None:
        # Channels repeat their short alerts and headings ("КИЕВ - воздушная тревога!") word for word.
        key = (text, script)
        if key in self._langdetect_cache:
            return self._langdetect_cache[key]
        if len(self._langdetect_cache) >= _LANGDETECT_CACHE_SIZE:
            self._langdetect_cache.clear()
        answer = self._langdetect_uncached(_URL.sub(" ", text), script)
        self._langdetect_cache[key] = answer
        return answer

    def _langdetect_uncached(self, text: str, script: str) -> str | None:
        if len(_LETTER.findall(text)) < _LANGDETECT_MIN_LETTERS:
            return None
        from langdetect.lang_detect_exception import LangDetectException

        self.langdetect_calls += 1
        if script == "cyrillic":
            # Only Cyrillic languages can explain Cyrillic text. Bulgarian is a candidate only with its
            # own evidence: on short Russian lines ("Внимание!") langdetect often says Bulgarian.
            lower = text.lower()
            candidates = dict.fromkeys(("ru", "uk"), 1.0)
            if "ъ" in lower or any(word in _BULGARIAN_WORDS for word in _WORD.findall(lower)):
                candidates["bg"] = 1.0
            detector = self._cyrillic_factory().create()
            detector.set_prior_map(candidates)
        else:
            detector = self._langdetect_factory().create()
        detector.append(text)
        try:
            best = detector.detect()
        except LangDetectException:
            return None
        return _bcp47(best)

    def _cyrillic_factory(self) -> Any:
        """langdetect's profiles cut down to the languages a Cyrillic line may be given.

        With a prior of zero a language's probability stays zero, so the other fifty languages only
        cost time: every sampled n-gram multiplies all 55 probabilities. Keeping the same n-grams (the
        random sampling draws from the text's n-grams that have a profile) and the candidates' columns
        in their original order gives the very same sums and products, about twenty times faster.
        """
        if self._cyrillic is None:
            from langdetect import DetectorFactory

            full = self._langdetect_factory()
            columns = [index for index, lang in enumerate(full.langlist) if lang in _CYRILLIC_CANDIDATES]
            shared: dict[tuple[float, ...], tuple[float, ...]] = {}  # most n-grams have the same few rows
            factory = DetectorFactory()
            factory.langlist = [full.langlist[index] for index in columns]
            factory.word_lang_prob_map = {
                ngram: shared.setdefault(row, row)
                for ngram, probabilities in full.word_lang_prob_map.items()
                for row in (tuple(probabilities[index] for index in columns),)
            }
            factory.seed = full.seed
            self._cyrillic = factory
        return self._cyrillic

    def _langdetect_factory(self) -> Any:
        if self._factory is None:
            from langdetect import DetectorFactory
            from langdetect.detector_factory import PROFILES_DIRECTORY

            factory = DetectorFactory()
            factory.langlist, factory.word_lang_prob_map = SparseProfiles.load(PROFILES_DIRECTORY)
            factory.set_seed(0)  # repeatable results: langdetect is randomised
            self._factory = factory
        return self._factory


class SparseProfiles(Mapping[str, list[float]]):
    """langdetect's n-gram table with each row kept as its few non-zero entries.

    langdetect stores, for each of its 88,000 n-grams, a list of 55 probabilities; most n-grams occur
    in two or three languages, so the lists are nearly all zeros and take 50 MB in every process that
    detects (the import workers too). Here a row is packed as (column, probability) pairs and rebuilt
    as the same list when langdetect reads it, which happens only for the rare line our own detector
    leaves undecided.
    """

    _ENTRY = struct.Struct("<Bd")

    def __init__(self, rows: dict[str, bytes], width: int) -> None:
        self._width = width
        self._rows = rows

    @classmethod
    def load(cls, directory: str) -> tuple[list[str], SparseProfiles]:
        """The languages and n-gram table langdetect's `DetectorFactory.load_profile` would build.

        Same files in the same order (column i is the same language), same arithmetic, so the
        probabilities are the very same doubles; only the zeros are never stored.
        """
        from langdetect.utils.lang_profile import LangProfile

        files = os.listdir(directory)
        languages: list[str] = []
        rows: dict[str, bytes] = {}
        pack = cls._ENTRY.pack
        for name in files:
            path = os.path.join(directory, name)
            if name.startswith(".") or not os.path.isfile(path):
                continue
            index = len(languages)
            with open(path, encoding="utf-8") as handle:
                profile = LangProfile(**json.load(handle))
            languages.append(profile.name)
            for word, frequency in profile.freq.items():
                row = rows.get(word, b"")  # langdetect lists every n-gram, even one of all zeros
                if 1 <= len(word) <= 3:
                    probability = 1.0 * frequency / profile.n_words[len(word) - 1]
                    if probability:
                        row += pack(index, probability)
                rows[word] = row
        return languages, cls(rows, len(files))

    def __getitem__(self, ngram: str) -> list[float]:
        row = [0.0] * self._width
        for index, value in self._ENTRY.iter_unpack(self._rows[ngram]):
            row[index] = value
        return row

    def __contains__(self, ngram: object) -> bool:
        return ngram in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _decided_weights(
    passages: Sequence[Passage], verdicts: Sequence[_Verdict]
) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """Length of decided text per language, by script and over all scripts."""
    by_script: dict[str, dict[str, int]] = {}
    overall: dict[str, int] = {}
    for passage, (lang, certainty, script) in zip(passages, verdicts, strict=True):
        if certainty == _DECIDED and lang and script:
            weight = len(passage.text)
            by_script.setdefault(script, {})
            by_script[script][lang] = by_script[script].get(lang, 0) + weight
            overall[lang] = overall.get(lang, 0) + weight
    return by_script, overall


def _non_english_letters(lower: str) -> int:
    """Accented Latin letters in the sampled start of a lower-cased text ("é", "ß", "ą")."""
    return len(_NON_ASCII_LATIN.findall(lower, 0, _SAMPLE_CHARS))


def _bcp47(code: str) -> str | None:
    if code == "unknown":
        return None
    return {"zh-cn": "zh-Hans", "zh-tw": "zh-Hant", "no": "nb"}.get(code, code)


def languages_of(passages: Iterable[Passage]) -> tuple[str, ...]:
    """Languages used in `passages`, most text first (the same order as `Post.languages`)."""
    counts: dict[str, int] = {}
    for passage in passages:
        if passage.lang:
            counts[passage.lang] = counts.get(passage.lang, 0) + len(passage.text)
    return tuple(sorted(counts, key=lambda lang: -counts[lang]))
