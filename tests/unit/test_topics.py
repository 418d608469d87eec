"""The bilingual topic glossary and hashtags."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.domain import Passage, Post, Source
from reader.errors import InputError
from reader.text.topics import Glossary, extract_hashtags, normalise_hashtag, split_camel_case


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def _post(*texts: str) -> Post:
    return Post(id="p", source=Source("file:x", "x", "scrape"), passages=tuple(Passage(text) for text in texts))


def test_the_bundled_glossary_has_the_required_topics(glossary: Glossary) -> None:
    assert len(glossary.keys) >= 40
    forms = glossary.forms()
    for key, english, russian in [
        ("ASEAN", "ASEAN", "АСЕАН"),
        ("SCO", "SCO", "ШОС"),
        ("BRICS", "BRICS", "БРИКС"),
        ("EAEU", "EAEU", "ЕАЭС"),
        ("UN", "UN", "ООН"),
        ("G20", "G20", "Группа двадцати"),
        ("NATO", "NATO", "НАТО"),
        ("Ukraine", "Ukraine", "Украина"),
        ("China", "China", "Китай"),
        ("USA", "USA", "США"),
        ("Middle East", "Middle East", "Ближний Восток"),
    ]:
        assert english in forms[key][0] and russian in forms[key][1]
    assert glossary.topic("China").label_ru == "Китай"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Переговоры с Китаем", "China"),
        ("визит в Китай", "China"),
        ("позиция Китая", "China"),
        ("в Китае", "China"),
        ("на Ближнем Востоке", "Middle East"),
        ("на саммите «Группы двадцати»", "G20"),
        ("в рамках ШОС и БРИКС", "SCO"),
        ("Генассамблея ООН", "UN"),
        ("Организации Объединённых Наций", "UN"),
        ("Организации Объединенных Наций", "UN"),
        ("the developments in the Middle East region", "Middle East"),
        ("NATO’s interests", "NATO"),
        ("the Shanghai Cooperation Organisation’s meeting", "SCO"),
        ("US President Donald Trump", "USA"),
        ("the United States", "USA"),
        ("в Киеве", "Ukraine"),
        ("East Asia Summit", "East Asia Summit"),
    ],
)
def test_mentions_in_both_languages_and_inflected_forms(glossary: Glossary, text: str, topic: str) -> None:
    assert topic in glossary.topics_in(text)


@pytest.mark.parametrize("text", ["tell us about it", "a roast turkey", "кит выбросился на берег", "Russiafication"])
def test_no_false_topics_from_look_alike_words(glossary: Glossary, text: str) -> None:
    assert not {"USA", "Türkiye", "China", "Russia"} & set(glossary.topics_in(text))


def test_hashtags_are_normalised_and_split(glossary: Glossary) -> None:
    assert normalise_hashtag("#RussiaChina") == normalise_hashtag("#russiachina") == "russiachina"
    assert split_camel_case("#RussiaASEAN") == ["Russia", "ASEAN"]
    assert glossary.hashtag_topics("#RussiaChina") == glossary.hashtag_topics("#russiachina")
    assert set(glossary.hashtag_topics("#RussiaChina")) == {"#russiachina", "Russia", "China"}
    assert "ASEAN" in glossary.hashtag_topics("#RussiaASEAN")
    assert "ASEAN" in glossary.hashtag_topics("#russiaasean")
    assert glossary.hashtag_topics("#ASEAN") == ("ASEAN",)
    assert glossary.hashtag_topics("#G20") == ("G20",)
    assert glossary.hashtag_topics("#WeRemember") == ("#weremember",)
    assert set(glossary.hashtag_topics("#РоссияКитай")) == {"#россиякитай", "Russia", "China"}


def test_extract_hashtags_once_each_as_written() -> None:
    text = "#RussiaChina talks. Also #russiachina, the #ASEAN-centred order and #SCO’s plans; not a#tag or #2025"
    assert extract_hashtags(text) == ("#RussiaChina", "#ASEAN", "#SCO")


def test_topics_for_a_post_combine_text_and_hashtags(glossary: Glossary) -> None:
    post = _post("Lavrov and Wang Yi held talks in Beijing.", "#RussiaChina")
    topics = glossary.topics_for(post)
    assert {"China", "Sergey Lavrov", "Russia", "#russiachina"} <= set(topics)
    assert len(topics) == len(set(topics))


def test_user_glossary_extends_the_bundled_one(tmp_path: Path) -> None:
    extra = tmp_path / "glossary.toml"
    extra.write_text(
        '[[topic]]\nkey = "Arctic"\nen = ["Arctic"]\nru = ["Арктика"]\n\n'
        '[[topic]]\nkey = "China"\nen = ["Middle Kingdom"]\nru = ["Поднебесная"]\n',
        encoding="utf-8",
    )
    glossary = Glossary.load(extra)
    assert "Arctic" in glossary.topics_in("Сотрудничество в Арктике")
    assert "China" in glossary.topics_in("визит в Поднебесную")
    assert "China" in glossary.topics_in("визит в Китай")
    assert Glossary.load(tmp_path / "absent.toml").keys == Glossary.load().keys


def test_a_broken_user_glossary_names_the_file(tmp_path: Path) -> None:
    extra = tmp_path / "glossary.toml"
    extra.write_text("[[topic]\nkey = ", encoding="utf-8")
    with pytest.raises(InputError, match=r"glossary\.toml"):
        Glossary.load(extra)
    extra.write_text('[[topic]]\nen = ["x"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="no key"):
        Glossary.load(extra)


def test_mentions_also_file_under_broader_topics(glossary: Glossary) -> None:
    topics = glossary.topics_in("the humanitarian catastrophe artificially created in Gaza")
    assert topics == ("Palestine", "Middle East")
    assert "Middle East" in glossary.topics_in("удары по Ирану")
    assert "Middle East" not in glossary.topics_in("talks in Beijing")
