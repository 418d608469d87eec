"""Read marks, bookmarks, notes and tags: the user's state of posts."""

from __future__ import annotations

from collections.abc import Sequence

from reader.domain import Changes
from reader.errors import ReaderError
from reader.store import PostFilter, Store


class UnknownPostError(ReaderError):
    """An action named a post the library does not hold."""

    def __init__(self, post_id: str) -> None:
        self.post_id = post_id
        super().__init__(f"{post_id}: no such post")


def valid_text(text: str, what: str) -> str:
    """`text` if it can be stored; a ReaderError when it holds bytes that are not UTF-8 (a lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ReaderError(f"the {what} is not valid text (it holds bytes that are not UTF-8)") from None
    return text


def require_posts(store: Store, post_ids: Sequence[str]) -> None:
    """Raise UnknownPostError for the first id that is not in the library."""
    for post_id in post_ids:
        if store.records.rowid_of(post_id) is None:
            raise UnknownPostError(post_id)


def mark_read(store: Store, post_ids: Sequence[str], read: bool = True) -> Changes:
    """Mark posts read (or unread); the Changes name only the posts whose mark actually changed."""
    return store.state.set_read(post_ids, read)


def mark_all_read(store: Store, post_filter: PostFilter) -> Changes:
    """Mark every post of a filter read.

    Returns:
        Changes whose `read` holds exactly the posts that were unread before, so that
        `undo_mark_all_read` flips back those and no others.
    """
    return store.state.set_read(store.timeline.post_ids(post_filter), True)


def undo_mark_all_read(store: Store, done: Changes) -> Changes:
    """Undo a `mark_all_read`: the posts it marked become unread again."""
    return store.state.set_read(done.read, False)


def set_bookmarked(
    store: Store,
    post_ids: Sequence[str],
    bookmarked: bool = True,
    *,
    note: str | None = None,
    tags: Sequence[str] | None = None,
) -> Changes:
    """Bookmark (or unbookmark) posts; with a note or tags, each bookmarked post gets them too."""
    ids = tuple(post_ids)
    if note is not None:
        valid_text(note, "note")
    for tag in tags or ():
        valid_text(tag, "tag")
    with store.state_transaction():
        changes = store.state.set_bookmarked(ids, bookmarked, note=note)
        if bookmarked and tags:
            for post_id in ids:
                store.state.set_tags(post_id, tags)
    if bookmarked and tags:
        return Changes(bookmarked=changes.bookmarked, noted=ids, tagged=ids)
    return changes


def set_note(store: Store, post_id: str, note: str) -> Changes:
    """Set the note of a post; an empty (or blank) note removes it."""
    return store.state.set_note(post_id, valid_text(note, "note").strip())


def set_tags(store: Store, post_id: str, tags: Sequence[str]) -> Changes:
    """Set the user tags of a post (blank ones dropped, duplicates merged); no tags removes them all."""
    return store.state.set_tags(post_id, [valid_text(tag, "tag") for tag in tags])


def save_note(store: Store, post_id: str, note: str, tags: Sequence[str]) -> Changes:
    """What the note dialog saves: the post bookmarked with its note and tags, in one transaction."""
    ids = (post_id,)
    valid_text(note, "note")
    for tag in tags:
        valid_text(tag, "tag")
    with store.state_transaction():
        store.state.set_bookmarked(ids, True, note=note)
        store.state.set_tags(post_id, tags)
    return Changes(bookmarked=ids, noted=ids, tagged=ids)
