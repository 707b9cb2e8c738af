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
from pipeline.outputs.sheet_layout import arranged, header, is_technical, sheet_title
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
    """A cell of a saved workbook by output table, column name and row number."""
    ws = book[sheet_title(sheet)]
    headers = [c.value for c in ws[1]]
    return ws.cell(row, headers.index(header(column)) + 1)


def test_sheets_are_tables_with_friendly_headers_frozen(book: Workbook) -> None:
    assert book.sheetnames == ["Records", "Changes", "Inspections", "Judgements",
                               "Failures", "Notes"]  # in the order given  # fmt: skip
    for name, (rows, columns) in sheets().items():
        ws = book[sheet_title(name)]
        assert [c.value for c in ws[1]] == [header(c) for c in arranged(columns)]
        assert ws.freeze_panes == "A2"
        (table,) = ws.tables.values()
        last = ws.cell(1, len(columns)).column_letter
        assert table.ref == f"A1:{last}{max(len(rows), 1) + 1}"
        assert table.autoFilter is not None
    assert "Revised target" in [c.value for c in book["Records"][1]]
    assert "revised_target" not in [c.value for c in book["Records"][1]]


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
    listed = load_workbook(tmp_path / "rectrack.xlsx")["Notes"]
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
    ws = book["Records"]
    widths = {c.value: dimension(ws, c.column).width for c in ws[1]}
    # a width of 60 characters is stored with the font's padding (60.71 for Calibri 11)
    assert int(widths["Notes"]) == 60 and int(widths["Recommendation"]) == 60
    assert 8 <= widths["Status"] <= 20
    assert all(8 <= w <= 61 for w in widths.values()), widths
    assert cell(book, "records", "notes").alignment.wrap_text


def visible_px_before(ws: Any, name: str) -> float:
    """How far from the left edge (in pixels, as Excel draws widths) a column starts."""
    px = 0.0
    for c in ws[1]:
        if c.value == name:
            return px
        dim = dimension(ws, c.column)
        px += 0 if dim.hidden else dim.width * 7 + 5
    raise AssertionError(name)


def test_what_an_analyst_reads_comes_first_and_technical_columns_are_hidden(book: Workbook) -> None:
    ws = book["Records"]
    assert visible_px_before(ws, "Recommendation") < 800  # was about 3,000 px
    assert visible_px_before(ws, "Status") < 1300  # was about 4,400 px
    headers = [c.value for c in ws[1]]
    technical = [header(c) for c in tables.RECORD_COLUMNS if is_technical(c)]
    assert headers[-len(technical):] == technical  # at the end
    for c in ws[1]:
        dim = dimension(ws, c.column)
        assert (dim.hidden, dim.outline_level) == ((True, 1) if c.value in technical else
                                                    (False, 0)), c.value  # fmt: skip


def dimension(ws: Any, column: int) -> Any:
    """A column's dimensions: openpyxl keeps equal neighbours as one range (min..max)."""
    return next(d for d in ws.column_dimensions.values() if d.min <= column <= d.max)


def test_statuses_in_words_on_their_fill(book: Workbook) -> None:
    status = cell(book, "records", "status")
    assert (status.value, status.fill.fgColor.rgb[-6:]) == ("On track", "92D050")
    assert cell(book, "changes", "old_value").value == "On track"  # a status change's value
    assert cell(book, "changes", "new_value").value == "Partly delayed"


def test_print_setup_landscape_one_page_wide_header_repeated(book: Workbook) -> None:
    for ws in book.worksheets[:-1]:
        assert ws.page_setup.orientation == "landscape"
        assert (ws.page_setup.fitToWidth in (None, 1), ws.page_setup.fitToHeight) == (True, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"


def test_source_files_link_to_the_files_relative_to_the_workbook(tmp_path: Path) -> None:
    path = tmp_path / "rectrack.xlsx"
    write_xlsx(path, {"records": (rr.records()[:2], tables.RECORD_COLUMNS)}, links="../inbox")
    source = cell(load_workbook(path), "records", "source_file")
    assert source.value == "tracker_may2025.docx"
    assert source.hyperlink.target == "..\\inbox\\tracker_may2025.docx"


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
    ws = load_workbook(path)["Failures"]
    assert load_workbook(path).sheetnames == ["Failures"]
    assert ws.tables["FailuresTable"].ref == "A1:D2"  # a Table needs a row, blank here


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
