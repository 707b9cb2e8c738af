"""The Word reader against crafted .docx files: each test builds the XML case it checks."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from crafted_docx import NS, add_xml, body_element, only_table, read, shade, texts
from docx.oxml import parse_xml

from extractors.docx_reader import DocxParagraph
from extractors.model import Location

# --- tables -------------------------------------------------------------------


def test_horizontal_merge_is_one_cell_spanning_its_columns(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    table.cell(0, 1).merge(table.cell(0, 3)).text = "Overall outcome: Good"
    table.cell(0, 0).text = "Inspection"
    row = only_table(read(document, tmp_path)).rows[0]
    assert [(c.first, c.last, c.text) for c in row.cells] == [
        (0, 0, "Inspection"),
        (1, 3, "Overall outcome: Good"),
    ]


def test_vertical_merge_appears_only_in_the_row_it_starts(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "Children's Services"
    for n in range(3):
        table.cell(n, 1).text = f"Rec {n + 1}"
    rows = only_table(read(document, tmp_path)).rows
    assert [c.text for c in rows[0].cells] == ["Children's Services", "Rec 1"]
    assert [(c.first, c.text) for c in rows[1].cells] == [(1, "Rec 2")]
    assert rows[2].cell_at(0) is None


LEGACY_HMERGE = body_element(
    "tbl",
    "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    "<w:tr>"
    '<w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Wide</w:t></w:r></w:p></w:tc>'
    "<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>"
    "<w:tc><w:p><w:r><w:t>Narrow</w:t></w:r></w:p></w:tc>"
    "</w:tr>",
)


def test_legacy_hmerge_continuation_widens_the_cell_before_it(tmp_path: Path) -> None:
    document = docx.Document()
    add_xml(document, LEGACY_HMERGE)
    row = only_table(read(document, tmp_path)).rows[0]
    assert [(c.first, c.last, c.text) for c in row.cells] == [(0, 1, "Wide"), (2, 2, "Narrow")]


GRID_BEFORE = body_element(
    "tbl",
    "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
    '<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="3"/></w:trPr>'
    "<w:tc><w:p><w:r><w:t>Shifted</w:t></w:r></w:p></w:tc></w:tr>"
    '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>'
    "<w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr>",
)


def test_grid_before_shifts_cells_and_grid_after_widens_the_table(tmp_path: Path) -> None:
    document = docx.Document()
    add_xml(document, GRID_BEFORE)
    table = only_table(read(document, tmp_path))
    assert [(c.first, c.last) for c in table.rows[0].cells] == [(1, 1)]
    assert [(c.first, c.last) for c in table.rows[1].cells] == [(0, 1), (2, 2)]
    assert table.columns == 5


@pytest.mark.parametrize(
    ("fill", "val", "expected"),
    [
        ("ff0000", "clear", "FF0000"),
        ("auto", "clear", ""),
        ("FFFFFF", "clear", ""),
        ("FFFFFF", "solid", "00FF00"),
    ],
)
def test_cell_fill_is_upper_case_and_blank_for_none(
    tmp_path: Path, fill: str, val: str, expected: str
) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    shade(table, 0, 0, fill, val)
    row = only_table(read(document, tmp_path)).rows[0]
    assert [c.fill for c in row.cells] == [expected, ""]


def test_table_shading_fills_cells_without_their_own(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table._tbl.tblPr.append(parse_xml(f'<w:shd {NS} w:val="clear" w:fill="FFC000"/>'))
    shade(table, 0, 1, "auto")
    row = only_table(read(document, tmp_path)).rows[0]
    assert [c.fill for c in row.cells] == ["FFC000", ""]


def test_rows_are_numbered_over_every_table_of_the_document(tmp_path: Path) -> None:
    """"table row N" must name one row of the file, whichever table it is in."""
    document = docx.Document()
    document.add_table(rows=2, cols=1)
    document.add_table(rows=3, cols=1)
    first, second = read(document, tmp_path).tables
    assert [r.location for r in first.rows] == [Location("table_row", n) for n in (1, 2)]
    assert [r.location for r in second.rows] == [Location("table_row", n) for n in (3, 4, 5)]


def test_deleted_row_is_left_out(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "Deleted row"
    table.cell(1, 0).text = "Kept row"
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:del {NS} w:id="1" w:author="A" w:date="2025-01-01T00:00:00Z"/>'))
    rows = only_table(read(document, tmp_path)).rows
    assert [(r.location.number, r.cells[0].text) for r in rows] == [(1, "Kept row")]


def test_cell_keeps_every_paragraph_and_nested_table_text_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = "Before"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Inner A"
    inner.cell(0, 1).text = "Inner B"
    cell.add_paragraph("After")
    (row,) = only_table(read(document, tmp_path)).rows
    assert [p.text for p in row.cells[0].paragraphs] == ["Before", "Inner A", "Inner B", "After"]


# --- text -------------------------------------------------------------------

TRACKED = (
    "<w:p>"
    "<w:r><w:t>Tar</w:t></w:r>"
    '<w:del w:id="3" w:author="A"><w:r><w:tab/><w:delText>x</w:delText></w:r></w:del>'
    "<w:r><w:t>get</w:t></w:r>"
    '<w:moveFrom w:id="4" w:author="A"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>'
    '<w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve"> March 2026</w:t></w:r></w:ins>'
    '<w:del w:id="2" w:author="A"><w:r><w:delText> Dec 2025</w:delText></w:r></w:del>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    "<w:r><w:t xml:space='preserve'> (p7)</w:t></w:r>"
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    "</w:p>"
)


def test_tracked_insertion_kept_and_deletion_and_field_code_dropped(tmp_path: Path) -> None:
    document = docx.Document()
    add_xml(document, TRACKED)
    assert texts(read(document, tmp_path)) == ["Target March 2026 (p7)"]


CONTROLS = (
    body_element(
        "sdt",
        "<w:sdtPr><w:alias w:val='Status'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>Block control</w:t></w:r></w:p></w:sdtContent>",
    ),
    "<w:p><w:r><w:t>Status:</w:t></w:r>"
    "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space='preserve'> On track</w:t></w:r>"
    "</w:sdtContent></w:sdt></w:p>",
)


def test_content_control_text_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    for xml in CONTROLS:
        add_xml(document, xml)
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell._tc.remove(cell._tc.p_lst[0])
    cell._tc.append(parse_xml(CONTROLS[0]))
    result = read(document, tmp_path)
    assert texts(result) == ["Block control", "Status: On track"]
    assert only_table(result).rows[0].cells[0].text == "Block control"


def textbox(text: str) -> str:
    """A run holding a text box as Word 2010+ writes it: DrawingML choice + VML fallback."""
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:rect><v:textbox>{content}</v:textbox></v:rect></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_text_box_is_read_once_after_its_anchor_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    add_xml(document, f"<w:p><w:r><w:t>Anchor</w:t></w:r>{textbox('Boxed')}</w:p>")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell._tc.p_lst[0].append(parse_xml(f"<w:r {NS}>{textbox('In cell')[5:]}"))
    result = read(document, tmp_path)
    assert texts(result) == ["Anchor", "Boxed"]
    assert [p.text for p in only_table(result).rows[0].cells[0].paragraphs] == ["In cell"]


def test_vml_only_text_box_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    content = "<w:txbxContent><w:p><w:r><w:t>Old box</w:t></w:r></w:p></w:txbxContent>"
    add_xml(
        document,
        f"<w:p><w:r><w:pict><v:rect><v:textbox>{content}</v:textbox></v:rect></w:pict></w:r></w:p>",
    )
    assert texts(read(document, tmp_path)) == ["Old box"]


LINKED = (
    '<w:p><w:hyperlink r:id="rId99"><w:r><w:t>Ofsted report</w:t></w:r></w:hyperlink>'
    '<w:fldSimple w:instr=" DATE "><w:r><w:t xml:space="preserve"> May 2025</w:t></w:r>'
    "</w:fldSimple>"
    '<w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t xml:space="preserve"> Leeds</w:t>'
    "</w:r></w:smartTag></w:p>"
)


def test_hyperlink_simple_field_and_smart_tag_text_is_read(tmp_path: Path) -> None:
    document = docx.Document()
    add_xml(document, LINKED)
    assert texts(read(document, tmp_path)) == ["Ofsted report May 2025 Leeds"]


def test_breaks_tabs_and_hyphens_become_plain_text(tmp_path: Path) -> None:
    document = docx.Document()
    add_xml(
        document,
        "<w:p><w:r><w:t>Rec</w:t><w:tab/><w:t>IR4</w:t><w:br/><w:t>re</w:t><w:noBreakHyphen/>"
        "<w:t xml:space='preserve'>open   now </w:t><w:cr/><w:t>x</w:t></w:r></w:p>",
    )
    document.add_paragraph("   ")
    assert texts(read(document, tmp_path)) == ["Rec IR4 re-open now x"]


# --- body ------------------------------------------------------------------------


def test_body_keeps_order_and_numbers_non_empty_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Title")
    document.add_paragraph("")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "In table"
    document.add_paragraph("After table")
    blocks = read(document, tmp_path).blocks
    assert [type(b).__name__ for b in blocks] == ["DocxParagraph", "Table", "DocxParagraph"]
    assert [(b.index, b.paragraph.text) for b in blocks if isinstance(b, DocxParagraph)] == [
        (1, "Title"),
        (2, "After table"),
    ]
