"""Build the November 2025 edition of the tracker from the May 2025 one.

The May 2025 rows (``tracker_may2025_data.MAIN_ROWS``) are copied and edited, and
the document is laid out by the May generator's ``build_document``, so the two
editions differ only where listed here. The title is "External inspections,
reviews and audits recommendations/areas for improvement detailed internal
update – November 2025". Every change code and every record flag occurs, and
one item is relabelled so that only fuzzy matching can pair it.

Changes from May 2025 (change code and field; the flags the Nov record earns
in its own edition, 2025-11):

1. Ofsted Focused Visit, Area for improvement 1 + 4: revised target Sep-25 ->
   Mar-26, still "In progress and partly delayed" -> ``target_changed``
   (revised_target). Flag ``status_inconsistent``: 17 months past the
   original Oct-24, more than twelve, so the key calls it a significant delay.
2. Ofsted Focused Visit, Area for improvement 2: revised target "" -> Jun-26,
   still "In progress and on track" -> ``target_changed`` (revised_target).
   Flag ``status_inconsistent``: on track with a revised date later than the
   original Dec-25.
3. Ofsted Focused Visit, Area for improvement 3 (Complete) removed ->
   ``dropped_complete``.
4. SEND, Area for improvement 1: Status cell filled amber (partly delayed)
   while the words still say "In Progress and On Track" -> ``unchanged``;
   flag ``status_conflict``.
5. SEND, Area for improvement 2: "Awaiting start" -> "In progress and on
   track" (green) -> ``status_changed``.
6. Adult Social Care Peer Review, THEME 1: "In progress and partly delayed" ->
   "Significant delay" (red), revised target May 2025 -> March 2026 ->
   ``status_changed`` and ``target_changed`` (revised_target). No flag: 15
   months past the original December 2024.
7. Public Health Peer Review, Recommendation 1: "Complete" -> "In progress
   and on track" (green) -> ``reopened``. Flag ``overdue``: its only target,
   March 2025, is before November 2025.
8. Public Health Peer Review, Recommendation 3: a sentence added to the text
   -> ``text_changed`` (recommendation).
9. Sports Ground Safety Authority, Recommendation 2: original target "Review
   date August 2026" -> "Review date October 2026" -> ``target_changed``
   (original_target).
10. New inspection "Food Standards Agency Audit of Food Law Enforcement"
    (Regeneration and Environment) with one item, Recommendation 1, on track
    for March 2026 -> ``new``.
11. 2023/24 Statement of Accounts, Rec 4: "In progress and on track" ->
    "Significant delay" (words in the red Status cell), revised target n/a ->
    September 2026 -> ``status_changed`` and ``target_changed``
    (revised_target). Flag ``status_inconsistent``: significant delay, yet
    only 6 months past the original March 2026.
12. 2023/24 Statement of Accounts, Rec 5 (on track) removed -> ``missing``.
13. 2023/24 VFM arrangements, "REC IR4" relabelled "REC IR3", text unchanged:
    its key changes, so fuzzy matching pairs it (score 100) ->
    ``text_changed`` (label).

Everything else is ``unchanged``. Among the unchanged: 2022/23 VFM "Improving
economy, efficiency and effectiveness: Rec 2" (on track, March 2025 revised to
September 2025) now earns ``overdue`` as well as ``status_inconsistent``, and
the unlabelled orphan item of 2023/24 VFM keeps ``low_confidence``.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

from samples.generate import docx_tools as dt
from samples.generate import tracker_may2025 as may
from samples.generate import tracker_may2025_data as may_data
from samples.generate.tracker_may2025_data.rows import OT, PD, Inspection, MergedTitleBlock, Rec

TITLE = may_data.TITLE.replace("May 2025", "November 2025")
NAME = "tracker_nov2025"
SD = "significant_delay"

FOCUSED = "Ofsted Focused Visit"
SEND = "Ofsted Area SEND inspection of Rotherham Local Area Partnership"
ASC = "Adult Social Care Peer Review (led by the Local Government Association)"
PUBLIC_HEALTH = "Public Health Peer Review"
SGSA = (
    "Sports Ground Safety Authority – Local Authority Audit (Sports Ground Safety "
    "Authority (SGSA))"
)
ACCOUNTS = "2023/24 Statement of Accounts (Grant Thornton)"
VFM = "2023/24 VFM arrangements (Grant Thornton)"

FSA = [
    Inspection(
        "Food Standards Agency Audit of Food Law Enforcement",
        ["To assess the Council's delivery of official food controls against the Food Law "
         "Code of Practice."],
        ["June 2025"],
        [
            "Overall outcome: Satisfactory, with one recommendation made.",
            "Overall progress: An action plan has been agreed with the Food Standards Agency.",
        ],
    ),
    Rec(
        ["Recommendation 1: Review the food hygiene inspection programme so that every "
         "overdue high-risk premises is inspected by the end of March 2026."],
        "March 2026",
        "",
        OT,
        "In progress and on track",
    ),
]


def _find(rows: list[object], inspection: str, label: str) -> int:
    """Index in ``rows`` of the item of ``inspection`` whose text starts with ``label``."""
    current = ""
    for index, item in enumerate(rows):
        if isinstance(item, Inspection | MergedTitleBlock):
            current = item.title
        elif isinstance(item, Rec) and current == inspection and _first(item).startswith(label):
            return index
    raise KeyError(f"{inspection}: {label}")


def _first(rec: Rec) -> str:
    """The first paragraph of an item's text, label included."""
    first = rec.item[0]
    return first if isinstance(first, str) else first.text


def _text(rows: list[object], inspection: str, label: str) -> str:
    """The first paragraph of the text of the item ``_find`` finds."""
    item = rows[_find(rows, inspection, label)]
    assert isinstance(item, Rec)
    return _first(item)


def _edit(rows: list[object], inspection: str, label: str, **changes: object) -> None:
    """Replace one item of ``rows`` by a copy with ``changes``."""
    index = _find(rows, inspection, label)
    rows[index] = replace(rows[index], **changes)  # type: ignore[type-var]


def november_rows() -> list[object]:
    """The May 2025 rows with the changes listed in the module docstring."""
    rows = copy.deepcopy(may_data.MAIN_ROWS)
    _edit(rows, FOCUSED, "Area for improvement 1", revised="Mar-26", progress=[
        "The revised Plan template is now expected to go live in March 2026, after the "
        "Liquidlogic integration work."])
    _edit(rows, FOCUSED, "Area for improvement 2", revised="Jun-26")
    _edit(rows, SEND, "Area for improvement 1", status=PD)
    _edit(rows, SEND, "Area for improvement 2", status=OT,
          status_words="In progress and on track")
    _edit(rows, ASC, "THEME 1", status=SD, status_words="Significant delay",
          revised="March 2026")
    _edit(rows, PUBLIC_HEALTH, "Recommendation 1", status=OT,
          status_words="In progress and on track")
    added = " The findings will be shared with the Health and Wellbeing Board."
    _edit(rows, PUBLIC_HEALTH, "Recommendation 3",
          item=[_text(rows, PUBLIC_HEALTH, "Recommendation 3") + added])
    _edit(rows, SGSA, "Recommendation 2", original="Review date October 2026")
    _edit(rows, ACCOUNTS, "Rec 4", status=SD, status_words="Significant delay",
          revised="September 2026")
    relabelled = _text(rows, VFM, "REC IR4").replace("REC IR4", "REC IR3")
    _edit(rows, VFM, "REC IR4", item=[relabelled])
    for inspection, label in ((FOCUSED, "Area for improvement 3"), (ACCOUNTS, "Rec 5")):
        del rows[_find(rows, inspection, label)]
    after_sgsa = _find(rows, SGSA, "Recommendation 2") + 1
    rows[after_sgsa:after_sgsa] = FSA
    return rows


def generate(out_dir: Path) -> list[Path]:
    """Write ``tracker_nov2025.docx`` into ``out_dir``; return the files written."""
    document = may.build_document(TITLE, november_rows())
    return [dt.save_deterministic(document, Path(out_dir) / f"{NAME}.docx")]
