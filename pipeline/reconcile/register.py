"""The register: one row per recommendation of a series, across all its editions and files.

Reconciliation pairs the records of consecutive editions; following those
pairs from edition to edition gives each recommendation's *track*: the record
it was in every edition that listed it, and how it left the series if it did.
Each edition counts once, read from the file reconciliation uses (the PDF and
Word copies of one edition are one edition), so a recommendation is one row
however many files printed it. A renumbered item keeps its track: its earlier
keys and labels are listed in ``old_keys`` and ``old_labels``.

Columns (``REGISTER_COLUMNS``; see the README for an example row):

- identity: ``series``, ``record_key`` (the latest), ``directorate``,
  ``inspection``, ``label``, ``recommendation`` (the latest text),
  ``old_keys`` / ``old_labels`` (earlier ones, ``;``-joined);
- where it stands: ``status`` (in the latest edition that lists it),
  ``first_seen_edition``, ``last_seen_edition``, ``editions_seen``,
  ``closed_edition`` (the first edition of its latest unbroken run of
  ``complete`` reports; blank while it is open), ``gone_since`` (the first
  edition that no longer lists it) and ``gone_as`` (``missing`` or
  ``dropped_complete``);
- history: ``status_history`` and ``target_history`` ("2025-05 on_track →
  2025-11 complete": the first edition, then each edition where it changed),
  ``months_slipped`` and ``slip_streak`` (as in records.csv);
- provenance: ``source_file``, ``page`` and ``location`` of the latest record;
- lineage (``pipeline.reconcile.lineage``): ``origin_file``, ``origin_location``,
  ``origin_label``, ``origin_title`` of the report record(s) that first made it
  (``;``-joined when a tracker row follows up several), ``origin_score`` and
  ``origin_link`` (``text``, or the reviewer's note of a ``link`` row).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from extractors.model import Paper, Recommendation
from pipeline.normalise.flags import target
from pipeline.outputs.tables import Row

if TYPE_CHECKING:
    from pipeline.reconcile.lineage import Origin

ARROW = " → "


@dataclass
class Track:
    """One recommendation followed through a series: (edition, paper, record) per edition."""

    series: str
    seen: list[tuple[str, Paper, Recommendation]] = field(default_factory=list)
    gone_since: str = ""
    gone_as: str = ""

    def add(self, edition: str, paper: Paper, rec: Recommendation) -> None:
        self.seen.append((edition, paper, rec))

    def leave(self, edition: str, how: str) -> None:
        """The recommendation is no longer listed from ``edition`` on (``how``: its change code)."""
        self.gone_since, self.gone_as = edition, how


def register_row(track: Track, notes: Row, origins: Sequence[Origin] = ()) -> Row:
    """The register row of one track; ``notes`` are its latest record's slippage columns,
    ``origins`` the report records it follows up."""
    edition, paper, latest = track.seen[-1]
    return {
        "series": track.series,
        "record_key": latest.record_key,
        "directorate": latest.directorate,
        "inspection": latest.inspection,
        "label": latest.label,
        "recommendation": latest.recommendation,
        "old_keys": _earlier(track, lambda r: r.record_key),
        "old_labels": _earlier(track, lambda r: r.label),
        "status": latest.status,
        "first_seen_edition": track.seen[0][0],
        "last_seen_edition": edition,
        "editions_seen": len(track.seen),
        "closed_edition": _closed(track),
        "gone_since": track.gone_since,
        "gone_as": track.gone_as,
        "status_history": _history(track, lambda r: r.status or "(none)"),
        "target_history": _history(track, lambda r: target(r) or "(none)"),
        "months_slipped": notes.get("months_slipped", ""),
        "slip_streak": notes.get("slip_streak", ""),
        "source_file": paper.source_file,
        "page": latest.location.number if latest.location.kind == "page" else "",
        "location": str(latest.location),
        **_origin_columns(origins),
    }


def _origin_columns(origins: Sequence[Origin]) -> Row:
    """The ``origin_*`` columns: each report record a track follows up, ``;``-joined."""
    def joined(get: Callable[[Origin], object]) -> str:
        return ";".join(str(get(o)) for o in origins)

    return {
        "origin_file": joined(lambda o: o.paper.source_file),
        "origin_location": joined(lambda o: o.record.location),
        "origin_label": joined(lambda o: o.record.label),
        "origin_title": joined(lambda o: o.paper.title),
        "origin_score": joined(lambda o: o.score),
        "origin_link": joined(lambda o: o.how),
    }


def _earlier(track: Track, get: Callable[[Recommendation], str]) -> str:
    """Distinct earlier values (keys or labels) unlike the latest, in order, ``;``-joined."""
    latest = get(track.seen[-1][2])
    return ";".join(dict.fromkeys(v for _, _, r in track.seen if (v := get(r)) != latest))


def _closed(track: Track) -> str:
    """The first edition of the latest unbroken run of ``complete`` reports, or ""."""
    closed = ""
    for edition, _, rec in track.seen:
        if rec.status != "complete":
            closed = ""
        elif not closed:
            closed = edition
    return closed


def _history(track: Track, get: Callable[[Recommendation], str]) -> str:
    """"edition value" for the first edition and each edition where the value changed."""
    steps: list[str] = []
    last: str | None = None
    for edition, _, rec in track.seen:
        now = get(rec)
        if now != last:
            steps.append(f"{edition} {now}".strip())
            last = now
    return ARROW.join(steps)


def register_rows(
    tracks: Sequence[Track], notes: dict[tuple[str, str], Row],
    origins: Mapping[int, Sequence[Origin]] | None = None, left_out: Collection[int] = (),
) -> list[Row]:
    """Register rows of ``tracks`` in order; ``notes`` by (source_sha256, record_key).

    ``origins`` are the report records each track (by ``id``) follows up; the
    tracks in ``left_out`` (those report records' own) have no row.
    """
    return [register_row(t, notes.get((t.seen[-1][1].source_sha256, t.seen[-1][2].record_key),
                                      {}), (origins or {}).get(id(t), ()))
            for t in tracks if id(t) not in left_out]
