"""An Excel tracker, as councils keep them, written with XlsxWriter.

Sheet "Internal Audit": a title, the RAG key as a sentence in a merged cell
above the table, then the tracker: directorate rows merged across, each
audit's title merged down over its recommendations, the last audit on a
second page under the header row printed again, RAG cells filled with no
words, Finding / Priority / Owner / Management response columns and a
wrapped "Target\\nDate" header. Dates are real Excel dates shown "mmm yy"
("Mar 26") or "dd/mm/yyyy", and text ("Q3 2025/26", "Ongoing").

Sheet "External Audit": another tracker with other headers, the audit printed
on every row, Status cells that print "Green"/"Amber" on their fill (the key
above says what Green means), and financial-year quarters.

Sheet "Summary": counts by directorate, no tracker (nothing to read).
LibreOffice Calc prints the workbook to PDF, one sheet after another.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter

NAME = "workbook_tracker"
TITLE = "Internal Audit Recommendations Tracker – March 2026"
KEY = ("RAG key: Green – complete; Amber – in progress and on track; "
       "Red – significant delay")  # fmt: skip
FILLS = {"green": "#92D050", "amber": "#FFC000", "red": "#FF0000"}

INTERNAL_HEADER = ("Ref", "Audit", "Finding", "Recommendation", "Priority", "Owner",
                   "Management response", "Target\nDate", "Revised date", "RAG",
                   "Progress update")  # fmt: skip
#: (directorate, [(audit, [(ref, finding, recommendation, priority, owner, response,
#: target, revised, rag, progress)])])
INTERNAL: tuple[tuple[str, tuple[tuple[str, tuple[tuple[Any, ...], ...]], ...]], ...] = (
    ("Finance and Customer Services", (
        ("Accounts Payable 2025/26", (
            ("AP1", "Duplicate payments were not checked before each payment run.",
             "Run the duplicate payment report before every payment run.", "High",
             "Head of Exchequer", "Agreed: the report will be run weekly.",
             dt.date(2026, 3, 31), None, "green", "Report run weekly since January."),
            ("AP2", "Supplier bank detail changes were not verified by telephone.",
             "Verify every change of supplier bank details with a call-back.", "High",
             "Exchequer Manager", "Agreed: a call-back procedure will be written.",
             dt.date(2025, 12, 1), dt.date(2026, 5, 1), "amber",
             "Procedure drafted; training in April."),
            ("AP3", "Purchase orders were raised after the invoice in 30% of cases.",
             "Enforce a no purchase order, no pay policy.", "Medium",
             "Head of Procurement", "Agreed in part: exceptions will be listed.",
             "Q3 2025/26", "Ongoing", "red", "Policy not yet approved."),
        )),
    )),
    ("Regeneration and Environment", (
        ("Waste Collection Income", (
            ("WC1", "Trade waste customers were not invoiced in advance.",
             "Invoice trade waste customers quarterly in advance.", "Medium",
             "Waste Services Manager", "Agreed.",
             dt.date(2025, 9, 30), None, "green", "Quarterly invoicing in place."),
            ("WC2", "Debts over 90 days were not followed up.",
             "Follow up trade waste debts over 90 days every month.", "Low",
             "Income Manager", "Agreed: monthly aged debt report.",
             dt.date(2026, 6, 1), None, "amber", "First report issued in February."),
        )),
    )),
    ("Adult Care and Housing", (
        ("Direct Payments 2025/26", (
            ("DP1", "Unspent direct payment balances were not recovered.",
             "Review every account holding more than eight weeks of payments.", "High",
             "Head of Adult Finance", "Agreed: quarterly account reviews.",
             "Q2 2026/27", None, "amber", "First quarterly review done in January."),
            ("DP2", "Support plans did not record how payments would be spent.",
             "Record the agreed use of the payment in every support plan.", "Medium",
             "Principal Social Worker", "Agreed.",
             dt.date(2026, 1, 15), None, "green", "Template changed; audit confirmed."),
        )),
        ("Care Act Reviews 2025/26", (
            ("CR1", "Annual reviews were late for a third of recipients.",
             "Complete every annual review by its due date.", "Medium",
             "Head of Assessment", "Agreed: reviews added to the team dashboard.",
             "Rolling", None, "red", "Backlog of 140 reviews remains."),
            ("CR2", "Review outcomes were not recorded in the case record.",
             "Record the outcome of every review within five working days.", "Low",
             "Principal Social Worker", "Agreed.",
             "Sep 26", None, "amber", "Case record form changed in February."),
        )),
    )),
)

EXTERNAL_HEADER = ("Review", "No.", "Recommendation", "Risk rating", "Lead officer",
                   "Agreed date", "Revised target date", "Status", "Update")  # fmt: skip
EXTERNAL = (
    ("Value for Money Arrangements 2024/25 (KPMG)", "1",
     "Set out the savings needed in the medium term financial strategy.", "High",
     "Strategic Director of Finance", "Q4 2024/25", "Q2 2025/26", "amber", "Amber",
     "Savings plan to Cabinet in June."),
    ("Value for Money Arrangements 2024/25 (KPMG)", "2",
     "Report progress on the transformation programme to Cabinet quarterly.", "Medium",
     "Head of Transformation", "Q1 2025/26", "", "green", "Green",
     "Quarterly reports since July."),
    ("Statement of Accounts 2024/25 (KPMG)", "1",
     "Complete the fixed asset register reconciliation before the draft accounts.", "High",
     "Chief Accountant", "Mar 26", "", "red", "Red", "Not started: staff vacancy."),
)


def generate(out_dir: Path) -> list[Path]:
    """Write ``workbook_tracker.xlsx`` into ``out_dir``; return the files written."""
    path = Path(out_dir) / f"{NAME}.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": TITLE, "author": "rectrack sample generator",
                         "created": dt.datetime(2026, 3, 1, 9, 0, 0)})  # fmt: skip
    formats = _formats(book)
    _internal_sheet(book, formats)
    _external_sheet(book, formats)
    _summary_sheet(book, formats)
    book.close()
    return [path]


def _formats(book: Any) -> dict[str, Any]:
    base = {"font_name": "Arial", "font_size": 9, "text_wrap": True, "valign": "top",
            "border": 1}  # fmt: skip
    formats = {
        "title": book.add_format({"font_name": "Arial", "font_size": 14, "bold": True}),
        "text": book.add_format({"font_name": "Arial", "font_size": 9}),
        "header": book.add_format({**base, "bold": True, "bg_color": "#D9E2F3"}),
        "cell": book.add_format(base),
        "bold": book.add_format({**base, "bold": True}),
        "directorate": book.add_format({**base, "bold": True, "bg_color": "#E7E6E6"}),
        "month": book.add_format({**base, "num_format": "mmm yy", "align": "left"}),
        "day": book.add_format({**base, "num_format": "dd/mm/yyyy", "align": "left"}),
    }
    for name, colour in FILLS.items():
        formats[name] = book.add_format({**base, "bg_color": colour})
    return formats


def _page_setup(
    sheet: Any, widths: tuple[float, ...], header_row: int, breaks: tuple[int, ...] = ()
) -> None:
    """Landscape A4, the header row printed on every page; ``breaks``: rows (0-based)
    that start a new page (then the sheet is scaled, not fitted, so Calc keeps them)."""
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.set_landscape()
    sheet.set_paper(9)
    if breaks:
        sheet.set_print_scale(55)
        sheet.set_h_pagebreaks(list(breaks))
    else:
        sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)


def _date(sheet: Any, row: int, column: int, value: Any, formats: dict[str, Any]) -> None:
    """A real date ("mmm yy" on the 1st of a month, else day-first) or text as typed."""
    if isinstance(value, dt.date):
        shown = formats["month"] if value.day == 1 else formats["day"]
        sheet.write_datetime(row, column, dt.datetime(value.year, value.month, value.day), shown)
    else:
        sheet.write_string(row, column, value or "", formats["cell"])


def _internal_sheet(book: Any, formats: dict[str, Any]) -> None:
    sheet = book.add_worksheet("Internal Audit")
    widths = (5, 14, 22, 24, 8, 14, 20, 9, 9, 5, 22)
    last = len(widths) - 1
    sheet.merge_range(0, 0, 0, last, TITLE, formats["title"])
    sheet.merge_range(1, 0, 1, last, KEY, formats["text"])
    header_row = 3
    for column, text in enumerate(INTERNAL_HEADER):
        sheet.write_string(header_row, column, text, formats["header"])
    sheet.set_row(header_row, 26)
    row = header_row + 1
    starts = []
    for directorate, audits in INTERNAL:
        sheet.merge_range(row, 0, row, last, directorate, formats["directorate"])
        row += 1
        for audit, items in audits:
            starts.append(row)
            sheet.merge_range(row, 1, row + len(items) - 1, 1, audit, formats["bold"])
            for item in items:
                _internal_row(sheet, row, item, formats)
                row += 1
    # The last audit starts a new page, under the header printed again.
    _page_setup(sheet, widths, header_row, breaks=(starts[-1],))


def _internal_row(sheet: Any, row: int, item: tuple[Any, ...], formats: dict[str, Any]) -> None:
    ref, finding, text, priority, owner, response, target, revised, rag, progress = item
    for column, value in ((0, ref), (2, finding), (3, text), (4, priority), (5, owner),
                          (6, response), (10, progress)):  # fmt: skip
        sheet.write_string(row, column, value, formats["cell"])
    _date(sheet, row, 7, target, formats)
    _date(sheet, row, 8, revised, formats)
    sheet.write_blank(row, 9, None, formats[rag])
    sheet.set_row(row, 60)


def _external_sheet(book: Any, formats: dict[str, Any]) -> None:
    sheet = book.add_worksheet("External Audit")
    widths = (22, 5, 28, 9, 16, 10, 10, 8, 24)
    sheet.merge_range(0, 0, 0, len(widths) - 1, "External audit recommendations",
                      formats["title"])  # fmt: skip
    header_row = 2
    for column, text in enumerate(EXTERNAL_HEADER):
        sheet.write_string(header_row, column, text, formats["header"])
    for offset, item in enumerate(EXTERNAL, header_row + 1):
        review, number, text, rating, lead, agreed, revised, rag, words, update = item
        for column, value in enumerate((review, number, text, rating, lead, agreed, revised)):
            sheet.write_string(offset, column, value, formats["bold" if column == 0 else "cell"])
        sheet.write_string(offset, 7, words, formats[rag])
        sheet.write_string(offset, 8, update, formats["cell"])
        sheet.set_row(offset, 36)
    _page_setup(sheet, widths, header_row)


def _summary_sheet(book: Any, formats: dict[str, Any]) -> None:
    sheet = book.add_worksheet("Summary")
    sheet.write_string(0, 0, "Summary by directorate", formats["title"])
    rows = (("Directorate", "Total", "Closed", "Open"),
            ("Finance and Customer Services", "3", "1", "2"),
            ("Regeneration and Environment", "2", "1", "1"),
            ("Adult Care and Housing", "4", "1", "3"))  # fmt: skip
    for row, values in enumerate(rows, 2):
        for column, value in enumerate(values):
            sheet.write_string(row, column, value, formats["header" if row == 2 else "cell"])
    _page_setup(sheet, (30, 8, 8, 8), 2)
