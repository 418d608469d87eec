"""The benchmark: `python -m benchmarks` from a checkout (or `make bench`). Not part of the installed app.

Its parts run in subprocesses (`python -m benchmarks.worker`, `benchmarks.gui_probe`), which must find this
package and the checkout's `reader` wherever the benchmark was started from.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def subprocess_environment(base: Mapping[str, str] | None = None, **extra: str) -> dict[str, str]:
    """`base` (the current environment by default) with the checkout first on PYTHONPATH, plus `extra`."""
    environment = dict(os.environ if base is None else base)
    paths = [str(CHECKOUT), *filter(None, environment.get("PYTHONPATH", "").split(os.pathsep))]
    environment["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    environment.update(extra)
    return environment
