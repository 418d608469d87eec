"""Cyrillic names and their English spellings meet after transliteration."""

from __future__ import annotations

import pytest

from reader.align.translit import name_key, names_match, skeleton, transliterate


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Лавров", "Lavrov"),
        ("Кудашев", "Kudashev"),
        ("Грибоедов", "Griboyedov"),
        ("Щукин", "Shchukin"),
        ("Ельцин", "Yeltsin"),
        ("Жуков", "Zhukov"),
        ("Хабаровск", "Khabarovsk"),
        ("ЩУКИН", "SHCHUKIN"),
    ],
)
def test_transliterate_follows_bgn_pcgn(cyrillic: str, latin: str) -> None:
    assert transliterate(cyrillic) == latin


def test_transliterate_keeps_other_characters() -> None:
    assert transliterate("Посол Н.Р. Кудашев, 2025") == "Posol N.R. Kudashev, 2025"


@pytest.mark.parametrize(
    ("russian", "english"),
    [
        ("Лавров", "Lavrov"),
        ("Кудашевым", "Kudashev"),  # instrumental case
        ("Грибоедова", "Griboyedov"),  # genitive case
        ("Грибоедова", "Griboedov"),  # another spelling
        ("Юрий", "Yury"),
        ("Юрий", "Yuri"),
        ("Александр", "Alexander"),
        ("Дмитрий", "Dmitry"),
        ("Маяковского", "Mayakovsky"),
        ("Чайковского", "Tchaikovsky"),
        ("Лаврова", "Lavrov's"),
    ],
)
def test_names_match_across_spellings_and_cases(russian: str, english: str) -> None:
    assert names_match(russian, english)


@pytest.mark.parametrize(("russian", "english"), [("Лавров", "Labour"), ("Кудашев", "Kennedy"), ("Путин", "Pushkin")])
def test_different_names_do_not_match(russian: str, english: str) -> None:
    assert not names_match(russian, english)


def test_name_keys_index_inflected_forms_together() -> None:
    assert name_key("Кудашевым") == name_key("Kudashev")
    assert name_key("Лавровым") == name_key("Lavrov")
    assert skeleton("Лавров") == skeleton("Lavrov")
