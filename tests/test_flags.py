"""Record flags: each rule at its boundary, in the record's own edition."""

from __future__ import annotations

import pytest

from extractors.model import Location, Recommendation
from pipeline.normalise.flags import delay_months, record_flags

EDITION = "2025-11"


def rec(
    status: str = "on_track", original: str = "", revised: str = "", **kw: object
) -> Recommendation:
    """A recommendation with only the fields the flags read."""
    return Recommendation(
        Location("page", 1),
        "D",
        "Inspection",
        "Rec 1",
        "Do it.",
        status=status,
        original_target=original,
        revised_target=revised,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("record", "flags"),
    [
        (rec("on_track", "2025-10"), ("overdue",)),
        (rec("on_track", "2025-11"), ()),
        (rec("complete", "2024-01"), ()),
        (rec("on_track", "2024-01", "2026-01"), ("status_inconsistent",)),
        (rec("on_track", "2024-01", "2024-01"), ("overdue",)),
        (rec("partly_delayed", "2025-01-31", "2026-01"), ()),
        (rec("partly_delayed", "2024-01", "2025-02"), ("overdue", "status_inconsistent")),
        (rec("significant_delay", "2024-10", "2025-06"), ("overdue",)),
        (rec("significant_delay", "2024-11", "2025-06"), ("overdue", "status_inconsistent")),
        (rec("significant_delay", "", "2025-06"), ("overdue",)),
        (rec("", ""), ()),
    ],
)
def test_flag_rules(record: Recommendation, flags: tuple[str, ...]) -> None:
    assert record_flags(record, EDITION) == flags


def test_delay_is_measured_to_the_later_of_target_and_edition() -> None:
    assert delay_months(rec("partly_delayed", "2025-01", "2026-03"), EDITION) == 14
    assert delay_months(rec("partly_delayed", "2025-01", "2025-03"), EDITION) == 10
    assert delay_months(rec("complete", "2025-01", "2025-03"), EDITION) is None


def test_colour_and_words_disagreeing_is_a_conflict() -> None:
    amber = rec("on_track", "2026-09", status_from_colour="partly_delayed")
    assert record_flags(amber, EDITION) == ("status_conflict",)
    assert record_flags(rec("on_track", "2026-09", status_from_colour="on_track"), EDITION) == ()


def test_warnings_make_low_confidence_last() -> None:
    guessed = rec("on_track", "2020-01", warnings=("no label",))
    assert record_flags(guessed, EDITION) == ("overdue", "low_confidence")


def test_no_edition_date_means_no_overdue() -> None:
    assert record_flags(rec("on_track", "2020-01"), "") == ()
