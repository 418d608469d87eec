"""The GUI part of the benchmark, in subprocesses on the offscreen platform.

Start-up to the first painted timeline comes from the app itself (`reader.app.main` with
`--exit-after-first-paint`, which counts from the process start); the rest from
`benchmarks.gui_probe`, which drives the real main window.

The timed starts run as an installed app starts: with its modules' bytecode compiled once (pip
compiles it when it installs the wheel), here by an untimed first start into the benchmark's own
folder. Where the environment forbids bytecode files (PYTHONDONTWRITEBYTECODE, as on the team's
machines), every start compiles every module from source; those starts are timed too and given in
the row's note.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks import subprocess_environment
from benchmarks.parts import State
from benchmarks.report import Row, measured, median, not_measured

PART = "gui"
FIRST_PAINT_RUNS = 3
_FIRST_PAINT = re.compile(r"first_paint_seconds=([\d.]+) peak_rss_mb=([\d.]+) rows=(\d+)(?: cpu_seconds=([\d.]+))?")
# The app, started as a user would, ends with the benchmark if that is stopped (workers do the same).
_START_APP = (
    "import sys; from benchmarks.worker import die_with_parent; die_with_parent(); "
    "from reader.app import main; sys.exit(main(sys.argv[1], ['--exit-after-first-paint']))"
)


def _environment(state: State) -> dict[str, str]:
    # Settings of the benchmark's windows stay out of the user's own configuration.
    config = state.work / "qt-config"
    config.mkdir(exist_ok=True)
    return subprocess_environment(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config))


def _compiled_environment(state: State) -> dict[str, str]:
    """`_environment` with the modules' bytecode kept between starts, in the benchmark's folder."""
    environment = _environment(state)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = str(state.work / "bytecode")
    return environment


def _run(
    arguments: list[str], state: State, timeout: float, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment or _environment(state),
        check=False,
    )


def _failure(completed: subprocess.CompletedProcess[str]) -> str:
    lines = completed.stderr.strip().splitlines()
    fatal = [line for line in lines if line.startswith("Fatal Python error")]
    return f"exit {completed.returncode}: {(fatal or lines or ['no output'])[-1]}"


def first_paint(
    state: State, data_dir: Path, *, compiled: bool = True, runs_wanted: int = FIRST_PAINT_RUNS
) -> list[tuple[float, float, int, float]]:
    """(seconds, peak MB, rows, CPU seconds) of each start of the app until its first painted timeline.

    `compiled`: with the bytecode cache an installed app has (made by one untimed start first);
    otherwise with the environment as it is.
    """
    environment = _compiled_environment(state) if compiled else _environment(state)
    if compiled:
        _start(state, data_dir, environment)
    return [_start(state, data_dir, environment) for _ in range(runs_wanted)]


def _start(state: State, data_dir: Path, environment: dict[str, str]) -> tuple[float, float, int, float]:
    completed = _run(["-c", _START_APP, str(data_dir)], state, 300, environment)
    found = _FIRST_PAINT.search(completed.stdout)
    if completed.returncode != 0 or found is None:
        raise RuntimeError(f"the app did not report its first paint ({_failure(completed)})")
    cpu = float(found.group(4)) if found.group(4) else float("nan")
    return (float(found.group(1)), float(found.group(2)), int(found.group(3)), cpu)


def _no_bytecode() -> bool:
    return bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))


def _from_source_note(runs: list[tuple[float, float, int, float]]) -> str:
    if not runs:
        return ""
    seconds = [run[0] for run in runs]
    return (
        f"; with every module compiled from source at each start (PYTHONDONTWRITEBYTECODE is set): median "
        f"{median(seconds):.2f} / max {max(seconds):.2f} s, CPU median {median([run[3] for run in runs]):.2f} s"
    )


def run_probe(state: State, data_dir: Path) -> dict[str, Any]:
    completed = _run(["-m", "benchmarks.gui_probe", str(data_dir)], state, 900)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"the GUI probe failed ({_failure(completed)})")
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
    rows: list[Row] = []
    try:
        runs = first_paint(state, state.json_store)
        from_source = first_paint(state, state.json_store, compiled=False) if _no_bytecode() else []
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        rows.append(not_measured(PART, names["first_paint"][0], str(error), target=names["first_paint"][1]))
    else:
        seconds = [run[0] for run in runs]
        rows.append(
            measured(
                PART,
                names["first_paint"][0],
                median(seconds),
                "s",
                target=("<=", targets.first_paint_s),
                shown=f"median {median(seconds):.2f} / max {max(seconds):.2f} s",
                note=f"{len(runs)} starts with the app's --exit-after-first-paint (from process start), its "
                f"bytecode compiled by a start before them; {runs[0][2]} rows; "
                f"{max(run[1] for run in runs):.0f} MB at first paint; CPU (user+sys) until then median "
                f"{median([run[3] for run in runs]):.2f} s" + _from_source_note(from_source),
            )
        )
    try:
        result = run_probe(state, state.json_store)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return rows + [
            not_measured(PART, name, str(error), target=target)
            for key, (name, target) in names.items()
            if key != "first_paint"
        ]
    missing: dict[str, str] = result.get("not_measured", {})
    shielded = " (None's refcount shielded: PySide6 leak, see notes)" if result.get("pyside_leaks_none") else ""
    if result.get("pyside_leaks_none"):
        state.notes.append(
            "gui: PySide6 drops a reference to None on every void Qt call on this Python 3.11; the app aborts "
            "(Fatal Python error: none_dealloc) after a few thousand calls. The probe raised None's refcount "
            "to measure at all."
        )
    repaints: list[float] = result.get("filter_repaint_ms") or []
    if repaints:
        rows.append(
            measured(
                PART,
                names["filter_repaint"][0],
                max(repaints),
                "ms",
                target=("<=", targets.repaint_ms),
                shown=f"median {median(repaints):.0f} / max {max(repaints):.0f} ms",
                note=f"{len(repaints)} filter changes (language, unread, all) on the main window's timeline; "
                f"longest stall meanwhile {float(result.get('filter_stall_ms', 0)):.0f} ms{shielded}",
            )
        )
    else:
        rows.append(
            not_measured(
                PART,
                names["filter_repaint"][0],
                missing.get("filter_repaint", "no repaint seen"),
                target=names["filter_repaint"][1],
            )
        )
    for key, result_key, note in (
        ("search", "search_stall_ms", f"typed «переговоры» in the search box; {result.get('search_rows', '?')} rows"),
        (
            "mark_all_read",
            "mark_all_read_stall_ms",
            f"the window's action on all posts; done in {float(result.get('mark_all_read_s', 0)):.1f} s",
        ),
    ):
        if result_key in result:
            value = float(result[result_key])
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
            "MB",
            target=("<=", targets.gui_memory_mb),
            note="ru_maxrss of the probe's GUI process after all steps",
        )
    )
    return rows
