"""Hand-made output rows for the report and workbook tests.

Two editions (May and November 2025) of the external inspections tracker, with
change rows of every change code, every record flag, a fuzzy (renumbered)
match, a reviewed item, and hostile text: markup, a spreadsheet formula, a form
feed from PDF text, and a directorate name with quotes and an ``onerror``.
Built by hand so these tests do not depend on how reconciliation works.
"""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]

SERIES = ("External inspections, reviews and audits recommendations/areas for improvement "
          "detailed internal update")  # fmt: skip
OLD, NEW = "2025-05", "2025-11"
FILES = {OLD: ("tracker_may2025.docx", "tracker_may2025.pdf"), NEW: ("tracker_nov2025.pdf",)}

CYPS = "Children and Young People's Services"
ACHPH = "Adult Care, Housing and Public Health"
FCS = "Finance and Customer Services"
ACEX = "Assistant Chief Executive"
HOSTILE_DIRECTORATE = 'Regeneration & Environment "<img src=x onerror=window.__pwned=2>"'
SCRIPT_TEXT = "<script>window.__pwned = 1</script>Publish the action plan"
FORMULA_TEXT = '=HYPERLINK("http://evil.example/","Click for the action plan")'


def record(
    edition: str,
    directorate: str,
    inspection: str,
    label: str,
    text: str,
    status: str,
    flags: str = "",
    page: int = 1,
    **more: Any,
) -> list[Row]:
    """The record rows of one recommendation: one per source file of its edition."""
    key = f"{inspection}|{label}".lower()
    return [
        {
            "record_key": key, "source_file": file, "source_sha256": "ab" * 32,
            "page": page if file.endswith(".pdf") else "",
            "location": f"page {page}" if file.endswith(".pdf") else f"table row {page + 3}",
            "series": SERIES, "edition": edition, "directorate": directorate,
            "inspection": inspection, "label": label, "recommendation": text,
            "status": status, "status_text": status.replace("_", " "), "flags": flags,
            **more,
        }
        for file in FILES[edition]
    ]  # fmt: skip


def change(
    directorate: str,
    inspection: str,
    label: str,
    code: str,
    field: str = "",
    old: str = "",
    new: str = "",
    **more: Any,
) -> Row:
    """One change row between the May and November editions, as reconciliation writes it."""
    key = f"{inspection}|{label}".lower()
    has_old, has_new = code != "new", code not in ("missing", "dropped_complete")
    paired = has_old and has_new
    return {
        "series": SERIES, "old_edition": OLD, "new_edition": NEW, "record_key": key,
        "old_record_key": key if has_old else "", "directorate": directorate,
        "inspection": inspection, "label": label, "change": code, "field": field,
        "old_value": old, "new_value": new, "match_score": 100.0 if paired else "",
        "match": "key" if paired else "", "old_status": "", "new_status": "", "flags": "",
        "old_source_file": "tracker_may2025.pdf" if has_old else "",
        "old_page": 2 if has_old else "", "old_location": "page 2" if has_old else "",
        "new_source_file": "tracker_nov2025.pdf" if has_new else "",
        "new_page": 3 if has_new else "", "new_location": "page 3" if has_new else "",
        "reviewed": "", **more,
    }  # fmt: skip


FOCUSED = "Ofsted Focused Visit"
SEND = "Ofsted Area SEND inspection of Rotherham Local Area Partnership"
CQC = "CQC Local Authority Assessment"
SOA = "2023/24 Statement of Accounts"
VFM = "2023/24 VFM arrangements"
LGA = "LGA Corporate Peer Challenge"
DVSA = "DVSA operator licence audit\x0c<b>fleet</b>"
PIN_NOTE = "pinned: Same recommendation, renumbered from REC KR3 (J. Smith, 2025-11-12)"
FLAG_NOTE = "overdue: Extended by Cabinet to March 2026; minute 45 (A. Patel, 2025-11-14)"


def changes() -> list[Row]:
    """Change rows covering every change code, in no particular order."""
    return [
        change(CYPS, FOCUSED, "Area for improvement 2", "status_changed", "status",
               "on_track", "partly_delayed"),
        change(CYPS, FOCUSED, "Area for improvement 2", "target_changed", "revised_target",
               "", "2026-03"),
        change(CYPS, FOCUSED, "Area for improvement 3", "status_changed", "status",
               "partly_delayed", "on_track"),
        change(CYPS, FOCUSED, "Area for improvement 4", "target_changed", "revised_target",
               "2025-12", "2025-10"),
        change(CYPS, SEND, "Area for improvement 1", "missing"),
        change(CYPS, SEND, "Area for improvement 3", "unchanged"),
        change(ACHPH, CQC, "Area for improvement 1", "reopened", "status", "complete",
               "on_track"),
        change(ACHPH, CQC, "Area for improvement 2", "status_changed", "status",
               "partly_delayed", "complete"),
        change(FCS, SOA, "Rec 2", "dropped_complete"),
        change(FCS, VFM, "REC KR1", "target_changed", "revised_target", "2025-06-30",
               "2025-12-31", old_record_key=f"{VFM}|rec kr3".lower(), match="pinned",
               match_score=71.0, reviewed=PIN_NOTE),
        change(FCS, VFM, "REC KR2", "text_changed", "recommendation",
               "Strengthen arrangements for the budget-setting process.",
               "Strengthen budget-setting arrangements, including <em>savings</em> delivery.",
               match="fuzzy", match_score=92.5),
        change(ACEX, LGA, "Recommendation 7", "new"),
        change(ACEX, LGA, "Recommendation 5", "unchanged"),
        change(ACEX, LGA, "Recommendation 6", "unchanged", flags="status_conflict"),
        change(ACEX, LGA, "Recommendation 4", "unchanged", flags="overdue"),
        change(HOSTILE_DIRECTORATE, DVSA, "Rec 1", "unchanged"),
        change(HOSTILE_DIRECTORATE, DVSA, "Rec 2", "text_changed", "recommendation",
               "Keep vehicle maintenance records.", FORMULA_TEXT),
    ]  # fmt: skip


def records() -> list[Row]:
    """Record rows of both editions for the keys the change rows name."""
    rows: list[Row] = []
    for edition in (OLD, NEW):
        rows += record(
            edition,
            CYPS,
            FOCUSED,
            "Area for improvement 2",
            "Reduce Child and Adolescent Mental Health Services (CAMHS) waiting lists.",
            "on_track" if edition == OLD else "partly_delayed",
        )
        rows += record(
            edition,
            CYPS,
            FOCUSED,
            "Area for improvement 3",
            "Improve the timeliness of initial health assessments.",
            "partly_delayed" if edition == OLD else "on_track",
            "" if edition == OLD else "status_inconsistent",
        )
        rows += record(
            edition,
            CYPS,
            FOCUSED,
            "Area for improvement 4",
            "Reduce length of children's plans as these are overly long.",
            "partly_delayed",
        )
        rows += record(
            edition,
            CYPS,
            SEND,
            "Area for improvement 3",
            "Leaders should improve the quality of EHC plans.",
            "significant_delay",
            "overdue" if edition == NEW else "",
            page=4,
        )
        rows += record(
            edition,
            ACHPH,
            CQC,
            "Area for improvement 1",
            "Improve waiting times for care act assessments.",
            "complete" if edition == OLD else "on_track",
            page=6,
        )
        rows += record(
            edition,
            ACHPH,
            CQC,
            "Area for improvement 2",
            "Develop the carers' strategy with carers.",
            "partly_delayed" if edition == OLD else "complete",
            page=6,
        )
        rows += record(
            edition,
            FCS,
            VFM,
            "REC KR3" if edition == OLD else "REC KR1",
            "Review the medium term financial strategy assumptions.",
            "partly_delayed",
            page=9,
        )
        rows += record(
            edition,
            FCS,
            VFM,
            "REC KR2",
            "Strengthen budget-setting arrangements.",
            "on_track",
            page=9,
        )
        rows += record(
            edition,
            ACEX,
            LGA,
            "Recommendation 5",
            "Review performance management with a focus on demonstrating impact.",
            "complete",
            page=11,
        )
        rows += record(
            edition,
            ACEX,
            LGA,
            "Recommendation 4",
            "Set out the council's ambition in a refreshed Council Plan.",
            "on_track",
            "overdue" if edition == NEW else "",
            page=10,
            flags_reviewed=FLAG_NOTE if edition == NEW else "",
        )
        rows += record(
            edition,
            ACEX,
            LGA,
            "Recommendation 6",
            "Develop a shared understanding of integrated locality working.",
            "on_track",
            "status_conflict" if edition == NEW else "",
            page=11,
        )
        rows += record(
            edition,
            HOSTILE_DIRECTORATE,
            DVSA,
            "Rec 1",
            "Check drivers' licences every six months.",
            "on_track",
            "low_confidence" if edition == NEW else "",
            page=12,
        )
        rows += record(
            edition,
            HOSTILE_DIRECTORATE,
            DVSA,
            "Rec 2",
            "Keep vehicle maintenance records." if edition == OLD else FORMULA_TEXT,
            "awaiting_start",
            page=12,
        )
    rows += record(
        OLD,
        CYPS,
        SEND,
        "Area for improvement 1",
        "Improve the identification of needs in the early years.",
        "on_track",
        page=4,
    )
    rows += record(OLD, FCS, SOA, "Rec 2", "Review the fixed asset register.", "complete", page=8)
    rows += record(NEW, ACEX, LGA, "Recommendation 7", SCRIPT_TEXT, "awaiting_start", page=11)
    return rows


def inspections() -> list[Row]:
    """Inspection rows (the PDF and DOCX of May list the same inspection)."""
    return [
        {"source_file": file, "location": "page 1", "series": SERIES, "edition": edition,
         "directorate": CYPS, "inspection": FOCUSED, "inspection_body": "Ofsted",
         "inspection_date": "2024-05-14", "published_date": "2024-07-12",
         "overall_progress": "One area for improvement is complete."}
        for edition in (OLD, NEW) for file in FILES[edition]
    ]  # fmt: skip


def candidates() -> list[Row]:
    """A look-alike pair that reconciliation did not make (score below its threshold)."""
    return [{
        "series": SERIES, "old_edition": OLD, "new_edition": NEW,
        "old_key": f"{SEND}|area for improvement 1".lower(),
        "new_key": f"{LGA}|recommendation 7".lower(), "match_score": 78.0,
        "old_label": "Area for improvement 1", "new_label": "Recommendation 7",
        "old_recommendation": "Improve the identification of needs in the early years.",
        "new_recommendation": SCRIPT_TEXT, "old_source_file": "tracker_may2025.pdf",
        "old_page": 4, "old_location": "page 4", "new_source_file": "tracker_nov2025.pdf",
        "new_page": 11, "new_location": "page 11",
    }]  # fmt: skip


def failures() -> list[Row]:
    """A failed input whose name is itself hostile."""
    return [{"source_file": "scan <script>alert(1)</script>.pdf", "source_sha256": "cd" * 32,
             "error_type": "no_text_layer",
             "reason": "The PDF has no text layer (a scan): run OCR first."}]  # fmt: skip
