"""Build the November 2026 edition of the tracker (the series' third) from November 2025.

The November 2025 rows (``tracker_nov2025.november_rows``) are copied and
edited, and laid out by the May generator's ``build_document``. The title is
"... detailed internal update – November 2026". It is written twice, under
one file name: ``samples/papers/tracker_nov2026.docx`` (the corrected issue)
and ``samples/reissue/tracker_nov2026.docx`` (the first issue, with one error,
that the corrected one replaces in an inbox).

Changes from November 2025 (change code; what the register shows):

1. Public Health Peer Review: the completed Recommendation 2 is no longer
   listed, and the old Recommendations 3 and 4 are reprinted word for word as
   Recommendations 2 and 3. Pairing by text, not by the reused numbers:
   ``dropped_complete`` for the old Recommendation 2 (gone since 2026-11);
   ``text_changed`` (label) for each renumbered item, whose register row
   lists its old key and label.
2. DVSA MOT Vehicle Testing Station Site Review, Recommendation 1: "Complete"
   -> "In progress and on track" -> ``reopened``; flag ``overdue`` (its
   target, December 2024, is long past).
3. Ofsted Focused Visit, Area for improvement 1 + 4: revised target Mar-26 ->
   Mar-27, still partly delayed -> ``target_changed`` (revised_target); its
   second slip in a row (slip_streak 2; months_slipped 18, from the Sep-25
   target in force when it was first seen, in May 2025).

The first issue differs in one row only: 2023/24 Statement of Accounts Rec 1
is printed "In progress and on track" instead of "Complete" (a false
``reopened`` if the stale copy were reconciled).
"""

from __future__ import annotations

import copy
from pathlib import Path

from samples.generate import docx_tools as dt
from samples.generate import tracker_may2025 as may
from samples.generate import tracker_may2025_data as may_data
from samples.generate import tracker_nov2025 as nov
from samples.generate.tracker_may2025_data.rows import OT

TITLE = may_data.TITLE.replace("May 2025", "November 2026")
NAME = "tracker_nov2026"
DVSA = "DVSA MOT Vehicle Testing Station Site Review (DVSA)"
#: Where the first issue goes, relative to the sample papers' folder.
FIRST_ISSUE = Path("..") / "reissue"


def _renumber(rows: list[object], inspection: str, old: str, new: str) -> None:
    """Reprint the item labelled ``old`` word for word under the label ``new``."""
    text = nov._text(rows, inspection, old)
    nov._edit(rows, inspection, old, item=[text.replace(old, new, 1)])


def november_2026_rows(first_issue: bool = False) -> list[object]:
    """The November 2025 rows with the changes in the module docstring."""
    rows = copy.deepcopy(nov.november_rows())
    del rows[nov._find(rows, nov.PUBLIC_HEALTH, "Recommendation 2")]
    _renumber(rows, nov.PUBLIC_HEALTH, "Recommendation 3", "Recommendation 2")
    _renumber(rows, nov.PUBLIC_HEALTH, "Recommendation 4", "Recommendation 3")
    nov._edit(rows, DVSA, "Annual assessments", status=OT, status_words="In progress and on track")
    nov._edit(rows, nov.FOCUSED, "Area for improvement 1", revised="Mar-27")
    if first_issue:
        nov._edit(rows, nov.ACCOUNTS, "Rec 1", status=OT, status_words="In progress and on track")
    return rows


def generate(out_dir: Path) -> list[Path]:
    """Write the corrected issue into ``out_dir`` and the first issue beside it."""
    corrected = may.build_document(TITLE, november_2026_rows())
    first = may.build_document(TITLE, november_2026_rows(first_issue=True))
    reissue = Path(out_dir) / FIRST_ISSUE
    reissue.mkdir(parents=True, exist_ok=True)
    return [dt.save_deterministic(corrected, Path(out_dir) / f"{NAME}.docx"),
            dt.save_deterministic(first, reissue / f"{NAME}.docx")]

