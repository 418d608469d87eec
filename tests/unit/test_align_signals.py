"""Evidence that survives translation: glossary terms, markers, names, and the similarity built on them."""

from __future__ import annotations

from reader.align.signals import similarity, text_signals

RU = "Министр иностранных дел России С.В.Лавров провёл переговоры с главой МИД Китая в Пекине 14 июля."
EN = "Russian Foreign Minister Sergey Lavrov held talks with the Chinese Foreign Minister in Beijing on July 14."
OTHER_EN = "The exhibition of 120 photographs will run until September 30 at the museum."


def test_glossary_terms_match_across_languages_and_inflections() -> None:
    ru_terms = text_signals(RU, "ru").terms
    en_terms = text_signals(EN, "en").terms

    assert {"foreign_minister", "talks", "china", "russia"} <= ru_terms & en_terms
    assert "china" in text_signals("переговоры с Китаем", "ru").terms
    assert "china" in text_signals("визит в Китай", "ru").terms


def test_acronyms_match_only_in_capitals() -> None:
    assert "usa" in text_signals("Talks with the US delegation", "en").terms
    assert "usa" not in text_signals("Join us tomorrow", "en").terms


def test_names_and_numbers_are_shared_by_a_translation() -> None:
    ru, en = text_signals(RU, "ru"), text_signals(EN, "en")

    assert "lavro" in ru.cognates & en.cognates
    assert {"d:07-14", "m:07"} <= ru.numbers & en.numbers


def test_markers_are_hashtags_links_and_emoji() -> None:
    signals = text_signals("⚡️ Заявление МИД #РоссияКитай https://mid.ru/ru/press/1", "ru")

    assert {"#россиякитай", "u:mid.ru/ru/press/1", "⚡"} <= signals.markers


def test_translation_is_more_similar_than_an_unrelated_text() -> None:
    ru = text_signals(RU, "ru")

    assert similarity(ru, text_signals(EN, "en")) > 0 > similarity(ru, text_signals(OTHER_EN, "en"))
