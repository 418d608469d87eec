"""The JSON nesting guard measures depth exactly, whatever the strings hold and wherever chunks split."""

from __future__ import annotations

import io
import json
import time

import ijson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.json_guard import DepthGuard

# Texts full of what could fool a byte scanner: brackets, quotes, backslashes and escapes.
_TRICKY_TEXT = st.text(alphabet=st.sampled_from('[]{}"\\/ ab\nя'), max_size=12)
_DOCUMENTS = st.recursive(
    st.none() | st.integers() | _TRICKY_TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_TRICKY_TEXT, children, max_size=3),
    max_leaves=25,
)


def _depth(value: object) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(child) for child in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(child) for child in value), default=0)
    return 0


def _passes(raw: bytes, limit: int, chunk: int) -> bool:
    guard = DepthGuard(io.BytesIO(raw), limit=limit)
    try:
        while guard.read(chunk):
            pass
    except ijson.JSONError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, st.integers(1, 64), st.booleans())
def test_refuses_exactly_what_nests_deeper_than_the_limit(document: object, chunk: int, indent: bool) -> None:
    raw = json.dumps(document, indent=1 if indent else None, ensure_ascii=False).encode("utf-8")
    depth = _depth(document)
    assert _passes(raw, depth, chunk)
    if depth > 0:
        assert not _passes(raw, depth - 1, chunk)


def test_hostile_nesting_is_refused_in_milliseconds() -> None:
    raw = b'{"messages": [{"text": ' + b"[" * 1_000_000 + b"]" * 1_000_000 + b"}]}"
    started = time.process_time()
    with pytest.raises(ijson.JSONError, match="nested more than"):
        list(ijson.items(DepthGuard(io.BytesIO(raw)), "messages.item"))
    assert time.process_time() - started < 0.5


def test_a_real_export_passes_untouched(shared_dir) -> None:  # type: ignore[no-untyped-def]
    raw = (shared_dir / "data" / "telegram-json" / "result.json").read_bytes()
    guard = DepthGuard(io.BytesIO(raw), limit=8)
    copied = b"".join(iter(lambda: guard.read(4096), b""))
    assert copied == raw
