"""Every problem rectrack reports, declared once: change codes, flags, alerts and warnings.

Each is a small declared type (code, title, one-line meaning, the rule that
raises it), so the report's sections and counts, the workbook's notes, the
reviews.csv checks and the README's tables all take their lists from here,
never from copies kept in step by hand. The order within a kind is the order
outputs list them in.

- ``change``: one row of changes.csv (``pipeline.reconcile.editions``);
- ``flag``: a question about one record in its own edition
  (``pipeline.normalise.flags``);
- ``alert``: what the report puts first for a reviewer: some change codes and
  flags, and a status that moved to a worse one (``regressed``); a reviewer
  signs one off with an ``ack`` row of reviews.csv;
- ``warning``: said about a run or a file, not a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["change", "flag", "alert", "warning"]


@dataclass(frozen=True)
class Problem:
    """One declared problem: ``code`` as written in the outputs, and what it means."""

    code: str
    kind: Kind
    title: str
    meaning: str
    rule: str


PROBLEMS: tuple[Problem, ...] = (
    Problem("missing", "change", "Missing", "Gone from the newer edition without being complete.",
            "an older record no newer record is paired with, whose status was not complete"),
    Problem("reopened", "change", "Reopened", "Was complete, now is not.",
            "a pair whose old status is complete and new status is another"),
    Problem("status_changed", "change", "Status changed", "The status code changed.",
            "a pair whose status codes differ (and that is not reopened)"),
    Problem("target_changed", "change", "Target changed",
            "A target date changed; the field says which.",
            "a pair whose original_target or revised_target differ (one row each)"),
    Problem("text_changed", "change", "Text changed",
            "The recommendation's wording, or its label when it was renumbered, changed.",
            "a pair whose texts differ once spaces are folded, or whose keys and labels differ"),
    Problem("dropped_complete", "change", "Dropped (complete)",
            "Gone from the newer edition after being complete.",
            "an older record no newer record is paired with, whose status was complete"),
    Problem("new", "change", "New", "First seen in the newer edition.",
            "a newer record no older record is paired with"),
    Problem("unchanged", "change", "Unchanged", "The same in both editions.",
            "a pair with none of the differences above"),
    Problem("overdue", "flag", "Overdue", "Past its target and not complete.",
            "the target in force (revised, else original) is before the edition month "
            "and the status is not complete"),
    Problem("status_inconsistent", "flag", "Status inconsistent",
            "The status contradicts the paper's own Status key.",
            "on track with a revised target later than the original; partly delayed more "
            "than 12 months past the original; significant delay 12 months or less"),
    Problem("status_conflict", "flag", "Colour/words conflict",
            "The Status cell's colour and words name different statuses.",
            "status and status_from_colour are both known and differ"),
    Problem("low_confidence", "flag", "Low confidence", "Extraction had to guess.",
            "the record carries extraction warnings"),
    Problem("regressed", "alert", "Regressed", "The status moved to a worse one.",
            "a status_changed row whose new status ranks below the old "
            "(complete, on track / awaiting start, partly delayed, significant delay)"),
    Problem("copy", "warning", "Copy", "A file has the same bytes as an earlier one.",
            "two inputs of a run with one SHA-256: the later is counted once, as a copy"),
    Problem("superseded", "warning", "Superseded",
            "A file's bytes were replaced under the same name; the older document is "
            "kept in the history but not reconciled.",
            "two documents of one file name: the one in the inbox now, else the one "
            "read last, supersedes the other"),
    Problem("edition_disagreement", "warning", "Copies disagree",
            "Two files of one edition give different records.",
            "a field of one record_key differs between the PDF and Word files of an edition"),
    Problem("diff_reordered", "warning", "Compared oldest first",
            "rectrack diff was given the newer edition first.",
            "OLD's edition is later than NEW's: they are swapped"),
    Problem("cell_truncated", "warning", "Cell cut",
            "A text longer than a spreadsheet cell holds was cut in the workbook.",
            "more than 32,767 characters in one cell; the CSV keeps it whole"),
)

BY_CODE = {p.code: p for p in PROBLEMS}
#: Status codes from best to worst: a move to a higher rank is a regression.
STATUS_RANK = {"complete": 0, "on_track": 1, "awaiting_start": 1, "partly_delayed": 2,
               "significant_delay": 3}  # fmt: skip


def codes(kind: Kind) -> tuple[str, ...]:
    """The codes of one kind of problem, in their declared order."""
    return tuple(p.code for p in PROBLEMS if p.kind == kind)


CHANGE_CODES = codes("change")
FLAGS = codes("flag")
#: Flags that make an alert (low_confidence asks for a check, not an action).
ALERT_FLAGS = ("overdue", "status_inconsistent", "status_conflict")
#: Every reason the report puts a row among the alerts; an ``ack`` names one of them.
ALERT_CODES = ("missing", "reopened", *codes("alert"), *ALERT_FLAGS)


def regressed(old_status: str, new_status: str) -> bool:
    """A status moved to a worse one (on track -> significant delay)."""
    old, new = STATUS_RANK.get(old_status), STATUS_RANK.get(new_status)
    return old is not None and new is not None and new > old


def alerts_of(change: str, old_status: str, new_status: str, flags: tuple[str, ...]) -> tuple[
        str, ...]:
    """Why a change row is an alert, if it is one: its code, a regression, alert flags."""
    reasons = [change] if change in ("missing", "reopened") else []
    if change == "status_changed" and regressed(old_status, new_status):
        reasons.append("regressed")
    return (*reasons, *(f for f in ALERT_FLAGS if f in flags))


def markdown_table(kind: Kind) -> str:
    """The problems of one kind as a Markdown table (the README's tables are these)."""
    lines = ["| code | title | meaning | raised when |", "|---|---|---|---|"]
    lines += [f"| `{p.code}` | {p.title} | {p.meaning} | {p.rule} |"
              for p in PROBLEMS if p.kind == kind]
    return "\n".join(lines)
