"""Write the output tables: rows -> DataFrame -> CSV files, atomically.

Every text cell goes through ``safe_cell`` first: a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to a
spreadsheet, so it is written with a leading apostrophe. Each file is written
to a temporary name and moved into place, so a reader (or a crash) never sees
half a file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.tables import Row

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` made inert for spreadsheets (text only; numbers pass through)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def frame(rows: Iterable[Row], columns: Sequence[str]) -> Any:
    """A DataFrame of ``rows`` with exactly ``columns``, in that order, cells made safe."""
    import pandas as pd

    safe = [{column: safe_cell(row.get(column, "")) for column in columns} for row in rows]
    return pd.DataFrame(safe, columns=list(columns))


def write_csv(path: Path, rows: Iterable[Row], columns: Sequence[str]) -> None:
    """Write one output table as UTF-8 CSV, atomically."""
    table = frame(rows, columns)
    with atomic_write(path, "w", newline="") as handle:
        table.to_csv(handle, index=False, lineterminator="\n")


@contextmanager
def atomic_write(path: Path, mode: str = "w", **kwargs: Any) -> Any:
    """Open a temporary file beside ``path``; move it over ``path`` on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.chmod(temp, 0o644)  # mkstemp makes it private; outputs are for sharing
    encoding = None if "b" in mode else "utf-8"
    try:
        with open(fd, mode, encoding=encoding, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

