"""Every column the paper has: wrapped headers, and Finding kept apart from Recommendation."""

from __future__ import annotations

import pytest

from extractors.grid import Cell, Paragraph, Row, Table
from extractors.model import Location
from extractors.tracker import read_tables
from extractors.vocab import vocabulary


@pytest.mark.parametrize(("header", "role"), [
    ("Agreed Imple mentation Date", "original_target"),
    ("Agreed Imple mentatio n Date", "original_target"),
    ("Recom-mendation", "recommendation"),
    ("Target\nDate", "original_target"),
    ("Revised due date", "revised_target"),
    ("Responsible Officer", "owner"),
    ("Action owner", "owner"),
    ("Agreed action", "management_response"),
    ("Management response", "management_response"),
    ("Issue", "finding"),
    ("Observation", "finding"),
    ("Risk rating", "priority"),
    ("Paragraph", ""),
    ("Storage location", ""),
])  # fmt: skip
def test_header_role(header: str, role: str) -> None:
    assert vocabulary().header_role(header) == role


def _row(number: int, *texts: str) -> Row:
    cells = tuple(Cell((Paragraph(t),) if t else (), i, i) for i, t in enumerate(texts))
    return Row(cells, Location("page", number))


def test_a_finding_column_beside_a_recommendation_column_is_kept_apart() -> None:
    table = Table((
        _row(1, "Audit", "Finding", "Recommendation", "Priority", "Owner", "Agreed action"),
        _row(1, "Payroll", "Leavers were paid.", "Remove leavers promptly.", "High",
             "Head of HR", "A new leavers form."),
    ), 6)  # fmt: skip
    (rec,) = read_tables([table]).recommendations
    assert (rec.recommendation, rec.finding, rec.priority, rec.owner, rec.management_response) == (
        "Remove leavers promptly.", "Leavers were paid.", "High", "Head of HR",
        "A new leavers form.",
    )


def test_an_issue_column_with_no_recommendation_column_is_the_item() -> None:
    table = Table((
        _row(1, "Audit", "Issue", "Agreed action", "Lead officer", "Target date"),
        _row(1, "Payroll", "Leavers were paid.", "A new leavers form.", "Head of HR", "Mar 26"),
    ), 5)  # fmt: skip
    (rec,) = read_tables([table]).recommendations
    assert (rec.recommendation, rec.finding, rec.original_target_text) == (
        "Leavers were paid.", "", "Mar 26"
    )


def test_a_table_with_other_headers_starts_a_new_tracker() -> None:
    """A workbook's second sheet does not inherit the first sheet's directorate."""
    first = Table((
        _row(1, "Audit", "Recommendation", "Owner", "Status"),
        Row((Cell((Paragraph("Finance"),), 0, 3),), Location("page", 1)),
        _row(1, "Payroll", "Remove leavers.", "HR", "Complete"),
    ), 4)  # fmt: skip
    second = Table((
        _row(2, "Review", "No.", "Recommendation", "Lead officer", "Status"),
        _row(2, "VFM (KPMG)", "1", "Set out the savings.", "Director", "Complete"),
    ), 5)  # fmt: skip
    payroll, vfm = read_tables([first, second]).recommendations
    assert (payroll.directorate, vfm.directorate, vfm.inspection) == ("Finance", "", "VFM (KPMG)")
