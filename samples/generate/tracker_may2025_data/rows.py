"""The shape of a tracker's rows and its status codes, shared by every edition.

The May 2025 paper's rows (:mod:`samples.generate.tracker_may2025_data`) and the
later editions' edited copies are lists of these; the layout module
(:mod:`samples.generate.tracker_may2025`) writes each kind as its own row shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samples.generate.docx_tools import Para

#: Status codes, short so that the rows read like the printed table.
C, OT, PD, AW = "complete", "on_track", "partly_delayed", "awaiting_start"


@dataclass
class Directorate:
    """A directorate's heading row, one cell across the table."""

    name: str


@dataclass
class Inspection:
    """An inspection's row: title and purpose, dates, then outcome and progress in one cell."""

    title: str
    purpose: list[str]
    dates: list[str]
    outcome: list[Para | str]
    new: bool = False
    purpose_italic: bool = True


@dataclass
class Rec:
    """A recommendation row.

    ``status_words`` are written in the progress cell (first paragraph) unless
    ``words_in_status_cell``; ``status`` picks the Status cell's colour.
    """

    item: list[Para | str]
    original: str = ""
    revised: str = ""
    status: str = ""
    status_words: str = ""
    progress: list[Para | str] = field(default_factory=list)
    words_in_status_cell: bool = False
    date_cell: str = ""


@dataclass
class MergedTitleBlock:
    """An inspection whose title cell spans its outcome, progress and first rec rows."""

    title: str
    purpose: list[str]
    outcome: list[Para | str]
    progress: list[Para | str]
    recs: list[Rec]


#: The Status key table after the main table: words as printed, code, meaning.
STATUS_KEY = [
    ("Complete", "complete", "Recommendations/areas for improvement are fully complete"),
    (
        "In progress and on track",
        "on_track",
        "Recommendation/area for improvement on track to be delivered by the original agreed "
        "deadline",
    ),
    (
        "In progress and partly delayed",
        "partly_delayed",
        "Recommendation/area for improvement progressing, however target date behind the "
        "original agreed deadline",
    ),
    (
        "Significant delay",
        "significant_delay",
        "Recommendations/area for improvement delayed by more than twelve months past the "
        "original agreed deadline",
    ),
    (
        "No action required or outcome unknown",
        "no_action_or_unknown",
        "No recommendation/area for improvement, or the outcome is not yet known",
    ),
]
