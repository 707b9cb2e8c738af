"""Read a PDF into ruled tables (on one column grid each) and the text around them.

Tracker papers are Word tables exported to PDF. The only reliable structure in
such a PDF is the cell borders, so tables come from the ruling alone: thin
lines and thin or stroked rectangles become edges, pdfplumber's own
``edges -> intersections -> cells -> tables`` functions turn the edges into
cell boxes, and each table gets ONE column grid from the x positions of its
cell borders. Characters are then dealt into the cell boxes; filled rectangles
give the cell colours. Every page is parsed once (its chars, rects and lines)
and closed straight after, so memory stays flat on long papers.

This module only reads geometry; deciding what rows *mean* (headers,
directorates, rows split by page breaks) is ``extractors.tracker``'s job.
"""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.layout import LTChar, LTComponent, LTContainer, LTItem, LTLine, LTRect
from pdfplumber.page import Page, fix_fontname_bytes
from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)
from pdfplumber.utils.pdfinternals import resolve_all

from extractors.grid import Cell, Paragraph, Row, Table
from extractors.model import Location

Obj = dict[str, Any]
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

RULE_MAX = 2.0
"""A rectangle thinner than this (pt) is a border rule, not a cell fill."""

EDGE_TOLERANCE = 3.0
"""Snap/join/intersection tolerance for border edges (pt), as pdfplumber's default."""

GRID_SNAP = 2.0
"""Border x positions closer than this (pt) are the same grid line."""

BULLET_GLYPHS = frozenset("•●▪◦■□‣⁃∙")
"""Bullet glyphs printed as ordinary Unicode; private-use glyphs count too."""

#: pdfminer layout classes read, by the name pdfplumber gives their objects. An LTLine
#: and an LTRect are LTCurves too, so the class is matched exactly, as pdfplumber does.
_KINDS: dict[type, str] = {LTChar: "char", LTRect: "rect", LTLine: "line"}

_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                            "ﬅ": "st", "ﬆ": "st"})
_BOLD = re.compile(r"bold|black|heavy", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique|-it$|boldit$", re.IGNORECASE)


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
        return _snap(x for row in self.rows for cell in row for x in (cell.bbox[0], cell.bbox[2]))


@dataclass(frozen=True)
class _PageChars:
    """A page's printed chars sorted by vertical middle, for fast box look-ups."""

    chars: tuple[Obj, ...]
    keys: tuple[float, ...]

    @classmethod
    def of(cls, chars: Iterable[Obj]) -> _PageChars:
        ordered = sorted((c for c in chars if c["text"].strip()), key=_mid_y)
        return cls(tuple(ordered), tuple(_mid_y(c) for c in ordered))

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
    lines = tuple(_pdf_line(number, line) for line in _text_lines(outside))
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
    return PdfLine(number, _paragraph(chars), float(chars[0]["top"]), size)


# --- ruling -> cell boxes ---------------------------------------------------------


def table_cells(lines: Iterable[Obj], rects: Iterable[Obj]) -> list[list[BBox]]:
    """Cell boxes per ruled table on a page, tables ordered top to bottom."""
    edges = [e for obj in lines for e in _line_edges(obj)]
    edges += [e for obj in rects for e in _rect_edges(obj)]
    if not edges:
        return []
    tol = EDGE_TOLERANCE
    merged = [e for e in merge_edges(edges, tol, tol, tol, tol) if _length(e) >= tol]
    cells = intersections_to_cells(edges_to_intersections(merged, tol, tol))
    tables = [[_bbox(b) for b in table] for table in cells_to_tables(cells)]
    return sorted((t for t in tables if t), key=lambda t: (_union(t)[1], _union(t)[0]))


def _line_edges(line: Obj) -> list[Obj]:
    """A horizontal or vertical stroked line as an edge; slanted lines are no border."""
    if abs(line["bottom"] - line["top"]) < 1:
        return [_edge("h", line["x0"], line["x1"], (line["top"] + line["bottom"]) / 2)]
    if abs(line["x1"] - line["x0"]) < 1:
        return [_edge("v", line["top"], line["bottom"], (line["x0"] + line["x1"]) / 2)]
    return []


def _rect_edges(rect: Obj) -> list[Obj]:
    """Borders drawn as rectangles: a thin one is a rule, a stroked one is four.

    A filled, unstroked, wide rectangle is shading, not a border: counting it
    would turn a shaded paragraph into a one-cell table.
    """
    x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
    if bottom - top <= RULE_MAX and x1 - x0 > RULE_MAX:
        return [_edge("h", x0, x1, (top + bottom) / 2)]
    if x1 - x0 <= RULE_MAX:
        return [_edge("v", top, bottom, (x0 + x1) / 2)] if bottom - top > RULE_MAX else []
    if not rect.get("stroke"):
        return []
    return [
        _edge("h", x0, x1, top),
        _edge("h", x0, x1, bottom),
        _edge("v", top, bottom, x0),
        _edge("v", top, bottom, x1),
    ]


def _edge(orientation: str, start: float, end: float, at: float) -> Obj:
    """An edge dict in the shape pdfplumber's table functions expect."""
    start, end = min(start, end), max(start, end)
    if orientation == "h":
        box = {"x0": start, "x1": end, "top": at, "bottom": at, "width": end - start, "height": 0}
    else:
        box = {"x0": at, "x1": at, "top": start, "bottom": end, "width": 0, "height": end - start}
    return {**box, "orientation": orientation, "object_type": "rule_edge"}


def _length(edge: Obj) -> float:
    return float(edge["width"] if edge["orientation"] == "h" else edge["height"])


def _bbox(box: Sequence[float]) -> BBox:
    return (float(box[0]), float(box[1]), float(box[2]), float(box[3]))


def _union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


# --- cell boxes -> rows of cells ----------------------------------------------------


def _fragment(number: int, boxes: list[BBox], chars: _PageChars, fills: list[Obj]) -> _Fragment:
    """One table's cells on one page, grouped into rows by their top border.

    A vertically merged cell is one box, so it lands only in the row where it
    starts, as the grid contract wants.
    """
    tops = _snap(b[1] for b in boxes)
    rows: list[list[_RawCell]] = [[] for _ in tops]
    for box in sorted(boxes, key=lambda b: b[0]):
        paragraphs = tuple(_paragraph(line) for line in _text_lines(chars.within(box)))
        cell = _RawCell(box, paragraphs, _fill_of(box, fills))
        rows[_nearest(tops, box[1])].append(cell)
    return _Fragment(number, _union(boxes), tuple(tuple(r) for r in rows))


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


# --- chars -> printed lines -> paragraphs --------------------------------------------


def _text_lines(chars: list[Obj]) -> list[list[Obj]]:
    """Group chars (sorted by vertical middle) into printed lines, each in x order.

    A char joins the current line when its middle lies within the vertical
    extent of the line's first char, so superscripts and mixed sizes stay on
    their line.
    """
    lines: list[list[Obj]] = []
    for char in chars:
        if lines and lines[-1][0]["top"] <= _mid_y(char) <= lines[-1][0]["bottom"]:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _paragraph(line: list[Obj]) -> Paragraph:
    """One printed line as a Paragraph: spaced text, majority style, bullet glyph cut."""
    bullet = _is_bullet(line[0]["text"])
    body = line[1:] if bullet else line
    fonts = [c["fontname"] for c in body] or [""]
    return Paragraph(
        text=_spaced_text(body),
        bold=_majority(_BOLD.search(f) is not None for f in fonts),
        italic=_majority(_ITALIC.search(f) is not None for f in fonts),
        bullet=bullet,
    )


def _is_bullet(glyph: str) -> bool:
    """Whether a line's first glyph is a list bullet.

    Bullets come as Unicode glyphs, as private-use Symbol/Wingdings codes
    (U+F0B7) or, from fonts without a Unicode map, as an unmapped ``(cid:N)``
    glyph (reportlab's Helvetica bullet reads back as ``(cid:127)``).
    """
    return glyph in BULLET_GLYPHS or "\ue000" <= glyph <= "\uf8ff" or glyph.startswith("(cid:")


def _spaced_text(chars: list[Obj]) -> str:
    """Join chars of one line, putting a space where the gap is word-sized.

    Many PDFs draw no space glyphs (words are just placed apart), so spaces
    come from gaps wider than a fifth of the font size. Ligature glyphs
    (Chromium prints "oﬃcer") are spelt out, as the author typed them.
    """
    parts: list[str] = []
    previous: Obj | None = None
    for char in chars:
        if previous is not None and char["x0"] - previous["x1"] > 0.2 * char["size"]:
            parts.append(" ")
        parts.append(char["text"])
        previous = char
    return " ".join("".join(parts).translate(_LIGATURES).split())


def _majority(flags: Iterable[bool]) -> bool:
    values = list(flags)
    return sum(values) * 2 > len(values)


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
    old = _snap(x for f in group for x in f.xs)
    new = fragment.xs
    if abs(old[0] - new[0]) > GRID_SNAP or abs(old[-1] - new[-1]) > GRID_SNAP:
        return False
    return _subset(new, old) or _subset(old, new)


def _subset(xs: list[float], grid: list[float]) -> bool:
    return all(abs(grid[_nearest(grid, x)] - x) <= GRID_SNAP for x in xs)


def _table(group: list[_Fragment]) -> Table:
    """Place every fragment's cells on one grid built from all their borders."""
    grid = _snap(x for fragment in group for x in fragment.xs)
    rows = [
        Row(
            cells=tuple(_grid_cell(cell, grid) for cell in cells),
            location=Location("page", fragment.page),
            page_top=part > 0 and index == 0,
        )
        for part, fragment in enumerate(group)
        for index, cells in enumerate(fragment.rows)
    ]
    return Table(rows=tuple(rows), columns=len(grid) - 1)


def _grid_cell(cell: _RawCell, grid: list[float]) -> Cell:
    first = _nearest(grid, cell.bbox[0])
    last = max(_nearest(grid, cell.bbox[2]) - 1, first)
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


# --- small geometry helpers ---------------------------------------------------------


def _snap(values: Iterable[float]) -> list[float]:
    """Sorted distinct positions, merging runs closer than GRID_SNAP (first one wins)."""
    snapped: list[float] = []
    for value in sorted(values):
        if not snapped or value - snapped[-1] > GRID_SNAP:
            snapped.append(value)
    return snapped


def _nearest(positions: list[float], value: float) -> int:
    """Index of the position nearest ``value`` in a sorted list."""
    i = bisect_left(positions, value)
    if i == 0:
        return 0
    if i == len(positions):
        return len(positions) - 1
    return i if positions[i] - value < value - positions[i - 1] else i - 1


def _mid_y(char: Obj) -> float:
    return float(char["top"] + char["bottom"]) / 2
