"""Two-channel cases of the evaluation: a Russian and an English channel to import, and their gold.

Every document of a sentence-aligned corpus becomes a story; 60 % are posted in both channels (the
English one 0–48 hours later, 30 % of the longer ones shortened), 20 % in Russian only, 20 % in
English only. Around the stories a channel posts other things:

- quiet: nothing else;
- busy: excerpts of the documents posted in one language only, four per story in each channel,
  within a day and a half — neighbours that share a key with a story by chance;
- same event: the busy neighbours drawn from documents of the story's own domain, and beside each
  story a short notice in each channel it was posted in, made of other sentences of the story itself,
  within hours of it — neighbours with the story's names, places, numbers and date that still do not
  translate each other (the Russian notice and the English one come from different sentences).

The import itself runs outside this layer (`reader.importing.evaluate_import`): `ImportSearch` is how it is
handed in, and `import_row` scores what it links against the gold.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

Document = list[tuple[str, str]]
PairKey = tuple[str, tuple[int, ...], tuple[int, ...]]

# Busy neighbours per document and channel: a real channel posts much more than the translated items
NEIGHBOURS = 4
# A notice takes one to three sentences of its story; a story needs enough for two disjoint notices
_NOTICE_SENTENCES = 3
_NOTICE_HOURS = 8.0


@dataclass(frozen=True, slots=True)
class ImportCase:
    """Two channels to import: per language, (unixtime, label, text) of each post; gold as the other cases."""

    channels: dict[str, list[tuple[float, str, str]]]
    gold: frozenset[PairKey]


# Runs an import of the case's channels: the (Russian, English) post indexes linked as counterparts
# with their scores, the CPU seconds of the search, and the posts imported.
ImportSearch = Callable[[ImportCase], tuple[dict[tuple[int, int], float], float, int]]


def split_paragraphs(document: Document, rng: random.Random) -> list[tuple[str, str]]:
    """Group consecutive sentences into paragraphs of 1–3 sentences, the same on both sides."""
    paragraphs: list[tuple[str, str]] = []
    index = 0
    while index < len(document):
        size = rng.randint(1, 3)
        chunk = document[index : index + size]
        paragraphs.append((" ".join(ru for ru, _ in chunk), " ".join(en for _, en in chunk)))
        index += size
    return paragraphs


def shortened_length(paragraphs: int, rng: random.Random) -> int:
    """How many paragraphs an English version keeps: all, or for 30 % of longer posts up to a third fewer."""
    if paragraphs >= 3 and rng.random() < 0.3:
        return paragraphs - rng.randint(1, paragraphs // 3)
    return paragraphs


def _notices(document: Document, rng: random.Random) -> tuple[str, str] | None:
    """A Russian and an English notice of a story, from different sentences of it (None: too short)."""
    if len(document) < 2 * _NOTICE_SENTENCES:
        return None
    order = list(range(len(document)))
    rng.shuffle(order)
    ru_sentences = sorted(order[: rng.randint(1, _NOTICE_SENTENCES)])
    en_sentences = sorted(order[_NOTICE_SENTENCES : _NOTICE_SENTENCES + rng.randint(1, _NOTICE_SENTENCES)])
    return " ".join(document[i][0] for i in ru_sentences), " ".join(document[i][1] for i in en_sentences)


def import_case(
    documents: Mapping[str, Document],
    rng: random.Random,
    neighbours: int = NEIGHBOURS,
    domains: Mapping[str, str] | None = None,
) -> ImportCase:
    """The two channels of the counterpart case, with `neighbours` busy neighbours per story.

    With `domains` (document id: domain), the same-event case: neighbours of the story's own domain
    and a notice of the story beside it in each channel it was posted in.
    """
    doc_ids = list(documents)
    rng.shuffle(doc_ids)
    both_count = round(len(doc_ids) * 0.6)
    one_side = (len(doc_ids) - both_count) // 2
    both = set(doc_ids[:both_count])
    russian_only = doc_ids[both_count : both_count + one_side]
    english_only = doc_ids[both_count + one_side :]
    # Neighbours are excerpts of documents never posted in the other language, so none of them has a
    # counterpart: a Russian excerpt of a Russian-only document, an English one of an English-only one.
    ru_pool = {doc: [ru for ru, _ in split_paragraphs(documents[doc], rng)] for doc in russian_only}
    en_pool = {doc: [en for _, en in split_paragraphs(documents[doc], rng)] for doc in english_only}
    channels: dict[str, list[tuple[float, str, str]]] = {"ru": [], "en": []}  # (unixtime, label, text)
    date = datetime(2025, 1, 1, tzinfo=UTC).timestamp()
    for doc in documents:
        date += 60 * rng.expovariate(1 / 180)
        paragraphs = split_paragraphs(documents[doc], rng)
        in_russian, in_english = doc in both or doc in ru_pool, doc in both or doc in en_pool
        if in_russian:
            channels["ru"].append((date, doc, "\n\n".join(ru for ru, _ in paragraphs)))
        if in_english:
            kept = shortened_length(len(paragraphs), rng)
            english = "\n\n".join(en for _, en in paragraphs[:kept])
            channels["en"].append((date + 3600 * rng.uniform(0, 48), doc, english))
        for lang, pool in (("ru", ru_pool), ("en", en_pool)):
            sources = list(pool)
            if domains is not None:
                sources = [other for other in sources if domains.get(other) == domains.get(doc)] or sources
            for number in range(neighbours if sources else 0):
                # one to three consecutive paragraphs of one document, as a channel posts part of a story
                source = pool[rng.choice(sources)]
                first = rng.randrange(len(source))
                excerpt = "\n\n".join(source[first : first + rng.randint(1, 3)])
                channels[lang].append((date + 3600 * rng.uniform(-36, 36), f"~{lang}:{doc}.{number}", excerpt))
        notices = _notices(documents[doc], rng) if domains is not None else None
        if notices is not None:
            for lang, notice, posted in (("ru", notices[0], in_russian), ("en", notices[1], in_english)):
                if posted:
                    offset = 3600 * rng.uniform(-_NOTICE_HOURS, _NOTICE_HOURS)
                    channels[lang].append((date + offset, f"!{lang}:{doc}", notice))
    return ImportCase(channels, frozenset((doc, (0,), (0,)) for doc in both))


def import_row_parts(case: ImportCase, search: ImportSearch) -> tuple[set[PairKey], dict[PairKey, float], float, int]:
    """The gold of `case`, what the import linked (as pair keys, with scores), search CPU seconds, posts."""
    predicted, seconds, posts = search(case)
    labels = {lang: [label for _, label, _ in posts] for lang, posts in case.channels.items()}
    ours: dict[PairKey, float] = {}
    for (ru_message, en_message), score in predicted.items():
        ru_label, en_label = labels["ru"][ru_message], labels["en"][en_message]
        key = (ru_label, (0,), (0,)) if ru_label == en_label else (f"{ru_label}|{en_label}", (0,), (1,))
        ours[key] = score
    return set(case.gold), ours, seconds, posts
