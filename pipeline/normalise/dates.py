"""Dates as papers print them -> ``YYYY-MM`` or ``YYYY-MM-DD``, keeping precision.

Known shapes are read by regular expressions first (a few microseconds each);
dateparser is the cached fallback for the long tail. It is imported lazily and
configured so that it neither invents a day for "March 2026" nor reads
"Oct-24" as 24 October of this year: ``REQUIRE_PARTS=['month', 'year']``,
``PREFER_DAY_OF_MONTH='first'`` and UK day-first order.

A quarter of a UK financial year ("Q3 2025/26") is the month it ends, the year
starting in April: Q1 ends in June, Q4 in March of the second year. Words such
as "Ongoing", "Rolling" or "Complete" in a date column are no date: the result
is "" and the words stay in the ``*_text`` field beside it.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
# "14 and 15 May 2024", "11-13 July 2023", "5th June 2023": the first day counts.
_DAY_MONTH_YEAR = re.compile(
    _DAY + r"(?:\s*(?:-|–|—|and|to|&)\s*\d{1,2}(?:st|nd|rd|th)?)?\s+(?:of\s+)?"
    + _MONTH + r",?\s+(?P<year>\d{4})\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?\b")
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"[\s\-'’/]*(?P<year>\d{4}|\d{2})\b", re.IGNORECASE)
_YEARS = r"(?:FY\s*)?(?P<first>\d{4}|\d{2})\s*[/\-–]\s*(?P<second>\d{4}|\d{2})"
_QUARTER = r"(?:Q|Qtr\.?\s*|Quarter\s*)(?P<quarter>[1-4])"
# "Q3 2025/26", "Quarter 4 2024-25", "2025/26 Q1": the financial year's quarter.
_FY_QUARTER = re.compile(
    rf"\b(?:{_QUARTER}\s*(?:of\s+)?{_YEARS}|{_YEARS.replace('?P<', '?P<r_')}\s*"
    rf"{_QUARTER.replace('?P<', '?P<r_')})\b",
    re.IGNORECASE,
)
# "31/10/20 25": a narrow date column wraps the year; the lines are joined with a space.
_WRAPPED_YEAR = re.compile(r"(\b\d{1,2}[/.]\d{1,2}[/.]20)\s+(\d{2})\b")
_SHAPES = (_FY_QUARTER, _DAY_MONTH_YEAR, _NUMERIC, _ISO, _MONTH_YEAR)


def parse_date(text: str) -> str:
    """The first date in ``text``, normalised; "" for TBC, n/a or none.

    >>> parse_date("Oct-24"), parse_date("30/09/25"), parse_date("Review date August 2026")
    ('2024-10', '2025-09-30', '2026-08')
    """
    found = find_dates(text)
    return found[0] if found else ""


def find_dates(text: str) -> list[str]:
    """Every date in ``text`` in reading order, normalised (no duplicates by place)."""
    text = _WRAPPED_YEAR.sub(r"\1\2", text)
    hits: list[tuple[int, int, str]] = []
    for shape in _SHAPES:
        for match in shape.finditer(text):
            if any(start <= match.start() < end for start, end, _ in hits):
                continue
            value = _from_match(match)
            if value:
                hits.append((match.start(), match.end(), value))
    if not hits and re.search(r"\d", text) and re.search(r"[A-Za-z]{3}", text):
        fallback = _dateparser_fallback(text)
        return [fallback] if fallback else []
    return [value for _, _, value in sorted(hits)]


def _from_match(match: re.Match[str]) -> str:
    """Build the normalised date of a regex match, or "" if it is not a real date."""
    parts = match.groupdict()
    if "quarter" in parts:
        return _quarter_end(parts)
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower().rstrip(".")]
    year = int(parts["year"])
    year += 2000 if year < 100 else 0
    day = parts.get("day")
    try:
        if day:
            return date(year, month, int(day)).isoformat()
        date(year, month, 1)
    except ValueError:
        return ""
    return f"{year:04d}-{month:02d}"


def _quarter_end(parts: dict[str, str | None]) -> str:
    """``YYYY-MM`` of the last month of a financial-year quarter, or "" when the two
    years do not follow each other (then it is no financial year)."""
    quarter, first, second = (
        int(parts[name] or parts[f"r_{name}"] or 0) for name in ("quarter", "first", "second")
    )
    start = first + (2000 if first < 100 else 0)
    if second % 100 != (start + 1) % 100:
        return ""
    month = 3 * quarter + 3  # Q1 ends in June; Q4 in March, counted here as month 15
    return f"{start + 1:04d}-{month - 12:02d}" if month > 12 else f"{start:04d}-{month:02d}"


@cache
def _dateparser_fallback(text: str) -> str:
    """dateparser for shapes the regexes miss; cached because it costs ~1 ms a call."""
    data = _date_parser().get_date_data(text)
    if data.date_obj is None:
        return ""
    if data.period == "day":
        return data.date_obj.date().isoformat()
    return data.date_obj.strftime("%Y-%m")


@cache
def _date_parser() -> Any:
    """One configured DateDataParser per process (its construction is slow)."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["month", "year"],
            "RETURN_TIME_AS_PERIOD": False,
        },
    )


def month_of(value: str) -> str:
    """The ``YYYY-MM`` of a normalised date of either precision ("" stays "")."""
    return value[:7]


def months_between(earlier: str, later: str) -> int:
    """Whole months from ``earlier`` to ``later`` (both normalised, non-empty)."""
    y1, m1 = int(earlier[:4]), int(earlier[5:7])
    y2, m2 = int(later[:4]), int(later[5:7])
    return (y2 - y1) * 12 + (m2 - m1)
