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

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TypeVar, cast

from docx import Document
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.styles import BabelFish
from lxml import etree

from extractors.grid import Cell, Paragraph, Row, Run, Table, styled_paragraph
from extractors.model import Location

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NS = {"w": _W, "mc": _MC}


def _w(tag: str) -> str:
    """Clark name of a WordprocessingML tag, for fast ``element.tag`` tests."""
    return f"{{{_W}}}{tag}"


_VAL = _w("val")
_P, _TBL, _R, _T = _w("p"), _w("tbl"), _w("r"), _w("t")
_CONTAINERS = frozenset({_w("sdt"), _w("sdtContent"), _w("customXml")})
_SPACES = frozenset({_w("tab"), _w("ptab"), _w("br"), _w("cr")})
# Deleted or moved-away text, and the second copy of alternate content.
_NOT_SHOWN = frozenset({_w("pPr"), _w("del"), _w("moveFrom"), f"{{{_MC}}}Fallback"})
_FALSE = frozenset({"0", "false", "off"})
_TRUE = frozenset({"1", "true", "on"})
_NO_FILL = frozenset({"", "AUTO", "FFFFFF"})

# Every paragraph inside an element (itself included), in document order,
# skipping mc:Fallback so a text box stored twice is read once.
_PARAGRAPHS = etree.XPath("descendant-or-self::w:p[not(ancestor::mc:Fallback)]", namespaces=_NS)
_ROWS = etree.XPath(
    "(w:tr | w:sdt/w:sdtContent/w:tr | w:customXml/w:tr)[not(w:trPr/w:del)]", namespaces=_NS
)
_CELLS = etree.XPath("w:tc | w:sdt/w:sdtContent/w:tc | w:customXml/w:tc", namespaces=_NS)

_T_ = TypeVar("_T_")


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


@dataclass(frozen=True)
class _Style:
    """What a paragraph or character style gives its text, inheritance resolved."""

    name: str
    bold: bool | None = None
    italic: bool | None = None
    num_id: str | None = None
    level: int | None = None


_NO_STYLE = _Style("")


@dataclass(frozen=True)
class _Context:
    """Document-wide lookups a paragraph needs: styles and list formats."""

    styles: dict[str, _Style]
    default: _Style
    formats: dict[tuple[str, int], str]


def read_docx(path: Path) -> DocxDocument:
    """Read the body of the .docx at ``path``; errors from a broken file propagate.

    Paragraphs of a text box follow the paragraph it is anchored in, as body
    paragraphs of their own; empty paragraphs are dropped before numbering, so
    ``index`` counts the paragraphs a reader sees (as Word's statistics do).
    """
    document = Document(str(path))
    context = _context(document)
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


# --- styles and numbering -------------------------------------------------


def _context(document: WordDocument) -> _Context:
    """Resolve styles and list formats once, so each paragraph is a lookup.

    styles.xml is read directly: python-docx's style objects re-search the
    styles part on every ``base_style`` and cost more than the whole body.
    """
    elements = {
        e.get(_w("styleId"), ""): e for e in document.styles.element.iterfind("w:style", _NS)
    }
    styles = {style_id: _style(_chain(style_id, elements)) for style_id in elements}
    default = next((i for i, e in elements.items() if _is_default_paragraph_style(e)), None)
    return _Context(
        styles=styles,
        default=styles[default] if default is not None else _Style("Normal"),
        formats=_number_formats(document),
    )


def _is_default_paragraph_style(element: etree._Element) -> bool:
    """The style Word gives a paragraph that names none (normally "Normal")."""
    return element.get(_w("type")) == "paragraph" and element.get(_w("default")) in _TRUE


def _chain(style_id: str, elements: dict[str, etree._Element]) -> list[etree._Element]:
    """A style followed by the styles it is ``basedOn``, nearest first, loops cut."""
    chain: list[etree._Element] = []
    element = elements.get(style_id)
    while element is not None and element not in chain:
        chain.append(element)
        element = elements.get(_val(element, "w:basedOn") or "")
    return chain


def _style(chain: list[etree._Element]) -> _Style:
    """One style with bold, italic and numbering inherited through ``basedOn``."""
    num_pr = _inherited(chain, _numbering_properties)
    level = _val(num_pr, "w:ilvl")
    name = _val(chain[0], "w:name")
    return _Style(
        name=BabelFish.internal2ui(name) if name else chain[0].get(_w("styleId"), ""),
        bold=_inherited(chain, lambda e: _toggle(_child(e, "w:rPr"), "w:b")),
        italic=_inherited(chain, lambda e: _toggle(_child(e, "w:rPr"), "w:i")),
        num_id=_val(num_pr, "w:numId"),
        level=int(level) if level is not None else None,
    )


def _numbering_properties(style: etree._Element) -> etree._Element | None:
    """A style's own ``w:numPr`` if it names a list (some carry only a level)."""
    num_pr = _child(style, "w:pPr/w:numPr")
    return num_pr if _child(num_pr, "w:numId") is not None else None


def _inherited(
    chain: list[etree._Element], read: Callable[[etree._Element], _T_ | None]
) -> _T_ | None:
    """The first value ``read`` finds along a style chain (nearest style wins)."""
    return next((value for e in chain if (value := read(e)) is not None), None)


def _number_formats(document: WordDocument) -> dict[tuple[str, int], str]:
    """``numFmt`` ("bullet", "decimal", ...) per (numId, level), overrides applied."""
    try:
        root = cast(XmlPart, document.part.part_related_by(RT.NUMBERING)).element
    except KeyError:  # a document without lists has no numbering part
        return {}
    abstract = {a.get(_w("abstractNumId")): a for a in root.iterfind("w:abstractNum", _NS)}
    by_style = {link: a for a in abstract.values() if (link := _val(a, "w:styleLink"))}
    formats: dict[tuple[str, int], str] = {}
    for num in root.iterfind("w:num", _NS):
        definition = abstract.get(_val(num, "w:abstractNumId"))
        # A list style's definition only points (numStyleLink) at the real one.
        definition = by_style.get(_val(definition, "w:numStyleLink") or "", definition)
        levels = _level_formats(definition, "w:lvl") | _level_formats(num, "w:lvlOverride/w:lvl")
        num_id = num.get(_w("numId"), "")
        formats.update({(num_id, level): fmt for level, fmt in levels.items()})
    return formats


def _level_formats(element: etree._Element | None, path: str) -> dict[int, str]:
    """Level -> numFmt of the ``w:lvl`` elements at ``path``."""
    if element is None:
        return {}
    return {
        int(lvl.get(_w("ilvl"), "0")): _val(lvl, "w:numFmt") or "decimal"
        for lvl in element.iterfind(path, _NS)
    }


# --- paragraphs ------------------------------------------------------------


def _paragraphs(element: etree._Element, context: _Context) -> Iterator[DocxParagraph]:
    """Non-empty paragraphs in ``element``: a paragraph, then its text boxes' paragraphs."""
    for p in _PARAGRAPHS(element):
        paragraph = _paragraph(p, context)
        if paragraph is not None:
            yield paragraph


def _paragraph(p: etree._Element, context: _Context) -> DocxParagraph | None:
    """One ``w:p`` read, or None when it shows no text (index is set by the caller)."""
    p_pr = _child(p, "w:pPr")
    style = context.styles.get(_val(p_pr, "w:pStyle") or "", context.default)
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


def _list_item(p_pr: etree._Element | None, style: _Style) -> tuple[str | None, int | None]:
    """(numId, level) of a list item, from the paragraph or its style; (None, None) if not one.

    numId 0 is Word's way of switching off numbering a style would give.
    """
    num_pr = _child(p_pr, "w:numPr")
    num_id = _val(num_pr, "w:numId") or style.num_id
    if num_id is None or num_id == "0":
        return None, None
    level = _val(num_pr, "w:ilvl")
    return num_id, int(level) if level is not None else (style.level or 0)


def _counts(context: _Context, num_id: str | None, level: int | None) -> bool:
    """The list level counts (decimal, letters, roman...) rather than bulleting.

    A level missing from numbering.xml shows no number, so it does not count.
    """
    if num_id is None or level is None:
        return False
    return context.formats.get((num_id, level), "bullet") not in ("bullet", "none")


def _styled_runs(p: etree._Element, style: _Style, context: _Context) -> list[Run]:
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
        elif child.tag == _w("noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def _run_emphasis(run: etree._Element, style: _Style, context: _Context) -> tuple[bool, bool]:
    """Bold and italic of a run: its own properties, else its character style, else
    the paragraph style (a cheap approximation of Word's toggle rules)."""
    r_pr = _child(run, "w:rPr")
    char_style = context.styles.get(_val(r_pr, "w:rStyle") or "", _NO_STYLE)
    return (
        _first(_toggle(r_pr, "w:b"), char_style.bold, style.bold),
        _first(_toggle(r_pr, "w:i"), char_style.italic, style.italic),
    )


def _toggle(r_pr: etree._Element | None, tag: str) -> bool | None:
    """A run's on/off property: None when unset, honouring ``w:val="0"``/``"false"``."""
    element = _child(r_pr, tag)
    if element is None:
        return None
    return element.get(_VAL, "true").lower() not in _FALSE


def _first(*values: bool | None) -> bool:
    """The first value that is set; unset all the way down means off."""
    return next((v for v in values if v is not None), False)


def _val(parent: etree._Element | None, path: str) -> str | None:
    """``w:val`` of the child at ``path``, or None if parent or child is missing."""
    element = _child(parent, path)
    return element.get(_VAL) if element is not None else None


def _child(parent: etree._Element | None, path: str) -> etree._Element | None:
    """The first element at a ``w:a/w:b`` path, or None where a step is missing.

    ``iterchildren(tag)`` runs in C; ``find`` goes through lxml's Python
    ElementPath on every call, which was most of the read time.
    """
    for tag in _steps(path):
        if parent is None:
            return None
        parent = next(parent.iterchildren(tag), None)
    return parent


@cache
def _steps(path: str) -> tuple[str, ...]:
    """Clark names of the steps of a ``w:`` path."""
    return tuple(_w(step.removeprefix("w:")) for step in path.split("/"))


# --- tables ------------------------------------------------------------------


def _table(tbl: etree._Element, context: _Context, rows_before: int) -> Table:
    """A top-level table on its grid.

    Rows are numbered over every table of the document (``rows_before`` rows
    came before this table), so "table row N" names one row of the file.
    """
    table_shading = _child(tbl, "w:tblPr/w:shd")
    rows: list[Row] = []
    widths = [len(tbl.findall("w:tblGrid/w:gridCol", _NS))]
    for number, tr in enumerate(_ROWS(tbl), start=rows_before + 1):
        row, width = _row(tr, number, table_shading, context)
        rows.append(row)
        widths.append(width)
    return Table(rows=tuple(rows), columns=max(widths))


def _row(
    tr: etree._Element, number: int, table_shading: etree._Element | None, context: _Context
) -> tuple[Row, int]:
    """The cells that start in this row, and the grid width the row occupies.

    ``gridBefore`` shifts the first cell right; a ``gridSpan`` widens a cell; a
    legacy ``hMerge`` continuation widens the cell before it; a ``vMerge``
    continuation belongs to the cell above and is left out.
    """
    tr_pr = _child(tr, "w:trPr")
    column = int(_val(tr_pr, "w:gridBefore") or 0)
    cells: list[Cell] = []
    for tc in _CELLS(tr):
        tc_pr = _child(tc, "w:tcPr")
        first, column = column, column + int(_val(tc_pr, "w:gridSpan") or 1)
        if _continues(tc_pr, "w:hMerge"):
            if cells and cells[-1].last == first - 1:
                cells[-1] = replace(cells[-1], last=column - 1)
        elif not _continues(tc_pr, "w:vMerge"):
            shading = _first_element(tc_pr, "w:shd", table_shading)
            paragraphs = tuple(p.paragraph for p in _paragraphs(tc, context))
            cells.append(Cell(paragraphs, first, column - 1, _fill(shading)))
    width = column + int(_val(tr_pr, "w:gridAfter") or 0)
    return Row(tuple(cells), Location("table_row", number)), width


def _continues(tc_pr: etree._Element | None, tag: str) -> bool:
    """The cell continues a merge (``hMerge``/``vMerge`` present, not ``restart``)."""
    element = _child(tc_pr, tag)
    return element is not None and element.get(_VAL, "continue") != "restart"


def _first_element(
    parent: etree._Element | None, path: str, fallback: etree._Element | None
) -> etree._Element | None:
    """The child at ``path``, else ``fallback`` (a cell's own shading beats the table's)."""
    element = _child(parent, path)
    return element if element is not None else fallback


def _fill(shading: etree._Element | None) -> str:
    """Background of a ``w:shd`` as upper-case RRGGBB; "" for none, auto or white.

    A ``solid`` pattern paints the pattern colour over the fill, so that wins.
    """
    if shading is None:
        return ""
    solid = shading.get(_VAL) == "solid"
    colour = (shading.get(_w("color")) if solid else shading.get(_w("fill"))) or ""
    return "" if colour.upper() in _NO_FILL else colour.upper()
