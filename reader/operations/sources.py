"""Sources as the user names them."""

from __future__ import annotations

from reader.domain import Changes, Source
from reader.errors import ReaderError
from reader.operations.state import valid_text
from reader.store import Store


class UnknownSourceError(ReaderError):
    """An action named a source the library does not hold, or one that matches several."""


def find_source(store: Store, name: str) -> Source:
    """The source whose key is `name`, else the one whose title is `name` (any case)."""
    sources = store.state.sources()
    for source in sources:
        if source.key == name:
            return source
    matches = [source for source in sources if source.title.casefold() == name.casefold()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        keys = ", ".join(source.key for source in matches)
        raise UnknownSourceError(f"{name}: several sources have this title ({keys}); name one by its key")
    raise UnknownSourceError(f"{name}: no such source")


def rename_source(store: Store, source: str, title: str) -> Changes:
    """Give a source (its key or current title) a new title that later imports keep.

    Raises:
        UnknownSourceError: no source (or more than one) answers to `source`.
        ReaderError: the new title is blank.
    """
    clean = " ".join(valid_text(title, "name").split())
    if not clean:
        raise ReaderError("a source's name cannot be empty")
    found = find_source(store, source)
    changed = store.state.rename_source(found.key, clean)
    return Changes(renamed_sources=(found.key,) if changed else ())
