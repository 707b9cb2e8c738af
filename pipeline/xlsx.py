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
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
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
    so the caller can log them. The workbook is written in openpyxl's
    write-only mode with named styles: setting a style object cell by cell
    costs a search of the workbook's style list each time, which made the
    workbook most of a rerun's cost.
    """
    workbook = Workbook(write_only=True)
    for style in _named_styles():
        workbook.add_named_style(style)
    truncations: list[Truncation] = []
    for name, (rows, columns) in sheets.items():
        truncations += _fill_sheet(workbook, name, rows, columns)
    if truncations:
        notes = [vars(t) for t in truncations]
        _fill_sheet(workbook, "notes", notes, ("sheet", "cell", "column", "length"))
    with atomic_write(path, "wb") as handle:
        handle.write(_workbook_bytes(workbook))
    return truncations


def _named_styles() -> list[NamedStyle]:
    """The few looks a cell can have: header, date, wrapped text, one per status."""
    styles = [
        NamedStyle("rt_header", font=Font(bold=True), fill=PatternFill("solid", fgColor="D9D9D9")),
        NamedStyle("rt_date", number_format="yyyy-mm-dd"),
        NamedStyle("rt_wrap", alignment=Alignment(wrap_text=True, vertical="top")),
    ]
    styles += [
        NamedStyle(f"rt_{status}", fill=PatternFill("solid", fgColor=fill), font=Font(color=text))
        for status, (fill, text) in STATUS_COLOURS.items()
    ]
    return styles


def _fill_sheet(
    workbook: Workbook, name: str, rows: Sequence[Row], columns: Sequence[str]
) -> list[Truncation]:
    """Header, then one row per dict; frozen header, autofilter, widths.

    Write-only sheets take their column widths before any row, so every value
    is prepared first and the widths measured from the prepared values.
    """
    sheet = workbook.create_sheet(name)
    prepared = [[_prepare(row, column) for column in columns] for row in rows]
    wrapped = _set_widths(sheet, columns, prepared)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{len(rows) + 1}"
    sheet.append([_cell(sheet, column, "rt_header") for column in columns])
    truncations = []
    for row_number, values in enumerate(prepared, start=2):
        cells = []
        for index, (value, style, cut) in enumerate(values):
            if cut:
                coordinate = f"{get_column_letter(index + 1)}{row_number}"
                truncations.append(Truncation(name, coordinate, columns[index], cut))
            cells.append(_cell(sheet, value, style or ("rt_wrap" if index in wrapped else "")))
        sheet.append(cells)
    return truncations


def _cell(sheet: Any, value: Any, style: str) -> WriteOnlyCell:
    """A cell holding ``value`` with a named style; text is stored as text, never a formula."""
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"
    if style:
        cell.style = style
    return cell


def _prepare(row: Row, column: str) -> tuple[Any, str, int]:
    """(value, named style, full length if cut) for one cell of ``row``."""
    value = row.get(column, "")
    if not isinstance(value, str):
        return value, "", 0
    if _is_date(row, column, value):
        return dt.date.fromisoformat(value), "rt_date", 0
    text, cut = _text(value)
    return text, _status_style(row, column, value), cut


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


def _status_style(row: Row, column: str, value: str) -> str:
    """The named style of a status cell: the paper's own colour for that status."""
    is_status = column in STATUS_COLUMNS or _changed_field(row, column) == "status"
    return f"rt_{value}" if is_status and value in STATUS_COLOURS else ""


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
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(
            max(longest + 2, _MIN_WIDTH), _MAX_WIDTH
        )
        if longest + 2 > _MAX_WIDTH:
            wrapped.add(index)
    return wrapped


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
