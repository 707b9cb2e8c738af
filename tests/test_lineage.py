"""Lineage: a report's recommendations linked to the tracker rows that follow them up.

The 2024 focused-visit report (``samples/generate/focused_visit_2024.py``, as
Word and as PDF) lists four areas for improvement; the May 2025 tracker prints
two of them word for word and merges the other two into one row. The SIF 2018
report's recommendations appear in no tracker here. Expected links are
hand-written (``samples/expected/focused_visit_2024_lineage.json``).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import PAPERS, SAMPLES, expected

from pipeline.cli import main
from samples.generate.focused_visit_2024 import generate

EXPECTED = expected("focused_visit_2024_lineage")
REPORT = SAMPLES / "lineage"
TRACKERS = ("tracker_may2025.pdf", "tracker_may2025.docx", "tracker_nov2025.pdf",
            "tracker_nov2025.docx", "sif_2018.docx", "sif_2018.pdf")  # fmt: skip
HEADER = "action,series,old_key,new_key,record_key,edition,flag,reason,reviewer,date\n"
REPORT_SERIES = "Ofsted Focused Visit to Children's Services: Areas for Improvement"


def _register(inbox: Path, out: Path) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with (out / "register.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _inbox(tmp_path: Path, report: Path = REPORT) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in TRACKERS:
        shutil.copy(PAPERS / name, inbox / name)
    for path in report.glob("focused_visit_2024.*"):
        shutil.copy(path, inbox / path.name)
    return inbox


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    folder = tmp_path_factory.mktemp("lineage")
    return _register(_inbox(folder), folder / "out")


def _linked(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The expected columns of the register rows that name an origin."""
    keys = list(EXPECTED["linked"][0])
    return [{k: row[k] for k in keys} for row in rows if row["origin_file"]]


def test_each_report_recommendation_is_linked_to_the_row_that_follows_it_up(
    register: list[dict[str, str]],
) -> None:
    assert _linked(register) == EXPECTED["linked"]
    assert all(float(s) >= 85 for row in register if row["origin_score"]
               for s in row["origin_score"].split(";"))


def test_a_linked_report_record_is_no_row_of_its_own_and_unlinked_ones_stay(
    register: list[dict[str, str]],
) -> None:
    assert not [row for row in register if row["series"] == REPORT_SERIES]
    reports = [row for row in register if row["inspection"].startswith("Ofsted Single")]
    assert len(reports) == EXPECTED["unlinked_report_rows"]
    assert not any(row["origin_file"] for row in reports)


def test_a_report_of_another_visit_is_not_linked(tmp_path: Path) -> None:
    """The same four areas, from a visit three years earlier: another inspection."""
    other = tmp_path / "other"
    generate(other, visited="2 and 3 March 2021", published="20 April 2021")
    rows = _register(_inbox(tmp_path, other), tmp_path / "out")
    assert not _linked(rows)
    assert len([row for row in rows if row["series"] == REPORT_SERIES]) == 4


def test_a_reviewer_unlinks_one_link_and_links_a_report_record_by_hand(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    out.mkdir()
    (out / "reviews.csv").write_text(
        HEADER
        + "unlink,,ofsted-focused-visit/afi-2,ofsted-focused-visit/afi-2,,,,not this one,AB,\n"
        + "link,,ofsted-single-inspection-framework-re-inspection/rec-5,"
          "ofsted-focused-visit/afi-3,,,,follows the early help work,AB,2026-12-01\n",
        encoding="utf-8")  # fmt: skip
    register = _register(inbox, out)
    tracked = {row["record_key"]: row for row in register if row["series"] != REPORT_SERIES}
    assert tracked["ofsted-focused-visit/afi-2"]["origin_file"] == ""
    assert [row["label"] for row in register if row["series"] == REPORT_SERIES] == [
        "Area for improvement 2"]
    by_hand = tracked["ofsted-focused-visit/afi-3"]
    assert by_hand["origin_label"] == "Area for improvement 3;Recommendation 5"
    assert by_hand["origin_link"] == (
        "text;linked: follows the early help work (AB, 2026-12-01)")


def test_a_link_to_a_record_that_does_not_exist_stops_the_run(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    out.mkdir()
    (out / "reviews.csv").write_text(
        HEADER + "link,,ofsted-focused-visit/afi-9,ofsted-focused-visit/afi-3,,,,,,\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 2
    assert "reviews.csv line 2" in result.output and "afi-9" in result.output
