"""What reconciliation works on: the editions of a series, and records paired across two."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.model import Paper, Recommendation

RecordId = tuple[str, str]  # (source_sha256, record_key)


class DiffRefused(ValueError):
    """Two papers ``diff`` will not compare (they share no inspection). Kept here, not with
    ``diff_papers``, so the command line can catch it without importing the reconciler."""


@dataclass(frozen=True)
class Edition:
    """One edition of a series: the file reconciliation uses, and the others."""

    series: str
    edition: str
    paper: Paper
    others: tuple[Paper, ...] = ()


@dataclass(frozen=True)
class Pair:
    """Two records taken for the same recommendation (either side None: unpaired)."""

    old: Recommendation | None
    new: Recommendation | None
    score: float | None = None
    how: str = ""
    reviewed: str = ""
