"""Internal-audit follow-up trackers printed without column rules, with reportlab.

Many councils' internal audit teams publish their follow-up tracker as a
table with no ruling at all: columns are only aligned by white space, each
audit is a bold line across the whole width, and the recommendations follow
it, one row each. Two papers, written so no rule of the reader fits one file:

* ``audit_unruled.pdf`` (A4 landscape): no lines anywhere. Header "Ref |
  Recommendation | Priority | Responsible officer | Agreed date | Revised date
  | Status | Progress update", printed again at the top of every page; 16
  recommendations under 5 audits; the row IA-10 breaks over the page
  (reportlab's ``splitInRow``); a page footer ("Page N") under the table; a
  note in prose after it.
* ``audit_hrules.pdf`` (A4 landscape, other widths and words): the header row
  is a ruled box, the body has only horizontal rules between rows (no
  vertical line at all), the header is *not* printed again on the next page,
  each directorate is a larger bold line followed by its audits' bold lines;
  columns "Rec No | Recommendation | Risk rating | Lead officer | Target date |
  Revised deadline | Current status | Comments"; 12 recommendations; one row
  breaks over the page (reportlab's ``splitInRow``).

The words are invented (no seed has such a paper); the expected records in
``samples/layouts/expected/`` are written by hand from the tables below as
the pages show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)


@dataclass(frozen=True)
class Section:
    """A full-width bold line: an audit, or (``level`` 0) a directorate."""

    text: str
    level: int = 1


Row = tuple[str, ...]


@dataclass(frozen=True)
class Break:
    """A page break inside the row before it: the next page carries on with ``rest``
    (the rest of that row's cells) under the header printed again, as a word
    processor prints a row that does not fit."""

    rest: Row

TITLE_A = "Internal Audit Follow-up of Agreed Recommendations – October 2025"
HEADER_A = ("Ref", "Recommendation", "Priority", "Responsible officer", "Agreed date",
            "Revised date", "Status", "Progress update")  # fmt: skip
WIDTHS_A = (1.3, 7.4, 1.6, 2.9, 2.1, 2.1, 2.5, 6.8)
_IA10 = (
    "Enforce multi-factor authentication for every remote access account, including "
    "supplier and contractor accounts, and remove the exemption list held by the "
    "service desk. Accounts that cannot use multi-factor authentication must be "
    "disabled until a risk acceptance is signed by the Senior Information Risk Owner. "
    "Review the conditional access policies quarterly and report exceptions to the "
    "Information Governance Board, with a named owner and a date for each exception. "
    "Test the disabling of dormant accounts after 60 days and keep evidence of each "
    "test for the next audit."
)
_IA10_REST = (
    "Extend the same controls to the schools' network when it moves to the council's "
    "domain, and report progress to the Audit and Governance Committee at each "
    "meeting until the work is complete."
)
ROWS_A: Sequence[Section | Row | Break] = (
    Section("Payroll 2024/25 – Limited assurance"),
    ("IA-01", "Reconcile the payroll system to the general ledger every month and keep "
     "the signed reconciliation.", "High", "Head of Payroll", "30/09/2025", "",
     "Implemented", "Monthly reconciliations signed since April."),
    ("IA-02", "Remove leavers from the payroll system before their final pay date.",
     "High", "Head of HR", "31/07/2025", "30/11/2025", "Partially implemented",
     "Leavers' process revised; backlog of 14 cases being cleared."),
    ("IA-03", "Review overtime claims above £500 a month before payment.", "Medium",
     "Head of Payroll", "March 2026", "", "On track", "Draft procedure with managers."),
    ("IA-04", "Keep a log of changes to employees' bank details and check a sample "
     "each month.", "Low", "Payroll Manager", "Dec-25", "", "Not started",
     "Planned for the new payroll module."),
    Section("Creditors and Accounts Payable 2024/25 – Reasonable assurance"),
    ("IA-05", "Check supplier bank detail changes by calling the supplier on a known "
     "number.", "High", "Chief Accountant", "31/05/2025", "", "Implemented",
     "Call-back check in place and recorded."),
    ("IA-06", "Run the duplicate payment report every week and clear its exceptions.",
     "Medium", "Accounts Payable Manager", "30/06/2025", "31/10/2025", "Overdue",
     "Report built; clearing exceptions has not started."),
    ("IA-07", "Close dormant supplier accounts with no payment for two years.", "Low",
     "Accounts Payable Manager", "September 2025", "", "Implemented",
     "312 dormant accounts closed in August."),
    Section("Cyber Security and Remote Access 2024/25 – Limited assurance"),
    ("IA-08", "Keep an asset register of every laptop and mobile device, with its "
     "owner.", "Medium", "Head of ICT", "31/12/2025", "", "On track",
     "Register 80% complete."),
    ("IA-09", "Apply critical security patches within 14 days and report compliance "
     "monthly.", "High", "Head of ICT", "30/09/2025", "31/01/2026",
     "Partially implemented", "Servers compliant; laptops at 71%."),
    ("IA-10", _IA10, "High", "Head of ICT", "31/10/2025", "", "On track",
     "Multi-factor authentication live for staff;"),
    Break(("", _IA10_REST, "", "", "", "", "", "supplier accounts next.")),
    ("IA-11", "Test the restore of the finance system from backup twice a year.",
     "Medium", "ICT Infrastructure Manager", "March 2026", "", "Not started",
     "First test booked for February."),
    Section("Schools Financial Value Standard 2024/25 – Substantial assurance"),
    ("IA-12", "Remind schools to return the Standard by 31 March.", "Low",
     "Schools Finance Manager", "31/03/2025", "", "Implemented",
     "All returns received."),
    ("IA-13", "Follow up schools whose return shows no register of business "
     "interests.", "Medium", "Schools Finance Manager", "30/06/2025", "30/09/2025",
     "Implemented", "Seven schools followed up; registers now held."),
    Section("Fleet Management 2023/24 – Reasonable assurance"),
    ("IA-14", "Record every vehicle's mileage at each fuel purchase.", "Medium",
     "Fleet Manager", "31/03/2025", "", "Superseded",
     "Replaced by telematics (IA-16)."),
    ("IA-15", "Check drivers' licences against the DVLA record every six months.",
     "High", "Fleet Manager", "30/09/2024", "31/03/2026", "Overdue",
     "Licence checks stopped when the provider changed."),
    ("IA-16", "Fit telematics to the pool vehicles and review the reports monthly.",
     "Low", "Fleet Manager", "Oct-25", "", "On track", "Fitting under way."),
)  # fmt: skip
NOTE_A = (
    "Note: priorities are those agreed in the original audit report. Recommendations "
    "reported as implemented are verified by Internal Audit before they are closed."
)

TITLE_B = "Audit Recommendations Tracker – Position at 30 November 2025"
HEADER_B = ("Rec No", "Recommendation", "Risk rating", "Lead officer", "Target date",
            "Revised deadline", "Current status", "Comments")  # fmt: skip
WIDTHS_B = (1.7, 6.2, 1.9, 2.9, 2.3, 2.4, 2.5, 6.8)
_B7 = (
    "Introduce a single contract register for every contract above £5,000, holding "
    "the contract manager, start and end dates, value, and the date of the last "
    "performance review; publish the register quarterly as the Transparency Code "
    "requires; and make the register the only source used by the procurement "
    "pipeline report, so that contracts due to end in the next twelve months are "
    "seen by the Procurement Board in time to plan their re-tender or extension, "
    "with each decision recorded against the contract in the register. Contract "
    "managers should confirm their entries every quarter, and the Head of Procurement "
    "should report any contract found outside the register to the Audit Committee, "
    "with the reason it was missed and the action taken. The register should be "
    "reconciled to the creditors system twice a year."
)
ROWS_B: Sequence[Section | Row] = (
    Section("Corporate Services", 0),
    Section("Council Tax Collection (Reasonable)"),
    ("CT1", "Issue reminders within 14 days of a missed instalment.", "Medium",
     "Revenues Manager", "31/12/2025", "", "In progress", "Automated reminders tested."),
    ("CT2", "Review single person discounts every year.", "High", "Revenues Manager",
     "March 2025", "September 2025", "Completed", "Review finished in July."),
    ("CT3", "Reconcile the valuation list to the council tax system each quarter.",
     "Low", "Revenues Team Leader", "30/06/2025", "", "Completed",
     "Quarterly reconciliation in place."),
    Section("Information Governance (Limited)"),
    ("IG1", "Complete data protection training for every member of staff.", "High",
     "Data Protection Officer", "31/03/2025", "31/12/2025", "Behind schedule",
     "Completion at 86%."),
    ("IG2", "Keep the record of processing activities up to date.", "Medium",
     "Data Protection Officer", "Sep-25", "", "Completed", "Updated and approved."),
    Section("Place", 0),
    Section("Highways Maintenance Contract (Limited)"),
    ("HW1", "Check a sample of contractor invoices against completed works.", "High",
     "Highways Manager", "30/09/2025", "", "Not yet started",
     "Waiting for the new contract manager."),
    ("HW2", _B7, "High", "Head of Procurement", "31/01/2026", "", "In progress",
     "Register drafted; quarterly publication from January."),
    ("HW3", "Hold monthly contract meetings with minutes and actions.", "Medium",
     "Highways Manager", "31/08/2025", "", "Completed", "Meetings held since June."),
    Section("Planning Fees (Substantial)"),
    ("PL1", "Reconcile planning fees received to applications validated.", "Low",
     "Planning Manager", "30/11/2025", "", "In progress", "First reconciliation done."),
    ("PL2", "Refund fees within 28 days where an application is withdrawn.", "Low",
     "Planning Manager", "31/10/2025", "28/02/2026", "Delayed",
     "Refund process waiting for finance approval."),
    ("PL3", "Publish the fee schedule on the council website.", "Low",
     "Planning Manager", "31/05/2025", "", "Completed", "Published in May."),
    ("PL4", "Check pre-application advice fees are charged before meetings.", "Medium",
     "Planning Manager", "Dec-25", "", "In progress", "Checks started in November."),
)  # fmt: skip


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=base["BodyText"], fontName="Helvetica",
                          fontSize=8, leading=9.6)
    return {
        "title": ParagraphStyle("t", parent=base["Title"], fontSize=14, alignment=0),
        "body": ParagraphStyle("b", parent=base["BodyText"], fontSize=9, leading=11),
        "cell": cell,
        "head": ParagraphStyle("h", parent=cell, fontName="Helvetica-Bold"),
        "audit": ParagraphStyle("a", parent=cell, fontName="Helvetica-Bold", fontSize=8.5),
        "directorate": ParagraphStyle("d", parent=cell, fontName="Helvetica-Bold",
                                      fontSize=10, leading=12),
    }  # fmt: skip


def _tables(header: Row, rows: Sequence[Section | Row | Break], widths: Sequence[float],
            ruled_header: bool) -> list[Any]:
    """The tracker as reportlab tables, one per ``Break``, with page breaks between."""
    flowables: list[Any] = []
    part: list[Section | Row] = []
    for row in rows:
        if isinstance(row, Break):
            flowables += [_table(header, part, widths, ruled_header), PageBreak()]
            part = [row.rest]
        else:
            part.append(row)
    return [*flowables, _table(header, part, widths, ruled_header)]


def _table(header: Row, rows: Sequence[Section | Row], widths: Sequence[float],
           ruled_header: bool) -> Table:
    """One table: sections span every column, no vertical lines in the body."""
    styles = _styles()
    data: list[list[Any]] = [[Paragraph(h, styles["head"]) for h in header]]
    commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    for index, row in enumerate(rows, start=1):
        if isinstance(row, Section):
            style = styles["directorate" if row.level == 0 else "audit"]
            data.append([Paragraph(row.text, style)] + [""] * (len(header) - 1))
            commands.append(("SPAN", (0, index), (-1, index)))
        else:
            data.append([Paragraph(text, styles["cell"]) for text in row])
    if ruled_header:
        commands += [("GRID", (0, 0), (-1, 0), 0.6, colors.black),
                     ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.grey)]  # fmt: skip
    return Table(data, colWidths=[w * cm for w in widths], style=TableStyle(commands),
                 splitInRow=1)


def _footer(canvas: Any, document: Any) -> None:
    """A page number under the table, as most papers print one."""
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawCentredString(landscape(A4)[0] / 2, 0.8 * cm, f"Page {document.page}")
    canvas.restoreState()


def _write(path: Path, title: str, intro: str, tables: list[Any], after: str,
           footer: bool) -> Path:
    styles = _styles()
    document = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=1.5 * cm,
                                 rightMargin=1.5 * cm, topMargin=1.5 * cm,
                                 bottomMargin=1.6 * cm, invariant=1, title=title)
    story = [Paragraph(title, styles["title"]), Paragraph(intro, styles["body"]),
             Spacer(1, 8), *tables]
    if after:
        story += [Spacer(1, 10), Paragraph(after, styles["body"])]
    pages = {"onFirstPage": _footer, "onLaterPages": _footer} if footer else {}
    document.build(story, **pages)
    return path


def generate(out_dir: Path) -> list[Path]:
    """Write both papers into ``out_dir``; return the files written."""
    out_dir = Path(out_dir)
    a = _write(out_dir / "audit_unruled.pdf", TITLE_A,
               "This report sets out progress against the recommendations agreed with "
               "management in internal audit reports issued in 2023/24 and 2024/25. "
               "Each audit is shown with its assurance opinion.",
               _tables(HEADER_A, ROWS_A, WIDTHS_A, ruled_header=False), NOTE_A,
               footer=True)
    b = _write(out_dir / "audit_hrules.pdf", TITLE_B,
               "Progress reported by lead officers against agreed audit "
               "recommendations, by directorate. The assurance opinion of each audit is "
               "shown after its name. Recommendations reported as completed are checked "
               "by Internal Audit at its next visit, and closed only when the evidence "
               "has been seen. Lead officers were asked for their updates in November.",
               _tables(HEADER_B, ROWS_B, WIDTHS_B, ruled_header=True), "",
               footer=False)
    return [a, b]
