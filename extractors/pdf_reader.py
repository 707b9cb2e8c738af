"""Read a PDF into ruled tables (on one column grid each) and the text around them.

Tracker papers are Word tables exported to PDF. The only reliable structure in
such a PDF is the cell borders, so tables come from the ruling alone: thin
lines and thin or stroked rectangles become edges, pdfplumber's own
``edges -> intersections -> cells -> tables`` functions turn the edges into
cell boxes, and each table gets ONE column grid from the x positions of its
cell borders. Characters are then dealt into the cell boxes; filled rectangles
give the cell colours. Every page is parsed once (its chars, rects and lines)
and closed straight after, so memory stays flat on long papers.

The ruling is read by ``extractors.pdf_ruling``, the text of cells and lines
by ``extractors.pdf_text``. Each table row keeps its box on the page
(``Location.box``), so the report can show a picture of it. This module only
reads geometry; deciding what rows *mean* (headers, directorates, rows split
by page breaks) is ``extractors.tracker``'s job.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.layout import LTChar, LTComponent, LTContainer, LTItem, LTLine, LTRect
from pdfplumber.page import Page, fix_fontname_bytes
from pdfplumber.utils.pdfinternals import resolve_all

from extractors.grid import Cell, Paragraph, Row, Table
from extractors.model import Location
from extractors.pdf_ruling import GRID_SNAP, BBox, Obj, nearest, snap, table_cells, union
from extractors.pdf_text import mid_y, paragraph, text_lines

#: pdfminer layout classes read, by the name pdfplumber gives their objects. An LTLine
#: and an LTRect are LTCurves too, so the class is matched exactly, as pdfplumber does.
_KINDS: dict[type, str] = {LTChar: "char", LTRect: "rect", LTLine: "line"}


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
class _RawCell:
    """A cell box in page coordinates, before it is placed on a table grid."""

    bbox: BBox
    paragraphs: tuple[Paragraph, ...]
    fill: str


@dataclass(frozen=True)
class _Fragment:
    """The part of one table printed on one page; rows are tuples of cells."""

    page: int
    bbox: BBox
    rows: tuple[tuple[_RawCell, ...], ...]

    @property
    def xs(self) -> list[float]:
        """The x positions of this fragment's vertical borders, snapped."""
        return snap(x for row in self.rows for cell in row for x in (cell.bbox[0], cell.bbox[2]))


@dataclass(frozen=True)
class _PageChars:
    """A page's printed chars sorted by vertical middle, for fast box look-ups."""

    chars: tuple[Obj, ...]
    keys: tuple[float, ...]

    @classmethod
    def of(cls, chars: Iterable[Obj]) -> _PageChars:
        ordered = sorted((c for c in chars if c["text"].strip()), key=mid_y)
        return cls(tuple(ordered), tuple(mid_y(c) for c in ordered))

    def within(self, box: BBox) -> list[Obj]:
        """The chars whose middle lies inside ``box``, still in vertical order."""
        band = self.chars[bisect_left(self.keys, box[1]) : bisect_right(self.keys, box[3])]
        return [c for c in band if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]]


@dataclass(frozen=True)
class _PageContent:
    """Everything one page yields; kept small so pages can be closed early."""

    number: int
    fragments: tuple[_Fragment, ...]
    lines: tuple[PdfLine, ...]
    has_text: bool
    #: Mean OCR word confidence (0-100) of a page read from its image; None for text.
    ocr: float | None = None


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
        return page_count, tuple(_read_page(pdf.pages[number - 1], number) for number in numbers)


def join_pages(page_count: int, contents: Sequence[_PageContent]) -> PdfDocument:
    """The document that parsed pages (in page order) make: tables joined across pages."""
    tables = _join_fragments(list(contents))
    lines = tuple(line for content in contents for line in content.lines)
    return PdfDocument(
        page_count=page_count,
        tables=tuple(table for table, _ in tables),
        lines=lines,
        blocks=_interleave(lines, tables),
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


def _read_page(page: Page, number: int) -> _PageContent:
    """Parse one page once (chars, rects, lines), then free pdfplumber's cache."""
    try:
        objects = _page_objects(page)
    finally:
        page.close()
    return page_content(number, objects)


def page_content(
    number: int, objects: dict[str, list[Obj]], ocr: float | None = None
) -> _PageContent:
    """What page ``number``'s chars, rects and lines make (``_page_objects``' shape).

    ``extractors.ocr`` gives a scanned page's words, fills and rules in that
    shape, with their mean confidence as ``ocr``, so both are read alike.
    """
    chars = _PageChars.of(objects["char"])
    fills = [r for r in objects["rect"] if r["fill"]]
    cell_groups = table_cells(objects["line"], objects["rect"])
    fragments = tuple(_fragment(number, cells, chars, fills) for cells in cell_groups)
    in_cells = {id(c) for cells in cell_groups for box in cells for c in chars.within(box)}
    # Text in no cell (say, under a missing border) goes to lines rather than vanish.
    outside = [c for c in chars.chars if id(c) not in in_cells]
    lines = tuple(_pdf_line(number, line) for line in text_lines(outside))
    return _PageContent(number, fragments, lines, bool(chars.chars), ocr)


def _page_objects(page: Page) -> dict[str, list[Obj]]:
    """The page's chars, rects and lines, read from pdfminer's layout of it.

    pdfplumber's ``page.chars`` and ``page.rects`` copy every attribute of
    every object into a dict, resolving each value: about half of the cost
    of a table page. This takes only the attributes this reader uses, placed
    as pdfplumber places them (``top`` measured down from the page's top, x
    shifted by the MediaBox origin), and walks into figures as it does.
    """
    height = float(page.height)
    left, top = (float(v) for v in page.mediabox[:2])
    found: dict[str, list[Obj]] = {"char": [], "rect": [], "line": []}
    for item in _leaves(page.layout):
        kind = _KINDS.get(type(item))
        if kind is None:
            continue
        box: Obj = {
            "x0": item.x0 + left, "x1": item.x1 + left,
            "top": height - item.y1 + top, "bottom": height - item.y0 + top,
        }  # fmt: skip
        if isinstance(item, LTChar):
            box.update(text=item.get_text(), size=item.size, fontname=_font_name(item.fontname))
        elif isinstance(item, LTRect):
            box.update(fill=item.fill, stroke=item.stroke,
                       non_stroking_color=resolve_all(item.non_stroking_color))
        found[kind].append(box)
    return found


def _leaves(items: Iterable[LTItem]) -> Iterator[LTComponent]:
    """The placed objects among ``items``, depth first, figures opened (as pdfplumber
    walks them); pdfminer's virtual spaces (LTAnno, no position) are left out, as there."""
    for item in items:
        if isinstance(item, LTContainer):
            yield from _leaves(item)
        elif isinstance(item, LTComponent):
            yield item


def _font_name(name: str | bytes) -> str:
    """A font name as text (a few PDFs name fonts in raw bytes, which pdfplumber decodes)."""
    return fix_fontname_bytes(name) if isinstance(name, bytes) else name


def _pdf_line(number: int, chars: list[Obj]) -> PdfLine:
    size = statistics.median(float(c["size"]) for c in chars)
    return PdfLine(number, paragraph(chars), float(chars[0]["top"]), size)


# --- cell boxes -> rows of cells ----------------------------------------------------


def _fragment(number: int, boxes: list[BBox], chars: _PageChars, fills: list[Obj]) -> _Fragment:
    """One table's cells on one page, grouped into rows by their top border.

    A vertically merged cell is one box, so it lands only in the row where it
    starts, as the grid contract wants.
    """
    tops = snap(b[1] for b in boxes)
    rows: list[list[_RawCell]] = [[] for _ in tops]
    for box in sorted(boxes, key=lambda b: b[0]):
        paragraphs = tuple(paragraph(line) for line in text_lines(chars.within(box)))
        cell = _RawCell(box, paragraphs, _fill_of(box, fills))
        rows[nearest(tops, box[1])].append(cell)
    return _Fragment(number, union(boxes), tuple(tuple(r) for r in rows))


def _fill_of(box: BBox, fills: list[Obj]) -> str:
    """The colour of the topmost fill that covers the cell's centre and most of it.

    Requiring most of the cell keeps a highlighted word, and border rules
    drawn as thin filled rectangles, from colouring the cell.
    """
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    area = (box[2] - box[0]) * (box[3] - box[1])
    for rect in reversed(fills):
        covers_centre = rect["x0"] <= cx <= rect["x1"] and rect["top"] <= cy <= rect["bottom"]
        if covers_centre and _overlap(box, rect) >= area / 2:
            return _hex_colour(rect.get("non_stroking_color"))
    return ""


def _overlap(box: BBox, rect: Obj) -> float:
    width = min(box[2], rect["x1"]) - max(box[0], rect["x0"])
    height = min(box[3], rect["bottom"]) - max(box[1], rect["top"])
    return max(width, 0.0) * max(height, 0.0)


def _hex_colour(colour: object) -> str:
    """A PDF fill colour as ``RRGGBB``; "" for white, patterns and the unknown.

    pdfminer gives grey as one number (or a 1-tuple), RGB as three and CMYK as
    four, all in 0..1.
    """
    if isinstance(colour, int | float):
        colour = (colour,)
    if not isinstance(colour, tuple | list) or not all(isinstance(v, int | float) for v in colour):
        return ""
    values = [min(max(float(v), 0.0), 1.0) for v in colour]
    if len(values) == 1:
        rgb = values * 3
    elif len(values) == 3:
        rgb = values
    elif len(values) == 4:
        c, m, y, k = values
        rgb = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    else:
        return ""
    hexed = "".join(f"{round(v * 255):02X}" for v in rgb)
    return "" if hexed == "FFFFFF" else hexed


# --- fragments across pages -> tables ---------------------------------------------


def _join_fragments(contents: list[_PageContent]) -> list[tuple[Table, tuple[int, float]]]:
    """Join table fragments that continue across page breaks; return each with its start.

    A fragment continues the previous table when it is the first table on the
    page right after that table's last page, the previous fragment was the
    last table on its page, and their column borders agree.
    """
    groups: list[list[_Fragment]] = []
    for content in contents:
        for index, fragment in enumerate(content.fragments):
            if index == 0 and groups and _continues(groups[-1], fragment, contents):
                groups[-1].append(fragment)
            else:
                groups.append([fragment])
    return [(_table(group), (group[0].page, group[0].bbox[1])) for group in groups]


def _continues(group: list[_Fragment], fragment: _Fragment, contents: list[_PageContent]) -> bool:
    """Whether ``fragment`` is the next page's part of the table ``group`` holds."""
    last = group[-1]
    last_page = next(c for c in contents if c.number == last.page)
    if fragment.page != last.page + 1 or last_page.fragments[-1] is not last:
        return False
    old = snap(x for f in group for x in f.xs)
    new = fragment.xs
    if abs(old[0] - new[0]) > GRID_SNAP or abs(old[-1] - new[-1]) > GRID_SNAP:
        return False
    return _subset(new, old) or _subset(old, new)


def _subset(xs: list[float], grid: list[float]) -> bool:
    return all(abs(grid[nearest(grid, x)] - x) <= GRID_SNAP for x in xs)


def _table(group: list[_Fragment]) -> Table:
    """Place every fragment's cells on one grid built from all their borders."""
    grid = snap(x for fragment in group for x in fragment.xs)
    rows = [
        Row(
            cells=tuple(_grid_cell(cell, grid) for cell in cells),
            location=Location("page", fragment.page, _row_box(cells)),
            page_top=part > 0 and index == 0,
        )
        for part, fragment in enumerate(group)
        for index, cells in enumerate(fragment.rows)
    ]
    return Table(rows=tuple(rows), columns=len(grid) - 1)


def _row_box(cells: Sequence[_RawCell]) -> BBox:
    """The box around a row's cells, rounded to a tenth of a point (for the report's picture)."""
    x0, top, x1, bottom = union([cell.bbox for cell in cells])
    return (round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1))


def _grid_cell(cell: _RawCell, grid: list[float]) -> Cell:
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
