"""Where the files of one edition (its PDF and its Word original) disagree, field by field.

Reconciliation uses one file of each edition (``pipeline.reconcile.editions``);
every other file of it is compared with that one, record by record, and each
difference is a row of ``edition_disagreements``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields
from typing import Any

from extractors.model import READING_FIELDS, Paper, Recommendation
from pipeline.outputs.tables import Row
from pipeline.reconcile.model import Edition

#: Fields compared between the files of one edition: what the paper says, not where
#: or how each file was read.
COMPARED = tuple(f.name for f in fields(Recommendation) if f.name not in READING_FIELDS)


def disagreement_rows(edition: Edition) -> list[Row]:
    """Where each other file of an edition differs from the one reconciliation uses.

    Records are taken for one another by record_key (in paper order when a key
    repeats); a record only one file has is a ``record`` difference.
    """
    rows: list[Row] = []
    for other in edition.others:
        mine, theirs = _by_key_lists(edition.paper), _by_key_lists(other)
        for key in dict.fromkeys([*mine, *theirs]):
            a, b = mine.get(key, []), theirs.get(key, [])
            for n in range(max(len(a), len(b))):
                rows += _differences(edition, other, key, _nth(a, n), _nth(b, n))
    return rows


def _by_key_lists(paper: Paper) -> dict[str, list[Recommendation]]:
    """record_key -> the paper's records with that key, in paper order."""
    keyed: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in paper.recommendations:
        keyed[rec.record_key].append(rec)
    return keyed


def _nth(items: list[Recommendation], n: int) -> Recommendation | None:
    return items[n] if n < len(items) else None


def _differences(
    edition: Edition, other: Paper, key: str, a: Recommendation | None, b: Recommendation | None
) -> list[Row]:
    """One row per field in which two files' records of one key differ."""
    if a is None or b is None:
        values = [("record", "present" if a else "absent", "present" if b else "absent")]
    else:
        values = [(name, _text(getattr(a, name)), _text(getattr(b, name)))
                  for name in COMPARED if getattr(a, name) != getattr(b, name)]
    return [
        {
            "series": edition.series,
            "edition": edition.edition,
            "record_key": key,
            "field": name,
            "source_file": edition.paper.source_file,
            "value": mine,
            "location": str(a.location) if a else "",
            "other_source_file": other.source_file,
            "other_value": theirs,
            "other_location": str(b.location) if b else "",
        }
        for name, mine, theirs in values
    ]


def _text(value: Any) -> str:
    """A field value as one cell: tuples ``;``-joined, the rest as text."""
    return ";".join(value) if isinstance(value, tuple) else str(value)
