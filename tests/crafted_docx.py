"""Crafted .docx cases for the Word reader's tests: raw WordprocessingML put into a
python-docx document, saved and read back through ``extractors.docx_reader``."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.table import Table as WordTable

from extractors.docx_reader import DocxDocument, read_docx
from extractors.grid import Table

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def add_xml(document: WordDocument, xml: str) -> None:
    """Append a raw body element (before the section properties, as Word keeps them)."""
    if xml.startswith("<w:p>"):
        xml = f"<w:p {NS}>{xml[5:]}"
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def body_element(tag: str, inner: str) -> str:
    """A top-level element string declaring the namespaces the tests use."""
    return f"<w:{tag} {NS}>{inner}</w:{tag}>"


def read(document: WordDocument, tmp_path: Path) -> DocxDocument:
    """Save the crafted document and read it back through the reader under test."""
    path = tmp_path / "crafted.docx"
    document.save(str(path))
    return read_docx(path)


def texts(document: DocxDocument) -> list[str]:
    """The body paragraphs' texts, in order."""
    return [p.paragraph.text for p in document.paragraphs]


def shade(table: WordTable, row: int, column: int, fill: str, val: str = "clear") -> None:
    """Give one cell a ``w:shd`` like Word writes it."""
    tc_pr = table.cell(row, column)._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:shd {NS} w:val="{val}" w:color="00FF00" w:fill="{fill}"/>'))


def only_table(document: DocxDocument) -> Table:
    """The single table a test built."""
    (table,) = document.tables
    return table
