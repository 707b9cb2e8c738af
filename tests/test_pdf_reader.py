"""Tests for extractors.pdf_reader on PDFs drawn here with reportlab, and on the sample.

The drawn PDF mimics a Word tracker exported to PDF: cell borders as stroked
rectangles (page 1), as lines (page 2) and as thin filled rectangles (the
status key), shading as filled rectangles drawn under the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from extractors.grid import Cell, Paragraph, Row, Table
from extractors.pdf_reader import PdfDocument, PdfLine, read_pdf
from extractors.pdf_text import paragraph

WIDTH, HEIGHT = landscape(A4)
XS = (40.0, 200.0, 360.0, 520.0, 800.0)  # four grid columns
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "papers" / "tracker_may2025.pdf"

Text = Sequence[tuple[str, str]]  # (text, font name) per printed line


def _text(canvas: Canvas, x: float, top: float, lines: Text, size: float = 10) -> None:
    for i, (text, font) in enumerate(lines):
        canvas.setFont(font, size)
        canvas.setFillColor(HexColor("#000000"))
        canvas.drawString(x, HEIGHT - top - size - i * (size + 2), text)


def _runs(canvas: Canvas, x: float, top: float, runs: Text, size: float = 10) -> None:
    """Several fonts on one printed line, as Word runs come out."""
    for text, font in runs:
        _text(canvas, x, top, [(text, font)], size)
        x += stringWidth(text, font, size)


def _cell(
    canvas: Canvas,
    box: tuple[float, float, float, float],
    lines: Text,
    fill: str = "",
    border: str = "rect",
) -> None:
    """Draw one cell (top-down coordinates): fill, then border, then text."""
    x0, top, x1, bottom = box
    if fill:
        canvas.setFillColor(HexColor(fill))
        canvas.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
    canvas.setLineWidth(0.5)
    if border == "rect":
        canvas.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, stroke=1, fill=0)
    else:
        for a, b, c, d in (
            (x0, top, x1, top),
            (x0, bottom, x1, bottom),
            (x0, top, x0, bottom),
            (x1, top, x1, bottom),
        ):
            canvas.line(a, HEIGHT - b, c, HEIGHT - d)
    _text(canvas, x0 + 4, top + 3, lines)


def _header(canvas: Canvas, top: float, border: str) -> None:
    for i, name in enumerate(("Title", "Date", "Status", "Progress")):
        _cell(
            canvas, (XS[i], top, XS[i + 1], top + 20), [(name, "Helvetica-Bold")], "#D9D9D9", border
        )


def _page_one(canvas: Canvas) -> None:
    """Title, intro, header, directorate, a two-row merged inspection, a split row."""
    _text(canvas, 40, 30, [("Tracker update – May 2025", "Helvetica-Bold")], size=16)
    _text(canvas, 40, 56, [("An intro line of narrative.", "Helvetica")])
    _header(canvas, 80, "rect")
    _cell(canvas, (XS[0], 100, XS[4], 120), [("Children's Services", "Helvetica-Bold")], "#D9E2F3")
    _cell(
        canvas,
        (XS[0], 120, XS[1], 280),
        [("Ofsted visit", "Helvetica-Bold"), ("To review help", "Helvetica-Oblique")],
    )
    _cell(canvas, (XS[1], 120, XS[2], 200), [("May 2024", "Helvetica")])
    _cell(canvas, (XS[2], 120, XS[4], 200), [("Overall outcome: good", "Helvetica")])
    _cell(canvas, (XS[1], 200, XS[2], 280), [])
    _cell(canvas, (XS[2], 200, XS[3], 280), [("Complete", "Helvetica")], "#00B050")
    _cell(
        canvas,
        (XS[3], 200, XS[4], 280),
        [
            ("\u2022 First action taken", "Helvetica"),
            ("continued  here", "Helvetica"),
            ("Plain line", "Helvetica"),
        ],
    )
    for i, (text, fill) in enumerate(
        (("Split row", ""), ("Jun-25", ""), ("", "#FFC000"), ("Part one", ""))
    ):
        _cell(canvas, (XS[i], 280, XS[i + 1], 555), [(text, "Helvetica")] if text else [], fill)


def _page_two(canvas: Canvas) -> None:
    """The table goes on (borders as lines), then a status key with thin-rect borders."""
    _header(canvas, 40, "line")
    for i, text in enumerate(("", "", "", "Part two")):
        _cell(
            canvas,
            (XS[i], 60, XS[i + 1], 100),
            [(text, "Helvetica")] if text else [],
            "#FFC000" if i == 2 else "",
            "line",
        )
    _cell(canvas, (XS[0], 100, XS[1], 140), [("Last row", "Helvetica")], border="line")
    canvas.setFillColor(HexColor("#FFFF00"))  # a highlighted word over the cell's centre
    canvas.rect(270, HEIGHT - 126, 30, 12, stroke=0, fill=1)
    _cell(canvas, (XS[1], 100, XS[2], 140), [("Jul-25", "Helvetica")], border="line")
    _cell(canvas, (XS[2], 100, XS[3], 140), [], "#FFFFFF", border="line")
    _cell(canvas, (XS[3], 100, XS[4], 140), [], border="line")
    _runs(canvas, XS[3] + 4, 103, [("Rec 1:", "Helvetica-Bold"), (" done in full", "Helvetica")])
    canvas.setFillColor(HexColor("#000000"))
    canvas.rect(XS[3] + 4, HEIGHT - 125, 100, 0.6, stroke=0, fill=1)  # an underline-like rule
    _text(canvas, 40, 170, [("Status key", "Helvetica-Bold")])
    _status_key(canvas, top=190)


def _status_key(canvas: Canvas, top: float) -> None:
    """Two columns; fills in RGB, grey and CMYK; borders as 0.5pt filled rects."""
    fills = (
        lambda: canvas.setFillColor(HexColor("#00B050")),
        lambda: canvas.setFillGray(0.75),
        lambda: canvas.setFillColorCMYK(0, 0.25, 1, 0),
    )
    for i, (name, set_fill) in enumerate(
        zip(("Complete", "No action", "Delayed"), fills, strict=True)
    ):
        y = HEIGHT - top - 20 * (i + 1)
        set_fill()
        canvas.rect(40, y, 160, 20, stroke=0, fill=1)
        _text(
            canvas,
            44,
            top + 20 * i + 3,
            [
                (name, "Helvetica"),
            ],
        )
        _text(canvas, 204, top + 20 * i + 3, [(f"rule for {name}", "Helvetica")])
    canvas.setFillColor(HexColor("#000000"))
    for i in range(4):
        canvas.rect(40, HEIGHT - top - 20 * i - 0.25, 460, 0.5, stroke=0, fill=1)
    for x in (40, 200, 500):
        canvas.rect(x - 0.25, HEIGHT - top - 60, 0.5, 60, stroke=0, fill=1)


@pytest.fixture(scope="module")
def drawn_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A three-page tracker: the table runs over pages 1-2; page 3 is blank."""
    path = tmp_path_factory.mktemp("pdf") / "drawn.pdf"
    canvas = Canvas(str(path), pagesize=(WIDTH, HEIGHT))
    for draw in (_page_one, _page_two):
        draw(canvas)
        canvas.showPage()
    canvas.showPage()
    canvas.save()
    return path


@pytest.fixture(scope="module")
def drawn(drawn_pdf: Path) -> PdfDocument:
    return read_pdf(drawn_pdf)


def _texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_pages_are_counted_and_blank_pages_reported(drawn: PdfDocument) -> None:
    assert drawn.page_count == 3
    assert drawn.empty_pages == (3,)


def test_a_table_over_a_page_break_is_one_table_on_one_grid(drawn: PdfDocument) -> None:
    main, key = drawn.tables
    assert (main.columns, key.columns) == (4, 2)
    assert [row.location.number for row in main.rows] == [1, 1, 1, 1, 1, 2, 2, 2]
    assert [row.page_top for row in main.rows] == [False] * 5 + [True, False, False]
    assert _texts(main)[5] == ["Title", "Date", "Status", "Progress"]  # repeated header
    assert _texts(main)[4][3] == "Part one"
    assert _texts(main)[6][3] == "Part two"


def test_full_width_row_is_one_cell_with_its_fill(drawn: PdfDocument) -> None:
    directorate = drawn.tables[0].rows[1]
    assert directorate.cells == (
        Cell((Paragraph("Children's Services", bold=True),), 0, 3, "D9E2F3"),
    )


def test_merged_cells_appear_once_where_they_start(drawn: PdfDocument) -> None:
    inspection, item = drawn.tables[0].rows[2:4]
    assert [(c.first, c.last) for c in inspection.cells] == [(0, 0), (1, 1), (2, 3)]
    assert inspection.cells[0].paragraphs == (
        Paragraph("Ofsted visit", bold=True),
        Paragraph("To review help", italic=True),
    )
    assert item.cell_at(0) is None
    assert [(c.first, c.last) for c in item.cells] == [(1, 1), (2, 2), (3, 3)]


def test_shaded_cells_and_bullet_lines(drawn: PdfDocument) -> None:
    item = drawn.tables[0].rows[3]
    assert [c.fill for c in item.cells] == ["", "00B050", ""]
    assert item.cells[2].paragraphs == (
        Paragraph("First action taken", bullet=True),
        Paragraph("continued here"),
        Paragraph("Plain line"),
    )
    assert drawn.tables[0].rows[6].cell_at(2) == Cell((), 2, 2, "FFC000")


def test_white_fills_and_highlights_are_no_cell_fill_and_style_goes_by_majority(
    drawn: PdfDocument,
) -> None:
    last = drawn.tables[0].rows[7]
    assert [c.fill for c in last.cells] == ["", "", "", ""]
    assert last.cells[3].paragraphs == (Paragraph("Rec 1: done in full"),)


def test_fills_in_grey_and_cmyk_and_thin_rect_borders(drawn: PdfDocument) -> None:
    key = drawn.tables[1]
    assert _texts(key) == [
        ["Complete", "rule for Complete"],
        ["No action", "rule for No action"],
        ["Delayed", "rule for Delayed"],
    ]
    assert [row.cells[0].fill for row in key.rows] == ["00B050", "BFBFBF", "FFBF00"]
    assert all(row.cells[1].fill == "" for row in key.rows)


def test_text_outside_tables_becomes_lines_in_reading_order(drawn: PdfDocument) -> None:
    title, intro, key_heading = drawn.lines
    assert (title.page, title.paragraph, title.size) == (
        1,
        Paragraph("Tracker update – May 2025", bold=True),
        16,
    )
    assert intro.paragraph.text == "An intro line of narrative."
    assert (key_heading.page, key_heading.paragraph.text) == (2, "Status key")
    assert drawn.blocks == (title, intro, drawn.tables[0], key_heading, drawn.tables[1])


def test_pages_argument_reads_only_those_pages(drawn_pdf: Path) -> None:
    doc = read_pdf(drawn_pdf, pages=[2])
    assert doc.page_count == 3
    assert [line.paragraph.text for line in doc.lines] == ["Status key"]
    main = doc.tables[0]
    assert [row.location.number for row in main.rows] == [2, 2, 2]
    assert not any(row.page_top for row in main.rows)
    with pytest.raises(ValueError, match="out of range"):
        read_pdf(drawn_pdf, pages=[4])


def test_private_use_symbol_bullet_is_removed() -> None:
    chars = [
        {"text": t, "x0": x, "x1": x + 5, "size": 10, "fontname": f}
        for t, x, f in (
            ("\uf0b7", 0, "Symbol"),
            ("A", 12, "Arial-BoldMT"),
            ("b", 17, "Arial-BoldMT"),
        )
    ]
    assert paragraph(chars) == Paragraph("Ab", bold=True, bullet=True)


# --- the LibreOffice sample tracker -------------------------------------------------

needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason=f"sample {SAMPLE} not generated")


@pytest.fixture(scope="module")
def sample() -> PdfDocument:
    return read_pdf(SAMPLE)


def _at(row: Row, column: int) -> Cell:
    cell = row.cell_at(column)
    assert cell is not None, f"no cell at column {column} in {row}"
    return cell


def _row_starting(table: Table, words: str) -> Row:
    """The row whose Outstanding recommendations cell starts with ``words``."""
    return next(row for row in table.rows if row.cell_at(2) and _at(row, 2).text.startswith(words))


@needs_sample
def test_sample_tracker_grid_and_directorates(sample: PdfDocument) -> None:
    tracker = sample.tables[0]
    assert tracker.columns == 7
    directorates = [
        row.cells[0] for row in tracker.rows if len(row.cells) == 1 and row.cells[0].first == 0
    ]
    assert [(c.first, c.last, c.fill) for c in directorates] == [(0, 6, "D9E2F3")] * 5
    assert directorates[0].paragraphs == (
        Paragraph("Children and Young People's Services", bold=True),
    )


@needs_sample
def test_sample_status_cells_are_coloured(sample: PdfDocument) -> None:
    tracker = sample.tables[0]
    fills = {
        words: _at(_row_starting(tracker, words), 5).fill
        for words in (
            "Area for improvement 1: Identify",
            "Area for improvement 2: Reduce",
            "Area for improvement 3: Reduce",
        )
    }
    assert list(fills.values()) == ["FFC000", "92D050", "00B050"]


@needs_sample
def test_sample_rows_split_by_page_breaks_start_their_page(sample: PdfDocument) -> None:
    """page_top marks exactly the first row of each page the tracker continues on."""
    tracker = sample.tables[0]
    pages = [row.location.number for row in tracker.rows]
    starts = [i > 0 and pages[i - 1] != page for i, page in enumerate(pages)]
    assert [row.page_top for row in tracker.rows] == starts
    assert sum(starts) >= 3


@needs_sample
def test_sample_status_key_and_ratings_tables(sample: PdfDocument) -> None:
    _, key, ratings = sample.tables
    assert key.columns == 2
    assert [row.cells[0].fill for row in key.rows] == [
        "00B050",
        "92D050",
        "FFC000",
        "FF0000",
        "BFBFBF",
    ]
    assert ratings.columns == 8
    assert ratings.rows[0].cells[0].text == "Residential Children’s Home"
    title = sample.lines[0]
    assert title.page == 1 and title.paragraph.bold and title.paragraph.text.endswith("May 2025")


@needs_sample
def test_sample_symbol_font_bullets(sample: PdfDocument) -> None:
    cells = [c for t in sample.tables for r in t.rows for c in r.cells]
    bullets = [p for c in cells for p in c.paragraphs if p.bullet]
    assert bullets and all(p.text and not p.text.startswith("\uf0b7") for p in bullets)


@needs_sample
def test_sample_loses_no_text(sample: PdfDocument) -> None:
    """Every printed glyph lands in a cell or a line (bullet glyphs aside)."""
    with pdfplumber.open(SAMPLE) as pdf:
        printed = sum(1 for page in pdf.pages for c in page.chars if c["text"].strip())
    paragraphs = [p for t in sample.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    paragraphs += [line.paragraph for line in sample.lines]
    kept = sum(len(p.text.replace(" ", "")) + p.bullet for p in paragraphs)
    assert kept == printed
    assert isinstance(sample.blocks[0], PdfLine)
