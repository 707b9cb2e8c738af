"""Which series a paper belongs to by its own title, and which edition of it it is.

Papers of the same tracker form a *series*; each is one *edition*. Both are
decided from what the paper prints, never from its file name or date:

- **series name** (``series_name``): the title without an "Appendix A:" prefix
  (the appendix letter changes from meeting to meeting) and without its date
  ("… Tracker – position at 1 September 2025" -> "… Tracker");
- **edition** (``place``): the paper's own date, from its title ("position at
  1 September 2025" -> ``2025-09-01``, "update – May 2025" -> ``2025-05``), else
  its meeting date ("Meeting date: 14 October 2025", a committee heading, a
  cover table) with the precision printed; ``edition_basis`` says which.

This runs in the reading worker with the rest of normalising (its code is part
of the cache key, ``pipeline.run.reading.READING_CODE``). Which series a
paper finally joins — a reworded title kept with its history, a reviewer's
decision — is decided later, across papers (``pipeline.reconcile.series``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.model import Paper
from pipeline.normalise.dates import MONTHS, parse_date

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_TITLE_DATE = re.compile(
    r"[\s,–—:(-]*\b(?:(?:position|progress|status|update)\s+)?(?:as\s+)?(?:at|to|of)?\s*"
    r"(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:" + _MONTH + r")\.?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}"
    r"|\d{4}/\d{2}|\d{4})\)?\s*$",
    re.IGNORECASE,
)
_APPENDIX = re.compile(r"^\s*(?:appendix|annex|enclosure)\s+[\w.]{1,4}\s*[:–—-]\s*", re.I)


def series_name(title: str) -> tuple[str, str]:
    """(series name, edition from the date that ends the title, or "").

    >>> series_name("Appendix A: Audit Recommendations Tracker – position at 1 September 2025")
    ('Audit Recommendations Tracker', '2025-09-01')
    """
    bare = _APPENDIX.sub("", title).strip()
    match = _TITLE_DATE.search(bare)
    if not match or match.start() == 0:
        return bare, ""
    printed = match.group(0).strip(" ,–—:()-")
    return bare[: match.start()].strip(" ,–—:-"), parse_date(printed) or printed


def place(paper: Paper) -> Paper:
    """The paper with its series name, edition (and its basis) and meeting date set."""
    series, edition = series_name(paper.title)
    meeting = parse_date(paper.meeting_date_text)
    basis = "title date" if edition else ("meeting date" if meeting else "")
    return replace(paper, series=series, edition=edition or meeting, edition_basis=basis,
                   meeting_date=meeting)
