"""reviews.csv: reading the reviewer's decisions, and applying flag reviews."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.model import Location, Paper, Recommendation
from pipeline.history.reviews import Review, Reviews, ReviewsError, load_reviews
from pipeline.reconcile.editions import reconcile

HEADER = "action,series,old_key,new_key,record_key,edition,flag,reason,reviewer,date\n"


def test_missing_file_means_no_decisions(tmp_path: Path) -> None:
    assert load_reviews(tmp_path / "reviews.csv").items == ()


def test_rows_are_read_in_order(tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text(HEADER + "pin,,a/rec-1,a/rec-9,,,,renumbered,AB,2025-11-20\n"
                    "flag,T,,,a/rec-2,2025-11,overdue,agreed extension,CD,\n", "utf-8")
    assert load_reviews(path).items == (
        Review("pin", old_key="a/rec-1", new_key="a/rec-9", reason="renumbered",
               reviewer="AB", date="2025-11-20"),
        Review("flag", series="T", record_key="a/rec-2", edition="2025-11", flag="overdue",
               reason="agreed extension", reviewer="CD"),
    )


@pytest.mark.parametrize("row", [
    "pinn,,a,b,,,,,,\n", "pin,,a,,,,,,,\n", "flag,,,,a/rec-1,,late,,,\n",
])
def test_a_bad_row_is_named_by_line(tmp_path: Path, row: str) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text(HEADER + row, "utf-8")
    with pytest.raises(ReviewsError, match="line 2"):
        load_reviews(path)


def test_flag_review_marks_the_record_in_its_edition_only() -> None:
    rec = Recommendation(Location("page", 1), "D", "A", "Rec 2", "Do it.",
                         record_key="a/rec-2", flags=("overdue",))
    papers = [Paper(f"{e}.pdf", e, "pdf", "t", f"T {e}", recommendations=(rec,), series="T",
                    edition=e) for e in ("2025-05", "2025-11")]
    review = Review("flag", record_key="a/rec-2", edition="2025-11", flag="overdue",
                    reason="agreed extension", reviewer="CD", date="2025-11-21")
    notes = reconcile(papers, Reviews((review,))).record_notes
    assert notes[("2025-11", "a/rec-2")]["flags_reviewed"] == (
        "overdue: agreed extension (CD, 2025-11-21)")
    assert notes[("2025-05", "a/rec-2")]["flags_reviewed"] == ""
