"""What one PDF page prints, read by PDFium: the chars, rects and lines of
``extractors.pdf_page.page_objects``, placed and shaped as pdfminer places them.

pdfminer parses a page in Python (tens of ms); PDFium (C++) does it in about a
millisecond. The two agree only where this module mirrors pdfminer's choices:
a char's box is its advance wide and its font size high, standing on the
font's descent (the Adobe metrics for the standard fonts, as pdfminer takes
them); a path is cut into subpaths and a subpath is a line (``ml``) or a
rectangle (four axis-aligned sides, closed) as pdfminer's ``paint_path``
classes them. A page this cannot read as pdfminer would (``Unreadable``: a
glyph without Unicode, a rotated or offset page) is left to pdfminer by
``extractors.pdf_reader``.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfinterp import PDFResourceManager
from pdfplumber.page import Page

from extractors.pdf_fonts import FontFacts, glyph_width, one_font, page_fonts, plain_fills
from extractors.pdf_page import Obj, has_ligatures, ligatures_spelt

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
#: A page's fonts as pdfminer reads them (``pdf_fonts.page_fonts``).
Fonts = Mapping[str, list[FontFacts]]

#: What PDFium gives as the text of a hyphen that ends a line (a "-" in the PDF): its
#: Unicode, and its place in the page's text.
_HYPHEN_MARKS = ("\x02", "\ufffe")
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Unreadable(Exception):
    """A page PDFium cannot read as pdfminer would; the message says why."""


class PdfiumPages:
    """A PDF open in PDFium, whose pages are read beside pdfplumber's (which lends its
    font dictionaries, and reads the pages this cannot)."""

    def __init__(self, path: Path) -> None:
        self.document = pdfium.PdfDocument(path)
        self.fonts = PDFResourceManager(caching=True)

    def objects(self, page: Page) -> dict[str, list[Obj]]:
        """pdfplumber's ``page``'s objects read by PDFium; raises Unreadable where PDFium
        cannot read them as pdfminer would (or cannot read the page at all)."""
        if not plain_fills(page.page_obj):
            raise Unreadable("fills in a colour space PDFium converts to RGB its own way")
        fonts = page_fonts(page.page_obj.resources, self.fonts)
        try:
            found = self.document[page.page_number - 1]
        except pdfium.PdfiumError as exc:
            raise Unreadable(f"PDFium cannot load the page: {exc}") from exc
        try:
            return page_objects(found, fonts)
        finally:
            found.close()

    def close(self) -> None:
        self.document.close()


def page_objects(page: pdfium.PdfPage, fonts: Fonts) -> dict[str, list[Obj]]:
    """The page's chars, rects and lines, in ``pdf_page.page_objects``' shape (``fonts``:
    the page's fonts as pdfminer reads them, ``pdf_fonts.page_fonts``).

    Raises Unreadable for a page whose objects would not come out as pdfminer's.
    """
    _check_geometry(page)
    height = float(page.get_height())
    return {"char": _chars(page, fonts, height), **_paths(page, height)}


def _check_geometry(page: pdfium.PdfPage) -> None:
    """Only an upright page whose boxes start at 0, 0 is placed here as pdfplumber places it."""
    if page.get_rotation():
        raise Unreadable(f"page rotated by {page.get_rotation()} degrees")
    media = tuple(page.get_mediabox())
    if media[:2] != (0, 0) or tuple(page.get_cropbox()) != media:
        raise Unreadable(f"page box {media} does not start at 0, 0 or is cropped")


# --- chars -------------------------------------------------------------------------


#: The per-char calls, taking the text page as a plain address (pypdfium2's own bindings
#: convert their typed arguments on every call, half of a char's cost). The text object's
#: address (an int, None for a char PDFium generated) keys the per-object facts.
_TEXT_OBJECT_AT = ctypes.cast(
    pdfium_c.FPDFText_GetTextObject,
    ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int),
)
_ORIGIN = ctypes.cast(
    pdfium_c.FPDFText_GetCharOrigin,
    ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                     ctypes.c_void_p),
)
_MAP_ERROR = ctypes.cast(
    pdfium_c.FPDFText_HasUnicodeMapError,
    ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int),
)
#: A char's text that needs a closer look (``_checked``): no Unicode, or a line-end hyphen.
_SUSPECT = frozenset(("\0", *_HYPHEN_MARKS))


@dataclass(slots=True)
class _Run:
    """What every char of one text object shares, read once: its font, matrix (``a, b, c, d``)
    and size, where an upright char's box stands from its baseline, the page's height."""

    font: FontFacts
    handle: pdfium_c.FPDF_FONT
    matrix: tuple[float, float, float, float]
    size: float
    widths: dict[str, float]
    upright: bool
    low: float  # the box's bottom above the baseline (upright text), in page units
    high: float  # its top above the baseline
    height: float
    fonts: Fonts
    font_name: str  # as PDFium names it

    def advance(self, text: str) -> float:
        """The char's advance in text space (its width in the font's Widths, at its size)."""
        found = self.widths.get(text)
        if found is None:
            found = self.widths[text] = _advance(self.handle, text, self.size)
        return found

    def joined(self, text: str, x: float, y: float) -> Obj:
        """The char of one glyph PDFium gave as several (``text``, a ligature's letters): as
        wide as the glyph, as pdfminer measures it; Unreadable where it cannot say."""
        if text not in self.widths:
            width = glyph_width(self.fonts, self.font_name, text)
            if width is None:
                raise Unreadable(f"no one glyph of {self.font_name!r} is drawn as {text!r}")
            self.widths[text] = width * self.size
        return self.char(text, x, y)

    def char(self, text: str, x: float, y: float) -> Obj:
        """One char's box as pdfminer's LTChar draws it: from the baseline's descent, font
        size high and the advance wide, through the char's matrix; ``size`` is the box's
        height. Upright text (nearly every char) is placed without the matrix's corners."""
        if not self.upright:
            return _turned_char(self, text, x, y)
        return {
            "x0": x, "x1": x + self.matrix[0] * self.advance(text),
            "top": self.height - y - self.high,
            "bottom": self.height - y - self.low, "text": text, "size": self.high - self.low,
            "fontname": self.font.name,
        }  # fmt: skip


def _chars(page: pdfium.PdfPage, fonts: Fonts, height: float) -> list[Obj]:
    """Every drawn char (PDFium's generated spaces and line breaks left out), in drawing order;
    the pieces PDFium splits one glyph's text into (a ligature) are one char again, as wide
    as the glyph (``_Run.joined``)."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        handle = ctypes.cast(raw, ctypes.c_void_p).value
        count = pdfium_c.FPDFText_CountChars(raw)
        texts = _texts(raw, count)
        runs: dict[int, _Run] = {}
        widths: dict[tuple[int, float], dict[str, float]] = {}
        chars: list[Obj] = []
        joined: dict[int, tuple[int, float, float]] = {}  # char -> its object and origin
        last: tuple[object, ...] = ()
        x, y = ctypes.c_double(), ctypes.c_double()
        at_x, at_y = ctypes.addressof(x), ctypes.addressof(y)
        for index in range(count):
            address = _TEXT_OBJECT_AT(handle, index)
            if address is None:
                continue
            text = texts[index]
            if text in _SUSPECT or _MAP_ERROR(handle, index):
                text = _checked(raw, index, text)
            _ORIGIN(handle, index, at_x, at_y)
            key = (address, x.value, y.value)
            if key == last:
                chars[-1]["text"] += text
                joined[len(chars) - 1] = key
                continue
            last = key
            run = runs.get(address)
            if run is None:
                run = runs[address] = _run(raw, index, fonts, widths, height)
            chars.append(run.char(text, key[1], key[2]))
        for at, (address, x_at, y_at) in joined.items():  # once all its pieces are in
            chars[at] = runs[address].joined(chars[at]["text"], x_at, y_at)
        if has_ligatures(texts):
            for char in chars:
                char["text"] = ligatures_spelt(char["text"])
        return chars
    finally:
        textpage.close()


def _texts(raw: pdfium_c.FPDF_TEXTPAGE, count: int) -> str:
    """Every char's text, one per char, read in one call (a char at a time where the page's
    text does not line up with its chars: a char outside the BMP, a dropped control char)."""
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    target = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    written = pdfium_c.FPDFText_GetText(raw, 0, count, target)
    text = buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", "replace")
    if len(text) == count:
        return text
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))


def _checked(raw: pdfium_c.FPDF_TEXTPAGE, index: int, text: str) -> str:
    """A char's text; a glyph PDFium finds no Unicode for makes the page unreadable here
    (pdfminer names it ``(cid:N)``, which the bullet test reads)."""
    if text in _HYPHEN_MARKS and pdfium_c.FPDFText_IsHyphen(raw, index):
        return "-"
    if text in ("\0", *_HYPHEN_MARKS) or pdfium_c.FPDFText_HasUnicodeMapError(raw, index):
        raise Unreadable(f"char {index} has no Unicode")
    return text


def _run(raw: pdfium_c.FPDF_TEXTPAGE, index: int, fonts: Fonts,
         widths: dict[tuple[int, float], dict[str, float]], height: float) -> _Run:
    """The facts of the text object char ``index`` belongs to; ``widths`` keeps the advances
    already read, by font and size, for the page's other objects."""
    handle = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(raw, index))
    found = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFText_GetMatrix(raw, index, found):
        raise Unreadable(f"char {index} has no matrix")
    a, b, c, d = found.a, found.b, found.c, found.d
    size = pdfium_c.FPDFText_GetFontSize(raw, index)
    name = _font_name(handle)
    font = _font(fonts, name)
    shared = widths.setdefault((ctypes.cast(handle, ctypes.c_void_p).value or 0, size), {})
    low, high = d * font.descent * size, d * (font.descent + 1) * size
    return _Run(font, handle, (a, b, c, d), size, shared, b == 0 and c == 0 and a > 0,
                min(low, high), max(low, high), height, fonts, name)


def _turned_char(run: _Run, text: str, x: float, y: float) -> Obj:
    """A char of a turned or mirrored text object: its box through the char's matrix."""
    a, b, c, d = run.matrix
    low, high = run.font.descent * run.size, (run.font.descent + 1) * run.size
    corners = [(u, v) for u in (0.0, run.advance(text)) for v in (low, high)]
    xs = [x + a * u + c * v for u, v in corners]
    ys = [y + b * u + d * v for u, v in corners]
    return {
        "x0": min(xs), "x1": max(xs), "top": run.height - max(ys), "bottom": run.height - min(ys),
        "text": text, "size": max(ys) - min(ys), "fontname": run.font.name,
    }  # fmt: skip


def _advance(font: pdfium_c.FPDF_FONT, text: str, size: float) -> float:
    """The char's advance in text space (its width in the font's Widths, at its size)."""
    width = ctypes.c_float()
    if not pdfium_c.FPDFFont_GetGlyphWidth(font, ord(text[0]), ctypes.c_float(size), width):
        raise Unreadable(f"no width for {text!r}")
    return float(width.value)


def _font_name(handle: pdfium_c.FPDF_FONT) -> str:
    """The base font's name of PDFium's font ``handle``."""
    size = pdfium_c.FPDFFont_GetBaseFontName(handle, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFFont_GetBaseFontName(handle, buffer, size)
    return buffer.value.decode("utf-8", "replace")


def _font(fonts: Fonts, name: str) -> FontFacts:
    """The pdfminer font PDFium's font ``name`` is."""
    found = one_font(fonts, name)
    if found is None or found.vertical or not found.whole_widths:
        raise Unreadable(f"font {name!r}: not one horizontal font of whole widths in the page's "
                         "resources")
    return found


# --- paths -> rects and lines ------------------------------------------------------


def _paths(page: pdfium.PdfPage, height: float) -> dict[str, list[Obj]]:
    """The page's straight lines and rectangles, form XObjects opened, in drawing order."""
    found: dict[str, list[Obj]] = {"rect": [], "line": []}
    for obj, matrix in _path_objects(page.raw, None, _IDENTITY):
        fill, stroke = _draw_mode(obj)
        colour = _fill_colour(obj)
        for kind, points in _shapes(_subpaths(obj, matrix)):
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            box: Obj = {"x0": min(xs), "x1": max(xs), "top": height - max(ys),
                        "bottom": height - min(ys)}
            if kind == "rect":
                box.update(fill=fill, stroke=stroke, non_stroking_color=colour)
            found[kind].append(box)
    return found


def _path_objects(
    page: pdfium_c.FPDF_PAGE, form: pdfium_c.FPDF_PAGEOBJECT | None, outer: Matrix
) -> Iterator[tuple[pdfium_c.FPDF_PAGEOBJECT, Matrix]]:
    """Path objects with the matrix to page space, depth first (as pdfminer walks figures)."""
    if form:
        count, get = pdfium_c.FPDFFormObj_CountObjects(form), pdfium_c.FPDFFormObj_GetObject
    else:
        count, get = pdfium_c.FPDFPage_CountObjects(page), pdfium_c.FPDFPage_GetObject
    for index in range(count):
        obj = get(form or page, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj, _times(_object_matrix(obj), outer)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield from _path_objects(page, obj, _times(_object_matrix(obj), outer))


def _object_matrix(obj: pdfium_c.FPDF_PAGEOBJECT) -> Matrix:
    found = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, found):
        return _IDENTITY
    return (found.a, found.b, found.c, found.d, found.e, found.f)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector order)."""
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


def _apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _draw_mode(obj: pdfium_c.FPDF_PAGEOBJECT) -> tuple[bool, bool]:
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, fillmode, stroke)
    return fillmode.value != pdfium_c.FPDF_FILLMODE_NONE, bool(stroke.value)


def _fill_colour(obj: pdfium_c.FPDF_PAGEOBJECT) -> tuple[float, ...] | None:
    """The fill as RGB in 0..1 (``pdf_page._hex_colour`` reads it as pdfminer's); None if
    PDFium has none."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _subpaths(obj: pdfium_c.FPDF_PAGEOBJECT, matrix: Matrix) -> Iterator[list[tuple[str, Point]]]:
    """The path's subpaths as pdfminer's operators with their end points in page space:
    ``m``, ``l``, ``c`` (a Bézier's three PDFium points as one), ``h`` for a closed one."""
    current: list[tuple[str, Point]] = []
    pending_curve = 0
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        x, y = ctypes.c_float(), ctypes.c_float()
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = _apply(matrix, x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if current:
                yield current
            current = [("m", point)]
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            pending_curve = (pending_curve + 1) % 3
            if pending_curve == 0:
                current.append(("c", point))
        else:
            current.append(("l", point))
        if pdfium_c.FPDFPathSegment_GetClose(segment) and current:
            current.append(("h", current[0][1]))
    if current:
        yield current


def _shapes(subpaths: Iterator[list[tuple[str, Point]]]) -> Iterator[tuple[str, list[Point]]]:
    """The subpaths pdfminer makes an LTLine or an LTRect of, as ("line"|"rect", points)."""
    for subpath in subpaths:
        shape = "".join(op for op, _ in subpath)
        points = [p for _, p in subpath]
        if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
            shape, points = shape[:-2] + "h", points[:-2] + points[-1:]
        if shape in ("ml", "mlh"):
            yield "line", points[:2]
        elif shape in ("mlllh", "mllll") and _is_rectangle(points):
            yield "rect", [points[0], points[2]]


def _is_rectangle(points: list[Point]) -> bool:
    """Four axis-aligned sides closed on the start, as pdfminer tells an LTRect."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
    closed = points[0] == points[4]
    return closed and ((x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
                       or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0))
