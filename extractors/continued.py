"""Rows a page break cut in two, joined again (for every format's grid).

A PDF row that runs past the foot of a page goes on at the top of the next,
often under the header printed again; so may a cell merged down over the
rows beside it (a title cell spanning its recommendations). A reader sees one
row: the rest of each cell belongs to the cell above it. Only the first row of
a page (``Row.page_top``, or the first under a repeated header) can be such a
rest, and only when it opens nothing of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from extractors.grid import Cell, Row

RowTest = Callable[[Row], bool]


def logical_rows(rows: Iterable[Row], is_repeat: RowTest, opens: RowTest) -> list[Row]:
    """Rows as the author wrote them: page-split halves joined, repeats dropped.

    ``is_repeat`` tells a header printed again on a page; ``opens`` a row that
    starts something (a labelled item, an inspection's outcome), which is never
    the rest of another. The first row under a repeated header is the page's
    first row of content, so it may be the rest of a split row too.
    """
    out: list[Row] = []
    after_repeat = False
    for row in rows:
        if is_repeat(row):
            after_repeat = row.page_top
            continue
        top = row.page_top or after_repeat
        after_repeat = False
        if out and top and not opens(row) and _carries_on(out, row):
            _join(out, row)
        else:
            out.append(row)
    return out


def _owner(rows: Sequence[Row], column: int) -> tuple[int, Cell] | None:
    """The nearest row above (its index) with a cell covering ``column``, and that cell.

    A cell merged down over the rows beside it (a title spanning its first
    recommendations) starts in an earlier row, so the row right above the
    break may have no cell there at all.
    """
    for index in range(len(rows) - 1, -1, -1):
        cell = rows[index].cell_at(column)
        if cell is not None:
            return index, cell
    return None


def _carries_on(above: Sequence[Row], row: Row) -> bool:
    """Each of the row's cells with text carries on a cell that had text above the break."""
    texts = [c for c in row.cells if c.text]
    if not texts:
        return False
    for cell in texts:
        owner = _owner(above, cell.first)
        if owner is None or not owner[1].text:
            return False
    return True


def _join(rows: list[Row], rest: Row) -> None:
    """Give each cell of ``rest`` (a row's second half) to the cell above it that it
    carries on, in whichever row that cell starts."""
    for cell in rest.cells:
        owner = _owner(rows, cell.first)
        if owner is None:
            rows[-1] = replace(rows[-1], cells=(*rows[-1].cells, cell))
            continue
        index, above = owner
        joined = replace(above, paragraphs=above.paragraphs + cell.paragraphs)
        cells = tuple(joined if c is above else c for c in rows[index].cells)
        rows[index] = replace(rows[index], cells=cells)
