"""The shapes the key-and-columns test papers share, and a Word builder for them.

A paper is a title, some running text, a status key in one of its forms, and
one tracker table whose columns are chosen per paper (``Column``: the header
as printed, which field of an ``Item`` goes under it, and its width). The
builder knows nothing of any one paper; ``papers.py`` and ``workbook.py``
hold the papers themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import docx
from docx.document import Document
from docx.enum.text import WD_BREAK

from samples.generate import docx_tools as dt


@dataclass(frozen=True)
class Item:
    """One recommendation as the paper prints it (every field is printed text)."""

    ref: str
    text: str
    original: str = ""
    revised: str = ""
    rag: str = ""
    status: str = ""
    priority: str = ""
    owner: str = ""
    finding: str = ""
    response: str = ""
    progress: str = ""


@dataclass(frozen=True)
class Audit:
    """An audit, review or inspection and its items."""

    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Section:
    """A directorate's block of audits ("" prints no directorate row)."""

    directorate: str
    audits: tuple[Audit, ...]


@dataclass(frozen=True)
class Column:
    """A table column: its header as printed ("\\n" is a line break), the Item field
    under it ("audit" for the audit title) and its width in cm."""

    header: str
    field: str
    width: float


@dataclass(frozen=True)
class WordPaper:
    """One Word paper of the set.

    ``key`` writes the status key into the document; ``key_after`` puts it after
    the table. ``merge_titles`` merges the audit cell down over its items, else
    the title is printed on every row. ``fills`` maps an Item's ``rag`` to its fill.
    """

    name: str
    title: str
    intro: tuple[str, ...]
    columns: tuple[Column, ...]
    sections: tuple[Section, ...]
    fills: dict[str, str]
    key: Callable[[Document], None] | None = None
    key_after: bool = False
    merge_titles: bool = True
    page_break_before_table: bool = False
    extra: tuple[str, ...] = field(default=())


HEADER_FILL = "D9E2F3"
DIRECTORATE_FILL = "E7E6E6"


def build(paper: WordPaper) -> Document:
    """The paper as a landscape A4 Word document."""
    doc = docx.Document()
    dt.set_landscape(doc, margins_cm=1.27)
    dt.set_base_font(doc, "Arial", 8.5, space_after=3)
    dt.style_heading(doc, "Heading 1", size=13)
    dt.style_heading(doc, "Heading 2", size=11, space_before=10)
    dt.fix_core_properties(doc, title=paper.title, author="rectrack sample generator")
    doc.add_heading(paper.title, level=1)
    for text in paper.intro:
        dt.add_paragraph(doc, text)
    if paper.key and not paper.key_after:
        paper.key(doc)
    if paper.page_break_before_table:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _table(doc, paper)
    if paper.key and paper.key_after:
        paper.key(doc)
    for text in paper.extra:
        dt.add_paragraph(doc, text)
    return doc


def _table(doc: Document, paper: WordPaper) -> None:
    widths = [c.width for c in paper.columns]
    table = dt.add_table(doc, len(widths), widths)
    header = table.add_row()
    dt.set_repeat_header(header)
    dt.set_cant_split(header)
    for cell, column in zip(dt.row_cells(header), paper.columns, strict=True):
        dt.fill_cell(cell, [dt.Para((dt.Run(column.header, bold=True),))])
        dt.shade_cell(cell, HEADER_FILL)
    for section in paper.sections:
        if section.directorate:
            row = table.add_row()
            dt.set_cant_split(row)
            cell = dt.merge_horizontal(row, 0, len(widths) - 1)
            dt.fill_cell(cell, [dt.bold(section.directorate)])
            dt.shade_cell(cell, DIRECTORATE_FILL)
        for audit in section.audits:
            _audit_rows(table, paper, audit)
    dt.set_column_widths(table, widths)


def _audit_rows(table: docx.table.Table, paper: WordPaper, audit: Audit) -> None:
    first = len(table.rows)
    for _ in audit.items:
        dt.set_cant_split(table.add_row())
    at = [c.field for c in paper.columns].index("audit")
    if paper.merge_titles:
        top = dt.merge_vertical(table, at, first, len(table.rows) - 1)
        dt.fill_cell(top, [dt.bold(audit.title)])
    for offset, item in enumerate(audit.items):
        cells = dt.row_cells(table.rows[first + offset])
        for cell, column in zip(cells, paper.columns, strict=True):
            _fill(cell, column, item, audit, paper)


def _fill(cell: object, column: Column, item: Item, audit: Audit, paper: WordPaper) -> None:
    """Write one item's field into its cell; the RAG column gets the item's fill."""
    if column.field == "audit":
        if not paper.merge_titles:
            dt.fill_cell(cell, [dt.bold(audit.title)])  # type: ignore[arg-type]
        return
    text = getattr(item, column.field)
    if column.field == "status" and item.rag:
        dt.shade_cell(cell, paper.fills[item.rag])  # type: ignore[arg-type]
    if text:
        dt.fill_cell(cell, [text])  # type: ignore[arg-type]


def paragraphs(*texts: str) -> Callable[[Document], None]:
    """A key written as paragraphs (a sentence, or a list of definitions)."""

    def write(doc: Document) -> None:
        for text in texts:
            dt.add_paragraph(doc, text)

    return write


def swatches(heading: str, entries: Sequence[tuple[str, str]]) -> Callable[[Document], None]:
    """A key drawn as a legend: a filled, empty cell before each status's words."""

    def write(doc: Document) -> None:
        doc.add_heading(heading, level=2)
        widths = [w for _ in entries for w in (0.8, 3.6)]
        legend = dt.add_table(doc, len(widths), widths)
        row = legend.add_row()
        cells = dt.row_cells(row)
        for index, (fill, words) in enumerate(entries):
            dt.shade_cell(cells[2 * index], fill)
            dt.fill_cell(cells[2 * index + 1], [words])
        dt.set_column_widths(legend, widths)

    return write
