"""Rows of the benchmark table: a measured value, its target and whether it is met."""

from __future__ import annotations

import json
import operator
import platform
import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

PASS = "PASS"
MISS = "MISS"
INFO = "info"
NOT_MEASURED = "not measured"

_OPERATORS: dict[str, Callable[[float, float], bool]] = {">=": operator.ge, "<=": operator.le}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table. `value` is None when the measure could not be taken."""

    part: str
    name: str
    value: float | None
    unit: str
    shown: str  # the value as the table prints it
    target: str  # "" when the row is informational
    status: str
    note: str = ""


def measured(
    part: str,
    name: str,
    value: float,
    unit: str,
    *,
    target: tuple[str, float] | None = None,
    shown: str | None = None,
    note: str = "",
) -> Row:
    """A row with a value, checked against `target` = (">=" or "<=", limit) when given."""
    text = shown if shown is not None else f"{_number(value)} {unit}".strip()
    if target is None:
        return Row(part, name, value, unit, text, "", INFO, note)
    op, limit = target
    status = PASS if _OPERATORS[op](value, limit) else MISS
    limit_text = f"{_number(limit)}{unit}" if unit == "×" else f"{_number(limit)} {unit}".strip()
    return Row(part, name, value, unit, text, f"{op} {limit_text}", status, note)


def not_measured(part: str, name: str, reason: str, *, target: str = "") -> Row:
    return Row(part, name, None, "", "—", target, NOT_MEASURED, reason)


def _number(value: float) -> str:
    if value >= 100 or value == int(value):
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted values lie (nearest rank, like most profilers)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, min(len(ordered), round(fraction * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def format_table(rows: Sequence[Row]) -> str:
    headers = ("part", "measure", "value", "target", "result", "note")
    cells = [(row.part, row.name, row.shown, row.target, row.status, row.note) for row in rows]
    widths = [
        max(len(header), *(len(cell[index]) for cell in cells)) if cells else len(header)
        for index, header in enumerate(headers)
    ]
    widths[-1] = len(headers[-1])  # the note runs on; no padding
    lines = [" | ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * width for width in widths))
    for cell in cells:
        lines.append(" | ".join(text.ljust(width) for text, width in zip(cell, widths, strict=True)).rstrip())
    return "\n".join(lines)


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    import os

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb: float | None = None
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        # Other busy processes slow wall-clock timings down; the table states how busy the machine was.
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


def write_json(path: Path, rows: Sequence[Row], context: dict[str, object]) -> None:
    document = {**context, "machine": machine(), "rows": [asdict(row) for row in rows]}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
