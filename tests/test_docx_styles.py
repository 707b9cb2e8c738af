"""The Word reader's emphasis and lists (``extractors.docx_styles``) against crafted .docx
files: each test builds the XML case it checks."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from crafted_docx import NS, add_xml, only_table, read
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

from extractors.docx_reader import DocxParagraph

# --- emphasis ---------------------------------------------------------------


def add_runs(document: WordDocument, *runs: tuple[str, str]) -> None:
    """A paragraph of runs, each (text, raw w:rPr children)."""
    body = "".join(f"<w:r><w:rPr>{props}</w:rPr><w:t>{text}</w:t></w:r>" for text, props in runs)
    add_xml(document, f"<w:p>{body}</w:p>")


@pytest.mark.parametrize(
    ("runs", "bold", "italic"),
    [
        ((("Mostly bold", "<w:b/>"), ("tail", "")), True, False),
        ((("Tail", "<w:b/>"), ("mostly plain", "")), False, False),
        ((("Strong words", '<w:rStyle w:val="Strong"/>'), ("x", "")), True, False),
        ((("Emphasised", '<w:rStyle w:val="Emphasis"/><w:i w:val="false"/>'),), False, False),
        ((("Purpose text", "<w:i/>"), ("ok", '<w:i w:val="0"/>')), False, True),
    ],
)
def test_bold_and_italic_follow_most_characters(
    tmp_path: Path, runs: tuple[tuple[str, str], ...], bold: bool, italic: bool
) -> None:
    document = docx.Document()
    add_runs(document, *runs)
    (paragraph,) = read(document, tmp_path).paragraphs
    assert (paragraph.paragraph.bold, paragraph.paragraph.italic) == (bold, italic)


def test_paragraph_style_emphasis_applies_unless_the_run_turns_it_off(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Adults and Health", level=1)
    heading = document.add_heading("", level=1)
    heading.add_run("Not bold").bold = False
    document.add_paragraph("Intense", style="Intense Quote")
    result = read(document, tmp_path)
    assert [(p.style, p.paragraph.bold, p.paragraph.italic) for p in result.paragraphs] == [
        ("Heading 1", True, False),
        ("Heading 1", False, False),
        ("Intense Quote", True, True),
    ]


# --- lists --------------------------------------------------------------------

NUMBERING = (
    '<w:abstractNum w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>',
    '<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>',
    '<w:num w:numId="91"><w:abstractNumId w:val="90"/>'
    '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl>'
    "</w:lvlOverride></w:num>",
    '<w:abstractNum w:abstractNumId="92"><w:styleLink w:val="RomanList"/>'
    '<w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/></w:lvl></w:abstractNum>',
    '<w:abstractNum w:abstractNumId="93"><w:numStyleLink w:val="RomanList"/></w:abstractNum>',
    '<w:num w:numId="93"><w:abstractNumId w:val="93"/></w:num>',
)


def add_numbering(document: WordDocument) -> None:
    """Add lists 90 (bullet, then letters), 91 (90 with numbers at level 0) and
    93 (whose definition only links to a list style's, in roman numerals)."""
    root = document.part.numbering_part.element
    for xml in NUMBERING:
        tag = xml[1 : xml.index(" ")]
        element = parse_xml(xml.replace(f"<{tag} ", f"<{tag} {NS} ", 1))
        if tag == "w:abstractNum":  # the schema keeps definitions before instances
            root.insert(0, element)
        else:
            root.append(element)


def list_paragraph(text: str, num_id: str, level: str) -> str:
    """A paragraph numbered directly (w:numPr), as Word writes list items."""
    num_pr = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    return f"<w:p><w:pPr>{num_pr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def list_facts(paragraph: DocxParagraph) -> tuple[str, bool, int | None, str | None, bool]:
    """What a list test checks of one paragraph."""
    return (
        paragraph.paragraph.text,
        paragraph.paragraph.bullet,
        paragraph.list_level,
        paragraph.num_id,
        paragraph.numbered,
    )


def test_list_items_are_flagged_and_told_numbered_or_bulleted(tmp_path: Path) -> None:
    document = docx.Document()
    add_numbering(document)
    document.add_paragraph("Styled bullet", style="List Bullet")
    document.add_paragraph("Styled number", style="List Number")
    add_xml(document, list_paragraph("Direct bullet", "90", "0"))
    add_xml(document, list_paragraph("Direct letter", "90", "1"))
    add_xml(document, list_paragraph("Overridden number", "91", "0"))
    add_xml(document, list_paragraph("Linked roman", "93", "0"))
    add_xml(document, list_paragraph("Numbering off", "0", "0"))
    document.add_paragraph("Plain")
    result = read(document, tmp_path)
    bullet_id = document.styles["List Bullet"].element.xpath("string(.//w:numId/@w:val)")
    number_id = document.styles["List Number"].element.xpath("string(.//w:numId/@w:val)")
    assert [list_facts(p) for p in result.paragraphs] == [
        ("Styled bullet", True, 0, bullet_id, False),
        ("Styled number", True, 0, number_id, True),
        ("Direct bullet", True, 0, "90", False),
        ("Direct letter", True, 1, "90", True),
        ("Overridden number", True, 0, "91", True),
        ("Linked roman", True, 0, "93", True),
        ("Numbering off", False, None, None, False),
        ("Plain", False, None, None, False),
    ]


def test_style_based_on_a_list_style_makes_list_items(tmp_path: Path) -> None:
    document = docx.Document()
    style = document.styles.add_style("Recommendation", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["List Number"]
    document.add_paragraph("Improve the timeliness of assessments", style="Recommendation")
    (paragraph,) = read(document, tmp_path).paragraphs
    assert (paragraph.style, paragraph.paragraph.bullet, paragraph.numbered) == (
        "Recommendation",
        True,
        True,
    )


def test_list_item_in_a_cell_is_a_bullet_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "Areas for improvement:"
    cell.add_paragraph("Improve supervision", style="List Bullet")
    paragraphs = only_table(read(document, tmp_path)).rows[0].cells[0].paragraphs
    assert [(p.text, p.bullet) for p in paragraphs] == [
        ("Areas for improvement:", False),
        ("Improve supervision", True),
    ]
