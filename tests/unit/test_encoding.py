"""Text files in the encodings Russian and English bulletins come in."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.text.encoding import decode_bytes, read_text, sniff_text

RUSSIAN = "Съешь же ещё этих мягких французских булок, да выпей чаю.\nСергей Лавров провёл переговоры."
ENGLISH = "Foreign Minister Sergey Lavrov held talks."


@pytest.mark.parametrize(
    "data",
    [
        RUSSIAN.encode("utf-8"),
        codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"),
        RUSSIAN.encode("utf-16"),  # with BOM
        RUSSIAN.encode("utf-16-be").join([codecs.BOM_UTF16_BE, b""]),
        RUSSIAN.encode("cp1251"),
        RUSSIAN.encode("koi8_r"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "windows-1251", "koi8-r"],
)
def test_russian_text_is_read_in_every_supported_encoding(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bulletin.txt"
    path.write_bytes(data)
    assert read_text(path) == RUSSIAN


def test_short_legacy_texts_choose_the_right_code_page() -> None:
    for word in ("Привет", "Москва", "съезд партии"):
        assert decode_bytes(word.encode("koi8_r"), "x") == word
        assert decode_bytes(word.encode("cp1251"), "x") == word


def test_crlf_and_decomposed_letters_are_normalised() -> None:
    decomposed = "Йошкар-Ола и café\r\nвторая строка\r"
    assert decode_bytes(decomposed.encode("utf-8"), "x") == "Йошкар-Ола и café\nвторая строка\n"
    assert decode_bytes("е\u0308".encode(), "x") == "ё"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("café crème brûlée".encode("latin-1"), "supported encoding"),
        (bytes(range(256)), "binary"),
        (RUSSIAN.encode("utf-32"), "UTF-32"),
        (ENGLISH.encode("utf-8") + "ж".encode()[:1], "truncated"),
    ],
    ids=["png", "latin-1", "all-bytes", "utf-32", "truncated-utf-8"],
)
def test_anything_else_fails_with_a_message_naming_the_file(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_text(path)
    assert str(path) in str(caught.value)
    assert reason in str(caught.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        read_text(tmp_path / "absent.txt")


def test_sniffing_tolerates_a_head_cut_inside_a_character() -> None:
    head = (RUSSIAN * 200).encode("utf-8")[:5001]
    text = sniff_text(head)
    assert text is not None and text.startswith("Съешь")
    assert sniff_text(b"\x00\x01\x02binary") is None
    assert sniff_text(ENGLISH.encode("utf-16")) == ENGLISH
