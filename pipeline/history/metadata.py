"""``metadata.json`` beside the history: titles and column descriptions for Datasette.

``rectrack serve`` (or ``datasette serve OUTPUT_FOLDER``) opens the output
folder in Datasette's configuration-directory mode, which reads this file, so
an analyst browsing ``history.sqlite`` sees what each table, view and column
holds. The file is written with the history and is the same bytes every run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.outputs.files import atomic_write

METADATA_NAME = "metadata.json"

_REGISTER_COLUMNS = {
    "series": "The tracker the recommendation belongs to (its title without the date).",
    "record_key": "Stable identity: inspection + label, folded (the latest key).",
    "directorate": "The section heading the item sits under.",
    "inspection": "The inspection, review or audit it came from.",
    "label": "The item's own label as last printed.",
    "recommendation": "The latest text.",
    "status": "Status code in the latest edition that lists it.",
    "is_open": "1 while it is listed and not complete.",
    "first_seen_edition": "The first edition (YYYY-MM) that lists it.",
    "last_seen_edition": "The last edition that lists it.",
    "editions_seen": "How many editions list it (PDF and Word of one edition count once).",
    "closed_edition": "First edition of its latest unbroken run of 'complete' reports.",
    "gone_since": "The first edition that no longer lists it.",
    "gone_as": "missing (gone while open) or dropped_complete (gone after completion).",
    "status_history": "The status in the first edition, then each edition where it changed.",
    "target_history": "The target in force, the same way.",
    "months_slipped": "Months from the first target seen to the one in force now.",
    "slip_streak": "Consecutive editions, up to the latest, in which the target moved later.",
    "old_keys": "Earlier record keys, when it was renumbered (;-joined).",
    "old_labels": "Earlier labels, when it was renumbered (;-joined).",
    "source_file": "The file its latest record was read from.",
    "page": "PDF page of its latest record (blank for a Word file).",
    "location": "Where its latest record starts in that file.",
    "origin_file": "The report(s) that first made it (;-joined), when one is linked.",
    "origin_location": "Where the report prints it.",
    "origin_label": "Its label in the report.",
    "origin_title": "The report's title.",
    "origin_score": "How alike the report's text and the tracker's are (0-100).",
    "origin_link": "text (linked by text), or the reviewer's note of a link row.",
}

TABLES: dict[str, dict[str, Any]] = {
    "register": {
        "title": "Register",
        "description": "One row per recommendation of a series, across all its editions and "
                       "files: where it stands now and how it got there.",
        "columns": _REGISTER_COLUMNS,
    },
    "latest_editions": {
        "title": "Latest edition of each series",
        "description": "The documents of each series' latest edition (superseded ones left out).",
    },
    "documents": {
        "title": "Documents",
        "description": "Every file read (or failed), by the SHA-256 of its bytes.",
        "columns": {
            "extraction_key": "The extractor version and vocabulary it was read with.",
            "processed_at": "When rectrack read it (UTC).",
            "outcome": "ok, or failed (then error_type and error say why).",
            "committee": "The committee the paper (or a pack's cover) went to, as printed.",
            "meeting_date": "Its meeting date (YYYY-MM-DD); meeting_date_text keeps the print.",
            "edition_basis": "Where the edition came from: title date or meeting date.",
            "first_page": "The paper's first page in the PDF (last_page: its last).",
        },
    },
    "papers": {
        "title": "Papers of an agenda pack",
        "description": "Each paper of a file that holds several (an agenda pack), with its own "
                       "title, series, edition, meeting and pages; its records name it by part.",
        "columns": {
            "sha256": "The pack's document.",
            "part": "The paper's place in the pack, from 1 (records of part 0 are the file's).",
        },
    },
    "recommendations": {
        "title": "Recommendations as printed",
        "description": "One row per recommendation in each document; full-text search on "
                       "recommendation and progress.",
        "columns": {
            "sha256": "The document it is printed in.",
            "position": "Its place in the document, from 0.",
            "part": "The paper of an agenda pack it is in (papers.part); 0 for a file of one.",
            "status_text": "The status words as printed.",
            "status": "The status code they map to.",
            "original_target": "YYYY-MM or YYYY-MM-DD; original_target_text keeps the print.",
            "flags": "JSON list of flags in its own edition.",
            "warnings": "JSON list of why extraction had to guess.",
        },
    },
    "inspections": {"title": "Inspections", "description": "Each inspection block of a document."},
    "judgements": {"title": "Judgements", "description": "Each rating a document lists."},
    "status_key": {"title": "Status keys", "description": "Each paper's own Status key."},
    "changes": {"title": "Changes", "description": "Changes between consecutive editions."},
    "register_entries": {"title": "Register (stored rows)",
                         "description": "The rows behind the register view."},
    "superseded": {
        "title": "Superseded documents",
        "description": "Documents replaced by newer bytes under the same file name: kept as an "
                       "audit trail, never reconciled.",
    },
}


def metadata() -> dict[str, Any]:
    """The Datasette metadata of an output folder's history."""
    return {
        "title": "rectrack history",
        "description": "Inspection and audit recommendations read from council papers.",
        "databases": {"history": {"tables": TABLES}},
    }


def write_metadata(folder: Path) -> Path:
    """Write ``metadata.json`` into ``folder`` (atomically); return its path."""
    path = folder / METADATA_NAME
    with atomic_write(path) as handle:
        json.dump(metadata(), handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
    return path
