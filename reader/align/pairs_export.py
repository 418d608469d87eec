"""Paired passages as files for translators' tools: TMX 1.4 and TSV.

Pure functions turn paired posts into text; `write_tmx` and `write_tsv` write it atomically
(temporary file in the target folder, then `os.replace`), so a crash never leaves half a file.

An item is `(post, pairs)` for pairs inside one bilingual post, or `(ru_post, pairs, en_post)` for
pairs across a Russian post and its English counterpart (the pairs' `en` indexes then point into
`en_post.passages`).
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader import __version__
from reader.domain import Pair, Post

PairItem = tuple[Post, Sequence[Pair]] | tuple[Post, Sequence[Pair], Post]

TOOL_NAME = "Bulletin Reader"
TOOL_VERSION = __version__
TSV_COLUMNS = ("source", "post_id", "en_post_id", "date", "score", "confirmed", "ru", "en")

# Characters XML 1.0 forbids even when escaped (C0 controls other than tab, newline, return).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True, slots=True)
class PairedText:
    """One exported pair: the texts of its two sides and where they come from."""

    source: str
    post_id: str
    en_post_id: str
    date: datetime | None
    score: float
    confirmed: bool
    ru: str
    en: str


def _side_text(post: Post, indexes: Sequence[int]) -> str:
    return "\n".join(post.passages[index].text for index in indexes if 0 <= index < len(post.passages))


def paired_texts(items: Iterable[PairItem], *, confirmed_only: bool = False) -> Iterator[PairedText]:
    """Flatten paired posts into texts, in the order given; pairs with an empty side are skipped.

    Args:
        items: `(post, pairs)` or `(ru_post, pairs, en_post)` items.
        confirmed_only: keep only pairs the user confirmed.
    """
    for item in items:
        ru_post, pairs = item[0], item[1]
        en_post = item[2] if len(item) == 3 else ru_post
        for pair in pairs:
            if confirmed_only and not pair.confirmed:
                continue
            ru_text = _side_text(ru_post, pair.ru)
            en_text = _side_text(en_post, pair.en)
            if not ru_text.strip() or not en_text.strip():
                continue
            yield PairedText(
                source=ru_post.source.key,
                post_id=ru_post.id,
                en_post_id=en_post.id,
                date=ru_post.date,
                score=pair.score,
                confirmed=pair.confirmed,
                ru=ru_text,
                en=en_text,
            )


def _tmx_date(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def pairs_to_tmx(items: Iterable[PairItem], *, confirmed_only: bool = False, created: datetime | None = None) -> str:
    """Paired passages as a TMX 1.4 document (Russian source, English target).

    Each pair becomes a `<tu>` with the source key, post id(s), score and confirmation as `<prop>`s
    and one `<tuv xml:lang=...>` per language; `creationdate` is `created` (default: now, UTC) in
    the header and the post's date on each unit when known.
    """
    created_text = _tmx_date(created or datetime.now(UTC))
    root = ElementTree.Element("tmx", {"version": "1.4"})
    ElementTree.SubElement(
        root,
        "header",
        {
            "creationtool": TOOL_NAME,
            "creationtoolversion": TOOL_VERSION,
            "segtype": "paragraph",
            "o-tmf": "bulletin-reader",
            "adminlang": "en",
            "srclang": "ru",
            "datatype": "plaintext",
            "creationdate": created_text,
        },
    )
    body = ElementTree.SubElement(root, "body")
    for number, paired in enumerate(paired_texts(items, confirmed_only=confirmed_only), start=1):
        unit = ElementTree.SubElement(
            body,
            "tu",
            {"tuid": str(number), "creationdate": _tmx_date(paired.date) if paired.date else created_text},
        )
        properties = [
            ("x-source", paired.source),
            ("x-post-id", paired.post_id),
            ("x-score", f"{paired.score:.4f}"),
            ("x-confirmed", "yes" if paired.confirmed else "no"),
        ]
        if paired.en_post_id != paired.post_id:
            properties.insert(2, ("x-en-post-id", paired.en_post_id))
        for kind, value in properties:
            prop = ElementTree.SubElement(unit, "prop", {"type": kind})
            prop.text = _clean(value)
        for lang, text in (("ru", paired.ru), ("en", paired.en)):
            variant = ElementTree.SubElement(unit, "tuv", {_XML_LANG: lang})
            segment = ElementTree.SubElement(variant, "seg")
            segment.text = _clean(text)
    ElementTree.indent(root)
    document = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + document + "\n"


def _tsv_field(text: str) -> str:
    # one record per line: tabs and line breaks inside a passage become spaces
    return " ".join(text.split())


def pairs_to_tsv(items: Iterable[PairItem], *, confirmed_only: bool = False) -> str:
    """Paired passages as tab-separated values with a header row (see `TSV_COLUMNS`)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
    writer.writerow(TSV_COLUMNS)
    for paired in paired_texts(items, confirmed_only=confirmed_only):
        writer.writerow(
            (
                paired.source,
                paired.post_id,
                paired.en_post_id,
                paired.date.astimezone(UTC).isoformat() if paired.date else "",
                f"{paired.score:.4f}",
                "yes" if paired.confirmed else "no",
                _tsv_field(paired.ru),
                _tsv_field(paired.en),
            )
        )
    return out.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """Write UTF-8 text to `path` through a temporary file in the same folder and `os.replace`."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or Path("."))
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_tmx(path: Path, items: Iterable[PairItem], *, confirmed_only: bool = False) -> int:
    """Write a TMX 1.4 file atomically; returns the number of translation units written."""
    materialised = list(items)
    text = pairs_to_tmx(materialised, confirmed_only=confirmed_only)
    write_atomically(path, text)
    return sum(1 for _ in paired_texts(materialised, confirmed_only=confirmed_only))


def write_tsv(path: Path, items: Iterable[PairItem], *, confirmed_only: bool = False) -> int:
    """Write a TSV file atomically; returns the number of pairs written."""
    materialised = list(items)
    write_atomically(path, pairs_to_tsv(materialised, confirmed_only=confirmed_only))
    return sum(1 for _ in paired_texts(materialised, confirmed_only=confirmed_only))
