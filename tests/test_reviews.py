"""reviews.csv: reading the reviewer's decisions, and applying flag reviews."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from extractors.model import Location, Paper, Recommendation
from pipeline.history.reviews import REVIEW_COLUMNS, Review, Reviews, ReviewsError, load_reviews
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


# ------------------------------------------------------------------ every error, named by line


@pytest.mark.parametrize(("text", "line", "says"), [
    (HEADER + "pin,,a,b,,,,\"renumbered,AB,2025\n", 2, "quote left open"),
    (HEADER + "pin,,a/rec-1,a/rec-9,,,,ok,AB,x,extra\n", 2, "11 cells but 10 columns"),
    ("action,recordkey\nflag,a/rec-2\n", 1, "unknown column(s) recordkey"),
    ("series,old_key\nT,a\n", 1, "no action column"),
    (HEADER + "pin,,a/rec-1,a/rec-9,,,,,,\nack,,,,a/rec-2,2025-11,,,,\n", 3,
     "needs alert and reason"),
    ("action,record_key,edition,alert,reason\nack,a/rec-2,2025-11,late,agreed\n", 2,
     "alert must be one of"),
])
def test_a_malformed_file_is_named_by_line(tmp_path: Path, text: str, line: int, says: str
                                           ) -> None:
    path = tmp_path / "reviews.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(ReviewsError, match=f"reviews.csv line {line}: .*{re.escape(says)}"):
        load_reviews(path)


def test_bytes_that_are_no_text_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "reviews.csv"
    path.write_bytes(HEADER.encode() + b"pin,,a,b,,,,\x81\x8d\x90,,\n")
    with pytest.raises(ReviewsError, match="not text"):
        load_reviews(path)


def two_editions() -> list[Paper]:
    rec = Recommendation(Location("page", 1), "D", "A", "Rec 2", "Do it.", status="on_track",
                         record_key="a/rec-2", flags=("overdue",))
    return [Paper(f"{e}.pdf", e, "pdf", "t", f"T {e}", recommendations=(rec,), series="T",
                  edition=e) for e in ("2025-05", "2025-11")]


@pytest.mark.parametrize(("review", "says"), [
    (Review("pin", old_key="a/rec-2", new_key="a/rec-3"), "new_key 'a/rec-3' is not a record"),
    (Review("reject", series="T", old_key="a/rec2", new_key="a/rec-2"),
     "old_key 'a/rec2' is not a record of T"),
    (Review("flag", series="U", record_key="a/rec-2", flag="overdue"), "no series 'U'"),
    (Review("flag", record_key="a/rec-2", edition="2025-12", flag="overdue"),
     "no edition '2025-12'"),
    (Review("flag", record_key="a/rec-2", edition="2025-11", flag="status_conflict"),
     "a/rec-2 has no status_conflict flag in 2025-11"),
    (Review("ack", record_key="a/rec-9", edition="2025-11", alert="overdue", reason="ok"),
     "record_key 'a/rec-9' is not a record"),
])
def test_a_review_naming_what_the_papers_lack_is_refused(review: Review, says: str) -> None:
    numbered = Review(**{**{f: getattr(review, f) for f in REVIEW_COLUMNS}, "line": 7})
    with pytest.raises(ReviewsError, match=f"reviews.csv line 7: {re.escape(says)}"):
        reconcile(two_editions(), Reviews((numbered,)))


def test_a_bad_row_stops_the_run_with_exit_2(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from support import PAPERS

    from pipeline.cli import main

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    out.mkdir()
    shutil.copy(PAPERS / "tracker_may2025.docx", inbox)
    (out / "reviews.csv").write_text(
        "action,record_key,flag,reason\nflag,ofsted-focused-visit/afi-9,overdue,typo\n", "utf-8")
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 2
    assert "reviews.csv line 2: record_key 'ofsted-focused-visit/afi-9' is not a record" in (
        result.output)


# ------------------------------------------------------------------ files saved by Excel

EXCEL_ROWS = ("action,record_key,edition,flag,reason,reviewer\n"
              "flag,a/rec-2,2025-11,overdue,extension agreed £0 – café,Zoë\n")
WANTED = Review("flag", record_key="a/rec-2", edition="2025-11", flag="overdue",
                reason="extension agreed £0 – café", reviewer="Zoë")


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ","), ("utf-16", "\t"), ("utf-16", ","),
    ("cp1252", ";"),
])
def test_excel_encodings_are_read(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = tmp_path / "reviews.csv"
    text = EXCEL_ROWS.replace(",", delimiter).replace("\n", "\r\n")
    path.write_bytes(text.encode(encoding))
    assert load_reviews(path).items == (WANTED,)


# ------------------------------------------------------------------ ack


def editions_of(*states: tuple[str, str]) -> list[Paper]:
    """One record, overdue, in editions of (edition, revised target)."""
    return [Paper(f"{e}.pdf", e, "pdf", "t", f"T {e}", series="T", edition=e, recommendations=(
        Recommendation(Location("page", 1), "D", "A", "Rec 2", "Do it.", status="on_track",
                       original_target="2024-01", revised_target=revised,
                       record_key="a/rec-2", flags=("overdue",)),)) for e, revised in states]


def test_an_ack_signs_off_an_alert_until_the_item_changes_again() -> None:
    papers = editions_of(("2025-01", "2024-06"), ("2025-05", "2024-06"), ("2025-11", "2024-06"),
                         ("2026-05", "2024-09"))
    ack = Review("ack", record_key="a/rec-2", edition="2025-05", alert="overdue",
                 reason="extension agreed", reviewer="CD")
    rows = reconcile(papers, Reviews((ack,))).changes
    assert [(r["new_edition"], r["change"], r["signed_off"]) for r in rows] == [
        ("2025-05", "unchanged", "overdue"), ("2025-11", "unchanged", "overdue"),
        ("2026-05", "target_changed", "")]
    assert rows[1]["reviewed"] == "ack overdue: extension agreed (CD)"


def test_a_signed_off_alert_stays_visible_as_reviewed() -> None:
    from pipeline.outputs.report import build_context
    from pipeline.outputs.tables import record_rows

    papers = editions_of(("2025-01", "2024-06"), ("2025-05", "2024-06"))
    ack = Review("ack", record_key="a/rec-2", edition="2025-05", alert="overdue",
                 reason="extension agreed")
    found = reconcile(papers, Reviews((ack,)))
    context = build_context(record_rows(papers, found.record_notes), found.changes, [], [],
                            title="t")
    sections = {s["key"]: s["rows"] for s in context["sections"]}
    assert sections["alerts"] == []
    (item,) = sections["signed_off"]
    assert item.signed_off == ("overdue",) and "extension agreed" in item.review
