"""Small, reusable python-docx helpers for building sample committee papers.

Everything here is format plumbing, with no knowledge of any one paper:

* page set-up: :func:`set_landscape`, :func:`set_base_font`;
* paragraphs and runs: :class:`Run`, :class:`Para` (with the shorthands
  :func:`bold`, :func:`italic`, :func:`plain`, :func:`bullet`), written into a
  cell or the document body by :func:`fill_cell` / :func:`add_paragraph`;
* tables: :func:`add_table`, :func:`set_column_widths`, :func:`shade_cell`
  (``w:shd`` fill), :func:`merge_horizontal` (``w:gridSpan``),
  :func:`merge_vertical` (``w:vMerge`` restart/continue),
  :func:`set_repeat_header`, :func:`set_cant_split`;
* Word automatic numbering lives in :mod:`samples.generate.docx_numbering`;
* reproducible output: :func:`fix_core_properties` and :func:`save_deterministic`
  (python-docx stamps the current time into ``docProps/core.xml`` and into every
  zip entry; both are pinned so two runs give byte-identical files).

Merges must be made *before* a cell is filled: python-docx moves the content of
swallowed cells into the surviving one.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.document import Document as _Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

#: Fixed time written into core properties and zip entries.
FIXED_TIME = _dt.datetime(2025, 5, 1, 9, 0, 0, tzinfo=_dt.UTC)
_ZIP_TIME = (2025, 5, 1, 9, 0, 0)


# --------------------------------------------------------------------------- runs


@dataclass(frozen=True)
class Run:
    """A run of text with character formatting; ``color`` is ``RRGGBB``."""

    text: str
    bold: bool = False
    italic: bool = False
    color: str | None = None
    size: float | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph: runs plus an optional paragraph style (e.g. ``List Bullet``)."""

    runs: tuple[Run, ...]
    style: str | None = None
    space_after: float | None = None
    align: WD_PARAGRAPH_ALIGNMENT | None = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def plain(text: str, **kw: object) -> Para:
    """A paragraph of plain text."""
    return Para((Run(text),), **kw)  # type: ignore[arg-type]


def bold(text: str, **kw: object) -> Para:
    """A paragraph of bold text."""
    return Para((Run(text, bold=True),), **kw)  # type: ignore[arg-type]


def italic(text: str, **kw: object) -> Para:
    """A paragraph of italic text."""
    return Para((Run(text, italic=True),), **kw)  # type: ignore[arg-type]


def bullet(text: str | Sequence[Run], style: str = "List Bullet") -> Para:
    """A real Word list item (the style carries the numbering; no glyph is typed)."""
    runs = (Run(text),) if isinstance(text, str) else tuple(text)
    return Para(runs, style=style)


ParaLike = Para | str


def _as_para(p: ParaLike) -> Para:
    return plain(p) if isinstance(p, str) else p


def write_paragraph(paragraph: Paragraph, spec: ParaLike) -> Paragraph:
    """Write ``spec`` (runs, style, spacing) into an existing empty paragraph."""
    spec = _as_para(spec)
    if spec.style:
        paragraph.style = spec.style
    if spec.space_after is not None:
        paragraph.paragraph_format.space_after = Pt(spec.space_after)
    if spec.align is not None:
        paragraph.alignment = spec.align
    for r in spec.runs:
        run = paragraph.add_run(r.text)
        if r.bold:
            run.bold = True
        if r.italic:
            run.italic = True
        if r.color:
            run.font.color.rgb = RGBColor.from_string(r.color.upper())
        if r.size:
            run.font.size = Pt(r.size)
    return paragraph


def add_paragraph(doc: _Document, spec: ParaLike) -> Paragraph:
    """Append a paragraph to the document body."""
    return write_paragraph(doc.add_paragraph(), spec)


def fill_cell(cell: _Cell, paragraphs: Iterable[ParaLike]) -> _Cell:
    """Write paragraphs into a cell, reusing the empty paragraph every cell has.

    An empty iterable leaves the cell with its single empty paragraph.
    """
    first = True
    for spec in paragraphs:
        if first:
            write_paragraph(cell.paragraphs[0], spec)
            first = False
        else:
            write_paragraph(cell.add_paragraph(), spec)
    return cell


# ---------------------------------------------------------------------- page set-up


def set_landscape(
    doc: _Document,
    width_cm: float = 29.7,
    height_cm: float = 21.0,
    margins_cm: float | tuple[float, float, float, float] = 1.27,
) -> None:
    """Make every section landscape (A4 by default) with the given margins.

    ``margins_cm`` is one value or (top, right, bottom, left).
    """
    m = (margins_cm,) * 4 if isinstance(margins_cm, int | float) else margins_cm
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width = Cm(width_cm)
        section.page_height = Cm(height_cm)
        section.top_margin, section.right_margin = Cm(m[0]), Cm(m[1])
        section.bottom_margin, section.left_margin = Cm(m[2]), Cm(m[3])


def set_base_font(
    doc: _Document, name: str = "Arial", size: float = 9.0, space_after: float = 0.0
) -> None:
    """Set the Normal style's font (all scripts) and paragraph spacing.

    List and heading styles based on Normal inherit it; headings have their own
    font set too so the template's theme font does not win.
    """
    normal = doc.styles["Normal"]
    normal.font.name = name
    normal.font.size = Pt(size)
    _set_fonts(normal, name)
    normal.paragraph_format.space_after = Pt(space_after)
    normal.paragraph_format.space_before = Pt(0)


def style_heading(
    doc: _Document,
    style_name: str,
    name: str = "Arial",
    size: float = 12.0,
    color: str = "000000",
    space_before: float = 6.0,
    space_after: float = 6.0,
) -> None:
    """Give a heading style a plain font, size and colour (bold kept)."""
    style = doc.styles[style_name]
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = True
    style.font.color.rgb = RGBColor.from_string(color)
    _set_fonts(style, name)
    style.paragraph_format.space_before = Pt(space_before)
    style.paragraph_format.space_after = Pt(space_after)


def _set_fonts(style: Any, name: str) -> None:
    """Name ``name`` for every script of a style, dropping theme fonts that would win."""
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), name)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(theme_attr), None)


# --------------------------------------------------------------------------- tables


def add_table(
    doc: _Document,
    columns: int,
    widths_cm: Sequence[float] | None = None,
    style: str | None = "Table Grid",
) -> Table:
    """Append an empty table (no rows) with ``columns`` grid columns."""
    table = doc.add_table(rows=0, cols=columns)
    if style:
        table.style = style
    table.autofit = False
    if widths_cm:
        set_grid_widths(table, widths_cm)
    return table


def set_grid_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Set the table grid (``w:tblGrid``) and the table's total width."""
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(Cm(sum(widths_cm)).twips)))
    layout = tblpr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tblpr.append(layout)
    layout.set(qn("w:type"), "fixed")


def set_column_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Set ``w:tcW`` of every cell from the grid widths, honouring gridSpan.

    Call after all merges: a spanning cell gets the sum of its columns.
    """
    set_grid_widths(table, widths_cm)
    for tr in table._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            w = sum(widths_cm[col : col + span])
            tcpr = tc.get_or_add_tcPr()
            tcw = tcpr.find(qn("w:tcW"))
            if tcw is None:
                tcw = OxmlElement("w:tcW")
                tcpr.insert(0, tcw)
            tcw.set(qn("w:type"), "dxa")
            tcw.set(qn("w:w"), str(int(Cm(w).twips)))
            col += span


def add_row(table: Table) -> _Row:
    """Append a row with one empty cell per grid column."""
    return table.add_row()


def merge_horizontal(row: _Row, first: int, last: int) -> _Cell:
    """Merge grid columns ``first..last`` (0-based, inclusive) of ``row``.

    The surviving cell gets ``w:gridSpan``; the others are removed. Returns it.
    """
    cells = row.cells
    if first == last:
        return cells[first]
    return cells[first].merge(cells[last])


def merge_vertical(table: Table, column: int, first_row: int, last_row: int) -> _Cell:
    """Merge ``column`` over rows ``first_row..last_row`` (0-based, inclusive).

    Writes ``w:vMerge w:val="restart"`` on the top cell and a continuing
    ``w:vMerge`` on the cells below. Returns the top cell.
    """
    top = table.cell(first_row, column)
    if first_row == last_row:
        return top
    return top.merge(table.cell(last_row, column))


def shade_cell(cell: _Cell, fill: str) -> None:
    """Give a cell a solid background (``<w:shd w:val="clear" w:fill=RRGGBB>``)."""
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill.upper())
    # schema order inside tcPr: tcW, gridSpan, vMerge, tcBorders, shd, noWrap, ...
    anchor = None
    for tag in ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"):
        anchor = tcpr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(shd)
    else:
        tcpr.append(shd)


def _set_trpr_flag(row: _Row, tag: str, on: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    for old in trpr.findall(qn(tag)):
        trpr.remove(old)
    if on:
        trpr.append(OxmlElement(tag))


def set_repeat_header(row: _Row, on: bool = True) -> None:
    """Mark (or unmark) a row as a header repeated on every page (``w:tblHeader``)."""
    _set_trpr_flag(row, "w:tblHeader", on)


def set_cant_split(row: _Row, on: bool = True) -> None:
    """Forbid (or allow) a row to break across pages (``w:cantSplit``)."""
    _set_trpr_flag(row, "w:cantSplit", on)


def row_cells(row: _Row) -> list[_Cell]:
    """The row's *distinct* cells (one per ``w:tc``), unlike ``row.cells``."""
    return [_Cell(tc, row.table) for tc in row._tr.tc_lst]


# ----------------------------------------------------------------- reproducibility


def fix_core_properties(
    doc: _Document,
    title: str = "",
    author: str = "",
    when: _dt.datetime = FIXED_TIME,
    revision: int = 1,
) -> None:
    """Pin the core properties python-docx would otherwise stamp with 'now'."""
    cp = doc.core_properties
    cp.title = title
    cp.author = author
    cp.last_modified_by = author
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = revision
    cp.comments = ""
    cp.keywords = ""
    cp.subject = ""


def save_deterministic(doc: _Document, path: str | Path) -> Path:
    """Save ``doc`` so that the same document always gives the same bytes.

    python-docx writes each zip entry with the current time; the package is
    re-zipped here in the same member order with a fixed timestamp.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = io.BytesIO()
    doc.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)
    path.write_bytes(out.getvalue())
    return path
