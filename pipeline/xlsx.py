"""The output tables as one workbook, ``rectrack.xlsx``: filterable, RAG-coloured, inert.

Cells are written one by one with openpyxl (not ``DataFrame.to_excel``) because
each needs its own treatment:

* text is cleaned of control characters (a form feed from PDF text makes the
  write fail), escaped against formula injection with the same leading
  apostrophe as the CSV files, and stored with the string type set explicitly,
  so ``=HYPERLINK(...)`` can never become a live formula;
* text longer than a cell holds (32,767 characters) is cut with a visible
  marker, and listed on a ``notes`` sheet and in the return value; the full
  text stays in the CSV files and the SQLite history;
* full dates (``YYYY-MM-DD``) become real Excel dates, so they sort and filter
  as dates. Month-precision values (``2025-09``) stay text: turning them into a
  date would invent a day the paper never gave (1 September looks like a
  deadline a month before the real one), and text keeps them sortable anyway.

The bytes are deterministic: fixed document properties and fixed zip entry
times, so rerunning over the same inbox rewrites an identical file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from pipeline.display import STATUS_COLOURS, clean_text
from pipeline.outputs import atomic_write, safe_cell
from pipeline.tables import Row

#: Rows and column names of one sheet.
Sheet = tuple[Sequence[Row], Sequence[str]]

CELL_LIMIT = 32_767  # characters an XLSX cell holds
TRUNCATED = " … [truncated by rectrack: {length:,} characters in full; see the CSV file]"
STATUS_COLUMNS = frozenset({"status", "status_from_colour"})
DATE_COLUMNS = frozenset({"original_target", "revised_target", "inspection_date",
                          "published_date"})  # fmt: skip
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIXED_TIME = dt.datetime(2000, 1, 1)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_MIN_WIDTH, _MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class Truncation:
    """A text cell cut to fit: where it is and how long the full text was."""

    sheet: str
    cell: str
    column: str
    length: int


def write_xlsx(path: Path, sheets: Mapping[str, Sheet]) -> list[Truncation]:
    """Write ``sheets`` (name -> rows, columns) as one workbook, atomically.

    Returns the cells that had to be truncated (also listed on a ``notes`` sheet)
    so the caller can log them.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    truncations: list[Truncation] = []
    for name, (rows, columns) in sheets.items():
        truncations += _fill_sheet(workbook.create_sheet(name), name, rows, columns)
    if truncations:
        notes = [vars(t) for t in truncations]
        _fill_sheet(
            workbook.create_sheet("notes"), "notes", notes, ("sheet", "cell", "column", "length")
        )
    with atomic_write(path, "wb") as handle:
        handle.write(_workbook_bytes(workbook))
    return truncations


def _fill_sheet(
    sheet: Worksheet, name: str, rows: Sequence[Row], columns: Sequence[str]
) -> list[Truncation]:
    """Header, then one row per dict; frozen header, autofilter, widths."""
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    truncations = []
    for row_number, row in enumerate(rows, start=2):
        for column_number, column in enumerate(columns, start=1):
            cell = sheet.cell(row_number, column_number)
            cut = _put(cell, row, column)
            if cut:
                truncations.append(Truncation(name, cell.coordinate, column, cut))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{len(rows) + 1}"
    _set_widths(sheet, columns)
    return truncations


def _put(cell: Any, row: Row, column: str) -> int:
    """Store one value in ``cell`` with its type and style; the full length if cut, else 0."""
    value = row.get(column, "")
    if isinstance(value, str):
        if _is_date(row, column, value):
            cell.value = dt.date.fromisoformat(value)
            cell.number_format = "yyyy-mm-dd"
            return 0
        text, cut = _text(value)
        cell.value = text
        cell.data_type = "s"  # never a formula, whatever the text starts with
        _colour_status(cell, row, column, value)
        return cut
    cell.value = value
    return 0


def _text(value: str) -> tuple[str, int]:
    """``value`` made storable and inert; with its full length when it had to be cut."""
    text = safe_cell(clean_text(value))
    if len(text) <= CELL_LIMIT:
        return text, 0
    marker = TRUNCATED.format(length=len(text))
    return text[: CELL_LIMIT - len(marker)] + marker, len(text)


def _is_date(row: Row, column: str, value: str) -> bool:
    """A day-precision date in a date column (or a date field's old/new value)."""
    dated = column in DATE_COLUMNS or _changed_field(row, column) in DATE_COLUMNS
    return dated and _FULL_DATE.fullmatch(value) is not None


def _colour_status(cell: Any, row: Row, column: str, value: str) -> None:
    """Fill a status cell with the paper's own colour for that status."""
    is_status = column in STATUS_COLUMNS or _changed_field(row, column) == "status"
    if is_status and value in STATUS_COLOURS:
        fill, text = STATUS_COLOURS[value]
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = Font(color=text)


def _changed_field(row: Row, column: str) -> str:
    """In a change row, the field that ``old_value``/``new_value`` hold."""
    return str(row.get("field", "")) if column in ("old_value", "new_value") else ""


def _set_widths(sheet: Worksheet, columns: Sequence[str]) -> None:
    """Widths from the longest first line in each column, capped; long text wraps."""
    for index in range(1, len(columns) + 1):
        letter = get_column_letter(index)
        cells = [c for (c,) in sheet.iter_rows(min_col=index, max_col=index)]
        longest = max(len(str(c.value or "").split("\n", 1)[0]) for c in cells)
        width = min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH)
        sheet.column_dimensions[letter].width = width
        if longest + 2 > _MAX_WIDTH:
            for cell in cells[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as XLSX bytes that depend only on its content.

    ``Workbook.save`` stamps the current time into the document properties and
    the zip entries; this writes with fixed times instead.
    """
    workbook.properties.created = _FIXED_TIME
    workbook.properties.modified = _FIXED_TIME
    workbook.properties.creator = "rectrack"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _with_fixed_times(raw.getvalue())


def _with_fixed_times(data: bytes) -> bytes:
    """Rewrite a zip with every entry dated 1980-01-01, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:  # fmt: skip
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
