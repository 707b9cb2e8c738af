"""Dates keep their precision and UK day-first order (the output contract)."""

import pytest

from pipeline.normalise.dates import find_dates, months_between, parse_date


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Oct-24", "2024-10"),
        ("Sep-25", "2025-09"),
        ("March 2026", "2026-03"),
        ("Sept 2025", "2025-09"),
        ("30/09/25", "2025-09-30"),
        ("01/02/2025", "2025-02-01"),
        ("31.12.2025", "2025-12-31"),
        ("2025-09-30", "2025-09-30"),
        ("10th May 2018", "2018-05-10"),
        ("Review date August 2026", "2026-08"),
        ("end of June 2025", "2025-06"),
        ("TBC", ""),
        ("n/a", ""),
        ("", ""),
        ("31/02/2025", ""),
    ],
)
def test_parse_date(printed: str, expected: str) -> None:
    assert parse_date(printed) == expected


def test_month_year_is_not_given_todays_day() -> None:
    """dateparser alone reads "Oct-24" as 24 October of this year; we must not."""
    assert parse_date("Oct-24") == "2024-10"
    assert len(parse_date("March 2026")) == 7


def test_ranges_take_their_first_day() -> None:
    assert find_dates("Focused visit: 14 and 15 May 2024 Published: 12 July 2024") == [
        "2024-05-14",
        "2024-07-12",
    ]
    assert find_dates("11-13 July 2023") == ["2023-07-11"]
    assert find_dates("Conducted: 8-10 October 2024") == ["2024-10-08"]


def test_long_tail_goes_to_dateparser() -> None:
    """Shapes the regexes miss, read by dateparser with the precision it found."""
    assert parse_date("December 1st, 2025") == "2025-12-01"
    assert parse_date("2025 December") == "2025-12"


def test_months_between() -> None:
    assert months_between("2024-10", "2025-09-30") == 11
    assert months_between("2025-03", "2025-03") == 0


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Q3 2025/26", "2025-12"),
        ("Q4 2024/25", "2025-03"),
        ("Q1 2025/26", "2025-06"),
        ("Q2 25/26", "2025-09"),
        ("Quarter 4 2025-26", "2026-03"),
        ("2026/27 Q1", "2026-06"),
        ("FY 2025/26 Q4", "2026-03"),
        ("Q3 2025/27", ""),
    ],
)
def test_financial_year_quarter_is_its_last_month(printed: str, expected: str) -> None:
    """UK councils' years start in April: Q3 ends in December, Q4 in the next March."""
    assert parse_date(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("Mar 26", "2026-03"), ("Sep 25", "2025-09"), ("Dec 2025", "2025-12")],
)
def test_month_and_two_digit_year(printed: str, expected: str) -> None:
    assert parse_date(printed) == expected


@pytest.mark.parametrize("printed", ["Ongoing", "Rolling", "Complete", "Rolling programme"])
def test_words_in_a_date_column_are_no_date(printed: str) -> None:
    assert parse_date(printed) == ""


def test_a_year_wrapped_in_a_narrow_column_is_one_year() -> None:
    """A PDF cell too narrow for "31/10/2025" prints "31/10/20" over "25"."""
    assert parse_date("31/10/20 25") == "2025-10-31"
    assert parse_date("31/10/20") == "2020-10-31"
