"""Excel workbooks read onto the common grid: merges, fills, shown values, places."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from badfiles import write_legacy_xls

from extractors import extract_path
from extractors.grid import Table
from extractors.limits import Limits
from extractors.model import ExtractionError, Location
from extractors.sniff import sniff
from extractors.xlsx_reader import SheetLine, read_xlsx


def _workbook(path: Path) -> Path:
    """Sheet "Tracker": a title line, a 3-row table with a merge down and across and a
    fill, then after a blank row a one-cell note; sheet "Notes 2": a line only."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Tracker")
    green = book.add_format({"bg_color": "#92D050"})
    month = book.add_format({"num_format": "mmm yy"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write(0, 0, "Tracker – June 2026", book.add_format({"bold": True}))
    sheet.write_row(2, 0, ["Audit", "Recommendation", "Target date", "RAG"])
    sheet.merge_range(3, 0, 4, 0, "Payroll")
    sheet.write(3, 1, "Remove leavers.")
    sheet.write_datetime(3, 2, dt.datetime(2026, 3, 1), month)
    sheet.write_blank(3, 3, None, green)
    sheet.write(4, 1, "Reconcile monthly.")
    sheet.write_datetime(4, 2, dt.datetime(2025, 10, 31), day)
    sheet.write_number(4, 3, 3.0)
    sheet.merge_range(5, 1, 5, 3, "Merged across")
    sheet.write(7, 0, "Note: figures at 31 May.")
    book.add_worksheet("Notes 2").write(0, 0, "Nothing here")
    book.close()
    return path


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _workbook(tmp_path_factory.mktemp("xlsx") / "tracker.xlsx")


def test_blocks_lines_and_one_table_per_run_of_rows(workbook: Path) -> None:
    blocks = read_xlsx(workbook).blocks
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["SheetLine", "Table", "SheetLine", "SheetLine"]
    title, _, note, other = blocks
    assert isinstance(title, SheetLine) and title.paragraph.bold
    assert (title.paragraph.text, str(title.location)) == ("Tracker – June 2026", "Tracker!A1")
    assert isinstance(note, SheetLine) and str(note.location) == "Tracker!A8"
    assert isinstance(other, SheetLine) and str(other.location) == "'Notes 2'!A1"


def test_merges_appear_once_spanning_their_columns(workbook: Path) -> None:
    table = read_xlsx(workbook).blocks[1]
    assert isinstance(table, Table) and table.columns == 4
    _header, first, second, across = table.rows
    assert [c.text for c in first.cells] == ["Payroll", "Remove leavers.", "Mar 26", ""]
    assert [c.text for c in second.cells] == ["Reconcile monthly.", "31/10/2025", "3"]
    assert [(c.first, c.last) for c in across.cells] == [(0, 0), (1, 3)]
    assert first.cells[3].fill == "92D050" and not first.cells[2].fill
    assert first.location == Location("cell", 4, "Tracker!A4")
    assert second.location.cell == "Tracker!B5"


def test_a_workbook_without_a_tracker_has_no_records(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Notes").write_row(0, 0, ["Directorate", "Total"])
    book.close()
    with pytest.raises(ExtractionError) as caught:
        extract_path(path)
    assert caught.value.error_type == "no_records"


def test_a_workbook_is_sniffed_from_its_zip_whatever_its_name(workbook: Path,
                                                              tmp_path: Path) -> None:
    renamed = tmp_path / "tracker.pdf"
    renamed.write_bytes(workbook.read_bytes())
    assert sniff(renamed, Limits()) == "xlsx"


def test_a_workbook_bomb_is_refused_from_the_zip_directory(workbook: Path,
                                                           tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(workbook.read_bytes())
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/media/image1.bin", bytes(8 * 2**20))
    with pytest.raises(ExtractionError) as caught:
        sniff(bomb, Limits(docx_max_ratio=50))
    assert caught.value.error_type == "too_large"
    assert caught.value.message.startswith("Excel workbook part xl/media/image1.bin")


def test_a_zip_with_a_workbook_folder_but_no_workbook_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "half.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    with pytest.raises(ExtractionError) as caught:
        sniff(path, Limits())
    assert (caught.value.error_type, caught.value.message) == (
        "corrupt", "damaged Excel workbook: xl/workbook.xml is missing"
    )


def test_a_damaged_workbook_part_is_corrupt_not_a_crash(workbook: Path, tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<not xml" if item.filename == "xl/workbook.xml" else data)
    with pytest.raises(ExtractionError) as caught:
        read_xlsx(path)
    assert caught.value.error_type == "corrupt"


def test_a_legacy_xls_is_told_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        sniff(write_legacy_xls(tmp_path), Limits())
    assert (caught.value.error_type, caught.value.message) == (
        "unsupported_type", "legacy Excel 97-2003 .xls: save it as .xlsx"
    )


def test_rich_text_keeps_a_bold_title_apart_from_its_italic_purpose(tmp_path: Path) -> None:
    """One cell typed as a bold audit title then its italic purpose (Excel rich text,
    merged down over its recommendations) gives the title and the purpose apart, as
    the same paragraph does in a Word tracker."""
    path = tmp_path / "rich.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Tracker")
    bold, italic = book.add_format({"bold": True}), book.add_format({"italic": True})
    sheet.write_row(0, 0, ["Audit", "Recommendation", "Target date", "Status"])
    sheet.merge_range(1, 0, 2, 0, "", book.add_format({"text_wrap": True}))
    sheet.write_rich_string(1, 0, bold, "Payroll 2025/26 ", italic,
                            "To check that leavers are removed promptly.")
    sheet.write_row(1, 1, ["Remove leavers within a week.", "March 2026", "Complete"])
    sheet.write_row(2, 1, ["Reconcile the payroll monthly.", "June 2026", "On track"])
    book.close()
    paper = extract_path(path)
    assert [r.inspection for r in paper.recommendations] == ["Payroll 2025/26"] * 2
    (inspection,) = paper.inspections
    assert (inspection.title, inspection.purpose) == (
        "Payroll 2025/26", "To check that leavers are removed promptly.")
    (table,) = [b for b in read_xlsx(path).blocks if isinstance(b, Table)]
    runs = table.rows[1].cells[0].paragraphs[0].runs
    assert [(r.text, r.bold, r.italic) for r in runs] == [
        ("Payroll 2025/26 ", True, False), ("To check that leavers are removed promptly.",
                                            False, True)]
