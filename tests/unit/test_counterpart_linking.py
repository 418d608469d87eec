"""Counterpart links are one to one: a post has one counterpart, claimed by no other post of its language."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from reader.align.linking import FLOOR_LOG_ODDS, Candidate, assign, confidence, rivals
from reader.importing.service import Library
from reader.store import PostFilter

from .conftest import agenda_posts, channel_export, school_visit_blocks

START = 1752825600
HOUR = 3600


def _links(library: Library) -> dict[str, list[str]]:
    """Each post's counterparts, by message id (the channel numbers its messages)."""
    return {
        str(record.post.message_id): [item.post_id.rsplit("/", 1)[1] for item in record.counterparts]
        for record in library.store.records.iter_records(PostFilter())
    }


def _assert_one_to_one(links: dict[str, list[str]]) -> None:
    claimed: dict[str, list[str]] = defaultdict(list)
    for post, others in links.items():
        assert len(others) <= 1, f"{post} has {len(others)} counterparts"
        for other in others:
            claimed[other].append(post)
            assert links.get(other) == [post], f"{post} -> {other} is not linked back"
    assert all(len(posts) == 1 for posts in claimed.values()), claimed


def _repost(russian: str) -> str:
    # the channel posts the Russian story again, shortened, a day later: both look like the original
    paragraphs = russian.split("\n\n")
    return "\n\n".join(paragraphs[: max(1, len(paragraphs) - 1)])


def test_two_russian_posts_never_share_one_english_counterpart(tmp_path: Path) -> None:
    russian, english = school_visit_blocks()
    messages = [(1, START, russian), (2, START + 20 * HOUR, _repost(russian)), (3, START + 6 * HOUR, english)]
    messages += agenda_posts(30, START, HOUR, first_id=10)
    library = Library(tmp_path / "data")
    try:
        library.import_paths([channel_export(tmp_path, messages)])
        links = _links(library)
    finally:
        library.close()
    _assert_one_to_one(links)
    assert links["3"] == ["1"]  # the full story is its translation, not the shortened repost
    assert links["2"] == []


def test_a_later_import_takes_no_counterpart_that_is_already_linked_twice(tmp_path: Path) -> None:
    russian, english = school_visit_blocks()
    first = tmp_path / "first"
    second = tmp_path / "second"
    first.mkdir()
    second.mkdir()
    library = Library(tmp_path / "data")
    try:
        library.import_paths([channel_export(first, [(1, START, _repost(russian)), (3, START + 6 * HOUR, english)])])
        assert _links(library)["3"] == ["1"]
        # the full story comes in a later import: it is the better counterpart and takes it over
        library.import_paths([channel_export(second, [(2, START + HOUR, russian)])])
        links = _links(library)
    finally:
        library.close()
    _assert_one_to_one(links)
    assert links["3"] == ["2"] and links["1"] == []


def test_the_users_decisions_win_over_later_linking(tmp_path: Path) -> None:
    russian, english = school_visit_blocks()
    first = tmp_path / "first"
    second = tmp_path / "second"
    first.mkdir()
    second.mkdir()
    library = Library(tmp_path / "data")
    try:
        library.import_paths([channel_export(first, [(1, START, _repost(russian)), (3, START + 6 * HOUR, english)])])
        ids = {record.post.message_id: record.post.id for record in library.store.records.iter_records(PostFilter())}
        library.store.pairs.decide_counterpart(ids["1"], ids["3"], "confirmed")
        library.import_paths([channel_export(second, [(2, START + HOUR, russian)])])
        links = _links(library)
    finally:
        library.close()
    _assert_one_to_one(links)
    assert links["3"] == ["1"] and links["2"] == []


def test_assignment_takes_the_best_pairs_first_and_uses_each_post_once() -> None:
    candidates = [
        Candidate("r1", "e1", 6.0),
        Candidate("r2", "e1", 5.0),  # e1 is taken by r1
        Candidate("r2", "e2", 2.0),
        Candidate("r3", "e3", FLOOR_LOG_ODDS - 1),  # too weak to link or to count as a rival
    ]
    links = {(link.ru, link.en) for link in assign(candidates, threshold=0.0)}
    assert links == {("r1", "e1"), ("r2", "e2")}


def test_a_close_rival_lowers_the_confidence() -> None:
    alone = [Candidate("r1", "e1", 3.0)]
    contested = [Candidate("r1", "e1", 3.0), Candidate("r2", "e1", 2.5)]
    assert rivals(alone)[("r1", "e1")] == FLOOR_LOG_ODDS
    assert rivals(contested)[("r1", "e1")] == 2.5
    assert confidence(3.0, 2.5) < confidence(3.0)
    [sure] = assign(alone, threshold=0.0)
    [unsure] = assign(contested, threshold=0.0)
    assert unsure.confidence < sure.confidence


def test_posts_that_share_no_key_need_more_evidence() -> None:
    # offered to each other by length alone: in a busy channel a text of the right length is often there by chance
    assert confidence(1.0, keyless=True) < confidence(1.0)
    [keyed] = assign([Candidate("r1", "e1", 1.0)], threshold=0.0)
    [keyless] = assign([Candidate("r1", "e1", 1.0, keyless=True)], threshold=0.0)
    assert keyless.keyless and keyless.confidence < keyed.confidence
    # just where a pair that shares a key starts to be linked, one that shares none is not
    lowest = next(step / 10 for step in range(-40, 150) if assign([Candidate("r1", "e1", step / 10)]))
    assert not assign([Candidate("r1", "e1", lowest, keyless=True)])
