"""Four Word trackers, each explaining its RAG colours another way (or not at all).

- ``key_sentence``: "RAG key: Green – complete; Amber – in progress and on
  track; Red – significant delay" above the table; RAG cells are colour only,
  in light green 92D050 (the key says "Green"); Finding and Recommendation
  columns side by side; a header wrapped inside a word ("Agreed Imple /
  mentation Date"); "Revised due date"; the table starts on page 2.
- ``key_list``: "Key:" then one definition per paragraph ("G = Complete"); the
  Status cells print the letters; the audit is printed on every row, no
  directorate rows; "Recom- / mendation" and "Target / Date" headers.
- ``key_swatches``: the key after the table, as a legend of filled cells next
  to their words; labels inside the recommendation text ("Rec 1: …"); no Ref.
- ``no_key``: colours only, no key anywhere: read by the usual RAG hues, every
  record warned (low_confidence); an Issue column beside an Agreed action one.

The dates use the shapes councils write: financial-year quarters, "Mar 26",
day-first numbers, month names, and words ("Ongoing", "Rolling") in a date cell.
"""

from __future__ import annotations

from samples.generate.keys_and_sheets.layout import (
    Audit,
    Column,
    Item,
    Section,
    WordPaper,
    paragraphs,
    swatches,
)

_LONG_INTRO = (
    "This report sets out progress against the recommendations agreed with management "
    "following internal audit reviews completed in 2024/25 and 2025/26. Each recommendation "
    "has a responsible officer and an agreed implementation date, and progress is reported "
    "to every meeting of the Audit and Governance Committee until the recommendation is "
    "closed. "
)

KEY_SENTENCE = WordPaper(
    name="key_sentence",
    title="Internal Audit Follow-up Report – January 2026",
    intro=tuple(_LONG_INTRO * 3 for _ in range(5)),
    columns=(
        Column("Audit", "audit", 3.0),
        Column("Ref", "ref", 1.1),
        Column("Finding", "finding", 3.8),
        Column("Recommendation", "text", 4.4),
        Column("Priority", "priority", 1.5),
        Column("Responsible officer", "owner", 2.4),
        Column("Agreed Imple\nmentation Date", "original", 1.7),
        Column("Revised due date", "revised", 1.7),
        Column("RAG", "status", 1.2),
        Column("Progress update", "progress", 6.3),
    ),
    sections=(
        Section("Finance and Resources", (
            Audit("Payroll Controls 2025/26", (
                Item("PC1", "Reconcile the payroll to the general ledger every month and "
                     "keep evidence of the review.", "31/10/2025", "", "green",
                     priority="High", owner="Head of Payroll",
                     finding="Monthly payroll reconciliations were not evidenced for four "
                     "of the six months tested.",
                     progress="Reconciliations are now signed off by the Payroll Manager "
                     "each month."),
                Item("PC2", "Remove leavers from the payroll system before their final "
                     "pay date.", "Q3 2025/26", "Q4 2025/26", "amber",
                     priority="Medium", owner="HR Business Partner",
                     finding="Two leavers were paid after their leaving date.",
                     progress="A new leavers form goes live in February."),
            )),
            Audit("Treasury Management", (
                Item("TM1", "Review the counterparty limits each year and report them to "
                     "Cabinet.", "Mar 26", "", "green",
                     priority="Low", owner="Treasury Manager",
                     finding="Counterparty limits had not been reviewed since 2022.",
                     progress="Limits were reviewed and approved in December."),
            )),
        )),
        Section("Place and Environment", (
            Audit("Highways Contract Management", (
                Item("HC1", "Agree a timetable of contract review meetings with the "
                     "highways contractor and minute every meeting.", "Q4 2024/25",
                     "Sep 25", "red",
                     priority="High", owner="Head of Highways",
                     finding="Contract review meetings were held irregularly and not "
                     "minuted.",
                     progress="The contractor has not yet agreed the timetable; escalated "
                     "to the Director."),
                Item("HC2", "Check contractor invoices against the schedule of rates "
                     "before payment.", "30/06/2025", "Ongoing", "amber",
                     priority="Medium", owner="Contracts Officer",
                     finding="Invoices were paid without checks against the schedule of "
                     "rates.",
                     progress="Sample checks started in November; full checks from April."),
            )),
        )),
    ),
    fills={"green": "92D050", "amber": "FFC000", "red": "FF0000"},
    key=paragraphs(
        "RAG key: Green – complete; Amber – in progress and on track; Red – significant "
        "delay (more than three months late)."
    ),
)

KEY_LIST = WordPaper(
    name="key_list",
    title="Audit and Governance Committee Recommendations Tracker – February 2026",
    intro=("The table below lists the outstanding audit recommendations by audit.",),
    columns=(
        Column("Ref", "ref", 1.3),
        Column("Audit", "audit", 3.4),
        Column("Recom-\nmendation", "text", 6.0),
        Column("Priority", "priority", 1.8),
        Column("Action owner", "owner", 2.8),
        Column("Target\nDate", "original", 2.0),
        Column("Revised target date", "revised", 2.2),
        Column("Status", "status", 1.4),
        Column("Management response", "response", 6.2),
    ),
    sections=(
        Section("", (
            Audit("Information Governance", (
                Item("IG/1", "Complete the annual review of the information asset register.",
                     "Q2 2025/26", "", "green", status="G", priority="Medium",
                     owner="Data Protection Officer",
                     response="Agreed. The register will be reviewed by each service."),
                Item("IG/2", "Deliver data protection training to every new starter within "
                     "one month.", "Q1 2026/27", "", "amber", status="A", priority="High",
                     owner="Head of Learning and Development",
                     response="Agreed. Training will be added to the induction checklist."),
            )),
            Audit("Fleet Management", (
                Item("FM/1", "Keep a record of vehicle inspections and defects for every "
                     "vehicle.", "Dec 25", "Jun 26", "red", status="R", priority="High",
                     owner="Fleet Manager",
                     response="Agreed. A fleet system is being procured."),
                Item("FM/2", "Reconcile fuel card statements to vehicle mileage monthly.",
                     "Rolling", "", "amber", status="A", priority="Low",
                     owner="Fleet Manager",
                     response="Agreed. Monthly reconciliation from the new financial year."),
            )),
        )),
    ),
    fills={"green": "00B050", "amber": "FFC000", "red": "FF0000"},
    key=paragraphs("Key:", "G = Complete", "A = In progress and on track", "R = Overdue"),
    merge_titles=False,
)

KEY_SWATCHES = WordPaper(
    name="key_swatches",
    title="Corporate Inspections Tracker – December 2025",
    intro=("Recommendations from external inspections, with progress to date.",),
    columns=(
        Column("Review", "audit", 4.2),
        Column("Recommendation", "text", 8.0),
        Column("Lead officer", "owner", 3.0),
        Column("Due date", "original", 2.3),
        Column("Revised date", "revised", 2.3),
        Column("Status", "status", 1.6),
        Column("Comments", "progress", 5.7),
    ),
    sections=(
        Section("Children's Services", (
            Audit("Ofsted ILACS Inspection", (
                Item("", "Rec 1: Improve the timeliness of return home interviews for "
                     "children who go missing.", "March 2026", "", "amber",
                     owner="Head of Children's Social Care",
                     progress="Timeliness improved to 78% in November."),
                Item("", "Rec 2: Strengthen management oversight of supervision records.",
                     "September 2025", "", "green",
                     owner="Principal Social Worker",
                     progress="Audit of supervision completed; action closed."),
            )),
        )),
        Section("Adult Care and Housing", (
            Audit("CQC Local Authority Assessment", (
                Item("", "Rec 1: Reduce the waiting list for Care Act assessments.",
                     "31/12/2025", "31/03/2026", "red",
                     owner="Director of Adult Care",
                     progress="Waiting list has grown over the winter."),
                Item("", "Rec 2: Publish a carers' strategy co-produced with carers.",
                     "Q4 2025/26", "", "grey",
                     owner="Head of Commissioning",
                     progress="Work will start after the budget is set."),
            )),
        )),
    ),
    fills={"green": "00B050", "amber": "FFC000", "red": "FF0000", "grey": "BFBFBF"},
    key=swatches("Status key", (
        ("00B050", "Complete"), ("FFC000", "In progress"), ("FF0000", "Significant delay"),
        ("BFBFBF", "Not started"),
    )),
    key_after=True,
)

NO_KEY = WordPaper(
    name="no_key",
    title="Follow-up of Internal Audit Recommendations – October 2025",
    intro=("Progress on the recommendations made by internal audit.",),
    columns=(
        Column("Audit", "audit", 3.0),
        Column("Ref", "ref", 1.0),
        Column("Issue", "finding", 4.0),
        Column("Recommendation", "text", 4.6),
        Column("Agreed action", "response", 4.6),
        Column("Owner", "owner", 2.6),
        Column("Priority", "priority", 1.6),
        Column("Target date", "original", 2.0),
        Column("Revised date", "revised", 2.0),
        Column("RAG", "status", 1.7),
    ),
    sections=(
        Section("Corporate Services", (
            Audit("Procurement Cards", (
                Item("1", "Review card limits against each holder's needs.", "30/09/2025",
                     "", "blue", priority="Medium", owner="Procurement Manager",
                     finding="Card limits were higher than holders' spending needed.",
                     response="Limits will be reviewed with each budget holder."),
                Item("2", "Require receipts for every card transaction.", "Q3 2025/26", "",
                     "green", priority="High", owner="Procurement Manager",
                     finding="Receipts were missing for 12 of 40 transactions tested.",
                     response="Cards will be suspended where receipts are missing."),
            )),
            Audit("Business Continuity", (
                Item("1", "Test every service's business continuity plan each year.",
                     "Jul 25", "Jan 26", "amber", priority="High",
                     owner="Emergency Planning Officer",
                     finding="Half of the plans had not been tested for two years.",
                     response="A testing programme will be agreed with services."),
                Item("2", "Keep a copy of each plan off the council network.", "Aug 25",
                     "", "red", priority="Low", owner="Emergency Planning Officer",
                     finding="Plans were only held on the council network.",
                     response="Printed copies will be held by each head of service."),
            )),
        )),
    ),
    fills={"green": "00B050", "amber": "FFBF00", "red": "C00000", "blue": "0070C0"},
)

PAPERS = (KEY_SENTENCE, KEY_LIST, KEY_SWATCHES, NO_KEY)
