"""An import finds, for a Russian post, the English post that says the same (and not unrelated ones)."""

from __future__ import annotations

from pathlib import Path

from reader.align.linking import LINK_THRESHOLD, confidence, link_log_odds
from reader.importing.service import ImportProgress, Library
from reader.store import PostFilter

from .conftest import channel_export, school_visit_blocks


def test_russian_post_and_its_english_version_become_counterparts(tmp_path: Path) -> None:
    russian, english = school_visit_blocks()
    unrelated = "The Ministers discussed the agenda of the SCO summit in Tianjin on 31 August."
    export = channel_export(tmp_path, [(1, 1752825600, russian), (2, 1752840000, unrelated), (3, 1752861600, english)])
    library = Library(tmp_path / "data")
    library.import_paths([export])
    records = {record.post.message_id: record for record in library.store.records.iter_records(PostFilter())}
    assert [item.post_id for item in records["1"].counterparts] == [records["3"].post.id]
    assert [item.post_id for item in records["3"].counterparts] == [records["1"].post.id]
    assert records["2"].counterparts == ()
    # A search for an English word also finds the Russian original, through the pair.
    found = library.store.timeline.post_ids(PostFilter(search="Griboyedov"))
    assert set(found) == {records["1"].post.id, records["3"].post.id}
    library.close()


def test_posts_too_far_apart_are_not_counterparts(tmp_path: Path) -> None:
    russian, english = school_visit_blocks()
    month = 30 * 86400
    export = channel_export(tmp_path, [(1, 1752825600, russian), (2, 1752825600 + month, english)])
    library = Library(tmp_path / "data")
    library.import_paths([export])
    assert all(not record.counterparts for record in library.store.records.iter_records(PostFilter()))
    library.close()


def test_import_progress_reports_the_linking_of_translations(tmp_path: Path) -> None:
    russian, english = school_visit_blocks()
    unrelated = "The Ministers discussed the agenda of the SCO summit in Tianjin on 31 August."
    export = channel_export(tmp_path, [(1, 1752825600, russian), (2, 1752840000, unrelated), (3, 1752861600, english)])
    seen: list[ImportProgress] = []
    library = Library(tmp_path / "data")
    try:
        summary = library.import_paths([export], progress=seen.append)
    finally:
        library.close()
    assert summary.new == 3
    # first the posts are read, then the three monolingual posts are searched for their translations
    reading = [step for step in seen if not step.linking_total]
    linking = [step for step in seen if step.linking_total]
    assert reading and reading[-1].posts_done == 3
    assert linking and seen.index(linking[0]) > seen.index(reading[-1])
    assert [step.linking_done for step in linking] == sorted(step.linking_done for step in linking)
    assert (linking[0].linking_done, linking[-1].linking_done, linking[-1].linking_total) == (0, 3, 3)


def test_a_shared_read_more_footer_does_not_make_unrelated_posts_counterparts(tmp_path: Path) -> None:
    # Ministry posts end with a tag line and a "read more" link; aligned with each other, those made
    # two unrelated posts of similar length look like a translation.
    russian = (
        "А я очень хорошо знаю такие квартиры и прекрасно вижу, как ее перепланировали. "
        "Пусть будет всё хорошо у них.\n\n#CCW #RussiaEgypt\n\n👉 Подробнее"
    )
    english = (
        "We emphasize that any plans for the forcible displacement of Gazans are inadmissible, "
        "no matter what plausible pretexts these plans may be furnished with.\n\n#RussiaMalawi\n\n👉 Read more"
    )
    school_ru, school_en = school_visit_blocks()
    export = channel_export(
        tmp_path,
        [
            (1, 1752825600, russian),
            (2, 1752825600 + 20 * 3600, english),
            (3, 1752825600 + 30 * 3600, school_ru + "\n\n#RussiaEgypt\n\n👉 Подробнее"),
            (4, 1752825600 + 34 * 3600, school_en + "\n\n#RussiaEgypt\n\n👉 Read more"),
        ],
    )
    library = Library(tmp_path / "data")
    try:
        library.import_paths([export])
        records = {record.post.message_id: record for record in library.store.records.iter_records(PostFilter())}
    finally:
        library.close()
    assert records["1"].counterparts == () and records["2"].counterparts == ()
    # in a quiet channel the key gate already keeps them apart; in a busy one the score has to
    assert confidence(link_log_odds(records["1"].post, records["2"].post)) < LINK_THRESHOLD
    # the footers do not stop a real translation from being found
    assert [item.post_id for item in records["3"].counterparts] == [records["4"].post.id]
