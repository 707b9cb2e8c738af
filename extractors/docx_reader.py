"""Read a Word document's body, in order, as paragraphs and grid tables.

This is the Word half of the format readers: it turns a .docx into the shared
``extractors.grid`` types (and body paragraphs with their list facts) so that
everything that gives rows meaning is written once, not per format.

Word stores what a reader sees in ways a naive walk gets wrong: merged cells
repeat in python-docx's ``row.cells``, tracked deletions still sit in the XML,
text boxes are stored twice (a DrawingML choice and a VML fallback), and list
glyphs are generated, not stored. So the body is walked with lxml directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from docx import Document
from lxml import etree

from extractors.docx_styles import (
    MC,
    NO_STYLE,
    NS,
    VAL,
    Context,
    Style,
    child_at,
    clark,
    first_set,
    read_context,
    toggle,
    val,
)
from extractors.grid import Cell, Paragraph, Row, Run, Table, styled_paragraph
from extractors.model import Location

_P, _TBL, _R, _T = clark("p"), clark("tbl"), clark("r"), clark("t")
_CONTAINERS = frozenset({clark("sdt"), clark("sdtContent"), clark("customXml")})
_SPACES = frozenset({clark("tab"), clark("ptab"), clark("br"), clark("cr")})
# Deleted or moved-away text, and the second copy of alternate content.
_NOT_SHOWN = frozenset({clark("pPr"), clark("del"), clark("moveFrom"), f"{{{MC}}}Fallback"})

_NO_FILL = frozenset({"", "AUTO", "FFFFFF"})

# Every paragraph inside an element (itself included), in document order,
# skipping mc:Fallback so a text box stored twice is read once.
_PARAGRAPHS = etree.XPath("descendant-or-self::w:p[not(ancestor::mc:Fallback)]", namespaces=NS)
_ROWS = etree.XPath(
    "(w:tr | w:sdt/w:sdtContent/w:tr | w:customXml/w:tr)[not(w:trPr/w:del)]", namespaces=NS
)
_CELLS = etree.XPath("w:tc | w:sdt/w:sdtContent/w:tc | w:customXml/w:tc", namespaces=NS)


@dataclass(frozen=True)
class DocxParagraph:
    """A body paragraph outside tables, with the list facts Word keeps apart.

    Attributes:
        index: 1-based position among the document's non-empty body
            paragraphs (``DocxDocument.paragraphs[index - 1]``), for
            ``Location("paragraph", index)``.
        paragraph: text and emphasis; ``bullet`` is true for any list item.
        style: the paragraph style's name ("Heading 1", "List Bullet", "Normal").
        list_level: the numbering level (0 = outermost) of a list item, else None.
        num_id: the numbering instance of a list item, so callers can tell
            two lists apart; None when not a list item.
        numbered: the list counts (1., a), ii) ...) rather than using bullets.
    """

    index: int
    paragraph: Paragraph
    style: str
    list_level: int | None = None
    num_id: str | None = None
    numbered: bool = False


@dataclass(frozen=True)
class DocxDocument:
    """The body of a Word document: paragraphs and tables in reading order."""

    blocks: tuple[DocxParagraph | Table, ...]

    @property
    def paragraphs(self) -> tuple[DocxParagraph, ...]:
        """The body paragraphs (outside tables), in order."""
        return tuple(b for b in self.blocks if isinstance(b, DocxParagraph))

    @property
    def tables(self) -> tuple[Table, ...]:
        """The top-level tables, in order (nested tables are text of their cell)."""
        return tuple(b for b in self.blocks if isinstance(b, Table))


def read_docx(path: Path) -> DocxDocument:
    """Read the body of the .docx at ``path``; errors from a broken file propagate.

    Paragraphs of a text box follow the paragraph it is anchored in, as body
    paragraphs of their own; empty paragraphs are dropped before numbering, so
    ``index`` counts the paragraphs a reader sees (as Word's statistics do).
    """
    document = Document(str(path))
    context = read_context(document)
    blocks: list[DocxParagraph | Table] = []
    count = rows = 0
    for element in _body_elements(document.element.body):
        if element.tag == _TBL:
            table = _table(element, context, rows)
            rows += len(table.rows)
            blocks.append(table)
            continue
        for paragraph in _paragraphs(element, context):
            count += 1
            blocks.append(replace(paragraph, index=count))
    return DocxDocument(tuple(blocks))


def _body_elements(container: etree._Element) -> Iterator[etree._Element]:
    """Top-level paragraphs and tables, looking through content controls."""
    for child in container:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _body_elements(child)


# --- paragraphs ------------------------------------------------------------


def _paragraphs(element: etree._Element, context: Context) -> Iterator[DocxParagraph]:
    """Non-empty paragraphs in ``element``: a paragraph, then its text boxes' paragraphs."""
    for p in _PARAGRAPHS(element):
        paragraph = _paragraph(p, context)
        if paragraph is not None:
            yield paragraph


def _paragraph(p: etree._Element, context: Context) -> DocxParagraph | None:
    """One ``w:p`` read, or None when it shows no text (index is set by the caller)."""
    p_pr = child_at(p, "w:pPr")
    style = context.styles.get(val(p_pr, "w:pStyle") or "", context.default)
    num_id, level = _list_item(p_pr, style)
    paragraph = styled_paragraph(_styled_runs(p, style, context), bullet=num_id is not None)
    if not paragraph.text:
        return None
    return DocxParagraph(
        index=0,
        paragraph=paragraph,
        style=style.name,
        list_level=level,
        num_id=num_id,
        numbered=_counts(context, num_id, level),
    )


def _list_item(p_pr: etree._Element | None, style: Style) -> tuple[str | None, int | None]:
    """(numId, level) of a list item, from the paragraph or its style; (None, None) if not one.

    numId 0 is Word's way of switching off numbering a style would give.
    """
    num_pr = child_at(p_pr, "w:numPr")
    num_id = val(num_pr, "w:numId") or style.num_id
    if num_id is None or num_id == "0":
        return None, None
    level = val(num_pr, "w:ilvl")
    return num_id, int(level) if level is not None else (style.level or 0)


def _counts(context: Context, num_id: str | None, level: int | None) -> bool:
    """The list level counts (decimal, letters, roman...) rather than bulleting.

    A level missing from numbering.xml shows no number, so it does not count.
    """
    if num_id is None or level is None:
        return False
    return context.formats.get((num_id, level), "bullet") not in ("bullet", "none")


def _styled_runs(p: etree._Element, style: Style, context: Context) -> list[Run]:
    """The paragraph's runs with their emphasis (a title and its purpose typed in one
    paragraph are told apart only by them); a blank run carries no emphasis."""
    runs: list[Run] = []
    for run in _runs(p):
        text = _run_text(run)
        bold, italic = _run_emphasis(run, style, context) if text.strip() else (False, False)
        runs.append(Run(text, bold, italic))
    return runs


def _runs(element: etree._Element) -> Iterator[etree._Element]:
    """Runs whose text the paragraph shows: through hyperlinks, insertions,
    content controls, smart tags and simple fields; not deleted or fallback
    runs. Runs are not entered, so text boxes anchored in them stay apart."""
    for child in element:
        if child.tag == _R:
            yield child
        elif child.tag not in _NOT_SHOWN:
            yield from _runs(child)


def _run_text(run: etree._Element) -> str:
    """A run's text: ``w:t`` only (not instrText or delText), breaks as spaces."""
    parts: list[str] = []
    for child in run:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag in _SPACES:
            parts.append(" ")
        elif child.tag == clark("noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def _run_emphasis(run: etree._Element, style: Style, context: Context) -> tuple[bool, bool]:
    """Bold and italic of a run: its own properties, else its character style, else
    the paragraph style (a cheap approximation of Word's toggle rules)."""
    r_pr = child_at(run, "w:rPr")
    char_style = context.styles.get(val(r_pr, "w:rStyle") or "", NO_STYLE)
    return (
        first_set(toggle(r_pr, "w:b"), char_style.bold, style.bold),
        first_set(toggle(r_pr, "w:i"), char_style.italic, style.italic),
    )


# --- tables ------------------------------------------------------------------


def _table(tbl: etree._Element, context: Context, rows_before: int) -> Table:
    """A top-level table on its grid.

    Rows are numbered over every table of the document (``rows_before`` rows
    came before this table), so "table row N" names one row of the file.
    """
    table_shading = child_at(tbl, "w:tblPr/w:shd")
    rows: list[Row] = []
    widths = [len(tbl.findall("w:tblGrid/w:gridCol", NS))]
    for number, tr in enumerate(_ROWS(tbl), start=rows_before + 1):
        row, width = _row(tr, number, table_shading, context)
        rows.append(row)
        widths.append(width)
    return Table(rows=tuple(rows), columns=max(widths))


def _row(
    tr: etree._Element, number: int, table_shading: etree._Element | None, context: Context
) -> tuple[Row, int]:
    """The cells that start in this row, and the grid width the row occupies.

    ``gridBefore`` shifts the first cell right; a ``gridSpan`` widens a cell; a
    legacy ``hMerge`` continuation widens the cell before it; a ``vMerge``
    continuation belongs to the cell above and is left out.
    """
    tr_pr = child_at(tr, "w:trPr")
    column = int(val(tr_pr, "w:gridBefore") or 0)
    cells: list[Cell] = []
    for tc in _CELLS(tr):
        tc_pr = child_at(tc, "w:tcPr")
        first, column = column, column + int(val(tc_pr, "w:gridSpan") or 1)
        if _continues(tc_pr, "w:hMerge"):
            if cells and cells[-1].last == first - 1:
                cells[-1] = replace(cells[-1], last=column - 1)
        elif not _continues(tc_pr, "w:vMerge"):
            shading = _first_element(tc_pr, "w:shd", table_shading)
            paragraphs = tuple(p.paragraph for p in _paragraphs(tc, context))
            cells.append(Cell(paragraphs, first, column - 1, _fill(shading)))
    width = column + int(val(tr_pr, "w:gridAfter") or 0)
    return Row(tuple(cells), Location("table_row", number)), width


def _continues(tc_pr: etree._Element | None, tag: str) -> bool:
    """The cell continues a merge (``hMerge``/``vMerge`` present, not ``restart``)."""
    element = child_at(tc_pr, tag)
    return element is not None and element.get(VAL, "continue") != "restart"


def _first_element(
    parent: etree._Element | None, path: str, fallback: etree._Element | None
) -> etree._Element | None:
    """The child at ``path``, else ``fallback`` (a cell's own shading beats the table's)."""
    element = child_at(parent, path)
    return element if element is not None else fallback


def _fill(shading: etree._Element | None) -> str:
    """Background of a ``w:shd`` as upper-case RRGGBB; "" for none, auto or white.

    A ``solid`` pattern paints the pattern colour over the fill, so that wins.
    """
    if shading is None:
        return ""
    solid = shading.get(VAL) == "solid"
    colour = (shading.get(clark("color")) if solid else shading.get(clark("fill"))) or ""
    return "" if colour.upper() in _NO_FILL else colour.upper()
