"""How much text one post may hold, and the marker that says where longer text was cut.

A long ministry statement is about 100 KB; a post of a million characters is ten of them. Longer
text is a broken or hostile file (one 200 MB message, a dump without line breaks), and keeping it
whole would take gigabytes in every later step: language detection, pairing, the search index.
So it is cut, and the cut is said twice: in the text, where the reader sees it, and as an import
warning. Importers that read in a stream cut earlier, while reading, with the same marker, so that
nothing that long is ever built whole; `cap_post` then keeps each post within `MAX_POST_CHARS` and
adds up every cut a post has had into one marker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from reader.domain import Passage, Post

MAX_POST_CHARS = 1_000_000
# Importers that stream cut one string (a JSON string, a line, an HTML message) at this many bytes
# while reading; `cap_post` then cuts the post to MAX_POST_CHARS characters.
MAX_STREAMED_BYTES = 4 * MAX_POST_CHARS
MAX_HASHTAGS = 200  # a post tagged more than this is a dump of tags, and the topic facets would list them all

_UNITS = (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024))
_MARKER = re.compile(r" ?\[… text cut: (\d+(?:\.\d)?) (bytes|KB|MB|GB) over the limit\]")
_MARKER_HINT = "text cut: "
_BACKTRACK = 200  # how far back a cut looks for a space, so it does not split a word


def size_parts(size: int) -> tuple[str, str]:
    """("187", "MB"), ("4.5", "MB"), ("800", "bytes"): the size of what was cut, rounded as a reader would say it."""
    for unit, scale in _UNITS:
        if size >= scale:
            value = size / scale
            return (f"{value:.1f}" if value < 10 else str(round(value))), unit
    return str(size), "bytes"


def size_text(size: int) -> str:
    """187 MB, 4.5 MB, 12 KB, 800 bytes."""
    number, unit = size_parts(size)
    return f"{number} {unit}"


def localise_markers(text: str, say: Callable[[int], str]) -> str:
    """`text` with each cut marker rewritten by `say(bytes cut)`: the window shows it in its language."""
    if _MARKER_HINT not in text:
        return text

    def rewrite(match: re.Match[str]) -> str:
        lead = " " if match.group(0).startswith(" ") else ""
        return lead + say(int(float(match.group(1)) * dict(_UNITS).get(match.group(2), 1)))

    return _MARKER.sub(rewrite, text)


def cut_marker(size: int) -> str:
    """The text put where `size` bytes of text were cut: "[… text cut: 187 MB over the limit]"."""
    return f"[… text cut: {size_text(size)} over the limit]"


def marked_size(text: str) -> int:
    """The bytes the cut markers in `text` say were cut (0 for text never cut)."""
    if _MARKER_HINT not in text:
        return 0
    total = 0
    for number, unit in _MARKER.findall(text):
        scale = dict(_UNITS).get(unit, 1)
        total += int(float(number) * scale)
    return total


def _without_markers(text: str) -> tuple[str, int]:
    size = marked_size(text)
    return (_MARKER.sub("", text), size) if size else (text, 0)


def cap_text(text: str, limit: int) -> tuple[str, int]:
    """`text` cut to `limit` characters (at a space when one is near), and the UTF-8 bytes cut off."""
    if len(text) <= limit:
        return text, 0
    cut = limit
    space = text.rfind(" ", max(0, limit - _BACKTRACK), limit)
    if space > 0:
        cut = space
    rest = text[cut:]
    return text[:cut].rstrip(), len(rest.encode("utf-8", "surrogatepass"))


def cap_post(post: Post, limit: int | None = None) -> tuple[Post, int]:
    """The post cut to `limit` characters of text, with one marker at the cut; and the bytes cut in all.

    The size returned counts the cuts made while the post was read (their markers) too, so the
    import warning says how much of the message is missing, whatever step cut it.
    """
    limit = MAX_POST_CHARS if limit is None else limit
    total = 0
    for passage in post.passages:
        total += len(passage.text)
    if total <= limit:
        cut = sum(marked_size(passage.text) for passage in post.passages)
        if len(post.hashtags) > MAX_HASHTAGS:
            post = replace(post, hashtags=post.hashtags[:MAX_HASHTAGS])
        return post, cut
    kept: list[Passage] = []
    budget = limit
    cut_size = 0
    for passage in post.passages:
        text, earlier = _without_markers(passage.text)
        cut_size += earlier
        if budget <= 0:
            cut_size += len(text.encode("utf-8", "surrogatepass"))
            continue
        text, lost = cap_text(text, budget)
        budget -= len(text)
        if lost:
            cut_size += lost
            budget = 0
            links = tuple(link for link in passage.links if link.end <= len(text))
            passage = replace(passage, text=text, links=links)
        elif earlier:
            passage = replace(passage, text=text, links=tuple(link for link in passage.links if link.end <= len(text)))
        kept.append(passage)
    last = kept[-1]
    kept[-1] = replace(last, text=f"{last.text} {cut_marker(cut_size)}".lstrip())
    return replace(post, passages=tuple(kept), hashtags=post.hashtags[:MAX_HASHTAGS]), cut_size
