"""Lineage: the report that first made a recommendation, linked to the tracker that follows it.

A *report* is a paper that makes recommendations rather than following them
up: an inspection letter or a scrutiny report listing them, with no status,
target or progress on any of its records (``is_report``). Each of its
records is linked to the tracker track (``pipeline.reconcile.register.Track``)
that follows it up when:

- the two name the same inspection: the same inspectorate, and an
  inspection or publication month in common (both papers print dates), or
  inspection titles alike (``TITLE_MATCH``) when either prints none; and
- some record of the track says the same thing: rapidfuzz
  ``token_set_ratio`` of the texts at least ``LINK_MATCH``, so a tracker
  row that merges two areas for improvement ("… And Area for improvement 4:
  …") is the follow-up of both.

Each report record goes to its best-scoring track (ties: the first track in
register order); a track may follow up several. A reviewer's ``link`` row
(``pipeline.history.reviews``) makes a link whatever the scores say, and an
``unlink`` row forbids one. A linked report record is no longer a register row
of its own: the track's row names it in its ``origin_*`` columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from extractors.model import Inspection, Paper, Recommendation
from pipeline.history.reviews import Review, Reviews
from pipeline.reconcile.register import Track

#: Text score (0-100) a follow-up record must reach to be linked to a report's record.
LINK_MATCH = 85.0
#: Inspection-title score that stands in for dates when a paper prints none.
TITLE_MATCH = 80.0


@dataclass(frozen=True)
class Origin:
    """Where a tracked recommendation was first made: a report's record, and how it was linked."""

    paper: Paper
    record: Recommendation
    score: float
    how: str  # "text", or the reviewer's note of a link row


def is_report(paper: Paper) -> bool:
    """A paper that makes recommendations: it has some, and none carries a status,
    a target or progress (a tracker's rows always carry one of them)."""
    return bool(paper.recommendations) and not any(
        r.status_text or r.status_colour or r.original_target_text or r.revised_target_text
        or r.progress for r in paper.recommendations)


def link_origins(tracks: Sequence[Track], reviews: Reviews) -> dict[int, list[Origin]]:
    """Follow-up track (by ``id``) -> the report records it follows up, in report order.

    ``tracks`` are every register track; those of reports are the origins.
    """
    reports = [t for t in tracks if is_report(t.seen[0][1])]
    follow_ups = [t for t in tracks if not is_report(t.seen[0][1])]
    by_body = _by_body(follow_ups)
    found: dict[int, list[Origin]] = {}
    for report in reports:
        _, paper, record = report.seen[0]
        alike = by_body.get(record.inspection_body.casefold(), [])
        best = _pinned(record, follow_ups, reviews) or _best(paper, record, alike, reviews)
        if best is not None:
            track, origin = best
            found.setdefault(id(track), []).append(origin)
    return found


def linked_reports(tracks: Sequence[Track], origins: dict[int, list[Origin]]) -> set[int]:
    """``id`` of the report tracks whose record is some track's origin."""
    records = {id(o.record) for links in origins.values() for o in links}
    return {id(t) for t in tracks if id(t.seen[0][2]) in records}


def _pinned(
    record: Recommendation, follow_ups: Sequence[Track], reviews: Reviews
) -> tuple[Track, Origin] | None:
    """The track a reviewer linked this report record to, if any."""
    for review in reviews.links(record.record_key):
        for track in follow_ups:
            if _names(track, review):
                _, paper, _ = track.seen[0]
                return track, Origin(paper, record, 100.0, review.note("linked"))
    return None


def _names(track: Track, review: Review) -> bool:
    """A review's ``new_key`` (and series, if given) is one of the track's records."""
    return (review.series in ("", track.series)
            and any(rec.record_key == review.new_key for _, _, rec in track.seen))


@dataclass(frozen=True)
class _Followed:
    """A follow-up track's records of one inspectorate, each with the inspection it sits under."""

    track: Track
    records: tuple[tuple[Inspection | None, Recommendation], ...]


def _by_body(follow_ups: Sequence[Track]) -> dict[str, list[_Followed]]:
    """The follow-up tracks by inspectorate (casefolded), in register order.

    A report record can only be linked to records of its own inspectorate, so
    each is scored against those alone, and each record's inspection is looked
    up once, not once a report record: the pairs grow as reports times tracks.
    """
    found: dict[str, list[_Followed]] = {}
    for track in follow_ups:
        bodies: dict[str, list[tuple[Inspection | None, Recommendation]]] = {}
        for _, paper, rec in track.seen:
            bodies.setdefault(rec.inspection_body.casefold(), []).append(
                (_inspection(paper, rec), rec))
        for body, records in bodies.items():
            found.setdefault(body, []).append(_Followed(track, tuple(records)))
    return found


def _best(
    paper: Paper, record: Recommendation, alike: Sequence[_Followed], reviews: Reviews
) -> tuple[Track, Origin] | None:
    """The track whose records best repeat ``record`` of the same inspection, if one is alike
    (``alike``: the follow-up tracks' records of its inspectorate)."""
    mine = _inspection(paper, record)
    best: tuple[float, Track] | None = None
    for followed in alike:
        track = followed.track
        if any(reviews.unlinked(record.record_key, rec.record_key) for _, _, rec in track.seen):
            continue
        value = max((_text(record, rec) for theirs, rec in followed.records
                     if _same_inspection(mine, record, theirs, rec)), default=0.0)
        if value >= LINK_MATCH and (best is None or value > best[0]):
            best = (value, track)
    if best is None:
        return None
    return best[1], Origin(paper, record, round(best[0], 1), "text")


def _text(one: Recommendation, other: Recommendation) -> float:
    return float(fuzz.token_set_ratio(one.recommendation, other.recommendation,
                                      processor=utils.default_process))


def _inspection(paper: Paper, record: Recommendation) -> Inspection | None:
    """The paper's inspection a record sits under (by title), if the paper lists it."""
    return next((i for i in paper.inspections if i.title == record.inspection), None)


def _same_inspection(
    mine: Inspection | None, record: Recommendation, theirs: Inspection | None,
    other: Recommendation,
) -> bool:
    """Same inspectorate, and a month in common, or alike titles when either has no dates."""
    if record.inspection_body.casefold() != other.inspection_body.casefold():
        return False
    months = [_months(i) for i in (mine, theirs)]
    if all(months):
        return bool(months[0] & months[1])
    title = fuzz.token_set_ratio(record.inspection, other.inspection,
                                 processor=utils.default_process)
    return title >= TITLE_MATCH


def _months(inspection: Inspection | None) -> set[str]:
    """The inspection's and publication's months ("2024-05"), as printed."""
    if inspection is None:
        return set()
    return {d[:7] for d in (inspection.inspection_date, inspection.published_date) if d}
