"""The import's counterpart search: the same pairs however the new posts are handed over."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.importing import counterpart_search
from reader.importing.service import Library
from reader.store import PostFilter

from .conftest import agenda_posts, channel_export, school_visit_blocks

DAY = 86400


def _busy_channel(folder: Path) -> Path:
    """The school visit in Russian and in English a few hours later, among a hundred unrelated posts."""
    russian, english = school_visit_blocks()
    start = 1752825600
    messages = [(1, start, russian), (2, start + 6 * 3600, english)]
    messages.extend(agenda_posts(100, start, DAY // 20, first_id=10))
    return channel_export(folder, messages)


def _counterparts(library: Library) -> dict[str, list[str]]:
    return {
        str(record.post.message_id): [item.post_id.rsplit("/", 1)[1] for item in record.counterparts]
        for record in library.store.records.iter_records(PostFilter())
        if record.counterparts
    }


def test_the_translation_is_found_in_a_busy_window(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    library.import_paths([_busy_channel(tmp_path)])
    found = _counterparts(library)
    library.close()
    assert found["1"] == ["2"] and found["2"] == ["1"]


def test_batches_of_any_size_find_the_same_counterparts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    export = _busy_channel(tmp_path)
    results = []
    for batch, span in ((2000, 30 * DAY), (3, DAY // 4)):
        monkeypatch.setattr(counterpart_search, "COUNTERPART_BATCH", batch)
        monkeypatch.setattr(counterpart_search, "COUNTERPART_BATCH_SPAN", span)
        library = Library(tmp_path / f"data-{batch}")
        try:
            library.import_paths([export])
            results.append(_counterparts(library))
        finally:
            library.close()
    assert results[0] == results[1]
    assert results[0]["1"] == ["2"]


def test_the_import_row_of_the_evaluation() -> None:
    from reader.align.evaluate import Document, import_case, import_row
    from reader.importing.evaluate_import import search_by_import

    names = ["Вэнем", "Джайшанкаром", "Фиданом", "Аракчи", "Рубио"]
    documents: dict[str, Document] = {
        f"doc{number}": [
            (
                f"Министр Лавров встретился с {name} в Москве {number + 10} мая.",
                f"Lavrov met {name} on {number + 10} May.",
            ),
            ("Стороны обсудили двустороннее сотрудничество.", "The sides discussed bilateral cooperation."),
        ]
        for number, name in enumerate(names)
    }
    case = import_case(documents, random.Random(1))
    row = import_row(case, search_by_import)
    assert row.case == "across posts: import"  # the default name
    assert row.cases == sum(len(posts) for posts in case.channels.values())
    assert 0.0 <= row.precision <= 1.0 and 0.0 <= row.recall <= 1.0


# An informal text without names, numbers or international words: its translation shares no key with it.
_WALK_RU = (
    "Вчера весь вечер гуляли с детьми у реки. Погода была чудесная, никто не хотел уходить домой.\n\n"
    "В следующий раз возьмём с собой бутерброды и тёплый плед."
)
_WALK_EN = (
    "Yesterday we spent the whole evening walking by the river with the kids. The weather was wonderful "
    "and nobody wanted to go home.\n\nNext time we will bring sandwiches and a warm blanket."
)
_OTHER_EN = (
    "The old bridge over the canal is closed for repairs until the spring. Drivers should take the ring "
    "road instead.\n\nBuses keep their stops but leave five minutes earlier."
)


def _keyless_channel(folder: Path, english: str) -> Path:
    start = 1752825600
    messages = [(1, start, _WALK_RU), (2, start + 5 * 3600, english)]
    messages.extend(agenda_posts(12, start - DAY, DAY // 4, first_id=10))
    return channel_export(folder, messages)


def test_a_translation_that_shares_no_key_is_found_by_its_length(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    try:
        library.import_paths([_keyless_channel(tmp_path, _WALK_EN)])
        found = _counterparts(library)
    finally:
        library.close()
    assert found["1"] == ["2"] and found["2"] == ["1"]


def test_a_text_of_the_right_length_alone_is_no_translation(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    try:
        library.import_paths([_keyless_channel(tmp_path, _OTHER_EN)])
        found = _counterparts(library)
    finally:
        library.close()
    assert "1" not in found and "2" not in found


# The same walk with a word on each side that looks like a word of a neighbour in the other language
# («комфортно» ~ "comfortable", "minute" ~ «минут»): each post shares one key by chance with a neighbour
# and none with its translation.
_CHANCE_RU = (
    "Вчера весь вечер гуляли с детьми у реки, было очень комфортно. Погода была чудесная, никто не хотел "
    "уходить домой.\n\nВ следующий раз возьмём с собой бутерброды и тёплый плед."
)
_CHANCE_EN = (
    "Yesterday we spent the whole evening walking by the river with the kids, it was so cosy. The weather was "
    "wonderful and nobody wanted to leave until the last minute.\n\nNext time we will bring sandwiches and a "
    "warm blanket."
)


def test_a_translation_is_found_by_its_length_when_the_only_shared_keys_are_chance(tmp_path: Path) -> None:
    start = 1752825600
    messages = [
        (1, start, _CHANCE_RU),
        (2, start + 5 * 3600, _CHANCE_EN),
        (3, start + 2 * 3600, "The new seats are comfortable and the trains now run more often on weekdays."),
        (4, start + 3 * 3600, "Поезда в центр теперь ходят каждые десять минут, а вагоны стали чище."),
    ]
    messages.extend(agenda_posts(12, start - DAY, DAY // 4, first_id=10))
    library = Library(tmp_path / "data")
    try:
        library.import_paths([channel_export(tmp_path, messages)])
        found = _counterparts(library)
    finally:
        library.close()
    assert found["1"] == ["2"] and found["2"] == ["1"]
    assert "3" not in found and "4" not in found
