"""Excel workbooks -> the same grid of Tables the PDF and Word readers give.

Many councils keep the tracker as a workbook and publish it as it is. A sheet
is read as a reader of the sheet sees it:

- a merged range is one cell, spanning its columns, in the row it starts in
  (an audit title merged down over its recommendations is the rowspan cell
  ``extractors.tracker`` already reads);
- a solid fill is the cell's colour (a RAG cell is often only a colour);
- a value is the text Excel shows: a date cell in its own number format
  ("mmm-yy" shows "Mar-26"), whole numbers without ".0"; rich text keeps each
  run's bold and italic, as a Word paragraph's runs are kept (a bold audit
  title with its italic purpose in one cell);
- blank rows separate a sheet's blocks: a run of rows with at most one text
  cell each (titles, a key written as a sentence) is lines of text, any other
  run a Table. So every sheet with a tracker header is read as a table, and a
  sheet without one yields nothing the tracker reader takes.

Each row's place is ``Location("cell", row, "Sheet!A12")``, the reference a
spreadsheet user types to go there (a sheet name with spaces quoted, as Excel
writes it: ``'Internal Audit'!A6``).

openpyxl's read-only mode is not used: it gives no merged ranges, which carry
the audit titles. Measured on a 5,000-row, 11-column sheet (55,000 cells, one
merge every 5 rows), loading and visiting every cell took 3.0 s read-only
against 4.2 s in full, with peaks of 9 MB and 24 MB; a council's tracker is a
few hundred rows, and ``extractors.limits`` bounds a workbook's zip as it
bounds a .docx.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.grid import Cell, Paragraph, Row, Run, Table, styled_paragraph
from extractors.model import ExtractionError, Location

#: Excel number-format tokens -> strftime, longest first (dates shown as Excel shows them).
_DATE_TOKENS = (
    ("yyyy", "%Y"), ("yy", "%y"), ("mmmm", "%B"), ("mmm", "%b"), ("mm", "%m"),
    ("dddd", "%A"), ("ddd", "%a"), ("dd", "%d"), ("d", "%-d"), ("m", "%-m"),
)  # fmt: skip
_TOKEN = re.compile("|".join(token for token, _ in _DATE_TOKENS), re.IGNORECASE)
_FORMAT_NOISE = re.compile(r"\[[^\]]*\]|\\|\"|;.*$")
#: A sheet name Excel writes unquoted in a reference.
_PLAIN_SHEET = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


@dataclass(frozen=True)
class SheetLine:
    """A line of text on a sheet outside its tables: a title, a key sentence, a note."""

    sheet: str
    row: int
    paragraph: Paragraph

    @property
    def location(self) -> Location:
        return _location(self.sheet, self.row, "A")


@dataclass(frozen=True)
class Workbook:
    """A workbook's sheets, in tab order, as lines and tables in reading order."""

    blocks: tuple[SheetLine | Table, ...]
    sheets: tuple[str, ...]


@dataclass(frozen=True)
class _SheetRow:
    """One sheet row's visible cells, with its number."""

    number: int
    cells: tuple[Cell, ...]
    letter: str

    @property
    def blank(self) -> bool:
        return not any(c.text or c.fill for c in self.cells)


def read_xlsx(path: Path) -> Workbook:
    """Read every worksheet of the workbook at ``path`` (chart sheets have no cells)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True, rich_text=True)
    except Exception as exc:  # openpyxl raises many types for one damaged zip
        raise ExtractionError("corrupt", f"damaged Excel workbook: {exc}") from exc
    blocks: list[SheetLine | Table] = []
    for sheet in book.worksheets:
        blocks.extend(_sheet_blocks(sheet))
    return Workbook(tuple(blocks), tuple(sheet.title for sheet in book.worksheets))


def _sheet_blocks(sheet: Any) -> Iterator[SheetLine | Table]:
    """A sheet's runs of rows between blank rows, each as lines or as one Table."""
    rows = list(_sheet_rows(sheet))
    run: list[_SheetRow] = []
    for row in [*rows, None]:
        if row is not None and not row.blank:
            run.append(row)
            continue
        if run:
            yield from _run_blocks(sheet.title, run, sheet.max_column)
        run = []


def _run_blocks(title: str, run: Sequence[_SheetRow], columns: int) -> Iterator[SheetLine | Table]:
    """Rows of one text cell each (and no colour) are lines; anything else is a table."""
    if all(len([c for c in r.cells if c.text]) <= 1 and not any(c.fill for c in r.cells)
           for r in run):  # fmt: skip
        for row in run:
            for cell in row.cells:
                if cell.text:
                    yield SheetLine(title, row.number, _line(cell))
        return
    yield Table(
        tuple(Row(r.cells, _location(title, r.number, r.letter)) for r in run), columns
    )


def _line(cell: Cell) -> Paragraph:
    """A text cell as one line of the sheet (its runs kept when it has one line)."""
    if len(cell.paragraphs) == 1:
        return cell.paragraphs[0]
    return Paragraph(cell.text, all(p.bold for p in cell.paragraphs))


def _sheet_rows(sheet: Any) -> Iterator[_SheetRow]:
    """Each row's cells, a merged range once (from its top-left cell, in its first row)."""
    from openpyxl.utils import get_column_letter

    starts = {(m.min_row, m.min_col): m.max_col for m in sheet.merged_cells.ranges}
    covered = {
        (r, c)
        for m in sheet.merged_cells.ranges
        for r in range(m.min_row, m.max_row + 1)
        for c in range(m.min_col, m.max_col + 1)
        if (r, c) != (m.min_row, m.min_col)
    }
    for cells in sheet.iter_rows(max_col=sheet.max_column):
        row_cells = [
            _cell(cell, starts.get((cell.row, cell.column), cell.column))
            for cell in cells
            if (cell.row, cell.column) not in covered
        ]
        first_text = next((c for c in row_cells if c.text), None)
        letter = get_column_letter(first_text.first + 1 if first_text else 1)
        yield _SheetRow(cells[0].row, tuple(row_cells), letter)


def _cell(cell: Any, last_column: int) -> Cell:
    """A grid cell from an openpyxl cell spanning to ``last_column`` (1-based)."""
    if cell.value is None:  # most cells of a sheet: only a fill to look up
        return Cell((), cell.column - 1, last_column - 1, _fill(cell) if cell.has_style else "")
    return Cell(_paragraphs(cell), cell.column - 1, last_column - 1, _fill(cell))


def _paragraphs(cell: Any) -> tuple[Paragraph, ...]:
    """The cell's lines as styled paragraphs: rich text keeps each run's bold and
    italic (a bold title and its italic purpose typed in one cell), else the cell's
    font styles the whole value."""
    lines: list[list[Run]] = [[]]
    for text, bold, italic in _styled_pieces(cell):
        for n, part in enumerate(text.split("\n")):
            if n:
                lines.append([])
            lines[-1].append(Run(part, bold, italic))
    paragraphs = (styled_paragraph(runs) for runs in lines)
    return tuple(p for p in paragraphs if p.text)


def _styled_pieces(cell: Any) -> list[tuple[str, bool, bool]]:
    """(text, bold, italic) of each stretch of the value: a rich-text run's own font
    where it says, the cell's font otherwise."""
    from openpyxl.cell.rich_text import CellRichText

    bold, italic = bool(cell.font.b), bool(cell.font.i)
    if not isinstance(cell.value, CellRichText):
        return [(_shown(cell), bold, italic)]
    pieces = []
    for block in cell.value:
        font = getattr(block, "font", None)
        pieces.append((
            str(getattr(block, "text", block)),
            bold if font is None or font.b is None else bool(font.b),
            italic if font is None or font.i is None else bool(font.i),
        ))  # fmt: skip
    return pieces


def _shown(cell: Any) -> str:
    """The value as Excel shows it."""
    value = cell.value
    if isinstance(value, dt.datetime | dt.date):
        return _date_shown(value, cell.number_format)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date_shown(value: dt.date, number_format: str) -> str:
    """A date in its cell's number format ("mmm-yy" -> "Mar-26"); day-first otherwise."""
    pattern = _FORMAT_NOISE.sub("", number_format or "")
    if not _TOKEN.search(pattern):
        pattern = "dd/mm/yyyy"
    strftime = _TOKEN.sub(lambda m: dict(_DATE_TOKENS)[m.group(0).lower()], pattern)
    return value.strftime(strftime)


def _fill(cell: Any) -> str:
    """A solid fill as ``RRGGBB`` ("" for none, white, or a theme colour not stated)."""
    fill = cell.fill
    if fill is None or fill.patternType != "solid":
        return ""
    rgb = fill.fgColor.rgb if fill.fgColor is not None else None
    if not isinstance(rgb, str) or len(rgb) < 6:
        return ""
    colour = rgb[-6:].upper()
    return "" if colour == "FFFFFF" else colour


def _location(sheet: str, row: int, letter: str) -> Location:
    """``Sheet!A12``, the sheet name quoted as Excel quotes it when it must be
    (``'Internal Audit'!A6``; a quote inside the name doubled)."""
    name = sheet if _PLAIN_SHEET.fullmatch(sheet) else "'" + sheet.replace("'", "''") + "'"
    return Location("cell", row, f"{name}!{letter}{row}")
