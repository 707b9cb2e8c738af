"""Read a PDF into tables (on one column grid each) and the text around them.

Every page is parsed once (its chars, rects and lines, ``extractors.pdf_page``)
and closed straight after, so memory stays flat on long papers. Tables come
from the ruling where there is one (``extractors.pdf_ruling``: border rules ->
pdfplumber's cells), and from the text's own alignment where there is none
(``extractors.pdf_unruled``: header words, aligned columns, bold section
lines). The parts of a table on consecutive pages are joined into one table
on ONE column grid built from all their cell borders; the text outside every
table becomes printed lines.

Pages are parsed apart (``read_pages``, possibly in several processes) and
joined in page order (``join_pages``): an unruled table's columns are handed
from one page to the next there, so the joined document does not depend on
how the pages were cut.

Each table row keeps its box on the page (``Location.box``), ruled or not, so
the report can show a picture of it. This module only reads geometry;
deciding what rows *mean* (headers, directorates, rows split by page breaks)
is ``extractors.tracker``'s job.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pdfplumber
from pdfplumber.page import Page

from extractors.grid import Cell, Paragraph, Row, Table
from extractors.model import Location, PageReader, Recommendation
from extractors.pdf_page import (
    GRID_SNAP,
    BBox,
    Fragment,
    Obj,
    PackedChar,
    PageChars,
    RawCell,
    line_paragraph,
    nearest,
    packed_chars,
    page_objects,
    snap,
    text_lines,
    union,
    unpacked_chars,
)
from extractors.pdf_ruling import fragment, horizontal_rules, rule_edges, table_cells
from extractors.pdf_unruled import Columns, find_unruled
from extractors.settings import page_reader

if TYPE_CHECKING:
    from extractors.pdf_pdfium import PdfiumPages


@dataclass(frozen=True)
class PdfLine:
    """A printed text line outside every table: titles, headings, narrative.

    ``top`` orders lines on the page; ``size`` (median font size) lets a caller
    tell headings from body text.
    """

    page: int
    paragraph: Paragraph
    top: float
    size: float


@dataclass(frozen=True)
class PdfDocument:
    """What a PDF holds: its tables and the text outside them, in reading order.

    ``blocks`` interleaves ``lines`` and ``tables`` by where they start, so a
    caller can tell which heading a table sits under. ``empty_pages`` lists
    pages without any text (probably scanned images).
    """

    page_count: int
    tables: tuple[Table, ...]
    lines: tuple[PdfLine, ...]
    blocks: tuple[PdfLine | Table, ...]
    empty_pages: tuple[int, ...]


@dataclass(frozen=True)
class _PageContent:
    """Everything one page yields; kept small so pages can be closed early.

    ``fragments`` are its ruled tables; ``loose`` its chars outside them (in
    vertical order, packed: ``pdf_page.packed_chars``), ``rules`` its
    horizontal rules outside them and ``fills`` its filled rectangles, which
    ``join_pages`` reads unruled tables from.
    """

    number: int
    fragments: tuple[Fragment, ...]
    loose: tuple[PackedChar, ...]
    rules: tuple[BBox, ...]
    fills: tuple[Obj, ...]
    height: float
    has_text: bool
    #: Mean OCR word confidence (0-100) of a page read from its image; None for text.
    ocr: float | None = None
    #: What parsed the page's text layer ("pdfium", "pdfminer"); "" for a page read by OCR.
    reader: PageReader = ""


def read_pdf(path: Path, pages: Sequence[int] | None = None) -> PdfDocument:
    """Read ``path`` (only the 1-based ``pages`` if given) into a PdfDocument.

    Errors from unreadable files propagate: wrapping them into contract error
    types is the caller's job.
    """
    page_count, contents = read_pages(path, pages)
    return join_pages(page_count, contents)


#: Parsed pages, as ``read_pages`` gives them and ``join_pages`` takes them.
PageContents = tuple[_PageContent, ...]


def read_pages(path: Path, pages: Sequence[int] | None = None) -> tuple[int, PageContents]:
    """The page count, and the 1-based ``pages`` (every page if None) parsed, in page order.

    The first half of ``read_pdf``: runs of pages parsed apart (in other
    processes: the contents pickle) and put back in page order make, with
    ``join_pages``, the document one reading of all of them makes.
    """
    with pdfplumber.open(path) as pdf:
        page_count = len(pdf.pages)
        numbers = _page_numbers(pages, page_count)
        pdfium = _pdfium_pages(path) if numbers and page_reader() == "pdfium" else None
        try:
            return page_count, tuple(_read_page(pdf.pages[n - 1], n, pdfium) for n in numbers)
        finally:
            if pdfium is not None:
                pdfium.close()


def _pdfium_pages(path: Path) -> PdfiumPages | None:
    """The PDF open in PDFium; None (pdfminer reads every page) if PDFium cannot open it."""
    from pypdfium2 import PdfiumError

    from extractors.pdf_pdfium import PdfiumPages

    try:
        return PdfiumPages(path)
    except PdfiumError:
        return None


def join_pages(page_count: int, contents: Sequence[_PageContent]) -> PdfDocument:
    """The document that parsed pages (in page order) make: unruled tables found,
    tables joined across pages, the rest as lines."""
    fragments: dict[int, tuple[Fragment, ...]] = {}
    lines: list[PdfLine] = []
    carried: Columns | None = None
    previous = 0
    for content in contents:
        found = find_unruled(
            content.number, unpacked_chars(content.loose), content.rules, content.fragments,
            carried if content.number == previous + 1 else None,
            content.height, list(content.fills),
        )  # fmt: skip
        fragments[content.number] = found.fragments
        lines += [_pdf_line(content.number, line) for line in text_lines(list(found.rest))]
        carried, previous = found.carry, content.number
    tables = _join_fragments(fragments)
    return PdfDocument(
        page_count=page_count,
        tables=tuple(table for table, _ in tables),
        lines=tuple(lines),
        blocks=_interleave(tuple(lines), tables),
        empty_pages=tuple(c.number for c in contents if not c.has_text),
    )


def _page_numbers(pages: Sequence[int] | None, page_count: int) -> list[int]:
    """The pages to read in order; a bad number is a caller bug, so it raises."""
    if pages is None:
        return list(range(1, page_count + 1))
    wrong = [n for n in pages if not 1 <= n <= page_count]
    if wrong:
        raise ValueError(f"page numbers out of range 1..{page_count}: {wrong}")
    return sorted(set(pages))


def _read_page(page: Page, number: int, pdfium: PdfiumPages | None) -> _PageContent:
    """Parse one page once (chars, rects, lines), then free pdfplumber's cache."""
    try:
        objects, reader = _page_objects(page, pdfium)
        height = float(page.height)
    finally:
        page.close()
    return page_content(number, objects, height, reader=reader)


def _page_objects(
    page: Page, pdfium: PdfiumPages | None
) -> tuple[dict[str, list[Obj]], PageReader]:
    """The page's objects and what read them: PDFium where it reads the page as pdfminer
    would (``extractors.pdf_pdfium``), else pdfminer."""
    if pdfium is not None:
        from extractors.pdf_pdfium import Unreadable

        try:
            return pdfium.objects(page), "pdfium"
        except Unreadable:
            pass
    return page_objects(page), "pdfminer"


def page_content(
    number: int, objects: dict[str, list[Obj]], height: float, ocr: float | None = None,
    reader: PageReader = "",
) -> _PageContent:
    """What page ``number``'s chars, rects and lines make (``page_objects``' shape).

    ``extractors.ocr`` gives a scanned page's words, fills and rules in that
    shape, with their mean confidence as ``ocr``, so both are read alike.
    """
    chars = PageChars.of(objects["char"])
    fills = [r for r in objects["rect"] if r["fill"]]
    edges = rule_edges(objects["line"], objects["rect"])
    cell_groups = table_cells(edges)
    fragments = tuple(fragment(number, cells, chars, fills) for cells in cell_groups)
    # Text in no cell (say, under a missing border) stays loose rather than vanish.
    loose = packed_chars(chars.loose())
    rules = horizontal_rules(edges, cell_groups)
    return _PageContent(
        number, fragments, loose, rules, tuple(fills), height, bool(chars.chars), ocr, reader
    )


def read_by(
    records: Sequence[Recommendation], parts: Iterable[Any]
) -> tuple[Recommendation, ...]:
    """``records`` each marked with what parsed the page it starts on
    (``Recommendation.page_reader``); ``parts``: the PDF's runs of parsed pages."""
    readers = {page.number: page.reader for part in parts for page in part if page.reader}
    return tuple(
        replace(r, page_reader=readers[r.location.number])
        if r.location.kind == "page" and r.location.number in readers else r
        for r in records
    )


def _pdf_line(number: int, chars: list[Obj]) -> PdfLine:
    size = statistics.median(float(c["size"]) for c in chars)
    return PdfLine(number, line_paragraph(chars), float(chars[0]["top"]), size)


# --- fragments across pages -> tables ---------------------------------------------


def _join_fragments(
    pages: dict[int, tuple[Fragment, ...]],
) -> list[tuple[Table, tuple[int, float]]]:
    """Join table fragments that continue across page breaks; return each with its start.

    A fragment continues the previous table when it is the first table on the
    page right after that table's last page, the previous fragment was the
    last table on its page, and their column borders agree.
    """
    groups: list[list[Fragment]] = []
    for fragments in pages.values():
        for index, part in enumerate(fragments):
            if index == 0 and groups and _continues(groups[-1], part, pages):
                groups[-1].append(part)
            else:
                groups.append([part])
    return [(_table(group), (group[0].page, group[0].bbox[1])) for group in groups]


def _continues(
    group: list[Fragment], part: Fragment, pages: dict[int, tuple[Fragment, ...]]
) -> bool:
    """Whether ``part`` is the next page's part of the table ``group`` holds."""
    last = group[-1]
    if part.page != last.page + 1 or pages[last.page][-1] is not last:
        return False
    old = snap(x for f in group for x in f.xs)
    new = part.xs
    if abs(old[0] - new[0]) > GRID_SNAP or abs(old[-1] - new[-1]) > GRID_SNAP:
        return False
    return _subset(new, old) or _subset(old, new)


def _subset(xs: list[float], grid: list[float]) -> bool:
    return all(abs(grid[nearest(grid, x)] - x) <= GRID_SNAP for x in xs)


def _table(group: list[Fragment]) -> Table:
    """Place every fragment's cells on one grid built from all their borders."""
    grid = snap(x for part in group for x in part.xs)
    rows = [
        Row(
            cells=tuple(_grid_cell(cell, grid) for cell in cells),
            location=Location("page", part.page, box=_row_box(cells)),
            page_top=number > 0 and index == 0,
        )
        for number, part in enumerate(group)
        for index, cells in enumerate(part.rows)
    ]
    return Table(rows=tuple(rows), columns=len(grid) - 1)


def _row_box(cells: Sequence[RawCell]) -> BBox:
    """The box around a row's cells, rounded to a tenth of a point (for the report's picture)."""
    x0, top, x1, bottom = union([cell.bbox for cell in cells])
    return (round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))


def _grid_cell(cell: RawCell, grid: list[float]) -> Cell:
    first = nearest(grid, cell.bbox[0])
    last = max(nearest(grid, cell.bbox[2]) - 1, first)
    return Cell(cell.paragraphs, first, last, cell.fill)


def _interleave(
    lines: tuple[PdfLine, ...], tables: list[tuple[Table, tuple[int, float]]]
) -> tuple[PdfLine | Table, ...]:
    """Lines and tables in reading order: by page, then by where they start."""
    keyed: list[tuple[tuple[int, float], PdfLine | Table]] = [
        ((line.page, line.top), line) for line in lines
    ]
    keyed += [(start, table) for table, start in tables]
    return tuple(block for _, block in sorted(keyed, key=lambda pair: pair[0]))
