"""A PDF page's ruling as cell boxes, and the fill colour of a box.

Tracker tables come from their borders alone: thin lines and thin or stroked
rectangles become edges, and pdfplumber's own ``edges -> intersections ->
cells -> tables`` functions turn them into cell boxes (``table_cells``). A
cell's colour is the fill drawn under most of it (``fill_of``). Used by the
PDF reader (``extractors.pdf_reader``) and by OCR, which finds a scanned
page's ruling the same way (``extractors.page_image``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

Obj = dict[str, Any]
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom

RULE_MAX = 2.0
"""A rectangle thinner than this (pt) is a border rule, not a cell fill."""

EDGE_TOLERANCE = 3.0
"""Snap/join/intersection tolerance for border edges (pt), as pdfplumber's default."""


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
    return sorted((t for t in tables if t), key=lambda t: (union(t)[1], union(t)[0]))


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


def union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def fill_of(box: BBox, fills: list[Obj]) -> str:
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
