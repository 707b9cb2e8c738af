"""Why an item is an alert, in words a reviewer can check against the page.

A chip that only says "Overdue" sends the reviewer to the paper to find the
target and the edition; saying them ("overdue: target 2025-03, edition
2025-11 (8 months)") lets the chip be checked at a glance. Each reason is
worked out again from the record's own columns, by the rules
``pipeline.normalise.flags`` applies, so the words name the rule that fired.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pipeline.normalise.dates import month_of, months_between
from pipeline.normalise.flags import SIGNIFICANT_DELAY_MONTHS
from pipeline.outputs.display import STATUS_WORDS

Row = Mapping[str, Any]


def reason(code: str, record: Row, change: Row) -> str:
    """The chip text of one alert or flag ``code``, for a record row and its change row."""
    explain = _REASONS.get(code)
    detail = explain(record, change) if explain else ""
    name = _NAMES.get(code, code.replace("_", " "))
    return f"{name}: {detail}" if detail else name


def _overdue(record: Row, change: Row) -> str:
    due, edition = month_of(_target(record)), month_of(_get(record, "edition"))
    if not (due and edition):
        return ""
    return f"target {due}, edition {edition} ({_months(months_between(due, edition))})"


def _inconsistent(record: Row, change: Row) -> str:
    status, original = _get(record, "status"), month_of(_get(record, "original_target"))
    words = _words(status)
    if status == "on_track":
        revised = month_of(_get(record, "revised_target"))
        return f"{words}, but revised {revised} is later than original {original}"
    latest = max(month_of(_target(record)), month_of(_get(record, "edition")))
    if not original or not latest:
        return words
    delay = _months(months_between(original, latest))
    if status == "partly_delayed":
        return (f"{words}, but {delay} past original {original}: the status key calls more "
                f"than {SIGNIFICANT_DELAY_MONTHS} months a significant delay")  # fmt: skip
    return (f"{words}, but only {delay} past original {original}: the status key calls "
            f"{SIGNIFICANT_DELAY_MONTHS} months or fewer partly delayed")  # fmt: skip


def _conflict(record: Row, change: Row) -> str:
    words, colour = _get(record, "status"), _get(record, "status_from_colour")
    if not (words and colour):
        return ""
    return f"the words say {_words(words)}, the cell's colour {_words(colour)}"


def _low_confidence(record: Row, change: Row) -> str:
    return _get(record, "warnings")


def _missing(record: Row, change: Row) -> str:
    return f"in {_get(change, 'old_edition')}, not in {_get(change, 'new_edition')}"


def _moved(record: Row, change: Row) -> str:
    old, new = _get(change, "old_value"), _get(change, "new_value")
    return f"{_words(old) or '(none)'} → {_words(new) or '(none)'}"


_REASONS: dict[str, Callable[[Row, Row], str]] = {
    "overdue": _overdue, "status_inconsistent": _inconsistent, "status_conflict": _conflict,
    "low_confidence": _low_confidence, "missing": _missing, "reopened": _moved,
    "regressed": _moved,
}  # fmt: skip
_NAMES = {"status_inconsistent": "inconsistent", "status_conflict": "colour/words conflict",
          "low_confidence": "low confidence"}  # fmt: skip


def _target(record: Row) -> str:
    """The target in force: the revised target if printed, else the original."""
    return _get(record, "revised_target") or _get(record, "original_target")


def _months(n: int) -> str:
    return f"{n} month" + ("" if n == 1 else "s")


def _words(status: str) -> str:
    """A status code as the words of the paper's key, lower case ("on track")."""
    return STATUS_WORDS.get(status, status.replace("_", " ")).lower()


def _get(row: Row, column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value)
