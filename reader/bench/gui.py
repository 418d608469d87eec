"""The GUI part of the benchmark: runs `reader.bench.gui_probe` offscreen in its own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from reader.bench.parts import State
from reader.bench.report import Row, measured, median, not_measured

PART = "gui"


def run_probe(state: State) -> dict[str, object]:
    assert state.json_store is not None
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    spawned_at = time.time()
    completed = subprocess.run(
        [sys.executable, "-m", "reader.bench.gui_probe", str(state.json_store), repr(spawned_at)],
        capture_output=True,
        text=True,
        timeout=600,
        env=environment,
        check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        tail = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"the GUI probe failed (exit {completed.returncode}): {tail}")
    result = json.loads(lines[-1])
    assert isinstance(result, dict)
    return result


def measure_gui(state: State) -> list[Row]:
    targets = state.targets
    names = {
        "first_paint": ("start to first painted timeline", f"<= {targets.first_paint_s:g} s"),
        "filter_repaint": ("filter change to repaint", f"<= {targets.repaint_ms:.0f} ms"),
        "search": ("longest stall: search typed at 10 keys/s", f"<= {targets.stall_ms:.0f} ms"),
        "mark_all_read": ("longest stall: mark all read", f"<= {targets.stall_ms:.0f} ms"),
        "memory": ("peak memory", f"<= {targets.gui_memory_mb:.0f} MB"),
    }
    if state.json_store is None:
        return [not_measured(PART, name, "no imported store", target=target) for name, target in names.values()]
    try:
        result = run_probe(state)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return [not_measured(PART, name, str(error), target=target) for name, target in names.values()]
    missing: dict[str, str] = result.get("not_measured", {})  # type: ignore[assignment]
    built = str(result.get("window", ""))
    rows: list[Row] = []
    if "first_paint_s" in result:
        rows.append(
            measured(
                PART,
                names["first_paint"][0],
                float(result["first_paint_s"]),  # type: ignore[arg-type]
                "s",
                target=("<=", targets.first_paint_s),
                shown=f"{float(result['first_paint_s']):.2f} s",  # type: ignore[arg-type]
                note=f"from process spawn; {built}",
            )
        )
    else:
        rows.append(
            not_measured(PART, names["first_paint"][0], missing.get("first_paint", "?"), target=names["first_paint"][1])
        )
    repaints: list[float] = result.get("filter_repaint_ms") or []  # type: ignore[assignment]
    if repaints:
        rows.append(
            measured(
                PART,
                names["filter_repaint"][0],
                max(repaints),
                "ms",
                target=("<=", targets.repaint_ms),
                shown=f"median {median(repaints):.0f} / max {max(repaints):.0f} ms",
                note=f"{len(repaints)} filter changes (language, unread, all) via the timeline model; "
                f"stall meanwhile {float(result.get('filter_stall_ms', 0)):.0f} ms",  # type: ignore[arg-type]
            )
        )
    else:
        rows.append(
            not_measured(
                PART,
                names["filter_repaint"][0],
                missing.get("filter_repaint", "no repaint observed"),
                target=names["filter_repaint"][1],
            )
        )
    for key, result_key, note in (
        ("search", "search_stall_ms", f"typed «переговоры»; {result.get('search_rows', '?')} rows after"),
        ("mark_all_read", "mark_all_read_stall_ms", "the window's mark-all-read action, whole library"),
    ):
        if result_key in result:
            value = float(result[result_key])  # type: ignore[arg-type]
            rows.append(
                measured(
                    PART,
                    names[key][0],
                    value,
                    "ms",
                    target=("<=", targets.stall_ms),
                    shown=f"{value:.0f} ms",
                    note=f"{note}; 5 ms heartbeat",
                )
            )
        else:
            rows.append(not_measured(PART, names[key][0], missing.get(key, "?"), target=names[key][1]))
    rows.append(
        measured(
            PART,
            names["memory"][0],
            float(result["peak_mb"]),
            "MB",  # type: ignore[arg-type]
            target=("<=", targets.gui_memory_mb),
            note="ru_maxrss of the GUI process",
        )
    )
    return rows
