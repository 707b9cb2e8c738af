"""Another council's tracker, built with reportlab: a different layout on purpose.

Columns in another order and with other names (Ref, Audit, Recommendation,
Priority, Responsible officer, Agreed date, Revised date, RAG, Management
update), day-first dates, the header repeated on every page, RAG cells
coloured, and one long row split across a page break. ``EXPECTED`` is what a
reader must get from it, written by hand from ``ROWS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

HEADER = ("Ref", "Audit", "Recommendation", "Priority", "Responsible officer",
          "Agreed date", "Revised date", "RAG", "Management update")  # fmt: skip
TITLE = "Internal Audit Recommendations Tracker – 30 September 2025"
RAG = {"Green": "#00B050", "Amber": "#FFC000", "Red": "#FF0000", "Blue": "#0070C0"}
_LONG = " ".join(f"Step {n}: confirm the monthly reconciliation of ledger {n} is signed off."
                 for n in range(1, 30))
ROWS = (
    ("IA1", "Payroll 2024/25", "Reconcile payroll to the ledger every month.", "High",
     "Head of Payroll", "30/09/25", "", "Green", "Done for July and August."),
    ("IA2", "Payroll 2024/25", "Remove leavers from the payroll system promptly.", "Medium",
     "Head of HR", "31/03/25", "30/06/25", "Amber", "Backlog cleared to May."),
    ("IA3", "Creditors 2024/25", _LONG, "High", "Head of Finance", "01/10/25", "", "Red",
     "No progress: team vacancies."),
    ("IA4", "Creditors 2024/25", "Check duplicate supplier bank details quarterly.", "Low",
     "Head of Finance", "31/12/24", "", "Blue", "Implemented in January."),
)  # fmt: skip
EXPECTED = [
    {"label": "IA1", "inspection": "Payroll 2024/25",
     "recommendation": "Reconcile payroll to the ledger every month.",
     "original_target": "2025-09-30", "revised_target": "", "status": "on_track",
     "status_text": "Green", "status_colour": "00B050", "progress": "Done for July and August.",
     "page": 1},
    {"label": "IA2", "inspection": "Payroll 2024/25",
     "recommendation": "Remove leavers from the payroll system promptly.",
     "original_target": "2025-03-31", "revised_target": "2025-06-30", "status": "partly_delayed",
     "status_text": "Amber", "status_colour": "FFC000", "progress": "Backlog cleared to May.",
     "page": 1},
    {"label": "IA3", "inspection": "Creditors 2024/25", "recommendation": _LONG,
     "original_target": "2025-10-01", "revised_target": "", "status": "significant_delay",
     "status_text": "Red", "status_colour": "FF0000", "progress": "No progress: team vacancies.",
     "page": 1},
    {"label": "IA4", "inspection": "Creditors 2024/25",
     "recommendation": "Check duplicate supplier bank details quarterly.",
     "original_target": "2024-12-31", "revised_target": "", "status": "complete",
     "status_text": "Blue", "status_colour": "0070C0", "progress": "Implemented in January.",
     "page": 2},
]  # fmt: skip


def write_other_council_pdf(path: Path) -> Path:
    """Write the tracker as an A4 portrait PDF whose third row breaks over page 1.

    The break is laid out as a word processor prints it: page 1 ends with the
    first half of row IA3, page 2 repeats the header and carries on with the
    rest of IA3 (its other cells empty, its RAG cell still coloured), then IA4.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    styles = _styles()
    first, rest = _LONG[: _LONG.index(" Step 21")], _LONG[_LONG.index("Step 21") :]
    split_row = (*ROWS[2][:2], first, *ROWS[2][3:])
    rest_row = ("", "", rest, "", "", "", "", "", "")
    filler = Paragraph("Summary of progress. " * 60, styles["BodyText"])
    document = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=cm, rightMargin=cm,
                                 topMargin=1.5 * cm, bottomMargin=1.5 * cm, invariant=1)
    document.build([
        Paragraph(TITLE, styles["Title"]), filler,
        _table([ROWS[0], ROWS[1], split_row], ["Green", "Amber", "Red"], styles), PageBreak(),
        _table([rest_row, ROWS[3]], ["Red", "Blue"], styles),
    ])  # fmt: skip
    return path


def _styles() -> Any:
    """reportlab's sample styles plus small cell styles."""
    from reportlab.lib.styles import getSampleStyleSheet

    styles = getSampleStyleSheet()
    styles.add(styles["BodyText"].clone("cell", fontSize=7, leading=8.5))
    styles.add(styles["cell"].clone("head", fontName="Helvetica-Bold"))
    return styles


def _table(rows: list[tuple[str, ...]], fills: list[str], styles: Any) -> Any:
    """A ruled table: the header, then ``rows``, each RAG cell filled per ``fills``."""
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(h, styles["head"]) for h in HEADER]]
    data += [[Paragraph(text, styles["cell"]) for text in row] for row in rows]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9"))]  # fmt: skip
    for number, fill in enumerate(fills, start=1):
        style.append(("BACKGROUND", (7, number), (7, number), colors.HexColor(RAG[fill])))
    widths = [1.1, 2.2, 4.6, 1.4, 2.2, 1.6, 1.6, 1.2, 3.2]
    return Table(data, colWidths=[w * cm for w in widths], style=TableStyle(style))
