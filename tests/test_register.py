"""The register over three editions of the May 2025 series, with a corrected re-issue.

The November 2026 edition (``samples/generate/tracker_nov2026.py``) renumbers
two items and reuses the old number of a dropped completed one, reopens an
item, slips a target a second time, and is issued twice under one file name:
the first issue (``samples/reissue``) is replaced in the inbox by the
corrected one. Register and changes are compared with hand-written JSON.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support import PAPERS, SAMPLES, expected

from pipeline.cli import main

EXPECTED = expected("tracker_nov2026_register")
FIRST_ISSUE = SAMPLES / "reissue"
EARLIER = ("tracker_may2025.pdf", "tracker_may2025.docx", "tracker_nov2025.pdf",
           "tracker_nov2025.docx")  # fmt: skip
NOV2026 = ("tracker_nov2026.pdf", "tracker_nov2026.docx")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def as_cells(row: dict[str, Any]) -> dict[str, str]:
    """Expected values as the CSV writes them (numbers as text)."""
    return {k: str(v) for k, v in row.items()}


def run(inbox: Path, out: Path) -> str:
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A run with the first issue of November 2026, then one with the corrected issue."""
    inbox, out = tmp_path_factory.mktemp("inbox"), tmp_path_factory.mktemp("out")
    for name in EARLIER:
        shutil.copy(PAPERS / name, inbox / name)
    for name in NOV2026:
        shutil.copy(FIRST_ISSUE / name, inbox / name)
    run(inbox, out)
    first = {"changes": rows(out / "changes.csv"), "register": rows(out / "register.csv")}
    for name in NOV2026:
        shutil.copy(PAPERS / name, inbox / name)
    message = run(inbox, out)
    return {"inbox": inbox, "out": out, "first": first, "message": message}


def test_the_register_matches_the_hand_written_rows(runs: dict[str, Any]) -> None:
    got = rows(runs["out"] / "register.csv")
    keys = list(EXPECTED["register"][0])
    assert [{k: row[k] for k in keys} for row in got] == [
        as_cells(row) for row in EXPECTED["register"]]
    assert {row["series"] for row in got} == {EXPECTED["series"]}


def test_the_changes_match_the_hand_written_rows(runs: dict[str, Any]) -> None:
    got = [row for row in rows(runs["out"] / "changes.csv") if row["new_edition"] == "2026-11"]
    keys = list(EXPECTED["changes"][0])
    assert [{k: row[k] for k in keys} for row in got] == [
        as_cells(row) for row in EXPECTED["changes"]]


def test_the_corrected_issue_supersedes_the_first(runs: dict[str, Any]) -> None:
    first = [r for r in runs["first"]["changes"]
             if r["record_key"].endswith("statement-of-accounts-grant-thornton/rec-1")
             and r["new_edition"] == "2026-11"]
    assert [r["change"] for r in first] == ["reopened"]  # the first issue's error
    superseded = rows(runs["out"] / "superseded.csv")
    assert sorted(r["source_file"] for r in superseded) == sorted(NOV2026)
    assert {r["reason"] for r in superseded} == {
        "the inbox now holds other bytes under this name"}
    assert all(r["processed_at"] and r["superseded_at"] for r in superseded)
    records = rows(runs["out"] / "records.csv")
    assert {r["source_sha256"] for r in records} & {r["source_sha256"] for r in superseded} == set()


def test_pdf_and_word_of_one_edition_count_once(runs: dict[str, Any]) -> None:
    records = rows(runs["out"] / "records.csv")
    assert len(records) == 2 * (35 + 34 + 33)
    assert f"{len(EXPECTED['register'])} recommendation(s) in the register" in runs["message"]
    assert f"({len(records)} record rows across files)" in runs["message"]


def test_a_file_gone_from_the_inbox_does_not_outrank_one_still_there(
    runs: dict[str, Any], tmp_path: Path
) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    shutil.copytree(runs["inbox"], inbox)
    shutil.copytree(runs["out"], out)
    (inbox / "tracker_nov2026.pdf").unlink()
    run(inbox, out)
    got = {r["new_source_file"] for r in rows(out / "changes.csv")
           if r["new_edition"] == "2026-11" and r["new_source_file"]}
    assert got == {"tracker_nov2026.docx"}


def test_the_workbook_opens_on_the_register(runs: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(runs["out"] / "rectrack.xlsx", read_only=True)
    assert book.sheetnames[0] == "Register"
    assert book["Register"].max_row == len(EXPECTED["register"]) + 1


def test_the_report_counts_the_register_and_shows_old_keys(runs: dict[str, Any]) -> None:
    import re
    from html import unescape

    html = unescape(re.sub(r"<[^>]+>", "", (runs["out"] / "report.html").read_text("utf-8")))
    assert f"{len(EXPECTED['register'])} recommendation(s) in the register" in html
    assert "was public-health-peer-review/rec-3 (Recommendation 3)" in html
