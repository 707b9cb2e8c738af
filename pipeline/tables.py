"""Papers -> the rows of the output tables (the output contract's columns).

One function per output table, each a flat dict per row, so CSV, XLSX and
HTML writers all render the same rows and cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from extractors.model import Location, Paper

Row = dict[str, Any]

RECORD_COLUMNS = (
    "record_key", "source_file", "source_sha256", "page", "location", "series", "edition",
    "directorate", "inspection", "inspection_is_new", "inspection_body", "label",
    "label_from_position", "recommendation", "original_target", "original_target_text",
    "revised_target", "revised_target_text", "status", "status_text", "status_colour",
    "status_from_colour", "progress", "notes", "flags", "warnings",
)  # fmt: skip
INSPECTION_COLUMNS = (
    "source_file", "page", "location", "series", "edition", "directorate", "inspection",
    "inspection_is_new", "inspection_body", "inspection_date", "published_date", "date_text",
    "purpose", "overall_outcome", "overall_progress", "deadlines",
)  # fmt: skip
JUDGEMENT_COLUMNS = (
    "source_file", "page", "location", "series", "edition", "subject", "aspect", "judgement",
    "judgement_text", "inspection_date", "inspection_date_text",
)  # fmt: skip
FAILURE_COLUMNS = ("source_file", "source_sha256", "error_type", "reason")


def _where(paper: Paper, location: Location) -> Row:
    """Provenance columns shared by every table: file, page and place."""
    return {
        "source_file": paper.source_file,
        "page": location.number if location.kind == "page" else "",
        "location": str(location),
        "series": paper.series,
        "edition": paper.edition,
    }


def record_rows(papers: Iterable[Paper]) -> list[Row]:
    """One row per recommendation in each source file."""
    return [
        {
            **_where(paper, r.location),
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
            "notes": r.notes,
            "flags": ";".join(r.flags),
            "warnings": "; ".join(r.warnings),
        }
        for paper in papers
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
            "inspection_date": i.inspection_date,
            "published_date": i.published_date,
            "date_text": i.date_text,
            "purpose": i.purpose,
            "overall_outcome": i.overall_outcome,
            "overall_progress": i.overall_progress,
            "deadlines": i.deadlines,
        }
        for paper in papers
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
        for paper in papers
        for j in paper.judgements
    ]
