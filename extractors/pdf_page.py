"""What one PDF page prints, read once: chars, rectangles and lines, and the text
they make (printed lines as paragraphs of styled runs), cell colours and the small
geometry both table finders share (``extractors.pdf_ruling`` for ruled tables,
``extractors.pdf_unruled`` for tables aligned by white space only).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pdfminer.layout import LTChar, LTComponent, LTContainer, LTItem, LTLine, LTRect
from pdfplumber.page import Page, fix_fontname_bytes
from pdfplumber.utils.pdfinternals import resolve_all

from extractors.grid import Paragraph, Run

Obj = dict[str, Any]
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


GRID_SNAP = 2.0
"""Border x positions closer than this (pt) are the same grid line."""
BULLET_GLYPHS = frozenset("•●▪◦■□‣⁃∙")
"""Bullet glyphs printed as ordinary Unicode; private-use glyphs count too."""
#: pdfminer layout classes read, by the name pdfplumber gives their objects. An LTLine
#: and an LTRect are LTCurves too, so the class is matched exactly, as pdfplumber does.
_KINDS: dict[type, str] = {LTChar: "char", LTRect: "rect", LTLine: "line"}
#: Ligature glyphs (Chromium prints "oﬃcer"), spelt out as the author typed them.
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                            "ﬅ": "st", "ﬆ": "st"})
_LIGATURE_GLYPHS = frozenset(map(chr, _LIGATURES))


BOLD = re.compile(r"bold|black|heavy", re.IGNORECASE)
ITALIC = re.compile(r"italic|oblique|-it$|boldit$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class RawCell:
    """A cell box in page coordinates, before it is placed on a table grid."""

    bbox: BBox
    paragraphs: tuple[Paragraph, ...]
    fill: str


@dataclass(frozen=True)
class Fragment:
    """The part of one table printed on one page; rows are tuples of cells."""

    page: int
    bbox: BBox
    rows: tuple[tuple[RawCell, ...], ...]

    @property
    def xs(self) -> list[float]:
        """The x positions of this fragment's vertical borders, snapped."""
        return snap(x for row in self.rows for cell in row for x in (cell.bbox[0], cell.bbox[2]))


@dataclass(frozen=True)
class PageChars:
    """A page's printed chars sorted by vertical middle, for fast box look-ups, and which of
    them cells have taken (``take``): the others are the page's loose text."""

    chars: tuple[Obj, ...]
    keys: tuple[float, ...]
    middles: tuple[float, ...]  # each char's horizontal middle
    taken: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, chars: Iterable[Obj]) -> PageChars:
        printed = [c for c in chars if c["text"].strip()]
        middles = [mid_y(c) for c in printed]
        order = sorted(range(len(printed)), key=middles.__getitem__)
        ordered = tuple(printed[n] for n in order)
        return cls(ordered, tuple(middles[n] for n in order),
                   tuple((c["x0"] + c["x1"]) / 2 for c in ordered))

    def take(self, box: BBox) -> list[Obj]:
        """The chars whose middle lies inside ``box``, still in vertical order; from now
        on they are a cell's, not loose."""
        low, high = bisect_left(self.keys, box[1]), bisect_right(self.keys, box[3])
        found = [c for c, x in zip(self.chars[low:high], self.middles[low:high], strict=True)
                 if box[0] <= x <= box[2]]
        self.taken.update(map(id, found))
        return found

    def loose(self) -> Iterator[Obj]:
        """The chars no cell has taken, in vertical order."""
        return (c for c in self.chars if id(c) not in self.taken)


#: The keys of a char as every reader gives it (pdfminer, PDFium, OCR), in their order.
CHAR_KEYS = ("x0", "x1", "top", "bottom", "text", "size", "fontname")
#: A char packed as its values in ``CHAR_KEYS``' order: a third of a dict's size.
PackedChar = tuple[Any, ...]


def packed_chars(chars: Iterable[Obj]) -> tuple[PackedChar, ...]:
    """``chars`` as tuples, for chars a parsed page keeps until the pages are joined (a
    long tracker keeps thousands outside its tables: dicts would grow a worker by MBs)."""
    return tuple(tuple(char[key] for key in CHAR_KEYS) for char in chars)


def unpacked_chars(packed: Iterable[PackedChar]) -> list[Obj]:
    """The dicts ``packed_chars`` packed."""
    return [dict(zip(CHAR_KEYS, values, strict=True)) for values in packed]


def page_objects(page: Page) -> dict[str, list[Obj]]:
    """The page's chars, rects and lines, read from pdfminer's layout of it.

    pdfplumber's ``page.chars`` and ``page.rects`` copy every attribute of
    every object into a dict, resolving each value: about half of the cost
    of a table page. This takes only the attributes this reader uses, placed
    as pdfplumber places them (``top`` measured down from the page's top, x
    shifted by the MediaBox origin), and walks into figures as it does.
    """
    height = float(page.height)
    left, top = (float(v) for v in page.mediabox[:2])
    found: dict[str, list[Obj]] = {"char": [], "rect": [], "line": []}
    for item in _leaves(page.layout):
        kind = _KINDS.get(type(item))
        if kind is None:
            continue
        box: Obj = {
            "x0": item.x0 + left, "x1": item.x1 + left,
            "top": height - item.y1 + top, "bottom": height - item.y0 + top,
        }  # fmt: skip
        if isinstance(item, LTChar):
            box.update(text=ligatures_spelt(item.get_text()), size=item.size,
                       fontname=font_name(item.fontname))
        elif isinstance(item, LTRect):
            box.update(fill=item.fill, stroke=item.stroke,
                       non_stroking_color=resolve_all(item.non_stroking_color))
        found[kind].append(box)
    return found


def _leaves(items: Iterable[LTItem]) -> Iterator[LTComponent]:
    """The placed objects among ``items``, depth first, figures opened (as pdfplumber
    walks them); pdfminer's virtual spaces (LTAnno, no position) are left out, as there."""
    for item in items:
        if isinstance(item, LTContainer):
            yield from _leaves(item)
        elif isinstance(item, LTComponent):
            yield item


def ligatures_spelt(text: str) -> str:
    """``text`` with its ligature glyphs spelt out (both page readers give chars so)."""
    return text.translate(_LIGATURES)


def has_ligatures(text: str) -> bool:
    """Whether ``text`` holds a ligature glyph ``ligatures_spelt`` spells out."""
    return not _LIGATURE_GLYPHS.isdisjoint(text)


def font_name(name: str | bytes) -> str:
    """A font name as text (a few PDFs name fonts in raw bytes, which pdfplumber decodes)."""
    return fix_fontname_bytes(name) if isinstance(name, bytes) else name


# --- chars -> printed lines -> paragraphs --------------------------------------------


@dataclass(frozen=True)
class PrintedLine:
    """One printed line: its chars in x order, cut into words at word gaps (a gap wider
    than a fifth of the font size), as ``pdf_unruled`` aligns them with columns."""

    chars: tuple[Obj, ...]
    words: tuple[tuple[Obj, ...], ...]
    top: float
    bottom: float
    size: float
    bold: bool

    @classmethod
    def of(cls, chars: list[Obj]) -> PrintedLine:
        size = max(float(c["size"]) for c in chars)
        words: list[list[Obj]] = []
        for char in chars:
            if words and char["x0"] - words[-1][-1]["x1"] <= 0.2 * float(char["size"]):
                words[-1].append(char)
            else:
                words.append([char])
        return cls(
            chars=tuple(chars),
            words=tuple(tuple(w) for w in words),
            top=min(float(c["top"]) for c in chars),
            bottom=max(float(c["bottom"]) for c in chars),
            size=size,
            bold=all(font_style(c["fontname"])[0] for c in chars),
        )

    @property
    def text(self) -> str:
        return " ".join("".join(c["text"] for c in word) for word in self.words)


def text_lines(chars: list[Obj]) -> list[list[Obj]]:
    """Group chars (sorted by vertical middle) into printed lines, each in x order.

    A char joins the current line when its middle lies within the vertical
    extent of the line's first char, so superscripts and mixed sizes stay on
    their line.
    """
    lines: list[list[Obj]] = []
    for char in chars:
        if lines and lines[-1][0]["top"] <= mid_y(char) <= lines[-1][0]["bottom"]:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def line_paragraph(line: list[Obj]) -> Paragraph:
    """One printed line as a Paragraph: its runs by font, majority style, bullet cut."""
    bullet = is_bullet(line[0]["text"])
    body = line[1:] if bullet else line
    styles = [font_style(c["fontname"]) for c in body]
    runs = _styled_runs(body, styles)
    return Paragraph(
        text="".join(r.text for r in runs),
        bold=2 * sum(bold for bold, _ in styles) > len(styles),
        italic=2 * sum(italic for _, italic in styles) > len(styles),
        bullet=bullet,
        runs=runs,
    )


@cache
def font_style(name: str) -> tuple[bool, bool]:
    """(bold, italic) as a font's name says (``Arial-BoldItalicMT``, ``Helvetica-Oblique``)."""
    return BOLD.search(name) is not None, ITALIC.search(name) is not None


def _styled_runs(chars: list[Obj], styles: list[tuple[bool, bool]]) -> tuple[Run, ...]:
    """The chars of one line as runs of one style each (``styles``: each char's).

    Many PDFs draw no space glyphs (words are just placed apart), so spaces
    come from gaps wider than a fifth of the font size; a space goes to the
    run before it.
    """
    pieces: list[tuple[tuple[bool, bool], list[str], float]] = []
    previous: Obj | None = None
    for char, style in zip(chars, styles, strict=True):
        if previous is not None and char["x0"] - previous["x1"] > 0.2 * char["size"]:
            pieces[-1][1].append(" ")
        if pieces and pieces[-1][0] == style:
            pieces[-1][1].append(char["text"])
        else:
            pieces.append((style, [char["text"]], float(char["size"])))
        previous = char
    texts = [_SPACES.sub(" ", "".join(parts)) for _, parts, _ in pieces]
    if texts:
        texts[0] = texts[0].lstrip()
        texts[-1] = texts[-1].rstrip()
    return tuple(
        Run(text, *style, size=size)
        for text, (style, _, size) in zip(texts, pieces, strict=True)
        if text.strip()
    )


def is_bullet(glyph: str) -> bool:
    """Whether a line's first glyph is a list bullet.

    Bullets come as Unicode glyphs, as private-use Symbol/Wingdings codes
    (U+F0B7) or, from fonts without a Unicode map, as an unmapped ``(cid:N)``
    glyph (reportlab's Helvetica bullet reads back as ``(cid:127)``).
    """
    return glyph in BULLET_GLYPHS or "\ue000" <= glyph <= "\uf8ff" or glyph.startswith("(cid:")


# --- cell colours ------------------------------------------------------------------


def fill_of(box: BBox, fills: list[Obj]) -> str:
    """The colour of the topmost fill that covers the cell's centre and most of it.

    Requiring most of the cell keeps a highlighted word, and border rules
    drawn as thin filled rectangles, from colouring the cell.
    """
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    area = (box[2] - box[0]) * (box[3] - box[1])
    for rect in reversed(fills):
        covers_centre = rect["x0"] <= cx <= rect["x1"] and rect["top"] <= cy <= rect["bottom"]
        if covers_centre and _overlap(box, rect) >= area / 2:
            return _hex_colour(rect.get("non_stroking_color"))
    return ""


def _overlap(box: BBox, rect: Obj) -> float:
    width = min(box[2], rect["x1"]) - max(box[0], rect["x0"])
    height = min(box[3], rect["bottom"]) - max(box[1], rect["top"])
    return max(width, 0.0) * max(height, 0.0)


def _hex_colour(colour: object) -> str:
    """A PDF fill colour as ``RRGGBB``; "" for white, patterns and the unknown.

    pdfminer gives grey as one number (or a 1-tuple), RGB as three and CMYK as
    four, all in 0..1.
    """
    if isinstance(colour, int | float):
        colour = (colour,)
    if not isinstance(colour, tuple | list) or not all(isinstance(v, int | float) for v in colour):
        return ""
    values = [min(max(float(v), 0.0), 1.0) for v in colour]
    if len(values) == 1:
        rgb = values * 3
    elif len(values) == 3:
        rgb = values
    elif len(values) == 4:
        c, m, y, k = values
        rgb = [(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)]
    else:
        return ""
    hexed = "".join(f"{round(v * 255):02X}" for v in rgb)
    return "" if hexed == "FFFFFF" else hexed


# --- small geometry helpers ---------------------------------------------------------


def bbox_of(box: Sequence[float]) -> BBox:
    return (float(box[0]), float(box[1]), float(box[2]), float(box[3]))


def union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def snap(values: Iterable[float]) -> list[float]:
    """Sorted distinct positions, merging runs closer than GRID_SNAP (first one wins)."""
    snapped: list[float] = []
    for value in sorted(values):
        if not snapped or value - snapped[-1] > GRID_SNAP:
            snapped.append(value)
    return snapped


def nearest(positions: list[float], value: float) -> int:
    """Index of the position nearest ``value`` in a sorted list."""
    i = bisect_left(positions, value)
    if i == 0:
        return 0
    if i == len(positions):
        return len(positions) - 1
    return i if positions[i] - value < value - positions[i - 1] else i - 1


def mid_y(char: Obj) -> float:
    return float(char["top"] + char["bottom"]) / 2
