"""What an export writes: posts grouped with their counterparts, and side-by-side rows.

Every writer takes the same list of entries, so "both languages together" is decided once here:
a post with a counterpart (the same statement in the other language) travels with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import zip_longest

from reader.domain import Post, PostRecord
from reader.store import PostFilter, Store

RUSSIAN = "ru"
ENGLISH = "en"


@dataclass(frozen=True, slots=True)
class ExportEntry:
    """One exported item: a post and the posts that say the same in the other language."""

    record: PostRecord
    counterparts: tuple[PostRecord, ...] = ()

    @property
    def records(self) -> tuple[PostRecord, ...]:
        """The post first, then its counterparts."""
        return (self.record, *self.counterparts)


@dataclass(frozen=True, slots=True)
class SideBySideRow:
    """One line of a two-column rendering: Russian on the left, English on the right."""

    ru: str
    en: str


def collect_entries(store: Store, post_filter: PostFilter) -> list[ExportEntry]:
    """The posts of a filter, newest first, each with its counterparts; no post appears twice."""
    return list(group_with_counterparts(store, store.records.iter_records(post_filter)))


def group_with_counterparts(store: Store, records: Iterable[PostRecord]) -> Iterator[ExportEntry]:
    """Attach to each record its counterpart records, skipping posts already exported with another."""
    seen: set[str] = set()
    for record in records:
        if record.post.id in seen:
            continue
        seen.add(record.post.id)
        partners: list[PostRecord] = []
        for counterpart in record.counterparts:
            if counterpart.post_id in seen:
                continue
            partner = store.records.get_record(counterpart.post_id)
            if partner is None:  # a counterpart decision about a post not (yet) imported here
                continue
            seen.add(partner.post.id)
            partners.append(partner)
        yield ExportEntry(record, tuple(partners))


def all_records(entries: Sequence[ExportEntry]) -> list[PostRecord]:
    """Every record of the entries in export order (post, then its counterparts)."""
    return [record for entry in entries for record in entry.records]


def display_title(post: Post, limit: int = 200) -> str:
    """The post's title, or its first line when it has none."""
    title = post.title.strip() or next((p.text.strip() for p in post.passages if p.text.strip()), "")
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def primary_language(post: Post) -> str | None:
    languages = post.languages
    return languages[0] if languages else None


def side_by_side(entry: ExportEntry) -> list[SideBySideRow] | None:
    """Russian and English rows for the entry, or None when it has only one language.

    A post with a counterpart is laid out against it passage by passage; a bilingual post with
    aligned pairs is laid out pair by pair, with unpaired passages on their own rows.
    """
    if entry.counterparts:
        by_language = {primary_language(record.post): record.post for record in entry.records}
        russian, english = by_language.get(RUSSIAN), by_language.get(ENGLISH)
        if russian is not None and english is not None:
            return [
                SideBySideRow(ru or "", en or "")
                for ru, en in zip_longest(
                    (p.labelled_text for p in russian.passages if p.text.strip()),
                    (p.labelled_text for p in english.passages if p.text.strip()),
                )
            ]
    post = entry.record.post
    if post.pairs:
        return _pair_rows(post)
    return None


def _pair_rows(post: Post) -> list[SideBySideRow]:
    pair_of: dict[int, int] = {}
    for pair_number, pair in enumerate(post.pairs):
        for index in (*pair.ru, *pair.en):
            pair_of[index] = pair_number
    rows: list[SideBySideRow] = []
    emitted: set[int] = set()
    for index, passage in enumerate(post.passages):
        number = pair_of.get(index)
        if number is None:
            if passage.lang == ENGLISH:
                rows.append(SideBySideRow("", passage.text))
            else:
                rows.append(SideBySideRow(passage.text, ""))
            continue
        if number in emitted:
            continue
        emitted.add(number)
        pair = post.pairs[number]
        rows.append(
            SideBySideRow(
                "\n".join(post.passages[i].text for i in pair.ru if i < len(post.passages)),
                "\n".join(post.passages[i].text for i in pair.en if i < len(post.passages)),
            )
        )
    return rows


# Only these schemes become links in an export: a `javascript:` or `data:` URL from an imported file
# would run in the browser that opens the bookmark file or the rendered Markdown.
LINK_SCHEMES = frozenset({"http", "https", "tg"})


def safe_url(url: str | None) -> str | None:
    """`url` when it is an http(s) or tg link, else None (it is left out of HTML and Markdown)."""
    if not url:
        return None
    # Browsers ignore leading blanks and control characters and any tab or newline inside a scheme.
    cleaned = "".join(char for char in url.strip() if ord(char) > 0x20 and char != "\x7f")
    scheme, colon, _rest = cleaned.partition(":")
    if colon and scheme.lower() in LINK_SCHEMES:
        return url.strip()
    return None
