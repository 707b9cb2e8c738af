"""Rebuild the May 2025 external inspections tracker as a Word document.

Source: ``seeds/000_12a005646f245f8d.txt`` (text extracted from the PDF of the
real paper, a landscape Word table). The output,
``samples/papers/tracker_may2025.docx``, is a Word document laid out like the
original: a title heading, one seven-column main table (Title and purpose |
Date | Outstanding recommendations | Original target date for completion |
Revised target date for completion | Status | Progress update), a Status key
table and the residential children's homes section with its transposed ratings
table. Every word of the seed's tables is placed in a cell; the text is typed
as printed (straight ' where the seed has ', curly ’ “ ” ‘ where it has those).

Layout choices
--------------
* A4 landscape, 1.27 cm margins, Arial 9 pt (LibreOffice substitutes
  Liberation Sans). The header row is bold and shaded D9D9D9 and is *not* a
  repeating header (the seed prints it once). No row has ``cantSplit`` and no
  page break is forced, so LibreOffice splits long rows across pages as the
  real paper did.
* Directorate rows: one cell spanning all seven columns (``w:gridSpan``),
  bold, shaded D9E2F3.
* Inspection rows: column 1 = bold title paragraph + purpose paragraph(s) in
  italics; column 2 = the date parts, one paragraph each; columns 3-7 merged
  into one cell holding the "Overall outcome: ..." and "Overall progress: ..."
  paragraphs. The seed's ``<p>`` marks become paragraphs; its
  ``<ul style="list-style-type: none">`` lists become plain paragraphs (no
  bullet); only text the seed prints with a literal "•" becomes real Word
  bullet items (style "List Bullet", glyph not typed). This rule is applied
  uniformly, so the Public Health "Recommendation 1" list and the "Rec IR5"
  list (both ``list-style-type: none`` in the seed, no "•") are plain
  paragraphs; the Statement of Accounts "Rec 2" and "REC KR1" lists are bullets.
* "NEW" markers ("NEW 2023/24 Statement of Accounts", "NEW 2023/24 VFM
  arrangements") are a separate bold red run "NEW " at the start of the title.
* Recommendation rows: columns 1-2 empty, column 3 the item with its label as
  printed, columns 4-5 the dates as printed, column 6 Status, column 7 the
  progress update. Every item with a status has its Status cell shaded with
  that status's colour (Complete 00B050, In progress and on track 92D050, In
  progress and partly delayed FFC000, Significant delay FF0000, No action
  required or outcome unknown BFBFBF); "Awaiting start" has no shading.
  Where the seed shows fewer cells (the 2022/23 VFM rows, the 2023/24
  Statement of Accounts rows Rec 1-4 and the ACEX "Recommendation 5") the
  status words are written *in* the Status cell and the progress cell is left
  empty. Everywhere else the Status cell carries only the colour and the
  status words are the first paragraph of the Progress update cell, followed
  by the progress text and then any "Note – although situated under ..."
  paragraph. Statement of Accounts "Rec 5" is one of the rows where the seed
  shows all seven cells with the status words in the last one, so it follows
  the general rule (words in the progress cell).
* Printed variants are kept: "In Progress and On Track", "Complete.",
  "Review date August 2026".
* Rows the seed shows broken over a page ("The target is" / "for 50% ...",
  ASC Theme 1's progress text, "internal and external" / "partners to
  empower ...", Rec 4 "(i.e. through" / "increased use of ...", "NEW 2023/24
  Statement of" / "Accounts (Grant Thornton) ...") are one row each here.
* LGA Corporate Peer Challenge (ACEX): the title/purpose cell is merged
  vertically (``w:vMerge`` restart + continue) over four rows: the "Overall
  outcome" row and the "Overall progress" row (each spanning columns 2-7), and
  the Recommendation 2 and 3 rows, whose Date cells hold "5-8 June 2023" and
  "Findings received August 2023". Recommendations 4-6 are ordinary rows with
  an empty column 1.

Decisions on the seed
---------------------
* The title: the seed's leading "-" before "External inspections ..." is an
  extraction artefact and is dropped.
* The Prevent Duty purpose ("To support local authorities ...") is not italic
  in the seed, so it is a plain paragraph here.
* (a) A page of the original is missing between "REC KR1" and "REC IR4". The
  orphan text "papers by giving more detail on completed audits including an
  executive summary of each report completed in the period in part 1 papers to
  the Audit Committee." is the tail of an item whose start is lost. It is kept
  as it is: its own recommendation row right after REC KR1, text in column 3
  only (no label, no dates, no status, no shading). No missing rows are
  invented.
* (b) Cells of the last section spilled after the "Status key" heading in the
  seed. Recommendation 5's text ("Review performance management ... across
  the borough at pace.") is rejoined into one row; Recommendation 6 is a row of
  the main table; the "Status key" heading and key table come after the main
  table.
* (c) The DVSA item "Annual assessments try to complete before the end of
  December." has no label in the seed and stays unlabelled.
* The SEND "Area for improvement 1" item is "Area for improvement 1:" followed
  by one plain paragraph (the seed's single ``list-style-type: none`` item);
  "Area for improvement 2" is followed by four plain paragraphs.
* The "Regulation 44 of the Children's Homes Regulations 2015" link of the
  original is plain text.
* The homes ratings table is transposed as in the seed (one column per home
  URN, "037521" keeps its leading zero); the "Sub judgements" row is one cell
  spanning all eight columns; the last home's (2812398) rating cells are empty.
  Its rows (unlike the main table's) are marked ``cantSplit`` so a short row
  is never cut in two.

The text (every row, the status key, the homes section) is in
:mod:`samples.generate.tracker_may2025_data`, one module per directorate; this
module only lays it out.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Pt

from samples.generate import docx_tools as dt
from samples.generate.docx_tools import Para, Run, bold, italic, plain
from samples.generate.tracker_may2025_data import MAIN_ROWS, TITLE
from samples.generate.tracker_may2025_data.homes import HOMES_HEADING, HOMES_PARAGRAPHS, HOMES_TABLE
from samples.generate.tracker_may2025_data.rows import (
    STATUS_KEY,
    Directorate,
    Inspection,
    MergedTitleBlock,
    Rec,
)

NAME = "tracker_may2025"

HEADER = (
    "Title and purpose",
    "Date",
    "Outstanding recommendations",
    "Original target date for completion",
    "Revised target date for completion",
    "Status",
    "Progress update",
)
#: Column widths in cm (sum = 29.7 - 2 x 1.27).
WIDTHS = (3.9, 2.3, 6.6, 2.4, 2.4, 1.9, 7.66)

HEADER_FILL = "D9D9D9"
DIRECTORATE_FILL = "D9E2F3"
STATUS_COLOURS = {
    "complete": "00B050",
    "on_track": "92D050",
    "partly_delayed": "FFC000",
    "significant_delay": "FF0000",
    "no_action_or_unknown": "BFBFBF",
    "awaiting_start": None,
}
#: Column widths in cm of the homes ratings table.
HOMES_WIDTHS = (5.5, 2.6, 2.6, 2.6, 2.6, 2.6, 2.6, 4.6)


# ------------------------------------------------------------------------ builders


def _title_paras(title: str, purpose: list[str], new: bool, purpose_italic: bool) -> list[Para]:
    head = (Run("NEW ", bold=True, color="FF0000"),) if new else ()
    paras = [Para((*head, Run(title, bold=True)))]
    paras += [italic(p) if purpose_italic else plain(p) for p in purpose]
    return paras


def _add_directorate(table, name: str) -> None:
    row = table.add_row()
    cell = dt.merge_horizontal(row, 0, 6)
    dt.fill_cell(cell, [bold(name)])
    dt.shade_cell(cell, DIRECTORATE_FILL)


def _add_inspection(table, item: Inspection) -> None:
    row = table.add_row()
    outcome = dt.merge_horizontal(row, 2, 6)
    cells = dt.row_cells(row)
    dt.fill_cell(cells[0], _title_paras(item.title, item.purpose, item.new, item.purpose_italic))
    dt.fill_cell(cells[1], item.dates)
    dt.fill_cell(outcome, item.outcome)


def _fill_rec(cells, rec: Rec) -> None:
    """Fill the seven cells (columns 1-7) of a recommendation row."""
    if rec.date_cell:
        dt.fill_cell(cells[1], [rec.date_cell])
    dt.fill_cell(cells[2], rec.item)
    dt.fill_cell(cells[3], [rec.original] if rec.original else [])
    dt.fill_cell(cells[4], [rec.revised] if rec.revised else [])
    colour = STATUS_COLOURS.get(rec.status) if rec.status else None
    if colour:
        dt.shade_cell(cells[5], colour)
    if rec.words_in_status_cell:
        dt.fill_cell(cells[5], [rec.status_words])
        dt.fill_cell(cells[6], rec.progress)
    else:
        words = [rec.status_words] if rec.status_words else []
        dt.fill_cell(cells[6], words + list(rec.progress))


def _add_rec(table, rec: Rec) -> None:
    row = table.add_row()
    _fill_rec(dt.row_cells(row), rec)


def _add_merged_block(table, block: MergedTitleBlock) -> None:
    first = len(table.rows)
    for paras in (block.outcome, block.progress):
        row = table.add_row()
        cell = dt.merge_horizontal(row, 1, 6)
        dt.fill_cell(cell, paras)
    for _ in block.recs:
        table.add_row()
    last = len(table.rows) - 1
    top = dt.merge_vertical(table, 0, first, last)
    dt.fill_cell(top, _title_paras(block.title, block.purpose, False, True))
    for i, rec in enumerate(block.recs):
        _fill_rec(dt.row_cells(table.rows[first + 2 + i]), rec)


def build_document(
    title: str = TITLE, rows: list[object] = MAIN_ROWS
) -> docx.document.Document:
    """The paper as a Word document; later editions pass their own title and rows."""
    doc = docx.Document()
    dt.set_landscape(doc, margins_cm=1.27)
    dt.set_base_font(doc, "Arial", 9, space_after=2)
    dt.style_heading(doc, "Heading 1", size=12)
    dt.style_heading(doc, "Heading 2", size=11, space_before=12)
    dt.fix_core_properties(doc, title=title, author="rectrack sample generator")

    doc.add_heading(title, level=1)

    table = dt.add_table(doc, 7, WIDTHS)
    header = table.add_row()
    for cell, text in zip(dt.row_cells(header), HEADER, strict=True):
        dt.fill_cell(cell, [bold(text)])
        dt.shade_cell(cell, HEADER_FILL)
    for item in rows:
        if isinstance(item, Directorate):
            _add_directorate(table, item.name)
        elif isinstance(item, Inspection):
            _add_inspection(table, item)
        elif isinstance(item, MergedTitleBlock):
            _add_merged_block(table, item)
        elif isinstance(item, Rec):
            _add_rec(table, item)
        else:  # pragma: no cover
            raise TypeError(item)
    dt.set_column_widths(table, WIDTHS)

    doc.add_heading("Status key", level=2)
    key = dt.add_table(doc, 2, (6.0, 14.0))
    for words, code, description in STATUS_KEY:
        row = key.add_row()
        a, b = dt.row_cells(row)
        dt.fill_cell(a, [words])
        dt.shade_cell(a, STATUS_COLOURS[code] or "FFFFFF")
        dt.fill_cell(b, [description])
    dt.set_column_widths(key, (6.0, 14.0))

    doc.add_heading(HOMES_HEADING, level=2)
    for text in HOMES_PARAGRAPHS:
        p = dt.add_paragraph(doc, text)
        p.paragraph_format.space_after = Pt(6)

    homes = dt.add_table(doc, 8, HOMES_WIDTHS)
    for i, values in enumerate(HOMES_TABLE):
        row = homes.add_row()
        dt.set_cant_split(row)  # the ratings table's rows stay whole, as in the seed
        if values is None:
            cell = dt.merge_horizontal(row, 0, 7)
            dt.fill_cell(cell, [bold("Sub judgements")])
            continue
        for j, (cell, text) in enumerate(zip(dt.row_cells(row), values, strict=True)):
            if text:
                dt.fill_cell(cell, [bold(text) if (i == 0 or j == 0) else plain(text)])
        if i == 0:
            for cell in dt.row_cells(row):
                dt.shade_cell(cell, HEADER_FILL)
    dt.set_column_widths(homes, HOMES_WIDTHS)
    return doc


def generate(out_dir: Path) -> list[Path]:
    """Write ``tracker_may2025.docx`` into ``out_dir``; return the files written."""
    path = dt.save_deterministic(build_document(), Path(out_dir) / f"{NAME}.docx")
    return [path]
