"""Reviewer decisions that later runs apply: ``reviews.csv`` in the output folder.

It sits in the output folder, beside the history it corrects (the inbox holds
papers only: every file there is read as one). The reviewer edits it by hand
or in a spreadsheet; rectrack only reads it. One decision per row:

==========  ==============================================================
column      meaning
==========  ==============================================================
action      ``pin`` (pair ``old_key`` with ``new_key``), ``reject`` (never
            pair ``old_key`` with ``new_key`` by fuzzy matching),
            ``flag`` (``flag`` of ``record_key`` has been reviewed) or
            ``series`` (papers whose own series is ``old_key`` belong to
            series ``new_key``: ``pipeline.series``)
series      the series it applies to; blank for every series
old_key     pin/reject: the record_key in the older edition; series: the
            paper's own series (its title without its date)
new_key     pin/reject: the record_key in the newer edition; series: the
            series it belongs to (its own name keeps it apart)
record_key  flag: the record whose flag was reviewed
edition     flag/series: the edition (``YYYY-MM``) it applies to; blank for all
flag        flag: one of the flags in ``pipeline.flags.FLAGS``
reason      why (shown with the decision in every output)
reviewer    who decided
date        when (as the reviewer writes it)
==========  ==============================================================

A pin pairs two records of consecutive editions whatever their keys and
texts; a rejected pair is left unpaired even if its texts are near-identical.
Change rows and records carry the decision as ``reviewed`` /
``flags_reviewed`` text, ``"<what>: <reason> (<reviewer>, <date>)"``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pipeline.flags import FLAGS

REVIEW_COLUMNS = (
    "action", "series", "old_key", "new_key", "record_key", "edition", "flag", "reason",
    "reviewer", "date",
)  # fmt: skip
ACTIONS = ("pin", "reject", "flag", "series")


class ReviewsError(ValueError):
    """reviews.csv has a row rectrack cannot apply; the message names the line."""


@dataclass(frozen=True)
class Review:
    """One reviewer decision (one row of reviews.csv); see the module docstring."""

    action: str
    series: str = ""
    old_key: str = ""
    new_key: str = ""
    record_key: str = ""
    edition: str = ""
    flag: str = ""
    reason: str = ""
    reviewer: str = ""
    date: str = ""

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"action must be one of {', '.join(ACTIONS)}, not {self.action!r}")
        if self.action == "flag" and (self.flag not in FLAGS or not self.record_key):
            raise ValueError(f"a flag review needs a record_key and one of {', '.join(FLAGS)}")
        if self.action != "flag" and not (self.old_key and self.new_key):
            raise ValueError(f"a {self.action} needs both old_key and new_key")

    def note(self, what: str) -> str:
        """The decision as shown in outputs: ``"<what>: <reason> (<reviewer>, <date>)"``."""
        who = ", ".join(part for part in (self.reviewer, self.date) if part)
        return f"{what}: {self.reason}" + (f" ({who})" if who else "")


@dataclass(frozen=True)
class Reviews:
    """Every decision of one reviews.csv, looked up by what they apply to."""

    items: tuple[Review, ...] = ()

    def _in(self, action: str, series: str) -> list[Review]:
        return [r for r in self.items if r.action == action and r.series in ("", series)]

    def pins(self, series: str) -> list[Review]:
        """Pinned pairs that apply to ``series``, in file order."""
        return self._in("pin", series)

    def rejection(self, series: str, old_key: str, new_key: str) -> Review | None:
        """The decision rejecting this pair, if any."""
        return next((r for r in self._in("reject", series)
                     if (r.old_key, r.new_key) == (old_key, new_key)), None)

    def series_decision(self, own_series: str, edition: str) -> Review | None:
        """The last decision placing papers of ``own_series`` (of ``edition``) in a series."""
        found = [r for r in self.items if r.action == "series" and r.old_key == own_series
                 and r.edition in ("", edition)]
        return found[-1] if found else None

    def flag_notes(self, series: str, edition: str, record_key: str, flags: tuple[str, ...]) -> str:
        """The reviewed flags of one record, as ``"; "``-joined notes."""
        return "; ".join(
            r.note(r.flag) for r in self._in("flag", series)
            if r.record_key == record_key and r.edition in ("", edition) and r.flag in flags
        )


def load_reviews(path: Path) -> Reviews:
    """The decisions in ``path``; none when the file does not exist.

    Raises ReviewsError naming the line of a row that cannot be applied, so a
    typo is fixed rather than silently ignored.
    """
    if not path.exists():
        return Reviews()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    return Reviews(tuple(_review(row, line) for line, row in enumerate(rows, start=2)))


def _review(row: dict[str, str | None], line: int) -> Review:
    """One row as a Review; unknown columns are ignored, missing ones are blank."""
    values = {name: (row.get(name) or "").strip() for name in REVIEW_COLUMNS}
    try:
        return Review(**values)
    except ValueError as exc:
        raise ReviewsError(f"reviews.csv line {line}: {exc}") from exc
