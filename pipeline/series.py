"""Which series a paper belongs to, and which edition of it it is.

Papers of the same tracker form a *series*; each is one *edition*. Both are
decided from what the paper prints, never from its file name or date:

- **series name** (``series_name``): the title without an "Appendix A:" prefix
  (the appendix letter changes from meeting to meeting) and without its date
  ("… Tracker – position at 1 September 2025" -> "… Tracker");
- **edition** (``place``): the paper's own date, from its title ("position at
  1 September 2025" -> ``2025-09-01``, "update – May 2025" -> ``2025-05``), else
  its meeting date ("Meeting date: 14 October 2025", a committee heading, a
  cover table) with the precision printed; ``edition_basis`` says which;
- **joining editions** (``join_series``): a paper joins a series that has a
  paper with the same series name; else one whose title is close (rapidfuzz
  ``token_set_ratio`` at least ``TITLE_CLOSE``) *and* with which it shares
  records (at least ``SHARED_RECORDS`` of the smaller paper's record keys), so
  a reworded title keeps its history. Nothing else joins papers: two trackers
  of one committee stay two series. A reviewer's ``series`` decision in
  reviews.csv (``pipeline.reviews``) wins over all of this: it puts the papers
  named ``old_key`` (of ``edition``, if given) into series ``new_key``, to join
  two series or, naming the paper's own series, to keep it apart.

``series_basis`` tells, in the outputs, how each paper was placed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, utils

from extractors.model import Paper
from pipeline.dates import MONTHS, parse_date
from pipeline.reviews import Reviews

#: Titles at least this close (rapidfuzz token_set_ratio, 0-100) may be one series.
TITLE_CLOSE = 70.0
#: ... if they share at least this share of the smaller paper's record keys.
SHARED_RECORDS = 0.5

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


# --- joining editions ----------------------------------------------------------------


@dataclass
class _Series:
    """A series being gathered: its name, the titles and record keys of its papers."""

    name: str
    titles: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)


def join_series(papers: Sequence[Paper], reviews: Reviews) -> list[Paper]:
    """Every paper (packs' parts taken apart) with the series it joins and how.

    Papers are taken in edition order (undated last), so a series is named by
    its earliest edition and each later one joins what came before it.
    """
    flat = [part for paper in papers for part in paper.papers()]
    order = sorted(range(len(flat)), key=lambda i: (not flat[i].edition, flat[i].edition, i))
    found: list[_Series] = []
    placed: dict[int, Paper] = {}
    for index in order:
        paper = flat[index]
        series, basis = _choose(paper, found, reviews)
        series.titles.add(paper.series)
        series.keys |= _keys(paper)
        placed[index] = replace(paper, series=series.name, series_basis=basis)
    return [placed[i] for i in range(len(flat))]


def _choose(paper: Paper, found: list[_Series], reviews: Reviews) -> tuple[_Series, str]:
    """The series a paper joins (a new one if none fits) and why."""
    decision = reviews.series_decision(paper.series, paper.edition)
    if decision is not None:
        return _named(found, decision.new_key), decision.note("series")
    if not paper.series:
        return _named(found, paper.source_file), "no title: named by its file"
    same = next((s for s in found if paper.series in s.titles), None)
    if same is not None:
        return same, "same title"
    scored = [(_title_score(paper.series, s), _shared(_keys(paper), s.keys), s) for s in found]
    close = [(t, k, s) for t, k, s in scored if t >= TITLE_CLOSE and k >= SHARED_RECORDS]
    if close:
        title, keys, series = max(close, key=lambda c: (c[0] + 100 * c[1], -found.index(c[2])))
        return series, f"close title ({title:.0f}) and {keys:.0%} shared records"
    return _named(found, paper.series), "own title"


def _named(found: list[_Series], name: str) -> _Series:
    """The series called ``name``, made if there is none yet."""
    series = next((s for s in found if s.name == name), None)
    if series is None:
        series = _Series(name)
        found.append(series)
    return series


def _title_score(title: str, series: _Series) -> float:
    return max(fuzz.token_set_ratio(title, other, processor=utils.default_process)
               for other in series.titles | {series.name})


def _keys(paper: Paper) -> set[str]:
    return {r.record_key for r in paper.recommendations if r.record_key}


def _shared(keys: set[str], others: set[str]) -> float:
    """The share of the smaller set's keys the two have in common (0 when either is empty)."""
    smaller = min(len(keys), len(others))
    return len(keys & others) / smaller if smaller else 0.0


def apply_series(papers: Iterable[Paper], placed: Sequence[Paper]) -> list[Paper]:
    """``papers`` (a run's files, packs taken apart) in the series ``join_series`` placed
    the same papers in (the history's copies, which keep records only); a paper it
    did not see keeps its own."""
    by_id = {(p.source_sha256, p.part): p for p in placed}
    out = []
    for part in (part for paper in papers for part in paper.papers()):
        seen = by_id.get((part.source_sha256, part.part))
        out.append(replace(part, series=seen.series, series_basis=seen.series_basis)
                   if seen else part)
    return out
