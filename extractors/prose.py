"""The running text of a paper as paragraphs and lists, whatever the format.

This is to prose what ``extractors.grid`` is to tables: the Word and PDF
readers give their body text in different shapes (a Word paragraph knows its
list and level; a PDF only has printed lines, bullet glyphs and gaps), and
everything that reads meaning into the text (``extractors.narrative``) works
on the one shape made here:

- ``units``: one ``Unit`` per paragraph or list item, a PDF's lines joined
  first (a bullet line starts an item, the lines after it continue it until a
  blank gap, a heading, a colon or a new number);
- ``lists``: every list with the paragraph right before it, which is where a
  paper says what the list holds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from extractors.grid import Paragraph, Table, paragraphs_text
from extractors.model import Location, LocationKind

if TYPE_CHECKING:
    from extractors.docx_reader import DocxParagraph
    from extractors.pdf_reader import PdfLine

_ROMAN = {"i": 1, "v": 5, "x": 10}
# A number typed before a paragraph: "2.2", "3.", "4)", "(4)", "a)", "(b)", "iv.", "(ii)".
_MARKER = re.compile(
    r"^(?P<marker>\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|\(\d{1,2}\)|[a-z][.)]|\([a-z]\)"
    r"|[ivx]{1,5}[.)]|\([ivx]{1,5}\))\s+(?=\S)"
)
_GLYPH = re.compile(r"^[•●▪◦■□‣⁃∙\ue000-\uf8ff]\s*")
_FOOTER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?$", re.IGNORECASE)
_TERMINAL = (".", ":", ";", "!", "?")
_TITLE_LABEL = re.compile(r"^\s*title\s*:\s*(?P<rest>.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """One paragraph or list item of the running text.

    ``list_id`` names the list an item is in (Word's numbering instance, or
    "bullet" for printed glyphs), None for a paragraph; ``marker`` is a number
    typed in front of a paragraph ("2.2", "a)"), cut from ``text``; ``bold``
    that it is printed bold (an item's one-line title). A table becomes an
    empty heading: like a heading, it ends any list.
    """

    text: str
    location: Location
    heading: bool = False
    list_id: str | None = None
    level: int = 0
    marker: str = ""
    bold: bool = False


@dataclass(frozen=True)
class TextList:
    """A list, its items (deeper levels joined to their item) and ``intro``,
    the index of the unit right before it."""

    intro: int
    items: tuple[Unit, ...]


def units(blocks: Sequence[DocxParagraph | PdfLine | Table], kind: LocationKind) -> list[Unit]:
    """The units of ``DocxDocument.blocks`` (kind "paragraph") or ``PdfDocument.blocks``
    (kind "page")."""
    if kind == "page":
        return _pdf_units(blocks, kind)  # type: ignore[arg-type]
    return _docx_units(blocks, kind)  # type: ignore[arg-type]


def lists(text: Sequence[Unit]) -> Iterator[TextList]:
    """Every list that follows a paragraph, in order."""
    for index, unit in enumerate(text):
        if unit.list_id is None:
            items = _list_after(text, index)
            if items:
                yield TextList(index, items)


def labelled_title(texts: Iterable[str]) -> str:
    """The title a front sheet prints after a "Title:" label, or "" if it has none.

    Committee report templates put the paper's own title after "Title:",
    often on the next line, below other labels ("Executive Summary:"), so the
    first heading or largest text is not the title there.
    """
    rest = iter(texts)
    for text in rest:
        match = _TITLE_LABEL.match(text)
        if match:
            return match.group("rest").strip() or next((t for t in rest if t.strip()), "")
    return ""


# --- Word ----------------------------------------------------------------------


def _with_marker(unit: Unit) -> Unit:
    """Move a typed number from the start of the text into ``marker``."""
    match = _MARKER.match(unit.text)
    if not match:
        return unit
    return replace(unit, text=unit.text[match.end() :], marker=match.group("marker"))


def _table_unit(table: Table, kind: LocationKind) -> Unit:
    """The stand-in for a table in the running text."""
    return Unit("", table.rows[0].location if table.rows else Location(kind, 0), heading=True)


def _docx_units(blocks: Sequence[DocxParagraph | Table], kind: LocationKind) -> list[Unit]:
    """One unit per Word paragraph or table."""
    return [_table_unit(b, kind) if isinstance(b, Table) else _docx_unit(b, kind) for b in blocks]


def _docx_unit(p: DocxParagraph, kind: LocationKind) -> Unit:
    """A Word paragraph: a list item (Word numbering or a typed glyph) or a paragraph."""
    location = Location(kind, p.index)
    glyph = _GLYPH.match(p.paragraph.text)
    if p.num_id is not None:
        return Unit(p.paragraph.text, location, list_id=p.num_id, level=p.list_level or 0,
                    bold=p.paragraph.bold)
    if glyph:
        return Unit(p.paragraph.text[glyph.end() :], location, list_id="typed")
    heading = p.style.startswith(("Heading", "Title")) or p.paragraph.bold
    return _with_marker(Unit(p.paragraph.text, location, heading=heading, bold=p.paragraph.bold))


# --- PDF -------------------------------------------------------------------------


def _pdf_units(blocks: Sequence[PdfLine | Table], kind: LocationKind) -> list[Unit]:
    """Printed lines joined into paragraphs and list items (page numbers left out)."""
    kept = [b for b in blocks if isinstance(b, Table) or not _FOOTER.match(b.paragraph.text)]
    lines = [b for b in kept if not isinstance(b, Table)]
    if not lines:
        return []
    pitch = _line_pitch(lines)
    body = Counter(round(line.size) for line in lines).most_common(1)[0][0]
    out: list[Unit] = []
    group: list[PdfLine] = []
    for block in kept:
        if group and (isinstance(block, Table) or _starts_unit(group[-1], block, pitch)):
            out.append(_pdf_unit(group, body, kind))
            group = []
        if isinstance(block, Table):
            out.append(_table_unit(block, kind))
        else:
            group.append(block)
    return out + ([_pdf_unit(group, body, kind)] if group else [])


def _line_pitch(lines: Sequence[PdfLine]) -> float:
    """The distance between lines of one paragraph: the smallest common step.

    Paragraph gaps are larger steps; taking the smallest one that recurs keeps
    a page of one-line paragraphs from passing its gaps off as line spacing.
    """
    steps = Counter(
        round(2 * (b.top - a.top)) / 2
        for a, b in pairwise(lines)
        if a.page == b.page and abs(a.size - b.size) < 0.5 and 0 < b.top - a.top < 3 * a.size
    )
    common = [step for step, n in steps.items() if n >= max(2, sum(steps.values()) // 10)]
    return min(common) if common else 1.2 * lines[0].size


def _starts_unit(previous: PdfLine, line: PdfLine, pitch: float) -> bool:
    """Does ``line`` open a new paragraph or item rather than continue ``previous``?

    A bullet or a typed number opens one, as does a line after a colon, a
    change of weight or size, or a blank gap. Over a page break, a line goes
    on with the previous one unless that ended a sentence.
    """
    if line.paragraph.bullet or _MARKER.match(line.paragraph.text):
        return True
    if previous.paragraph.text.endswith(":"):
        return True
    if (line.paragraph.bold, round(line.size)) != (previous.paragraph.bold, round(previous.size)):
        return True
    if line.page != previous.page:
        return previous.paragraph.text.endswith(_TERMINAL)
    return line.top - previous.top > 1.25 * pitch


def _pdf_unit(group: Sequence[PdfLine], body_size: int, kind: LocationKind) -> Unit:
    """One paragraph or list item from its printed lines."""
    first = group[0]
    text = paragraphs_text(Paragraph(line.paragraph.text) for line in group)
    location = Location(kind, first.page)
    bold = first.paragraph.bold
    if first.paragraph.bullet:
        return Unit(text, location, list_id="bullet", bold=bold)
    heading = bold or round(first.size) > body_size
    return _with_marker(Unit(text, location, heading=heading, bold=bold))


# --- lists -----------------------------------------------------------------------


def _list_after(text: Sequence[Unit], index: int) -> tuple[Unit, ...]:
    """The list that starts right after ``text[index]``, if one does.

    Word or printed bullets and numbering form a list; so do paragraphs with
    typed numbers that count on from 1 (or from the intro's own number, as
    "2.2", "2.3" after "2.1").
    """
    if index + 1 == len(text):
        return ()
    first = text[index + 1]
    if first.list_id is not None:
        return tuple(_list_items(text, index + 1))
    own = text[index].marker
    if first.marker and (_is_first(first.marker) or _follows(own, first.marker)):
        return tuple(_numbered_items(text, index + 1))
    return ()


def _list_items(text: Sequence[Unit], start: int) -> Iterator[Unit]:
    """Items of the Word or bulleted list at ``start``; deeper levels, and what runs on
    below an item (``_runs_on``), are joined to their item."""
    head = text[start]

    def opens(unit: Unit, current: Unit) -> bool:
        return unit.list_id == head.list_id and unit.level == head.level

    return _items(text, start, opens)


def _numbered_items(text: Sequence[Unit], start: int) -> Iterator[Unit]:
    """Paragraphs whose typed numbers count on one by one, with what runs on below each.

    A PDF prints an item's number as text, often with its title in bold: a
    number that counts on opens the next item even on a bold (heading) line.
    """

    def opens(unit: Unit, current: Unit) -> bool:
        return _follows(current.marker, unit.marker)

    return _items(text, start, opens)


def _items(text: Sequence[Unit], start: int, opens: Callable[[Unit, Unit], bool],
           ) -> Iterator[Unit]:
    """The items of a list from ``text[start]``: ``opens(unit, current)`` says a unit is
    the list's next item; every unit up to it that runs on (``_runs_on``) joins the
    current item, and the list ends at anything else."""
    current = text[start]
    index = start + 1
    while index < len(text):
        unit = text[index]
        if opens(unit, current):
            yield current
            current = unit
        elif _runs_on(text, index, current, opens):
            current = replace(current, text=f"{current.text} {unit.text}".strip())
        else:
            break
        index += 1
    yield current


def _runs_on(text: Sequence[Unit], index: int, current: Unit,
             opens: Callable[[Unit, Unit], bool]) -> bool:
    """``text[index]`` belongs to the item ``current``: an item runs to the next item or
    heading.

    A sub-item (a deeper level, bullets under a typed number) always does; so do
    an unnumbered paragraph (an explanation below the item, the item going on
    over a page break) and another list's items (sub-bullets in a style of
    their own) when the list goes on after them, or when the item is a bold
    one-line title that they explain. A heading, a typed number
    and a paragraph that introduces a list of its own (ending in ":") never do.
    """
    unit = text[index]
    if unit.heading or unit.marker or unit.text.rstrip().endswith(":"):
        return False
    if unit.list_id is not None and (unit.level > current.level or current.list_id is None):
        return True
    if unit.list_id is not None and unit.list_id == current.list_id:
        return False
    if current.bold:
        return True
    for later in text[index + 1 :]:
        if opens(later, current):
            return True
        if later.heading or later.marker or later.text.rstrip().endswith(":"):
            return False
    return False


def _readings(marker: str) -> set[tuple[str, tuple[int, ...]]]:
    """(style, value) readings of a typed number; "(i)" is both a letter and a numeral."""
    core = marker.strip("().")
    style = ("(" if marker.startswith("(") else "") + marker[-1:]
    if "." in core:
        return {("dotted", tuple(int(part) for part in core.split(".")))}
    if core.isdigit():
        return {("number" + style, (int(core),))}
    found: set[tuple[str, tuple[int, ...]]] = set()
    if len(core) == 1:
        found.add(("letter" + style, (ord(core) - ord("a") + 1,)))
    if set(core) <= set(_ROMAN):
        found.add(("roman" + style, (_roman(core),)))
    return found


def _roman(numeral: str) -> int:
    """The value of a small lower-case Roman numeral."""
    values = [_ROMAN[c] for c in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))


def _follows(before: str, after: str) -> bool:
    """``after`` is the number right after ``before`` ("2.1" -> "2.2", "(h)" -> "(i)")."""
    if not (before and after):
        return False
    return any(
        style == style2 and len(value) == len(value2)
        and value[:-1] == value2[:-1] and value2[-1] == value[-1] + 1
        for style, value in _readings(before)
        for style2, value2 in _readings(after)
    )


def _is_first(marker: str) -> bool:
    """A typed number that starts a list: 1, a or i at its last level ("4.1" too)."""
    return any(value[-1] == 1 for _, value in _readings(marker))
