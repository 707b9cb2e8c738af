"""How the workbook's sheets are laid out for an analyst: column order, headers, kinds.

Every output table keeps its columns (the CSV files' names); the workbook
shows them in the order a reader wants (what and where first, the
recommendation and its status early, the technical columns last), under the
headers a reader would write ("Revised target", not ``revised_target``).
"""

from __future__ import annotations

from collections.abc import Sequence

#: Sheet names as shown (the output tables' names are the CSV files').
SHEET_TITLES = {"register": "Register", "changes": "Changes", "records": "Records",
                "inspections": "Inspections", "judgements": "Judgements",
                "failures": "Failures", "notes": "Notes"}  # fmt: skip
#: Columns shown first, in this order, when a sheet has them.
FRONT = ("edition", "old_edition", "new_edition", "directorate", "inspection", "label", "change",
         "field", "old_value", "new_value", "recommendation", "status", "original_target",
         "revised_target", "progress", "flags")  # fmt: skip
#: Keys, hashes and machine columns: last, grouped and hidden.
TECHNICAL = frozenset({"record_key", "source_sha256", "old_record_key", "match", "location",
                       "status_colour", "status_from_colour", "label_from_position",
                       "inspection_is_new", "old_location", "new_location", "first_seen_target",
                       "old_status", "new_status"})  # fmt: skip
#: Long text: wide columns that wrap.
TEXT_COLUMNS = frozenset({"recommendation", "progress", "notes", "purpose", "overall_outcome",
                          "overall_progress", "old_value", "new_value", "reason", "warnings",
                          "flags_reviewed", "reviewed", "deadlines", "status_text",
                          "old_recommendation", "new_recommendation"})  # fmt: skip
#: Columns that name a source file: written as links to it.
LINK_COLUMNS = frozenset({"source_file", "old_source_file", "new_source_file"})
HEADERS = {"source_sha256": "Source SHA-256", "status_text": "Status as printed",
           "original_target_text": "Original target as printed",
           "revised_target_text": "Revised target as printed", "old_value": "Before",
           "new_value": "After", "field": "Field changed", "flags_reviewed": "Flags reviewed",
           "inspection_is_new": "New inspection", "label_from_position": "Label from position",
           "status_from_colour": "Status from colour", "months_slipped": "Months slipped",
           "slip_streak": "Editions slipped in a row", "old_page": "Old page",
           "new_page": "New page", "date_text": "Date as printed",
           "judgement_text": "Judgement as printed",
           "inspection_date_text": "Inspection date as printed"}  # fmt: skip


def sheet_title(name: str) -> str:
    """The sheet's name as shown ("changes" -> "Changes")."""
    return SHEET_TITLES.get(name, name.replace("_", " ").capitalize())


def header(column: str) -> str:
    """A column's friendly header ("revised_target" -> "Revised target")."""
    return HEADERS.get(column) or column.replace("_", " ").capitalize()


def is_technical(column: str) -> bool:
    """Keys, hashes and internal columns, which an analyst rarely reads."""
    return column in TECHNICAL


def arranged(columns: Sequence[str]) -> list[str]:
    """``columns`` in reading order: ``FRONT`` ones first, the rest, technical ones last."""
    front = [c for c in FRONT if c in columns]
    rest = [c for c in columns if c not in front and not is_technical(c)]
    return [*front, *rest, *(c for c in columns if is_technical(c))]
