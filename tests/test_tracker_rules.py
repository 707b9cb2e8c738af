"""How tracker rows are read, on grids built by hand (format-independent rules)."""

from extractors.grid import Cell, Paragraph, Row, Table
from extractors.labels import split_label, split_notes
from extractors.model import Location
from extractors.tracker import read_tables


def cell(
    first: int, *texts: str, last: int | None = None, fill: str = "", bold: bool = False
) -> Cell:
    return Cell(
        tuple(Paragraph(t, bold=bold) for t in texts), first, first if last is None else last, fill
    )


def row(page: int, *cells: Cell, page_top: bool = False) -> Row:
    return Row(tuple(cells), Location("page", page), page_top)


OTHER_HEADER = row(
    1,
    cell(0, "Ref"),
    cell(1, "Audit"),
    cell(2, "Recommendation"),
    cell(3, "Agreed date"),
    cell(4, "Revised date"),
    cell(5, "RAG"),
    cell(6, "Management update"),
)


def test_columns_are_mapped_by_header_meaning_not_position() -> None:
    table = Table(
        (
            OTHER_HEADER,
            row(
                1,
                cell(0, "R1"),
                cell(1, "Payroll audit"),
                cell(2, "Reconcile payroll monthly."),
                cell(3, "30/09/25"),
                cell(4, ""),
                cell(5, "Amber", fill="FFC000"),
                cell(6, "Two of three months done."),
            ),
        ),
        7,
    )
    [rec] = read_tables([table]).recommendations
    assert (rec.label, rec.inspection, rec.recommendation) == (
        "R1",
        "Payroll audit",
        "Reconcile payroll monthly.",
    )
    assert (rec.original_target_text, rec.status_text, rec.status_colour) == (
        "30/09/25",
        "Amber",
        "FFC000",
    )
    assert rec.progress == "Two of three months done."


def test_repeated_header_is_skipped_and_split_row_is_joined() -> None:
    table = Table(
        (
            OTHER_HEADER,
            row(
                1,
                cell(0, "R1"),
                cell(1, "Payroll audit"),
                cell(2, "Reconcile payroll"),
                cell(3, "30/09/25"),
                cell(5, "Green"),
                cell(6, "Started"),
            ),
            row(2, *OTHER_HEADER.cells, page_top=True),
            row(2, cell(2, "every month."), cell(6, "and on course.")),
            row(
                2,
                cell(0, "R2"),
                cell(1, "Payroll audit"),
                cell(2, "Train staff."),
                cell(3, "31/10/25"),
                cell(5, "Green"),
            ),
        ),
        7,
    )
    recs = read_tables([table]).recommendations
    assert [r.label for r in recs] == ["R1", "R2"]
    assert recs[0].recommendation == "Reconcile payroll every month."
    assert recs[0].progress == "Started and on course."
    assert recs[0].location == Location("page", 1)


def test_a_page_top_row_that_opens_a_new_item_is_not_joined() -> None:
    header = row(
        1,
        cell(0, "Title and purpose"),
        cell(1, "Date"),
        cell(2, "Outstanding recommendations"),
        cell(3, "Original target date"),
        cell(4, "Status"),
        cell(5, "Progress update"),
    )
    table = Table(
        (
            header,
            row(1, cell(0, "Finance", last=5)),
            row(
                1,
                cell(0, "VFM audit", bold=True),
                cell(1, "March 2024"),
                cell(2, "Overall outcome: fine. Overall progress: going well.", last=5),
            ),
            row(1, cell(2, "Rec 1: Do this."), cell(3, "March 2025"), cell(5, "Complete")),
            row(
                2,
                cell(2, "Rec 2: Do that."),
                cell(3, "March 2026"),
                cell(5, "Complete"),
                page_top=True,
            ),
        ),
        6,
    )
    found = read_tables([table])
    assert [r.label for r in found.recommendations] == ["Rec 1", "Rec 2"]
    assert {r.directorate for r in found.recommendations} == {"Finance"}
    assert {r.status_text for r in found.recommendations} == {"Complete"}
    [inspection] = found.inspections
    assert (inspection.overall_outcome, inspection.overall_progress) == ("fine.", "going well.")


def test_split_label_keeps_a_second_item_of_the_same_cell() -> None:
    label, text = split_label(
        "Area for improvement 1: Identify needs. And Area for improvement 4: Reduce length."
    )
    assert label == "Area for improvement 1 + Area for improvement 4"
    assert text == "Identify needs. And Area for improvement 4: Reduce length."


def test_split_label_reads_prefixed_and_coded_labels() -> None:
    assert split_label("Financial sustainability Rec 1: When")[0] == (
        "Financial sustainability Rec 1"
    )
    assert split_label("REC KR1: The Council")[0] == "REC KR1"
    assert split_label("THEME 2: Providing Support") == ("THEME 2", "Providing Support")
    assert split_label("Annual assessments try to complete.") == (
        "",
        "Annual assessments try to complete.",
    )


def test_split_notes_moves_a_closing_note_apart() -> None:
    assert split_notes("Done. Note – although situated under FCS, Housing leads.") == (
        "Done.",
        "Note – although situated under FCS, Housing leads.",
    )
    assert split_notes("Note the detail of the report") == ("Note the detail of the report", "")
