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

Each sheet is laid out for an analyst (``pipeline.outputs.sheet_layout``):
an Excel Table with friendly headers ("Revised target"), the columns a reader
wants first (recommendation, status), statuses in words on the paper's RAG
fill, long text wrapped in wide columns, the technical columns (keys, hashes)
last and grouped out of sight, links to the source files, and a print setup
(landscape, one page wide, header row on every page).

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

from pipeline.outputs.display import STATUS_COLOURS, STATUS_WORDS, clean_text
from pipeline.outputs.files import atomic_write, safe_cell
from pipeline.outputs.sheet_layout import (
    LINK_COLUMNS,
    TEXT_COLUMNS,
    arranged,
    header,
    is_technical,
    sheet_title,
)
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
_MIN_WIDTH, _MAX_WIDTH, _TEXT_WIDTH, _SHORT_WIDTH = 8, 60, 60, 30


@dataclass(frozen=True)
class Truncation:
    """A text cell cut to fit: where it is and how long the full text was."""

    sheet: str
    cell: str
    column: str
    length: int


def write_xlsx(path: Path, sheets: Mapping[str, Sheet], links: str = "") -> list[Truncation]:
    """Write ``sheets`` (name -> rows, columns) as one workbook, atomically, in that order.

    ``links`` is the folder the source files are in, relative to the workbook
    ("../inbox"); with it, source file cells link to their files.

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
        truncations += _fill_sheet(workbook, formats, name, rows, columns, links)
    if truncations:
        notes = [vars(t) for t in truncations]
        _fill_sheet(workbook, formats, "notes", notes, ("sheet", "cell", "column", "length"), "")
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
        "top": workbook.add_format({"valign": "top"}),
        "link": workbook.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"}),
    }
    for status, (fill, text) in STATUS_COLOURS.items():
        formats[status] = workbook.add_format(
            {"bg_color": f"#{fill}", "pattern": 1, "font_color": f"#{text}", "valign": "top"}
        )
    return formats


def _fill_sheet(
    workbook: Any, formats: dict[str, Any], name: str, rows: Sequence[Row],
    columns: Sequence[str], links: str,
) -> list[Truncation]:  # fmt: skip
    """One Excel Table of ``rows``: friendly header, frozen; widths, links, print setup."""
    columns = arranged(columns)
    sheet = workbook.add_worksheet(sheet_title(name))
    prepared = [[_prepare(row, column) for column in columns] for row in rows]
    wrapped = _set_widths(sheet, columns, prepared)
    sheet.freeze_panes(1, 0)
    sheet.add_table(0, 0, max(len(rows), 1), max(len(columns), 1) - 1, {
        "name": f"{sheet_title(name)}Table", "style": "Table Style Light 1",
        "columns": [{"header": header(c), "header_format": formats["header"]} for c in columns],
    })  # fmt: skip
    _print_setup(sheet)
    truncations = []
    for row_number, values in enumerate(prepared, start=1):
        for index, (value, style, cut) in enumerate(values):
            if cut:
                coordinate = xl_rowcol_to_cell(row_number, index)
                truncations.append(Truncation(name, coordinate, columns[index], cut))
            if links and columns[index] in LINK_COLUMNS and value:
                _link(sheet, row_number, index, links, value, formats["link"])
                continue
            look = formats.get(style or ("wrap" if index in wrapped else "top"))
            _write(sheet, row_number, index, value, look)
    return truncations


def _link(sheet: Any, row: int, column: int, folder: str, file: str, look: Any) -> None:
    """A source file cell as a link to the file, relative to the workbook."""
    sheet.write_url(row, column, f"external:{folder}/{file}", look, file)


def _print_setup(sheet: Any) -> None:
    """Landscape A4, one page wide (as many tall as it takes), the header on every page."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)


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
    is_status = (column in STATUS_COLUMNS or field == "status") and value in STATUS_COLOURS
    text, cut = _text(STATUS_WORDS[value] if is_status else value)
    return text, value if is_status else "", cut


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
    """Widths from the longest first line, capped; long text wraps; technical columns hidden.

    Text columns (the recommendation, progress) are wide and wrap; other
    columns stop at ``_SHORT_WIDTH`` and wrap beyond it, so the recommendation
    starts within the first screen. Technical columns are grouped (outline
    level 1) and hidden: one click on the outline shows them.
    """
    wrapped = set()
    for index, column in enumerate(columns):
        values = [header(column), *(str(cells[index][0] or "") for cells in prepared)]
        longest = max(len(v.split("\n", 1)[0]) for v in values) + 2
        cap = _TEXT_WIDTH if column in TEXT_COLUMNS else _SHORT_WIDTH
        width = min(max(longest, _MIN_WIDTH), cap, _MAX_WIDTH)
        options = {"level": 1, "hidden": True} if is_technical(column) else {}
        sheet.set_column(index, index, width, None, options)
        if longest > cap:
            wrapped.add(index)
    return wrapped
