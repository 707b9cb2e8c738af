"""Write the output tables: rows -> DataFrame -> CSV files, atomically.

Every text cell goes through ``safe_cell`` first: a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to a
spreadsheet, so it is written with a leading apostrophe, and it is cleaned of
control characters the way the workbook is (``pipeline.outputs.display.clean_text``:
a form feed from PDF text becomes a space), so the CSV and XLSX cells agree;
the raw text stays in the SQLite history. The files are UTF-8 with a byte order
mark, so Excel opened by a double-click reads "Executive’s" as printed, not as
"Executiveâ€™s" (Python's ``utf-8-sig`` and pandas read the mark away). Each
file is written to a temporary name and moved into place, so a reader (or a
crash) never sees half a file.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.outputs.display import clean_text
from pipeline.outputs.tables import Row

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: ``atomic_write``'s temporary names: ``.<output name>.<8 random characters>``.
_PARTIAL_WRITE = re.compile(r"\.[^/]+\.(csv|xlsx|html|json)\.[a-z0-9_]{8}")
#: ``staged``'s folders: ``.rectrack-staging-<8 random characters>``.
STAGING_PREFIX = ".rectrack-staging-"


def safe_cell(value: Any) -> Any:
    """``value`` made inert for spreadsheets (text only; numbers pass through)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def frame(rows: Iterable[Row], columns: Sequence[str]) -> Any:
    """A DataFrame of ``rows`` with exactly ``columns``, in that order, cells made safe."""
    import pandas as pd

    cells = [[safe_cell(_clean(row.get(column, ""))) for column in columns] for row in rows]
    return pd.DataFrame(cells, columns=list(columns))


def _clean(value: Any) -> Any:
    """Text without control characters, its line breaks all ``\n`` (numbers pass through).

    Python's CSV writer quotes a cell holding ``\n`` but not one holding a lone
    ``\r``, which a reader then takes for the end of the row.
    """
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def write_csv(path: Path, rows: Iterable[Row], columns: Sequence[str]) -> None:
    """Write one output table as UTF-8 CSV with a byte order mark, atomically."""
    table = frame(rows, columns)
    with atomic_write(path, "w", newline="", encoding="utf-8-sig") as handle:
        table.to_csv(handle, index=False, lineterminator="\n")


@contextmanager
def atomic_write(path: Path, mode: str = "w", **kwargs: Any) -> Any:
    """Open a temporary file beside ``path``; move it over ``path`` on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.chmod(temp, 0o644)  # mkstemp makes it private; outputs are for sharing
    encoding = kwargs.pop("encoding", None if "b" in mode else "utf-8")
    try:
        with open(fd, mode, encoding=encoding, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A private folder in ``out`` to write a set of outputs into, moved into ``out`` after.

    Only when the block succeeds is each file moved over its namesake (a
    rename: no space needed, nothing half-written); on any error, none is,
    and the folder is removed.
    """
    out.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    try:
        yield stage
        for path in sorted(stage.iterdir()):
            os.replace(path, out / path.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def remove_partial_writes(folder: Path) -> list[Path]:
    """Delete temporary files a killed run left behind in ``folder``; return them.

    ``atomic_write`` removes its temporary file on any error, but not after
    ``kill -9``. Call this only while holding the folder's lock
    (``pipeline.run.lock``): another run's temporary files are its work in progress.
    """
    removed = []
    for path in folder.iterdir() if folder.is_dir() else ():
        if _PARTIAL_WRITE.fullmatch(path.name) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
        elif path.name.startswith(STAGING_PREFIX) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
