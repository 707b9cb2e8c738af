"""Per-record flags, each judged within the record's own edition.

A flag is a question a reviewer should ask about one record, answered from
that record and the date of the paper it is printed in, never from another
edition (changes between editions are ``pipeline.reconcile.editions``'s business). So
the flags can be computed at normalisation time, in the worker, and stored
with the record.

Flags, in the order they are listed on a record:

``overdue``
    The target month (the revised target if one is printed, else the original)
    is before the edition month, and the status is not ``complete``.
``status_inconsistent``
    The status contradicts the paper's own Status key (see ``delay_months``):
    ``on_track`` with a revised target later than the original;
    ``partly_delayed`` with a delay of more than twelve months (the key calls
    that a significant delay); ``significant_delay`` with a delay of twelve
    months or less.
``status_conflict``
    The status words and the Status key colour of the Status cell name two
    different statuses (``status`` vs ``status_from_colour``, both known).
``low_confidence``
    Extraction had to guess (the record carries warnings).
"""

from __future__ import annotations

from dataclasses import replace

from extractors.model import Paper, Recommendation
from pipeline.normalise.dates import month_of, months_between
from pipeline.problems import FLAGS

#: The Status key's line between "partly delayed" and "significant delay".
SIGNIFICANT_DELAY_MONTHS = 12


def with_flags(paper: Paper) -> Paper:
    """The paper with every recommendation's flags set for its edition."""
    return replace(
        paper,
        recommendations=tuple(
            replace(r, flags=record_flags(r, paper.edition)) for r in paper.recommendations
        ),
    )


def record_flags(rec: Recommendation, edition: str) -> tuple[str, ...]:
    """The flags ``rec`` earns in an edition dated ``edition`` (``YYYY-MM``)."""
    raised = {
        "overdue": is_overdue(rec, edition),
        "status_inconsistent": is_status_inconsistent(rec, edition),
        "status_conflict": bool(rec.status and rec.status_from_colour)
        and rec.status != rec.status_from_colour,
        "low_confidence": bool(rec.warnings),
    }
    return tuple(flag for flag in FLAGS if raised[flag])


def target(rec: Recommendation) -> str:
    """The target in force: the revised target if printed, else the original."""
    return rec.revised_target or rec.original_target


def is_overdue(rec: Recommendation, edition: str) -> bool:
    """The target month is before the edition month and the item is not complete."""
    due = month_of(target(rec))
    return bool(due and edition) and due < month_of(edition) and rec.status != "complete"


def delay_months(rec: Recommendation, edition: str) -> int | None:
    """Months the item is past its original deadline, as of ``edition``; None if unknown.

    Measured from the original target month to the later of the target in
    force and the edition month: an item is at least as late as the date of
    the paper that still reports it open, and as late as its revised target
    when that is later still. Complete items are not delayed (None).
    """
    original = month_of(rec.original_target)
    if not original or rec.status == "complete":
        return None
    latest = max(month_of(target(rec)), month_of(edition))
    return months_between(original, latest)


def is_status_inconsistent(rec: Recommendation, edition: str) -> bool:
    """The status breaks one of the Status key's rules (see the module docstring)."""
    if rec.status == "on_track":
        revised, original = month_of(rec.revised_target), month_of(rec.original_target)
        return bool(revised and original) and revised > original
    delay = delay_months(rec, edition)
    if delay is None:
        return False
    if rec.status == "partly_delayed":
        return delay > SIGNIFICANT_DELAY_MONTHS
    return rec.status == "significant_delay" and delay <= SIGNIFICANT_DELAY_MONTHS
