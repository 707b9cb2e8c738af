"""Ruled tables on one page: border rules -> edges -> pdfplumber's cells -> rows of cells.

Tracker papers are mostly Word tables exported to PDF, whose only reliable
structure is the cell borders: thin lines and thin or stroked rectangles
become edges, pdfplumber's own ``edges -> intersections -> cells -> tables``
functions turn them into cell boxes, and the chars inside each box make its
paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterable

from pdfplumber.table import (
    cells_to_tables,
    edges_to_intersections,
    intersections_to_cells,
    merge_edges,
)

from extractors.pdf_page import (
    BBox,
    Fragment,
    Obj,
    PageChars,
    RawCell,
    bbox_of,
    fill_of,
    line_paragraph,
    nearest,
    snap,
    text_lines,
    union,
)

RULE_MAX = 2.0
"""A rectangle thinner than this (pt) is a border rule, not a cell fill."""
EDGE_TOLERANCE = 3.0
"""Snap/join/intersection tolerance for border edges (pt), as pdfplumber's default."""


def rule_edges(lines: Iterable[Obj], rects: Iterable[Obj]) -> list[Obj]:
    """The page's border rules as pdfplumber edges, touching pieces merged."""
    edges = [e for obj in lines for e in _line_edges(obj)]
    edges += [e for obj in rects for e in _rect_edges(obj)]
    if not edges:
        return []
    tol = EDGE_TOLERANCE
    merged = [e for e in merge_edges(edges, tol, tol, tol, tol) if _length(e) >= tol]
    return merged + _closing_edges(merged)


def _closing_edges(edges: list[Obj]) -> list[Obj]:
    """Rules across the open ends of a table cut by a page break.

    Browsers draw no border where a row (or a ``rowspan`` cell) breaks across
    pages: its side borders just stop at the foot of the page (or start at the
    top of the next). Where three or more vertical rules end at the same height
    with no rule across them, one is drawn, so the cut rows still close.
    """
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    added = []
    for end in ("top", "bottom"):
        for at, group in _by_height(vertical, end):
            x0, x1 = min(e["x0"] for e in group), max(e["x0"] for e in group)
            covered = any(
                abs(h["top"] - at) <= EDGE_TOLERANCE and h["x0"] <= x0 + EDGE_TOLERANCE
                and h["x1"] >= x1 - EDGE_TOLERANCE for h in horizontal
            )  # fmt: skip
            if len(group) >= 3 and not covered:
                added.append(_edge("h", x0, x1, at))
    return added


def _by_height(edges: list[Obj], end: str) -> list[tuple[float, list[Obj]]]:
    """Vertical edges grouped by where they start or stop (``end``: "top"/"bottom")."""
    groups: list[tuple[float, list[Obj]]] = []
    for edge in sorted(edges, key=lambda e: e[end]):
        if groups and edge[end] - groups[-1][0] <= EDGE_TOLERANCE:
            groups[-1][1].append(edge)
        else:
            groups.append((edge[end], [edge]))
    return groups


def table_cells(edges: list[Obj]) -> list[list[BBox]]:
    """Cell boxes per ruled table on a page, tables ordered top to bottom."""
    tol = EDGE_TOLERANCE
    cells = intersections_to_cells(edges_to_intersections(edges, tol, tol))
    tables = [[bbox_of(b) for b in table] for table in cells_to_tables(cells)]
    return sorted((t for t in tables if t), key=lambda t: (union(t)[1], union(t)[0]))


def horizontal_rules(edges: list[Obj], tables: list[list[BBox]]) -> tuple[BBox, ...]:
    """Horizontal rules outside every ruled table: row separators of a table
    ruled only across (``extractors.pdf_unruled`` reads those)."""
    boxes = [union(t) for t in tables]
    return tuple(
        (e["x0"], e["top"], e["x1"], e["bottom"])
        for e in edges
        if e["orientation"] == "h" and not any(_inside(e, box) for box in boxes)
    )


def _inside(edge: Obj, box: BBox) -> bool:
    tol = EDGE_TOLERANCE
    return box[1] - tol <= edge["top"] <= box[3] + tol and edge["x0"] >= box[0] - tol \
        and edge["x1"] <= box[2] + tol


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


def fragment(number: int, boxes: list[BBox], chars: PageChars, fills: list[Obj]) -> Fragment:
    """One table's cells on one page, grouped into rows by their top border.

    A vertically merged cell is one box, so it lands only in the row where it
    starts, as the grid contract wants.
    """
    tops = snap(b[1] for b in boxes)
    rows: list[list[RawCell]] = [[] for _ in tops]
    for box in sorted(boxes, key=lambda b: b[0]):
        paragraphs = tuple(line_paragraph(line) for line in text_lines(chars.take(box)))
        cell = RawCell(box, paragraphs, fill_of(box, fills))
        rows[nearest(tops, box[1])].append(cell)
    return Fragment(number, union(boxes), tuple(tuple(r) for r in rows))
