"""Trackers as committees publish them: under a committee heading, in editions, in a pack.

Not rebuilt from a seed: these papers are made up, to test which paper a file
is (``extractors.identity``), how editions join a series (``pipeline.reconcile.series``)
and how an agenda pack is cut into its papers (``extractors.packs``). Their
expected records (``samples/expected/committee_papers.json``) were written by
hand from the PDFs as printed.

- ``committee_tracker``: "Audit and Governance Committee – 14 October 2025"
  heads the first page; the tracker's own title is the appendix heading below
  ("Appendix A: External Audit Recommendations Action Plan – position at
  1 October 2025").
- ``audit_tracker_2025_03`` / ``_06`` / ``_09``: three editions of the internal
  audit tracker of the same committee; the third is retitled ("Internal
  Audit Actions Tracker – update September 2025"), drops one complete item and
  adds one. A different tracker of the same committee as the one above.
- ``agenda_pack``: 160 pages: a cover and agenda, the minutes of the last
  meeting (numbered resolutions), a treasury report ending "That the committee
  notes the report", a strategic risk register (a table of risks), the
  internal audit tracker as Appendix 2 in the middle, a budget monitoring
  table, and an Ofsted focused visit report (a narrative report) near the end.
  Filler pages are one short paragraph each, so the files stay small.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document as WordDocument

from samples.generate import docx_tools as dt
from samples.generate.docx_tools import bold, bullet, plain

COMMITTEE = "Audit and Governance Committee"
HEADER = ("Ref", "Audit", "Recommendation", "Priority", "Responsible officer", "Target date",
          "Revised date", "Status", "Progress update")
WIDTHS = (1.2, 2.8, 5.6, 1.9, 2.6, 2.3, 2.4, 2.0, 5.0)
Item = tuple[str, str, str, str, str, str, str, str, str]

PAYROLL = "Payroll controls 2024/25"
CREDITORS = "Creditor payments 2024/25"
CYBER = "Cyber security 2025/26"
# (ref, audit, recommendation, priority, owner, target, revised, status, progress)
MARCH: list[Item] = [
    ("IA1", PAYROLL, "Reconcile the payroll to the ledger every month and keep the evidence.",
     "High", "Head of HR", "June 2025", "", "On track", "Monthly reconciliations started."),
    ("IA2", PAYROLL, "Remove leavers from the payroll system within five working days.",
     "Medium", "Payroll Manager", "May 2025", "", "Complete", "Leavers report now daily."),
    ("IA3", CREDITORS, "Check new supplier bank details by calling a known contact.",
     "High", "Finance Manager", "April 2025", "", "On track", "Procedure drafted."),
    ("IA4", CREDITORS, "Review duplicate payment reports weekly.",
     "Low", "Finance Manager", "July 2025", "", "Not started", "Due to start in June."),
]
JUNE: list[Item] = [
    ("IA1", PAYROLL, "Reconcile the payroll to the ledger every month and keep the evidence.",
     "High", "Head of HR", "June 2025", "", "On track", "Reconciliations done for April and May."),
    MARCH[1],
    ("IA3", CREDITORS, "Check new supplier bank details by calling a known contact.",
     "High", "Finance Manager", "April 2025", "September 2025", "Delayed",
     "Awaiting the new finance system."),
    ("IA4", CREDITORS, "Review duplicate payment reports weekly.",
     "Low", "Finance Manager", "July 2025", "", "On track", "Weekly reviews started in June."),
]
SEPTEMBER: list[Item] = [
    ("IA1", PAYROLL, "Reconcile the payroll to the ledger every month and keep the evidence.",
     "High", "Head of HR", "June 2025", "", "Complete", "Reconciliations embedded."),
    ("IA3", CREDITORS, "Check new supplier bank details by calling a known contact.",
     "High", "Finance Manager", "April 2025", "September 2025", "Delayed",
     "The finance system goes live in November."),
    JUNE[3],
    ("IA5", CYBER, "Test the backup restore of the revenues system twice a year.",
     "High", "Head of ICT", "December 2025", "", "On track", "First test booked."),
]
EXTERNAL: list[Item] = [
    ("EA1", "Value for money 2024/25 (Grant Thornton)",
     "Set out a savings plan that closes the medium-term budget gap.",
     "High", "Section 151 Officer", "March 2026", "", "On track", "Plan drafted for Cabinet."),
    ("EA2", "Accounts audit 2024/25 (Grant Thornton)",
     "Keep a register of property valuations with the valuer's evidence.",
     "Medium", "Head of Property", "January 2026", "", "Not started", "Valuer appointed."),
]
TITLES = {
    "audit_tracker_2025_03": "Internal Audit Recommendations Tracker – position at 1 March 2025",
    "audit_tracker_2025_06": "Internal Audit Recommendations Tracker – position at 1 June 2025",
    "audit_tracker_2025_09": "Internal Audit Actions Tracker – update September 2025",
}
MEETINGS = {"audit_tracker_2025_03": "17 March 2025", "audit_tracker_2025_06": "16 June 2025",
            "audit_tracker_2025_09": "22 September 2025"}


def new_document(landscape: bool = True) -> WordDocument:
    """An A4 document, Arial 10 pt, landscape for trackers."""
    doc = docx.Document()
    if landscape:
        dt.set_landscape(doc)
    dt.set_base_font(doc, "Arial", 10)
    dt.style_heading(doc, "Heading 1", "Arial", 14)
    dt.style_heading(doc, "Heading 2", "Arial", 12)
    return doc


def tracker_table(doc: WordDocument, items: Sequence[Item]) -> None:
    """A ruled tracker table: a repeated header row, one row per recommendation."""
    table = dt.add_table(doc, len(HEADER))
    dt.set_grid_widths(table, WIDTHS)
    header = dt.add_row(table)
    dt.set_repeat_header(header)
    for cell, text in zip(dt.row_cells(header), HEADER, strict=True):
        dt.fill_cell(cell, [bold(text)])
    for item in items:
        row = dt.add_row(table)
        for cell, text in zip(dt.row_cells(row), item, strict=True):
            dt.fill_cell(cell, [plain(text)])
    dt.set_column_widths(table, WIDTHS)


def edition(doc: WordDocument, name: str) -> None:
    """One edition of the internal audit tracker: committee heading, title, table."""
    items = {"audit_tracker_2025_03": MARCH, "audit_tracker_2025_06": JUNE,
             "audit_tracker_2025_09": SEPTEMBER}[name]
    dt.add_paragraph(doc, bold(f"{COMMITTEE} – {MEETINGS[name]}"))
    doc.add_paragraph(TITLES[name], style="Heading 1")
    tracker_table(doc, items)


def committee_tracker(doc: WordDocument) -> None:
    """The external audit action plan under its committee heading."""
    dt.add_paragraph(doc, bold(f"{COMMITTEE} – 14 October 2025"))
    doc.add_paragraph("Appendix A: External Audit Recommendations Action Plan – position at "
                      "1 October 2025", style="Heading 1")
    tracker_table(doc, EXTERNAL)


# --- the agenda pack ------------------------------------------------------------------

FILLER = ("This page continues the report's discussion of the council's arrangements. "
          "It is part of the published papers for the meeting.")


def front_sheet(doc: WordDocument, item: int, title: str) -> None:
    """A report's front sheet on a new page: agenda item, report to, title, date."""
    doc.add_page_break()
    dt.add_paragraph(doc, bold(f"Agenda item {item}"))
    dt.add_paragraph(doc, plain(f"Report to: {COMMITTEE}"))
    dt.add_paragraph(doc, plain("Meeting date: 14 October 2025"))
    dt.add_paragraph(doc, bold("Title:"))
    dt.add_paragraph(doc, bold(title))


def filler(doc: WordDocument, pages: int) -> None:
    """``pages`` pages of one short paragraph each."""
    for _ in range(pages):
        doc.add_page_break()
        dt.add_paragraph(doc, plain(FILLER))


def simple_table(doc: WordDocument, rows: Sequence[Sequence[str]], widths: Sequence[float],
                 ) -> None:
    """A ruled table, first row bold."""
    table = dt.add_table(doc, len(rows[0]))
    dt.set_grid_widths(table, widths)
    for number, values in enumerate(rows):
        row = dt.add_row(table)
        for cell, text in zip(dt.row_cells(row), values, strict=True):
            dt.fill_cell(cell, [bold(text) if number == 0 else plain(text)])
    dt.set_column_widths(table, widths)


def minutes(doc: WordDocument) -> None:
    """The minutes of the last meeting: numbered resolutions, not recommendations."""
    doc.add_page_break()
    dt.add_paragraph(doc, bold(f"Minutes of the meeting of the {COMMITTEE} held on 16 June 2025"))
    dt.add_paragraph(doc, plain("The committee made the following recommendations to Cabinet:"))
    for number, text in enumerate((
            "RESOLVED: That the minutes of the meeting held on 17 March 2025 be approved.",
            "RESOLVED: That the internal audit tracker be noted.",
            "RESOLVED: That the annual governance statement be recommended to Council."), 1):
        dt.add_paragraph(doc, plain(f"{number}. {text}"))


def treasury(doc: WordDocument) -> None:
    front_sheet(doc, 5, "Treasury Management Mid-Year Review 2025/26")
    dt.add_paragraph(doc, bold("Recommendations:"))
    dt.add_paragraph(doc, bullet("That the committee notes the report."))
    dt.add_paragraph(doc, bullet("That the committee notes the prudential indicators."))
    filler(doc, 20)


def risk_register(doc: WordDocument) -> None:
    front_sheet(doc, 6, "Strategic Risk Register – Quarter 2 2025/26")
    simple_table(doc, [
        ("Risk", "Description", "Likelihood", "Impact", "Risk rating", "Owner",
         "Mitigating action"),
        ("SR1", "Budget gap over the medium term", "4", "5", "20", "Section 151 Officer",
         "Savings plan and reserves policy"),
        ("SR2", "Cyber attack on council systems", "3", "5", "15", "Head of ICT",
         "Backups tested; staff training"),
    ], (1.2, 5.0, 2.0, 2.0, 2.0, 3.5, 6.0))
    filler(doc, 20)


def tracker_appendix(doc: WordDocument) -> None:
    front_sheet(doc, 7, "Internal Audit Recommendations – Progress Report")
    dt.add_paragraph(doc, plain("The tracker at Appendix 2 shows the progress made."))
    filler(doc, 5)
    doc.add_page_break()
    doc.add_paragraph("Appendix 2: Internal Audit Recommendations Tracker – position at "
                      "1 October 2025", style="Heading 1")
    tracker_table(doc, SEPTEMBER)
    filler(doc, 20)


def budget(doc: WordDocument) -> None:
    front_sheet(doc, 8, "Budget Monitoring – Quarter 2 2025/26")
    simple_table(doc, [
        ("Service", "Budget 2025/26", "Forecast", "Variance", "Comments"),
        ("Adult social care", "£92.1m", "£95.0m", "£2.9m", "Placement costs above plan"),
        ("Children's services", "£64.3m", "£66.1m", "£1.8m", "Agency staff"),
    ], (5.0, 3.0, 3.0, 3.0, 8.0))
    filler(doc, 20)


def focused_visit(doc: WordDocument) -> None:
    front_sheet(doc, 9, "Ofsted Focused Visit to Children's Services – findings")
    dt.add_paragraph(doc, plain("Ofsted carried out a focused visit on 3 and 4 June 2025. "
                                "The letter was published on 10 July 2025."))
    dt.add_paragraph(doc, plain("Ofsted identified the following areas for improvement:"))
    for text in ("The timeliness of initial child protection conferences.",
                 "The quality of supervision for social workers."):
        dt.add_paragraph(doc, bullet(text))
    filler(doc, 10)


def agenda_pack(doc: WordDocument) -> None:
    """The whole pack, in agenda order."""
    dt.add_paragraph(doc, bold(f"{COMMITTEE} – 14 October 2025 – Agenda pack"))
    for number, item in enumerate(("Apologies", "Minutes of the last meeting",
                                   "Treasury management", "Strategic risk register",
                                   "Internal audit recommendations", "Budget monitoring",
                                   "Ofsted focused visit"), 2):
        dt.add_paragraph(doc, plain(f"Item {number}: {item}"))
    minutes(doc)
    filler(doc, 50)
    for part in (treasury, risk_register, tracker_appendix, budget, focused_visit):
        part(doc)


def generate(out_dir: Path) -> list[Path]:
    """Write every paper of this module as DOCX into ``out_dir``."""
    written = []
    builders = {"committee_tracker": committee_tracker, "agenda_pack": agenda_pack}
    builders.update({name: (lambda d, n=name: edition(d, n)) for name in TITLES})
    for name, build in builders.items():
        doc = new_document()
        build(doc)
        dt.fix_core_properties(doc, title=name)
        written.append(dt.save_deterministic(doc, out_dir / f"{name}.docx"))
    return written

