"""A tracker written as an HTML table and printed to PDF by Chromium.

Councils whose trackers live in a web system or a Markdown/HTML report print
them from the browser. What that gives a reader to work with, on purpose:

* borders drawn by CSS (``border-collapse``), which Chromium's Skia writes as
  thin filled rectangles, not stroked lines;
* the ``<thead>`` row printed again at the top of every page;
* the audit's title cell (bold title, italic purpose) spanning its
  recommendation rows with ``rowspan``, one of them across a page break;
* a "Revised due date" column beside an "Original due date" one;
* the status only as the RAG cell's background colour, explained by a key
  written as a sentence above the table (no status words anywhere);
* directorates as rows of one cell across the table;
* the first recommendation of an audit long enough to break across the page,
  with the audit's title cell beside it.

``html_tracker.html`` is kept beside the PDF so the source can be read. The
words are invented; the expected records are written by hand from the page.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from samples.generate.chromium import print_pdf

NAME = "html_tracker"
TITLE = "External Audit and Inspection Recommendations – December 2025"
KEY = ("RAG key: Green – complete; Amber – in progress and on track; Red – significantly "
       "delayed or overdue; Grey – no longer applicable.")  # fmt: skip
INTRO = ("This tracker lists the recommendations made by the council's external auditors, "
         "its internal audit service and other review bodies that are not yet closed, with "
         "the update given by each action owner. Recommendations are closed when the "
         "committee has seen the evidence that they have been put in place.")  # fmt: skip
HEADER = ("Audit", "Ref", "Recommendation", "Priority", "Action owner", "Original due date",
          "Revised due date", "RAG", "Update")  # fmt: skip
WIDTHS = (14, 5, 25, 6, 10, 8, 8, 4, 20)  # per cent
RAG = {"Green": "#00B050", "Amber": "#FFC000", "Red": "#FF0000", "Grey": "#BFBFBF"}


@dataclass(frozen=True)
class Rec:
    ref: str
    text: str
    priority: str
    owner: str
    original: str
    revised: str
    rag: str
    update: str


@dataclass(frozen=True)
class Audit:
    title: str
    purpose: str
    recs: tuple[Rec, ...]


_LONG = (
    "Agree a price list for common repairs with the contractor, covering at least the "
    "two hundred most frequent jobs by volume and value, and check every invoice against "
    "it before payment. Jobs not on the list should be priced by the contractor in "
    "advance and approved by the Repairs Manager before work starts, except for "
    "emergencies, which should be approved within two working days. The price list "
    "should be reviewed each April with the contract's inflation clause, and the "
    "savings against the old schedule of rates reported to the housing board twice a "
    "year. Variations above £5,000 should be signed by the Head of Housing Assets. "
    "Where the contractor disputes a price, the dispute and its outcome should be "
    "recorded against the job, and disputes still open after a month should be "
    "reported to the contract board with the sums involved."
)

DIRECTORATES: tuple[tuple[str, tuple[Audit, ...]], ...] = (
    ("Resources", (
        Audit("Accounts Payable (KPMG)", "Annual review of controls over payments to suppliers.", (
            Rec("AP1", "Approve new suppliers only with two people's sign-off.", "High",
                "Head of Finance", "31/03/2025", "", "Green", "Dual sign-off in place."),
            Rec("AP2", "Check the payment file against the approved batch before release.",
                "High", "Payments Manager", "30/06/2025", "31/12/2025", "Amber",
                "Check designed; system change booked for December."),
            Rec("AP3", "Review standing data changes weekly.", "Medium", "Payments Manager",
                "Sep-25", "", "Red", "No progress: staff shortage."),
        )),
        Audit("Treasury Management (Internal Audit)", "Compliance with the treasury strategy.", (
            Rec("TM1", "Report counterparty limits to the section 151 officer monthly.",
                "Medium", "Treasury Manager", "March 2025", "", "Green",
                "Monthly report since April."),
            Rec("TM2", "Record the reason for each breach of a limit.", "Low",
                "Treasury Manager", "30/09/2025", "", "Green", "Breach log started."),
        )),
    )),
    ("Place and Housing", (
        Audit("Property Compliance (CIPFA)",
              "Review of statutory compliance checks on council buildings.", (
            Rec("PC1", "Keep one list of the buildings the council is responsible for.",
                "High", "Head of Property", "31/12/2024", "30/06/2025", "Green",
                "List agreed with services in May."),
            Rec("PC2", "Bring the compliance records for gas, electrical, fire, water and lift "
                "safety into one system.", "High", "Head of Property", "31/03/2026", "", "Amber",
                "System procured; gas and electrical records loaded."),
            Rec("PC3", "Train building managers on their compliance duties.", "Medium",
                "Corporate Landlord Manager", "Dec-25", "", "Amber", "Two of five sessions held."),
            Rec("PC4", "Test a sample of fire risk assessments each quarter.", "Medium",
                "Fire Safety Officer", "30/09/2025", "31/03/2026", "Red",
                "Sampling postponed until the records are in one system."),
        )),
        Audit("Housing Repairs Contract (Internal Audit)",
              "Follow-up of the 2023/24 audit of the repairs and maintenance contract.", (
            Rec("HR1", _LONG, "High", "Head of Housing Assets", "31/05/2025", "", "Green",
                "Price list in use since June for planned and responsive repairs."),
            Rec("HR2", "Check completed repairs on a sample of homes each month.", "High",
                "Repairs Manager", "31/07/2025", "30/11/2025", "Amber",
                "Inspections started in October."),
            Rec("HR3", "Report repairs not finished within target to the housing board.",
                "Medium", "Repairs Manager", "August 2025", "", "Grey",
                "Replaced by the new contract's reports."),
            Rec("HR4", "Recover the cost of repairs recharged to tenants.", "Low",
                "Income Manager", "31/03/2026", "", "Amber", "Recharge policy drafted."),
            Rec("HR5", "Review the contractor's insurance certificates every year.", "Low",
                "Contracts Officer", "30/04/2025", "", "Green", "Certificates checked in April."),
        )),
    )),
)  # fmt: skip

STYLE = """
@page { size: A4 landscape; margin: 1.4cm 1.5cm; }
body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 8.5pt; }
h1 { font-size: 15pt; margin: 0 0 6pt 0; }
p.key { margin: 0 0 8pt 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 0.8px solid #444; padding: 3pt 4pt; vertical-align: top; text-align: left; }
th { background: #D9D9D9; }
td.directorate { background: #DDEBF7; font-weight: bold; }
tr { break-inside: auto; }
"""


def page_html() -> str:
    """The whole tracker as one HTML document."""
    cols = "".join(f'<col style="width:{w}%">' for w in WIDTHS)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in HEADER)
    body = []
    for directorate, audits in DIRECTORATES:
        body.append(f'<tr><td class="directorate" colspan="{len(HEADER)}">'
                    f"{html.escape(directorate)}</td></tr>")  # fmt: skip
        for audit in audits:
            body += _audit_rows(audit)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(TITLE)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{html.escape(TITLE)}</h1>"
        f"<p>{html.escape(INTRO)}</p><p class='key'>{html.escape(KEY)}</p>"
        f"<table><colgroup>{cols}</colgroup>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></body></html>"
    )


def _audit_rows(audit: Audit) -> list[str]:
    """An audit's rows: its title cell spans all of them (``rowspan``)."""
    title = (f'<td rowspan="{len(audit.recs)}"><b>{html.escape(audit.title)}</b> '
             f"<i>{html.escape(audit.purpose)}</i></td>")  # fmt: skip
    rows = []
    for index, rec in enumerate(audit.recs):
        cells = [rec.ref, rec.text, rec.priority, rec.owner, rec.original, rec.revised]
        tds = "".join(f"<td>{html.escape(text)}</td>" for text in cells)
        tds += f'<td style="background:{RAG[rec.rag]}"></td><td>{html.escape(rec.update)}</td>'
        rows.append(f"<tr>{title if index == 0 else ''}{tds}</tr>")
    return rows


def generate(out_dir: Path) -> list[Path]:
    """Write ``html_tracker.html`` and its Chromium print ``html_tracker.pdf``."""
    source = Path(out_dir) / f"{NAME}.html"
    source.write_text(page_html(), "utf-8")
    return [source, print_pdf(source, Path(out_dir) / f"{NAME}.pdf")]
