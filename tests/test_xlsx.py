"""rectrack.xlsx: sheets, frozen header, filters, RAG fills, real dates, inert and storable text."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
import report_rows as rr
from openpyxl import Workbook, load_workbook

from pipeline.outputs import tables
from pipeline.outputs.xlsx import CELL_LIMIT, write_xlsx

CHANGE_COLUMNS = (
    "series", "old_edition", "new_edition", "record_key", "directorate", "inspection", "label",
    "change", "field", "old_value", "new_value", "match_score", "old_page", "new_page",
)  # fmt: skip
LONG = "Progress: " + "the action plan was reviewed again. " * 1200  # ~43,000 characters


def record_rows() -> list[dict]:
    """Hand-made records plus the hostile and awkward cells PDF text produces."""
    rows = rr.records()
    rows[0] |= {"original_target": "2024-10", "revised_target": "2025-09-30",
                "progress": "Page one ends here.\x0cPage two starts", "notes": LONG}  # fmt: skip
    return rows


def sheets() -> dict[str, tuple[list[dict], tuple[str, ...]]]:
    judgement = {"source_file": "tracker_may2025.pdf", "page": 14, "subject": "SC123456",
                 "aspect": "Overall experiences and progress", "judgement": "good",
                 "judgement_text": "Good", "inspection_date": "2024-11-05"}  # fmt: skip
    return {
        "records": (record_rows(), tables.RECORD_COLUMNS),
        "changes": (rr.changes(), CHANGE_COLUMNS),
        "inspections": (rr.inspections(), tables.INSPECTION_COLUMNS),
        "judgements": ([judgement], tables.JUDGEMENT_COLUMNS),
        "failures": (rr.failures(), tables.FAILURE_COLUMNS),
    }


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "rectrack.xlsx"
    write_xlsx(path, sheets())
    return path


@pytest.fixture(scope="module")
def book(path: Path) -> Workbook:
    return load_workbook(path)


def cell(book: Workbook, sheet: str, column: str, row: int = 2) -> Any:
    """A cell of a saved workbook by sheet, column name and row number."""
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    return ws.cell(row, header.index(column) + 1)


def test_sheets_header_frozen_and_filterable(book: Workbook) -> None:
    assert book.sheetnames == ["records", "changes", "inspections", "judgements",
                                   "failures", "notes"]  # fmt: skip
    for name, (rows, columns) in sheets().items():
        ws = book[name]
        assert [c.value for c in ws[1]] == list(columns)
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(columns)).column_letter}{len(rows) + 1}"


def test_formula_text_is_stored_as_inert_text(path: Path, book: Workbook) -> None:
    formula = cell(book, "changes", "new_value", row=len(rr.changes()) + 1)
    assert formula.data_type == "s"
    assert formula.value == "'" + rr.FORMULA_TEXT
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), f"a formula in {name}"


def test_control_characters_removed(book: Workbook) -> None:
    assert cell(book, "records", "progress").value == "Page one ends here. Page two starts"


def test_too_long_text_is_cut_visibly_and_recorded(tmp_path: Path) -> None:
    truncations = write_xlsx(tmp_path / "rectrack.xlsx", sheets())
    notes = cell(load_workbook(tmp_path / "rectrack.xlsx"), "records", "notes").value
    assert len(notes) == CELL_LIMIT
    assert notes.endswith(
        f"[truncated by rectrack: {len(LONG):,} characters in full; see the CSV file]"
    )
    assert [(t.sheet, t.column, t.length) for t in truncations] == [("records", "notes", len(LONG))]
    listed = load_workbook(tmp_path / "rectrack.xlsx")["notes"]
    assert [c.value for c in listed[2]] == ["records", truncations[0].cell, "notes", len(LONG)]


def test_full_dates_are_dates_and_months_stay_text(book: Workbook) -> None:
    revised = cell(book, "records", "revised_target")
    assert revised.value == dt.datetime(2025, 9, 30)
    assert revised.number_format == "yyyy-mm-dd"
    assert cell(book, "records", "original_target").value == "2024-10"
    assert cell(book, "inspections", "inspection_date").is_date
    kr1 = next(c for c in rr.changes() if c["label"] == "REC KR1")
    row = rr.changes().index(kr1) + 2
    assert cell(book, "changes", "new_value", row).value == dt.datetime(2025, 12, 31)


def test_status_cells_take_the_paper_colours(book: Workbook) -> None:
    statuses = [r["status"] for r in rr.records()]
    for row, status in ((2, statuses[0]), (statuses.index("significant_delay") + 2,
                                           "significant_delay")):  # fmt: skip
        fill = cell(book, "records", "status", row).fill.fgColor.rgb[-6:]  # ARGB: colour last
        assert fill == {"on_track": "92D050", "significant_delay": "FF0000"}[status]
    regressed = cell(book, "changes", "new_value")  # on_track -> partly_delayed
    assert regressed.fill.fgColor.rgb[-6:] == "FFC000"
    assert cell(book, "changes", "label").fill.fill_type is None


def test_column_widths_fit_and_long_text_wraps(book: Workbook) -> None:
    ws = book["records"]
    widths = {c.value: ws.column_dimensions[c.column_letter].width for c in ws[1]}
    # a width of 60 characters is stored with the font's padding (60.71 for Calibri 11)
    assert int(widths["notes"]) == 60 and int(widths["recommendation"]) == 60
    assert 8 <= widths["status"] <= 20
    assert cell(book, "records", "notes").alignment.wrap_text


def test_same_rows_give_the_same_bytes(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "a.xlsx", sheets())
    write_xlsx(tmp_path / "b.xlsx", sheets())
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        [fixed] = {i.date_time for i in archive.infolist()}  # one date, not the time of writing
        assert fixed[0] == 1980
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_no_notes_sheet_when_nothing_was_cut(tmp_path: Path) -> None:
    path = tmp_path / "rectrack.xlsx"
    assert write_xlsx(path, {"failures": ([], tables.FAILURE_COLUMNS)}) == []
    ws = load_workbook(path)["failures"]
    assert load_workbook(path).sheetnames == ["failures"] and ws.auto_filter.ref == "A1:D1"


def test_a_formula_behind_a_control_character_is_still_escaped(tmp_path: Path) -> None:
    path = tmp_path / "rectrack.xlsx"
    write_xlsx(path, {"failures": ([{"reason": "\x01=HYPERLINK(\"http://evil.example/\")"}],
                                   tables.FAILURE_COLUMNS)})  # fmt: skip
    reason = cell(load_workbook(path), "failures", "reason")
    assert (reason.data_type, reason.value) == ("s", '\'=HYPERLINK("http://evil.example/")')


def test_empty_text_is_a_blank_cell_not_an_empty_string(book: Workbook) -> None:
    assert rr.records()[0]["flags"] == ""
    flags = cell(book, "records", "flags")
    assert (flags.value, flags.data_type) == (None, "n")
    notes = cell(book, "records", "notes")  # the same row holds text where there is some
    assert notes.data_type == "s" and notes.value.startswith("Progress: ")
