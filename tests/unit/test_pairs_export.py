"""TMX 1.4 and TSV files of paired passages, for translators' tools."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.align.pairs_export import TSV_COLUMNS, pairs_to_tmx, pairs_to_tsv, write_tmx, write_tsv
from reader.domain import Pair, Passage, Post, Source

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCE = Source("file:000_a6b2ee9f8e8f0532.txt", "Embassy channel", "scrape")
EN_SOURCE = Source("tg:mfa_russia", "MFA Russia", "telegram")
DATE = datetime(2025, 7, 18, 9, 30, tzinfo=UTC)

BILINGUAL = Post(
    id="file:000_a6b2ee9f8e8f0532.txt/h1",
    source=SOURCE,
    date=DATE,
    passages=(
        Passage("О визите российских школьников в Посольство России в Сингапуре", lang="ru"),
        Passage("Школьники & учителя <вместе> встретились с Послом.\tВторая\nстрока", lang="ru"),
        Passage("Visit of Russian School Students to the Embassy of Russia in Singapore", lang="en"),
        Passage("Students & teachers <together> met the Ambassador.", lang="en"),
    ),
)
BILINGUAL_PAIRS = (Pair(ru=(0,), en=(2,), score=0.97, confirmed=True), Pair(ru=(1,), en=(3,), score=0.42))

RU_POST = Post("tg:mid_rf/5", Source("tg:mid_rf", "МИД России", "telegram"), (Passage("Заявление МИД", lang="ru"),))
EN_POST = Post("tg:mfa_russia/9", EN_SOURCE, (Passage("🇷🇺", lang=None), Passage("MFA statement", lang="en")))


def items() -> list:  # type: ignore[type-arg]
    return [(BILINGUAL, BILINGUAL_PAIRS), (RU_POST, (Pair(ru=(0,), en=(1,), score=0.8),), EN_POST)]


def test_tmx_is_valid_xml_with_the_tmx_header() -> None:
    created = datetime(2025, 8, 1, 12, 0, tzinfo=UTC)

    root = ElementTree.fromstring(pairs_to_tmx(items(), created=created))

    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None
    assert header.get("srclang") == "ru"
    assert header.get("creationdate") == "20250801T120000Z"
    for required in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "datatype"):
        assert header.get(required), required


def test_tmx_units_carry_languages_texts_and_properties() -> None:
    root = ElementTree.fromstring(pairs_to_tmx(items()))
    units = root.findall("body/tu")

    assert len(units) == 3
    first = units[0]
    assert first.get("creationdate") == "20250718T093000Z"
    properties = {prop.get("type"): prop.text for prop in first.findall("prop")}
    assert properties["x-source"] == SOURCE.key
    assert properties["x-post-id"] == BILINGUAL.id
    assert properties["x-confirmed"] == "yes"
    variants = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in first.findall("tuv")}
    assert variants == {
        "ru": "О визите российских школьников в Посольство России в Сингапуре",
        "en": "Visit of Russian School Students to the Embassy of Russia in Singapore",
    }
    # markup characters survive as text
    second = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in units[1].findall("tuv")}
    assert second["en"] == "Students & teachers <together> met the Ambassador."
    # a cross-post pair names both posts and takes the English text from the English post
    third = units[2]
    third_properties = {prop.get("type"): prop.text for prop in third.findall("prop")}
    assert third_properties["x-post-id"] == RU_POST.id
    assert third_properties["x-en-post-id"] == EN_POST.id
    assert [tuv.findtext("seg") for tuv in third.findall("tuv")] == ["Заявление МИД", "MFA statement"]


def test_confirmed_only_keeps_the_users_confirmed_pairs() -> None:
    root = ElementTree.fromstring(pairs_to_tmx(items(), confirmed_only=True))

    assert len(root.findall("body/tu")) == 1


def test_control_characters_are_dropped_so_the_xml_stays_valid() -> None:
    post = Post("s/1", SOURCE, (Passage("Текст\x07 с\x00 мусором", lang="ru"), Passage("Text\x1b here", lang="en")))

    root = ElementTree.fromstring(pairs_to_tmx([(post, (Pair((0,), (1,), 0.9),))]))

    assert [tuv.findtext("seg") for tuv in root.iter("tuv")] == ["Текст с мусором", "Text here"]


def test_tsv_has_a_header_and_one_line_per_pair() -> None:
    text = pairs_to_tsv(items())
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))

    assert tuple(rows[0]) == TSV_COLUMNS
    assert len(rows) == 4
    record = dict(zip(TSV_COLUMNS, rows[2], strict=True))
    assert record["post_id"] == BILINGUAL.id
    assert record["date"] == "2025-07-18T09:30:00+00:00"
    assert record["score"] == "0.4200"
    assert record["confirmed"] == "no"
    # the tab and line break inside the Russian passage do not break the record
    assert record["ru"] == "Школьники & учителя <вместе> встретились с Послом. Вторая строка"
    assert record["en"] == "Students & teachers <together> met the Ambassador."


def test_write_functions_replace_the_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "pairs.tmx"
    target.write_text("old content", encoding="utf-8")

    written = write_tmx(target, items())

    assert written == 3
    assert ElementTree.parse(target).getroot().tag == "tmx"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pairs.tmx"]  # no temporary file left
    assert write_tsv(tmp_path / "pairs.tsv", items(), confirmed_only=True) == 1
    assert (tmp_path / "pairs.tsv").read_text(encoding="utf-8").count("\n") == 2


def test_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "pairs.tsv"
    target.write_text("old content", encoding="utf-8")

    def broken_items():  # type: ignore[no-untyped-def]
        yield items()[0]
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError):
        write_tsv(target, broken_items())

    assert target.read_text(encoding="utf-8") == "old content"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pairs.tsv"]
