"""The import's garbage-collector thresholds stay within the import."""

from __future__ import annotations

import gc

import pytest

from reader.importing.collector import IMPORT_YOUNG_THRESHOLD, fewer_collections


def test_thresholds_come_back_after_nested_imports_and_a_failure() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        assert gc.get_threshold()[0] == IMPORT_YOUNG_THRESHOLD
        with fewer_collections():
            pass
        # the inner import's end must not restore the defaults under the outer one
        assert gc.get_threshold()[0] == IMPORT_YOUNG_THRESHOLD
        raise RuntimeError("import failed")
    assert gc.get_threshold() == before
