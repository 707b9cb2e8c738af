"""How far each record's target has slipped, edition by edition of its series.

Slippage (``record_notes``, keyed by file hash and record_key) follows
each record back through its pairs: ``slip_streak`` is the number of
consecutive editions, up to this one, in which the target in force (revised,
else original) moved later; ``months_slipped`` the months from the first target
seen for it to the one in force now (negative when brought forward; blank
while either is unknown); ``first_seen_edition`` and ``first_seen_target`` the
edition it first appeared in and the original target printed then (or the first
one printed later, if that edition had none), kept when later papers stop
printing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.normalise.dates import month_of, months_between
from pipeline.normalise.flags import target
from pipeline.outputs.tables import Row
from pipeline.reconcile.model import Edition, Pair, RecordId


@dataclass(frozen=True)
class Slip:
    """A record's slippage so far (see the module docstring)."""

    first_seen_edition: str
    first_seen_target: str
    first_target: str
    target: str
    slip_streak: int = 0


def first_seen(edition: Edition) -> dict[str, Slip]:
    """Slippage of the records of a series' first edition, by record_key.

    Built in reverse paper order so that, when a key repeats, the first record wins.
    """
    return {
        rec.record_key: Slip(edition.edition, rec.original_target, target(rec), target(rec))
        for rec in reversed(edition.paper.recommendations)
    }


def slipped(before: dict[str, Slip], pairs: Sequence[Pair], new: Edition) -> dict[str, Slip]:
    """Slippage of ``new``'s records, carried over their pairs from ``before``.

    Built in reverse paper order so that, when a key repeats, the first record wins.
    """
    after: dict[str, Slip] = {}
    for pair in reversed(pairs):
        if pair.new is None:
            continue
        now = target(pair.new)
        was = before.get(pair.old.record_key) if pair.old else None
        if was is None:
            after[pair.new.record_key] = Slip(new.edition, pair.new.original_target, now, now)
            continue
        moved = bool(was.target and now) and month_of(now) > month_of(was.target)
        after[pair.new.record_key] = Slip(
            was.first_seen_edition,
            was.first_seen_target or pair.new.original_target,
            was.first_target or now,
            now,
            was.slip_streak + 1 if moved else 0,
        )
    return after


def slip_notes(edition: Edition, slips: dict[str, Slip]) -> dict[RecordId, Row]:
    """Slippage columns of an edition's records as of that edition, for each of its files."""
    notes: dict[RecordId, Row] = {}
    for key, slip in slips.items():
        months = (months_between(slip.first_target, slip.target)
                  if slip.first_target and slip.target else "")
        row = {
            "slip_streak": slip.slip_streak,
            "months_slipped": months,
            "first_seen_edition": slip.first_seen_edition,
            "first_seen_target": slip.first_seen_target,
        }
        for paper in (edition.paper, *edition.others):
            notes[(paper.source_sha256, key)] = row
    return notes
