"""The output tables as one workbook, ``rectrack.xlsx``: filterable, RAG-coloured, inert.

Cells are written one by one with XlsxWriter (not ``DataFrame.to_excel``)
because each needs its own treatment:

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

The bytes are deterministic: fixed document properties (XlsxWriter already
dates every zip entry 1980-01-01), so rerunning over the same inbox rewrites an
identical file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.outputs.display import STATUS_COLOURS, clean_text
from pipeline.outputs.files import atomic_write, safe_cell
from pipeline.outputs.tables import Row

#: Rows and column names of one sheet.
Sheet = tuple[Sequence[Row], Sequence[str]]

CELL_LIMIT = 32_767  # characters an XLSX cell holds
TRUNCATED = " … [truncated by rectrack: {length:,} characters in full; see the CSV file]"
STATUS_COLUMNS = frozenset({"status", "status_from_colour"})
DATE_COLUMNS = frozenset({"original_target", "revised_target", "inspection_date",
                          "published_date"})  # fmt: skip
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FIXED_TIME = dt.datetime(2000, 1, 1)
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
    so the caller can log them. XlsxWriter is used rather than openpyxl because
    it writes a cell several times faster, and the workbook was most of the
    cost of a rerun; its options keep every string a string (no formulas,
    numbers or links inferred from text).
    """
    raw = io.BytesIO()
    workbook = xlsxwriter.Workbook(raw, {
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })  # fmt: skip
    workbook.set_properties({"created": _FIXED_TIME, "author": "rectrack"})
    formats = _formats(workbook)
    truncations: list[Truncation] = []
    for name, (rows, columns) in sheets.items():
        truncations += _fill_sheet(workbook, formats, name, rows, columns)
    if truncations:
        notes = [vars(t) for t in truncations]
        _fill_sheet(workbook, formats, "notes", notes, ("sheet", "cell", "column", "length"))
    workbook.close()
    with atomic_write(path, "wb") as handle:
        handle.write(raw.getvalue())
    return truncations


def _formats(workbook: Any) -> dict[str, Any]:
    """The few looks a cell can have: header, date, wrapped text, one per status."""
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "pattern": 1}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    for status, (fill, text) in STATUS_COLOURS.items():
        formats[status] = workbook.add_format(
            {"bg_color": f"#{fill}", "pattern": 1, "font_color": f"#{text}"}
        )
    return formats


def _fill_sheet(
    workbook: Any, formats: dict[str, Any], name: str, rows: Sequence[Row],
    columns: Sequence[str],
) -> list[Truncation]:  # fmt: skip
    """Header, then one row per dict; frozen header, autofilter, widths."""
    sheet = workbook.add_worksheet(name)
    prepared = [[_prepare(row, column) for column in columns] for row in rows]
    wrapped = _set_widths(sheet, columns, prepared)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), max(len(columns), 1) - 1)
    for index, column in enumerate(columns):
        sheet.write_string(0, index, column, formats["header"])
    truncations = []
    for row_number, values in enumerate(prepared, start=1):
        for index, (value, style, cut) in enumerate(values):
            if cut:
                coordinate = xl_rowcol_to_cell(row_number, index)
                truncations.append(Truncation(name, coordinate, columns[index], cut))
            look = formats.get(style or ("wrap" if index in wrapped else ""))
            _write(sheet, row_number, index, value, look)
    return truncations


def _write(sheet: Any, row: int, column: int, value: Any, look: Any) -> None:
    """One cell: text always as a string, full dates as dates, the rest by its type.

    Empty text is a blank cell, as Excel stores it: no cell at all unless it
    has a look (a wrapped column), instead of an empty string in the table.
    """
    if value == "":
        sheet.write_blank(row, column, None, look)
    elif isinstance(value, str):
        sheet.write_string(row, column, value, look)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, value, look)
    else:
        sheet.write(row, column, value, look)


def _prepare(row: Row, column: str) -> tuple[Any, str, int]:
    """(value, look, full length if cut) for one cell of ``row``.

    A full date in a date column (or a date field's old/new value) becomes a
    date; a status (or a status change) gets the paper's own colour for it.
    """
    value = row.get(column, "")
    if not isinstance(value, str) or not value:
        return value, "", 0
    field = _changed_field(row, column)
    if (column in DATE_COLUMNS or field in DATE_COLUMNS) and _FULL_DATE.fullmatch(value):
        return dt.date.fromisoformat(value), "date", 0
    text, cut = _text(value)
    is_status = column in STATUS_COLUMNS or field == "status"
    return text, value if is_status and value in STATUS_COLOURS else "", cut


def _text(value: str) -> tuple[str, int]:
    """``value`` made storable and inert; with its full length when it had to be cut."""
    text = safe_cell(clean_text(value))
    if len(text) <= CELL_LIMIT:
        return text, 0
    marker = TRUNCATED.format(length=len(text))
    return text[: CELL_LIMIT - len(marker)] + marker, len(text)


def _changed_field(row: Row, column: str) -> str:
    """In a change row, the field that ``old_value``/``new_value`` hold."""
    return str(row.get("field", "")) if column in ("old_value", "new_value") else ""


def _set_widths(
    sheet: Any, columns: Sequence[str], prepared: list[list[tuple[Any, str, int]]]
) -> set[int]:
    """Widths from the longest first line in each column, capped; the columns whose text wraps."""
    wrapped = set()
    for index, column in enumerate(columns):
        values = [column, *(str(cells[index][0] or "") for cells in prepared)]
        longest = max(len(v.split("\n", 1)[0]) for v in values)
        sheet.set_column(index, index, min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH))
        if longest + 2 > _MAX_WIDTH:
            wrapped.add(index)
    return wrapped
