"""The May 2025 tracker with each title and its purpose typed in one paragraph.

The seed shows the title cell as ``Ofsted Focused Visit <i>To review the
arrangements…</i> <i>Usually undertaken…</i>``: the bold title and the italic
purpose (the Prevent Duty purpose plain) follow each other in one paragraph and
one printed line. This builds the May 2025 sample (same rows, same words:
``samples.generate.tracker_may2025``) and then joins each title cell's
paragraphs into one, runs kept, a space between them. So the records must be
the May 2025 sample's, keys included.

One more change, on purpose: the DVSA site review's title cell is
merged down over its first recommendation row, and the page is shortened so
that this row and the title cell both break onto the next page. Nothing is
added to any cell.
"""

from __future__ import annotations

import copy
from pathlib import Path

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import _Cell

from samples.generate import docx_tools as dt
from samples.generate import tracker_may2025 as may

NAME = "seed_one_paragraph"
#: The inspection whose title cell is merged over its first recommendation.
MERGED_TITLE = "DVSA MOT Vehicle Testing Station Site Review"
#: The page height (cm) that puts that row across a page break.
PAGE_HEIGHT_CM = 18.7


def build_document() -> Document:
    """The May 2025 sample with one-paragraph title cells and one title merged down."""
    doc = may.build_document()
    for section in doc.sections:
        section.page_height = Cm(PAGE_HEIGHT_CM)
    table = doc.tables[0]
    for index, row in enumerate(table.rows):
        cells = dt.row_cells(row)
        if len(cells) == 3 and cells[0].paragraphs[0].text:
            _one_paragraph(cells[0])
            if cells[0].paragraphs[0].text.startswith(MERGED_TITLE):
                dt.merge_vertical(table, 0, index, index + 1)
    return doc


def _one_paragraph(cell: _Cell) -> None:
    """Move the runs of a cell's later paragraphs into its first, a space before each."""
    first, *rest = cell.paragraphs
    for paragraph in rest:
        runs = paragraph._p.findall(qn("w:r"))
        space = copy.deepcopy(runs[0])
        for t in space.findall(qn("w:t")):
            t.text = " "
            t.set(qn("xml:space"), "preserve")
        first._p.append(space)
        for run in runs:
            first._p.append(run)
        paragraph._p.getparent().remove(paragraph._p)


def generate(out_dir: Path) -> list[Path]:
    """Write ``seed_one_paragraph.docx`` into ``out_dir``; return the files written."""
    return [dt.save_deterministic(build_document(), Path(out_dir) / f"{NAME}.docx")]
