"""Rules behind the layout papers, on cells and grids built by hand: a title cut
from its purpose by emphasis, rows a page break cut, audits as headings."""

from __future__ import annotations

import pytest

from extractors.grid import Cell, Paragraph, Row, Run, Table
from extractors.model import Location
from extractors.pdf_ruling import rule_edges, table_cells
from extractors.titles import title_parts
from extractors.tracker import read_tables


def styled(*runs: Run, bullet: bool = False) -> Paragraph:
    """A paragraph of runs, as the readers make one."""
    text = "".join(r.text for r in runs)
    return Paragraph(text, bullet=bullet, runs=runs)


def bd(text: str) -> Run:
    return Run(text, bold=True)


def it(text: str) -> Run:
    return Run(text, italic=True)


def pl(text: str) -> Run:
    return Run(text)


@pytest.mark.parametrize(
    ("paragraphs", "title", "purpose"),
    [
        # the seed's one-paragraph layout: bold title, italic purpose, one line
        ([styled(bd("Ofsted Focused Visit "), it("To review the arrangements."))],
         "Ofsted Focused Visit", "To review the arrangements."),
        # a title wrapped over two printed lines of a narrow PDF column
        ([styled(bd("Public Health Peer")), styled(bd("Review "), it("Voluntary Sector Led"))],
         "Public Health Peer Review", "Voluntary Sector Led"),
        # the purpose's first words on the title's line are not the title's
        ([styled(bd("2023/24 VFM arrangements (Grant")), styled(bd("Thornton) "), it("Required")),
          styled(it("annually by legislation."))],
         "2023/24 VFM arrangements (Grant Thornton)", "Required annually by legislation."),
        # a plain purpose after a bold title
        ([styled(bd("Prevent Duty (Home Office) "), pl("To support local authorities."))],
         "Prevent Duty (Home Office)", "To support local authorities."),
        # no bold: the title is what comes before the italics
        ([styled(pl("Payroll audit "), it("Annual review."))], "Payroll audit", "Annual review."),
        # one style throughout: all title
        ([Paragraph("Payroll 2024/25"), Paragraph("Limited assurance")],
         "Payroll 2024/25 Limited assurance", ""),
        # separate paragraphs, as the seed sample's Word file has them
        ([Paragraph("Ofsted visit", bold=True), Paragraph("To review help", italic=True)],
         "Ofsted visit", "To review help"),
    ],
)  # fmt: skip
def test_a_title_is_its_cells_opening_emphasis(
    paragraphs: list[Paragraph], title: str, purpose: str
) -> None:
    assert title_parts(Cell(tuple(paragraphs), 0, 0))[:2] == (title, purpose)


def test_new_marker_is_kept_apart() -> None:
    cell = Cell((styled(bd("NEW 2023/24 Statement of Accounts "), it("Annual audit.")),), 0, 0)
    assert title_parts(cell) == ("2023/24 Statement of Accounts", "Annual audit.", True)


def _cell(first: int, *texts: str, last: int | None = None, bold: bool = False) -> Cell:
    return Cell(tuple(Paragraph(t, bold=bold) for t in texts), first,
                first if last is None else last)  # fmt: skip


def _row(page: int, *cells: Cell, page_top: bool = False) -> Row:
    return Row(tuple(cells), Location("page", page), page_top)


HEADER = _row(1, _cell(0, "Title and purpose"), _cell(1, "Recommendation"),
              _cell(2, "Target date"), _cell(3, "Status"))  # fmt: skip


def test_a_title_cell_merged_down_and_its_recommendation_cut_by_a_page_stay_one() -> None:
    """The title cell spans the rec row (no cell of its own there); both go on overleaf."""
    table = Table((
        HEADER,
        _row(1, Cell((Paragraph("DVSA site review", bold=True),
                      Paragraph("Check conformity with", italic=True)), 0, 0),
             _cell(1, "Overall outcome: Satisfactory.", last=3)),
        _row(1, _cell(1, "Annual assessments try to complete"), _cell(2, "December"),
             _cell(3, "Complete")),
        _row(2, _cell(0, "standards expected."), _cell(1, "before the end of December."),
             _cell(2, "2024"), page_top=True),
    ), 4)  # fmt: skip
    result = read_tables([table])
    assert [(i.title, i.purpose) for i in result.inspections] == [
        ("DVSA site review", "Check conformity with standards expected.")
    ]
    [rec] = result.recommendations
    assert rec.recommendation == "Annual assessments try to complete before the end of December."
    assert rec.original_target_text == "December 2024"


def test_a_labelled_row_at_the_top_of_a_page_is_a_new_recommendation() -> None:
    table = Table((
        HEADER,
        _row(1, _cell(0, "Audit A", bold=True), _cell(1, "Rec 1: First."), _cell(3, "Complete")),
        _row(2, _cell(0, ""), _cell(1, "Rec 2: Second."), _cell(3, "Complete"), page_top=True),
    ), 4)  # fmt: skip
    assert [r.label for r in read_tables([table]).recommendations] == ["Rec 1", "Rec 2"]


def test_a_directorate_heading_at_the_top_of_a_page_starts_a_section() -> None:
    """A heading across the table opening page 2 is not the rest of the row above it,
    though every column it covers had text above the break."""
    table = Table((
        HEADER,
        _row(1, _cell(0, "Children's Services", last=3, bold=True)),
        _row(1, _cell(0, "Ofsted Focused Visit", bold=True), _cell(1, "Improve supervision."),
             _cell(2, "March 2025"), _cell(3, "Complete")),
        _row(2, _cell(0, "Adults and Health", last=3, bold=True), page_top=True),
        _row(2, _cell(0, "CQC Assessment", bold=True), _cell(1, "Shorten waiting lists."),
             _cell(2, "June 2025"), _cell(3, "On track")),
    ), 4)  # fmt: skip
    got = [(r.directorate, r.inspection, r.recommendation)
           for r in read_tables([table]).recommendations]  # fmt: skip
    assert got == [("Children's Services", "Ofsted Focused Visit", "Improve supervision."),
                   ("Adults and Health", "CQC Assessment", "Shorten waiting lists.")]  # fmt: skip


def test_headings_in_a_table_with_no_title_column_are_audits_under_a_directorate() -> None:
    header = _row(1, _cell(0, "Ref"), _cell(1, "Recommendation"), _cell(2, "Due date"),
                  _cell(3, "Status"))  # fmt: skip
    table = Table((
        header,
        _row(1, _cell(0, "Place", last=3, bold=True)),
        _row(1, _cell(0, "Highways (Limited)", last=3, bold=True)),
        _row(1, _cell(0, "HW1"), _cell(1, "Check invoices."), _cell(3, "Completed")),
        _row(1, _cell(0, "Planning Fees (Substantial)", last=3, bold=True)),
        _row(1, _cell(0, "PL1"), _cell(1, "Reconcile fees."), _cell(3, "Completed")),
    ), 4)  # fmt: skip
    got = [(r.directorate, r.inspection, r.label) for r in read_tables([table]).recommendations]
    assert got == [("Place", "Highways (Limited)", "HW1"),
                   ("Place", "Planning Fees (Substantial)", "PL1")]  # fmt: skip


def _line(x0: float, top: float, x1: float, bottom: float) -> dict[str, float]:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}


def test_a_ruled_row_cut_by_the_page_foot_still_makes_cells() -> None:
    """A browser draws no rule where a row breaks: the side rules just stop."""
    across = [_line(50, y, 350, y) for y in (100, 120)]  # header box top and bottom
    sides = [_line(x, 100, x, 500) for x in (50, 150, 350)]  # run on to the foot
    cut = table_cells(rule_edges(across + sides, []))
    assert [sorted(box[1] for box in table) for table in cut] == [[100, 100, 120, 120]]
    open_only = table_cells(rule_edges([_line(50, 100, 350, 100), *sides[:2]], []))
    assert open_only == []
