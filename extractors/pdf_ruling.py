"""A PDF page's ruling -> cell boxes, and the small geometry both cells and grids use.

Tracker tables are Word tables exported to PDF; their only reliable structure
is the cell borders. Thin lines and thin or stroked rectangles become edges,
and pdfplumber's own ``edges -> intersections -> cells -> tables`` functions
turn the edges into cell boxes (``table_cells``). Kept apart from the reading
of a page (``extractors.pdf_reader``) because the OCR path
(``extractors.page_image``) finds the ruling of a scanned page with it too.
"""

from __future__ import annotations

from bisect import bisect_left
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

GRID_SNAP = 2.0
"""Border x positions closer than this (pt) are the same grid line."""


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


def snap(values: Iterable[float]) -> list[float]:
    """Sorted distinct positions, merging runs closer than GRID_SNAP (first one wins)."""
    snapped: list[float] = []
    for value in sorted(values):
        if not snapped or value - snapped[-1] > GRID_SNAP:
            snapped.append(value)
    return snapped


def nearest(positions: list[float], value: float) -> int:
    """Index of the position nearest ``value`` in a sorted list."""
    i = bisect_left(positions, value)
    if i == 0:
        return 0
    if i == len(positions):
        return len(positions) - 1
    return i if positions[i] - value < value - positions[i - 1] else i - 1
