"""The post size limit: text past it is cut at a space, said in the text and counted in bytes."""

from __future__ import annotations

from reader.domain import Link, Passage, Post, Source
from reader.text.limits import cap_post, cut_marker, marked_size, size_text

SOURCE = Source("tg:mfa", "MFA", "telegram")


def _post(*texts: str, links: tuple[Link, ...] = ()) -> Post:
    passages = tuple(Passage(text, links=links if index == len(texts) - 1 else ()) for index, text in enumerate(texts))
    return Post(id="tg:mfa/1", source=SOURCE, passages=passages, message_id="1")


def test_sizes_read_as_a_person_would_say_them() -> None:
    assert [size_text(size) for size in (800, 12 * 1024, 4_718_592, 196_083_200, 3 * 1024**3)] == [
        "800 bytes",
        "12 KB",
        "4.5 MB",
        "187 MB",
        "3.0 GB",
    ]
    assert cut_marker(196_083_200) == "[… text cut: 187 MB over the limit]"


def test_a_post_within_the_limit_is_left_alone() -> None:
    post = _post("Заявление МИД России.", "Second paragraph.")
    assert cap_post(post, limit=100) == (post, 0)


def test_a_long_post_is_cut_at_a_space_with_one_marker_and_its_links_past_the_cut_dropped() -> None:
    tail = "слово " * 50
    links = (Link("https://a.example", 0, 6), Link("https://b.example", 200, 205))
    post = _post("First paragraph.", "Second " + tail, links=links)
    capped, cut = cap_post(post, limit=60)
    first, second = capped.passages
    assert first.text == "First paragraph."
    assert second.text.startswith("Second слово") and second.text.endswith("over the limit]")
    body = second.text.removesuffix(" " + cut_marker(cut))
    assert len(first.text) + len(body) <= 60 and not body.endswith(" ")
    assert body.split()[-1] == "слово"  # not a word cut in two
    assert second.links == (Link("https://a.example", 0, 6),)
    assert cut == len(("Second " + tail).encode()) - len(body.encode())


def test_passages_past_the_limit_are_dropped_and_counted() -> None:
    post = _post("a" * 50, "b" * 50, "c" * 50)
    capped, cut = cap_post(post, limit=70)
    assert [passage.text[:1] for passage in capped.passages] == ["a", "b"]
    assert cut == 30 + 50


def test_cuts_made_while_reading_are_added_to_the_cut_made_here() -> None:
    earlier = f"{'x' * 40} {cut_marker(5 * 1024 * 1024)}"
    assert marked_size(earlier) == 5 * 1024 * 1024
    post = _post(earlier)
    assert cap_post(post, limit=1000) == (post, 5 * 1024 * 1024)  # within the limit: kept, but counted
    capped, cut = cap_post(_post(earlier, "y" * 100), limit=60)
    assert cut == 5 * 1024 * 1024 + 100 - (60 - 40)
    assert capped.passages[-1].text.count("text cut") == 1 and marked_size(capped.passages[-1].text) > 0
    assert sum("text cut" in passage.text for passage in capped.passages) == 1


def test_a_marker_in_a_passage_dropped_whole_is_still_counted() -> None:
    post = _post("a" * 50, f"{'b' * 10} {cut_marker(3 * 1024 * 1024)}")
    capped, cut = cap_post(post, limit=50)
    assert cut == 3 * 1024 * 1024 + 10
    assert capped.passages[-1].text.endswith("[… text cut: 3.0 MB over the limit]")
