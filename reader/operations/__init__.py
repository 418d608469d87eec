"""Every user action as one Qt-free function: `(store, plain arguments) -> Changes`.

The GUI runs these on its writer thread and fans the returned `Changes` out to its models; the CLI
calls the same functions. None of them writes SQL: the store does, inside its transactions.
"""

from reader.operations.busy import is_busy
from reader.operations.decisions import decide_counterpart, decide_pair
from reader.operations.sources import UnknownSourceError, find_source, rename_source
from reader.operations.state import (
    UnknownPostError,
    mark_all_read,
    mark_read,
    require_posts,
    save_note,
    set_bookmarked,
    set_note,
    set_tags,
    undo_mark_all_read,
)

__all__ = [
    "UnknownPostError",
    "UnknownSourceError",
    "decide_counterpart",
    "decide_pair",
    "find_source",
    "is_busy",
    "mark_all_read",
    "mark_read",
    "rename_source",
    "require_posts",
    "save_note",
    "set_bookmarked",
    "set_note",
    "set_tags",
    "undo_mark_all_read",
]
