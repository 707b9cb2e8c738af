"""``rectrack diff`` and the idempotency of ``rectrack run`` over the sample editions."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import PAPERS, expected

from pipeline.cli import main

EXPECTED = expected("tracker_nov2025_changes")
MAY, NOV = PAPERS / "tracker_may2025.pdf", PAPERS / "tracker_nov2025.pdf"


def test_diff_prints_the_changes() -> None:
    result = CliRunner().invoke(main, ["diff", str(MAY), str(NOV)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["record_key"], r["change"]) for r in rows] == [
        (r["record_key"], r["change"]) for r in EXPECTED["changes"]]


def test_diff_writes_outputs_and_applies_reviews(tmp_path: Path) -> None:
    (tmp_path / "reviews.csv").write_text(
        "action,old_key,new_key,reason\n"
        "reject,2023-24-vfm-arrangements-grant-thornton/rec-ir4,"
        "2023-24-vfm-arrangements-grant-thornton/rec-ir3,not the same\n", "utf-8")
    result = CliRunner().invoke(main, ["diff", str(MAY), str(NOV), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with (tmp_path / "changes.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    ir = [r["change"] for r in rows if "rec-ir3" in r["record_key"] or "rec-ir4" in r["record_key"]]
    assert ir == ["new", "missing"]
    assert not (tmp_path / "history.sqlite").exists()


def test_diff_of_an_unreadable_file_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    result = CliRunner().invoke(main, ["diff", str(MAY), str(bad)])
    assert result.exit_code == 1


def test_a_bad_reviews_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "reviews.csv").write_text("action\nmaybe\n", "utf-8")
    result = CliRunner().invoke(main, ["diff", str(MAY), str(NOV), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "reviews.csv line 2" in result.output


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], ...]:
    """Every output file (and a dump of the history) after each of two runs."""
    inbox, out = tmp_path_factory.mktemp("inbox"), tmp_path_factory.mktemp("out")
    for name in ("tracker_may2025.pdf", "tracker_may2025.docx", "tracker_nov2025.pdf",
                 "tracker_nov2025.docx"):
        shutil.copy(PAPERS / name, inbox / name)
    snapshots = []
    for _ in range(2):
        result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
        assert result.exit_code == 0, result.output
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        with closing(sqlite3.connect(out / "history.sqlite")) as conn:
            files["history dump"] = "\n".join(conn.iterdump()).encode()
        snapshots.append(files)
    return tuple(snapshots)


def test_run_twice_leaves_outputs_and_history_identical(
    two_runs: tuple[dict[str, bytes], ...]
) -> None:
    first, second = two_runs
    assert "changes.csv" in first and "history.sqlite" in first
    assert first == second


def test_run_writes_the_sample_changes(two_runs: tuple[dict[str, bytes], ...]) -> None:
    rows = list(csv.DictReader(io.StringIO(two_runs[0]["changes.csv"].decode("utf-8-sig"))))
    assert [(r["record_key"], r["change"], r["field"]) for r in rows] == [
        (r["record_key"], r["change"], r["field"]) for r in EXPECTED["changes"]]


def test_diff_in_the_wrong_order_is_compared_oldest_first() -> None:
    result = CliRunner().invoke(main, ["diff", str(NOV), str(MAY)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["record_key"], r["change"]) for r in rows] == [
        (r["record_key"], r["change"]) for r in EXPECTED["changes"]]
    assert "tracker_nov2025.pdf (2025-11) is the later edition: compared" in result.stderr


def test_diff_of_unrelated_papers_is_refused_with_exit_2() -> None:
    sif = PAPERS / "sif_2018.pdf"
    result = CliRunner().invoke(main, ["diff", str(MAY), str(sif)])
    assert result.exit_code == 2
    assert "share no inspection" in result.output
    forced = CliRunner().invoke(main, ["diff", str(MAY), str(sif), "--force"])
    assert forced.exit_code == 0
