"""Which series each paper joins: editions joined across a reworded title.

A paper's own series is its title without its date (``pipeline.normalise.edition``).
Papers are joined into one series here, across papers, before reconciling:

- a paper joins a series that has a paper with the same own series; else one
  whose title is close (rapidfuzz ``token_set_ratio`` at least
  ``TITLE_CLOSE``) *and* with which it shares records (at least
  ``SHARED_RECORDS`` of the smaller paper's record keys), so a reworded title
  keeps its history. Nothing else joins papers: two trackers of one
  committee stay two series;
- a reviewer's ``series`` decision in reviews.csv (``pipeline.history.reviews``)
  wins over all of this: it puts the papers whose own series is ``old_key``
  (of ``edition``, if given) into series ``new_key``, to join two series or,
  naming the paper's own series, to keep it apart.

``series_basis`` tells, in the outputs, how each paper was placed. Everything
after this (pairing, the register, lineage, reviews naming a series) sees a
joined series as one series; ``aliases`` maps each own series to the series
its papers joined, so a review may name either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, utils

from extractors.model import Paper
from pipeline.history.reviews import Reviews

#: Titles at least this close (rapidfuzz token_set_ratio, 0-100) may be one series.
TITLE_CLOSE = 70.0
#: ... if they share at least this share of the smaller paper's record keys.
SHARED_RECORDS = 0.5


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


def aliases(own: Sequence[Paper], placed: Sequence[Paper]) -> dict[str, str]:
    """Own series -> the series its papers joined, where that is another and the only one.

    ``own`` are the papers as read (packs taken apart), ``placed`` the same papers
    as ``join_series`` gave them back. An own series whose papers a reviewer
    split over several series is no alias: a review must name the one it means.
    """
    joined: dict[str, set[str]] = defaultdict(set)
    for before, after in zip(own, placed, strict=True):
        joined[before.series].add(after.series)
    return {name: next(iter(into)) for name, into in joined.items()
            if len(into) == 1 and name not in into}


def with_aliases(reviews: Reviews, names: Mapping[str, str]) -> Reviews:
    """``reviews`` with a series named by a paper's own series renamed to the series joined."""
    return Reviews(tuple(replace(r, series=names.get(r.series, r.series)) for r in reviews.items))
