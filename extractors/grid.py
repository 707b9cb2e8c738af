"""The common shape both tracker readers (PDF and Word) reduce a table to.

A format reader's only job is to turn its file into ``Table``s of ``Row``s of
``Cell``s placed on one column grid; everything that gives rows meaning
(headers, directorates, inspections, page-break continuations, status words)
lives once in ``extractors.tracker`` and works on these types.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from extractors.model import Location

_HYPHEN_END = re.compile(r"[a-z]-$")
_SPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of a paragraph printed in one style (a Word run, or PDF chars
    of one font): emphasis that changes inside a line, such as a bold title
    followed by its italic purpose, is only seen here. ``size`` is in points
    (0 when the format does not say)."""

    text: str
    bold: bool = False
    italic: bool = False
    size: float = 0.0


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a cell (Word) or one printed line (PDF).

    ``bold``/``italic`` are true when most of its characters are; ``bullet``
    when it is a list item (Word numbering or a bullet glyph in a PDF). The text
    has its bullet glyph removed and white space collapsed. ``runs`` hold the
    same text in its styled stretches (empty when built by hand: then the
    paragraph is one run of its own style); two paragraphs that read the same
    are equal however their runs were cut.
    """

    text: str
    bold: bool = False
    italic: bool = False
    bullet: bool = False
    runs: tuple[Run, ...] = field(default=(), compare=False)

    @property
    def styled(self) -> tuple[Run, ...]:
        """The runs, or the whole paragraph as one run when it has none."""
        return self.runs or (Run(self.text, self.bold, self.italic),)


def styled_paragraph(runs: Iterable[Run], bullet: bool = False) -> Paragraph:
    """A paragraph from its styled runs (a Word paragraph's, an Excel cell line's):
    white space collapsed, bold / italic when most of its characters are."""
    merged = merged_runs(runs)
    weights = [len("".join(run.text.split())) for run in merged]
    total = sum(weights)
    bold = 2 * sum(w for w, run in zip(weights, merged, strict=True) if run.bold) > total
    italic = 2 * sum(w for w, run in zip(weights, merged, strict=True) if run.italic) > total
    return Paragraph("".join(run.text for run in merged), bold, italic, bullet, merged)


def merged_runs(runs: Iterable[Run]) -> tuple[Run, ...]:
    """Runs with white space collapsed, blank ones joined to the run before, and
    neighbours of one style joined; their texts put together are the paragraph's."""
    merged: list[Run] = []
    for run in runs:
        text = _SPACE_RUN.sub(" ", run.text)
        same = merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic)
        if merged and (same or not text.strip()):
            merged[-1] = replace(merged[-1], text=_SPACE_RUN.sub(" ", merged[-1].text + text))
        elif text.strip():
            merged.append(replace(run, text=text.lstrip() if not merged else text))
    if merged:
        merged[-1] = replace(merged[-1], text=merged[-1].text.rstrip())
    return tuple(merged)


@dataclass(frozen=True)
class Cell:
    """One visible cell: merged cells appear once, spanning ``first..last``.

    ``first``/``last`` are 0-based, inclusive column indexes on the table's
    grid. ``fill`` is the background as upper-case ``RRGGBB`` or "" for none
    or white.
    """

    paragraphs: tuple[Paragraph, ...]
    first: int
    last: int
    fill: str = ""

    @property
    def text(self) -> str:
        """The cell's text on one line, list items marked with "• ".

        A line ending in a word's own hyphen ("non-") that the next line
        finishes ("essential") is joined without a space, as the author wrote it.
        """
        text = ""
        for p in self.paragraphs:
            if not p.text:
                continue
            piece = ("• " + p.text) if p.bullet else p.text
            glue = "" if not text or (_HYPHEN_END.search(text) and piece[:1].islower()) else " "
            text += glue + piece
        return text


@dataclass(frozen=True)
class Row:
    """One row as printed, with the place it starts.

    ``page_top`` is set by the PDF reader on the first row of every page after
    the first: only such a row can be the rest of a row the page break split.
    ``Row.cells`` holds only the cells that *start* in this row; a cell merged
    down from a row above is not repeated.
    """

    cells: tuple[Cell, ...]
    location: Location
    page_top: bool = False

    def cell_at(self, column: int) -> Cell | None:
        """The cell covering grid column ``column``, if this row has one."""
        for cell in self.cells:
            if cell.first <= column <= cell.last:
                return cell
        return None


@dataclass(frozen=True)
class Table:
    """A table of the paper: its rows in reading order, on one column grid.

    A PDF table that runs over several pages is one Table (the reader joins the
    page fragments); ``columns`` is the number of grid columns.
    """

    rows: tuple[Row, ...]
    columns: int


def paragraphs_text(paragraphs: Iterable[Paragraph]) -> str:
    """Paragraph texts on one line, list items marked "• " (as ``Cell.text``)."""
    return Cell(tuple(paragraphs), 0, 0).text
