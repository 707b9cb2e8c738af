"""What the benchmark's parts share: a table row, the clocks, and ``rectrack`` in a fresh process.

Kept apart from ``benchmarks.bench`` so that ``benchmarks.peers`` (the other
tools, and the Dask route) times the same way without importing the
benchmark's entry point.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_RUN = "from pipeline.cli import main; main()"


@dataclass(frozen=True)
class Figure:
    """One row of the table: what, the measured value, and the target if there is one."""

    name: str
    value: str
    target: str = ""
    met: bool | None = None


def median_time(action: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``action`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_times(
    first: Callable[[], object], second: Callable[[], object], repeats: int
) -> tuple[float, float]:
    """Median wall times of two actions timed in turn (first, second, first, ...).

    Taking them in turn rather than one batch after the other keeps a slow
    spell of a shared machine from landing on one side of their ratio.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for action, spent in zip((first, second), times, strict=True):
            spent.append(median_time(action, 1))
    return statistics.median(times[0]), statistics.median(times[1])


def rectrack(*args: str | Path) -> None:
    """Run the ``rectrack`` command line in a fresh interpreter; exit 0 or 1 is a finished run."""
    done = subprocess.run([sys.executable, "-c", _RUN, *map(str, args)],
                          capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"rectrack {' '.join(map(str, args))} failed: {done.stderr[-2000:]}")


def cold_run(inbox: Path, work: Path, workers: int, *options: str) -> Path:
    """A run with an empty output folder (nothing known); returns the output folder.

    ``options`` go to ``rectrack run`` as well (``--executor dask ...``).
    """
    out = Path(tempfile.mkdtemp(dir=work, prefix=f"cold{workers}-"))
    rectrack("run", inbox, "--out", out, "--workers", str(workers), *options)
    return out
