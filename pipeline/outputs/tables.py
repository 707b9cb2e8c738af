"""Papers -> the rows of the output tables (the output contract's columns).

One function per output table, each a flat dict per row, so CSV, XLSX and
HTML writers all render the same rows and cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from extractors.model import Location, Paper

Row = dict[str, Any]

#: Which paper and meeting a row is from, and how its edition was placed in its series
#: (``pipeline.reconcile.series``).
PAPER_COLUMNS = (
    "committee", "meeting_date", "edition_basis", "series_basis", "paper_pages",
)  # fmt: skip
RECORD_COLUMNS = (
    "record_key", "source_file", "source_sha256", "page", "location", "series", "edition",
    "directorate", "inspection", "inspection_is_new", "inspection_body", "label",
    "label_from_position", "recommendation", "finding", "priority", "owner",
    "management_response", "original_target", "original_target_text", "revised_target",
    "revised_target_text", "status", "status_text", "status_colour", "status_from_colour",
    "progress", "notes", "flags", "warnings", "flags_reviewed",
    "slip_streak", "months_slipped", "first_seen_edition", "first_seen_target",
    "source_method", "ocr_confidence", "page_reader",
    *PAPER_COLUMNS,
)  # fmt: skip
INSPECTION_COLUMNS = (
    "source_file", "page", "location", "series", "edition", "directorate", "inspection",
    "inspection_is_new", "inspection_body", "inspection_type", "inspection_date",
    "published_date", "date_text",
    "purpose", "overall_outcome", "overall_progress", "deadlines", *PAPER_COLUMNS,
)  # fmt: skip
JUDGEMENT_COLUMNS = (
    "source_file", "page", "location", "series", "edition", "subject", "aspect", "judgement",
    "judgement_text", "inspection_date", "inspection_date_text",
)  # fmt: skip
FAILURE_COLUMNS = ("source_file", "source_sha256", "error_type", "reason")
#: changes.csv (``pipeline.reconcile.editions``): the contract's columns, then a reviewer's.
CHANGE_COLUMNS = (
    "series", "old_edition", "new_edition", "record_key", "directorate", "inspection", "label",
    "change", "field", "old_value", "new_value", "match_score", "old_page", "new_page",
    "old_record_key", "match", "old_status", "new_status", "flags", "old_source_file",
    "old_location", "new_source_file", "new_location", "reviewed", "old_label", "signed_off",
)  # fmt: skip
#: register.csv (``pipeline.reconcile.register``): one row per recommendation of a series.
REGISTER_COLUMNS = (
    "series", "record_key", "directorate", "inspection", "label", "recommendation", "status",
    "first_seen_edition", "last_seen_edition", "editions_seen", "closed_edition", "gone_since",
    "gone_as", "status_history", "target_history", "months_slipped", "slip_streak",
    "old_keys", "old_labels", "source_file", "page", "location", "origin_file",
    "origin_location", "origin_label", "origin_title", "origin_score", "origin_link",
)  # fmt: skip
#: superseded.csv: documents replaced by newer bytes under the same name, never reconciled.
SUPERSEDED_COLUMNS = (
    "source_file", "source_sha256", "series", "edition", "processed_at", "superseded_by",
    "superseded_at", "reason",
)  # fmt: skip
#: match_candidates.csv: fuzzy pairs below the match threshold, left for a reviewer.
CANDIDATE_COLUMNS = (
    "series", "old_edition", "new_edition", "old_key", "new_key", "match_score", "old_label",
    "new_label", "old_recommendation", "new_recommendation", "old_source_file", "old_page",
    "old_location", "new_source_file", "new_page", "new_location",
)  # fmt: skip
#: edition_disagreements.csv: where two files of one edition give different records.
DISAGREEMENT_COLUMNS = (
    "series", "edition", "record_key", "field", "source_file", "value", "location",
    "other_source_file", "other_value", "other_location",
)  # fmt: skip


def _where(paper: Paper, location: Location) -> Row:
    """Provenance columns shared by every table: file, page and place.

    ``box`` (a PDF row's box on its page) is in no output file: the report
    crops its picture of the row with it.
    """
    return {
        "source_file": paper.source_file,
        "page": location.number if location.kind == "page" else "",
        "location": str(location),
        "box": location.box,
        "series": paper.series,
        "edition": paper.edition,
        "committee": paper.committee,
        "meeting_date": paper.meeting_date,
        "edition_basis": paper.edition_basis,
        "series_basis": paper.series_basis,
        "paper_pages": f"{paper.first_page}-{paper.last_page}" if paper.first_page else "",
    }


def _papers(papers: Iterable[Paper]) -> Iterable[Paper]:
    """Each paper of each file: an agenda pack's papers one by one."""
    return (part for paper in papers for part in paper.papers())


def record_rows(
    papers: Iterable[Paper], notes: Mapping[tuple[str, str], Row] | None = None
) -> list[Row]:
    """One row per recommendation in each source file.

    ``notes`` adds reconciliation's columns (slippage, reviewed flags) by
    (source_sha256, record_key).
    """
    notes = notes or {}
    return [
        {
            **_where(paper, r.location),
            **notes.get((paper.source_sha256, r.record_key), {}),
            "record_key": r.record_key,
            "source_sha256": paper.source_sha256,
            "directorate": r.directorate,
            "inspection": r.inspection,
            "inspection_is_new": r.inspection_is_new,
            "inspection_body": r.inspection_body,
            "label": r.label,
            "label_from_position": r.label_from_position,
            "recommendation": r.recommendation,
            "original_target": r.original_target,
            "original_target_text": r.original_target_text,
            "revised_target": r.revised_target,
            "revised_target_text": r.revised_target_text,
            "status": r.status,
            "status_text": r.status_text,
            "status_colour": r.status_colour,
            "status_from_colour": r.status_from_colour,
            "progress": r.progress,
            "priority": r.priority,
            "owner": r.owner,
            "finding": r.finding,
            "management_response": r.management_response,
            "notes": r.notes,
            "flags": ";".join(r.flags),
            "warnings": "; ".join(r.warnings),
            "source_method": r.source_method,
            "ocr_confidence": "" if r.ocr_confidence is None else f"{r.ocr_confidence:.1f}",
            "page_reader": r.page_reader,
        }
        for paper in _papers(papers)
        for r in paper.recommendations
    ]


def inspection_rows(papers: Iterable[Paper]) -> list[Row]:
    """One row per inspection, review or audit in each source file."""
    return [
        {
            **_where(paper, i.location),
            "directorate": i.directorate,
            "inspection": i.title,
            "inspection_is_new": i.is_new,
            "inspection_body": i.inspection_body,
            "inspection_type": i.inspection_type,
            "inspection_date": i.inspection_date,
            "published_date": i.published_date,
            "date_text": i.date_text,
            "purpose": i.purpose,
            "overall_outcome": i.overall_outcome,
            "overall_progress": i.overall_progress,
            "deadlines": i.deadlines,
        }
        for paper in _papers(papers)
        for i in paper.inspections
    ]


def judgement_rows(papers: Iterable[Paper]) -> list[Row]:
    """One row per rating in each source file."""
    return [
        {
            **_where(paper, j.location),
            "subject": j.subject,
            "aspect": j.aspect,
            "judgement": j.judgement,
            "judgement_text": j.judgement_text,
            "inspection_date": j.inspection_date,
            "inspection_date_text": j.inspection_date_text,
        }
        for paper in _papers(papers)
        for j in paper.judgements
    ]
