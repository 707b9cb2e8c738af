"""A joined series is one series after joining: the register, lineage's reviews and
reviewer rows see it whole (``pipeline.reconcile.series``, issue 12)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from support import SAMPLES

from extractors import extract_path
from extractors.model import Paper
from pipeline.history.reviews import Review, Reviews, ReviewsError
from pipeline.normalise.paper import normalise_paper
from pipeline.reconcile.editions import reconcile

WHOLE = SAMPLES / "whole_papers"
INTERNAL = "Internal Audit Recommendations Tracker"
NAMES = ("audit_tracker_2025_03", "audit_tracker_2025_06", "audit_tracker_2025_09")


@pytest.fixture(scope="module")
def editions() -> list[Paper]:
    """The three editions (Word files), the third under a reworded title, each hashed."""
    return [replace(normalise_paper(extract_path(WHOLE / f"{name}.docx")),
                    source_sha256=f"{n:064x}") for n, name in enumerate(NAMES, 1)]


def test_the_register_follows_a_recommendation_across_the_reworded_edition(
        editions: list[Paper]) -> None:
    assert editions[2].series != INTERNAL  # its own title is reworded
    found = reconcile(editions, Reviews())
    assert {row["series"] for row in found.register} == {INTERNAL}
    kept = set.intersection(*({r.record_key for r in p.recommendations} for p in editions))
    rows = [row for row in found.register if row["record_key"] in kept]
    assert rows and all(row["editions_seen"] == 3 for row in rows)
    assert all(row["first_seen_edition"] == editions[0].edition for row in rows)
    assert len(found.register) == len({r["record_key"] for r in found.register})


def test_a_review_may_name_the_joined_series_by_a_paper_s_own_series(
        editions: list[Paper]) -> None:
    """A row naming the reworded edition's own series applies to the joined series; the
    same row naming a series no paper has stops the run."""
    old, new = (editions[i].recommendations[0].record_key for i in (1, 2))
    own = editions[2].series
    found = reconcile(editions, Reviews((Review("reject", series=own, old_key=old,
                                                new_key=new, reason="not one"),)))
    assert {row["series"] for row in found.register} == {INTERNAL}
    with pytest.raises(ReviewsError, match="no series"):
        reconcile(editions, Reviews((Review("reject", series="Nothing like it", old_key=old,
                                            new_key=new),)))


def test_a_series_row_names_a_paper_s_own_series(editions: list[Paper]) -> None:
    split = Review("series", old_key=editions[2].series, new_key=editions[2].series,
                   reason="a new plan")
    found = reconcile(editions, Reviews((split,)))
    assert {row["series"] for row in found.register} == {INTERNAL, editions[2].series}
    for wrong, message in ((replace(split, old_key="No such tracker"), "no paper has"),
                           (replace(split, series=INTERNAL), "leave series blank"),
                           (replace(split, edition="1999-01"), "no edition")):
        with pytest.raises(ReviewsError, match=message):
            reconcile(editions, Reviews((wrong,)))
