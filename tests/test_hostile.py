"""Hostile text and names: nothing a paper says becomes a formula, markup or a broken file.

The paper is the May 2025 tracker with cells rewritten by python-docx, under
a file name with markup, spaces, unicode and shell characters, read by ``rectrack run``
end to end. A form feed cannot be stored in Word XML (it comes from PDF text),
so it is put into a record read from that paper, which then takes the rest of
a run's steps: the raw text must stay in the history, the outputs cleaned.
"""

from __future__ import annotations

import csv
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from badfiles import FORMULA, LONG, NAME, SCRIPT, write_hostile_paper
from click.testing import CliRunner
from openpyxl import load_workbook

from extractors.settings import Settings
from pipeline.cli import main
from pipeline.history.reviews import Reviews
from pipeline.outputs.files import FORMULA_STARTS
from pipeline.outputs.sheet_layout import header, sheet_title
from pipeline.run.runner import RunResult, read_files, update_history, write_outputs


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of ``rectrack run`` over an inbox holding the hostile paper."""
    inbox, out = tmp_path_factory.mktemp("in box €"), tmp_path_factory.mktemp("out")
    write_hostile_paper(inbox)
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _all_text(rows: list[dict[str, str]]) -> list[str]:
    return [value for row in rows for value in row.values()]


def test_the_paper_is_read_under_its_awkward_name(out: Path) -> None:
    records = _csv(out / "records.csv")
    assert len(records) == 35 and {r["source_file"] for r in records} == {NAME}


def test_no_csv_cell_starts_like_a_formula(out: Path) -> None:
    for path in out.glob("*.csv"):
        for value in _all_text(_csv(path)):
            assert not value.startswith(FORMULA_STARTS), (path.name, value)
    progress = {r["progress"] for r in _csv(out / "records.csv")}
    assert {"'" + FORMULA, "'@SUM(1,2)", "'+44 20 7946 0000", "'-1 day late"} <= progress
    assert SCRIPT in progress  # CSV is data: kept as written


def test_no_workbook_cell_is_a_formula_and_long_text_is_flagged(out: Path) -> None:
    book = load_workbook(out / "rectrack.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    assert header("progress") in [c.value for c in book[sheet_title("records")][1]]
    cut = [row[0].value for row in book[sheet_title("notes")].iter_rows(min_row=2)]
    assert cut == ["register", "records"]  # the latest text is the register's too
    full = [r["recommendation"] for r in _csv(out / "records.csv") if r["recommendation"]
            .startswith("very long")]  # fmt: skip
    assert full == [LONG.split(": ", 1)[1].strip()]  # whole in the CSV


def test_the_report_escapes_markup(out: Path) -> None:
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<img" not in html and "Hostile &lt;img src=x onerror=alert(1)&gt; $(touch" in html
    assert "javascript:" not in html.lower()
    assert 'http-equiv="Content-Security-Policy"' in html


def test_a_form_feed_is_cleaned_in_outputs_and_kept_in_the_history(tmp_path: Path) -> None:
    paper = read_files([write_hostile_paper(tmp_path)], Settings()).papers[0]
    first = replace(paper.recommendations[0], recommendation="\x0c=cmd|' /C calc'!A0",
                    progress="page one\x0cpage two")  # fmt: skip
    result = RunResult((replace(paper, recommendations=(first,)),), ())
    out = tmp_path / "out"
    found = update_history(out, result, Reviews(), Settings())
    write_outputs(out, replace(result, reconciliation=found))
    [row] = _csv(out / "records.csv")
    assert (row["recommendation"], row["progress"]) == (" =cmd|' /C calc'!A0",
                                                        "page one page two")  # fmt: skip
    cells = {c.value for c in load_workbook(out / "rectrack.xlsx")[sheet_title("records")][2]}
    assert {" =cmd|' /C calc'!A0", "page one page two"} <= cells
    with closing(sqlite3.connect(out / "history.sqlite")) as conn:
        assert conn.execute("SELECT recommendation, progress FROM recommendations").fetchone() == (
            "\x0c=cmd|' /C calc'!A0", "page one\x0cpage two")
