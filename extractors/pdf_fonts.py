"""The fonts of a PDF page as pdfminer measures them, and whether its fills are plain RGB,
for ``extractors.pdf_pdfium``.

PDFium hands out a font's name without its subset tag and its own idea of the
font's descent (from the glyphs where the PDF says 0); pdfminer takes the
descriptor's name and Descent (the Adobe metrics for the standard fonts). A
char's box stands on that descent, so the PDFium reader asks pdfminer's own
font objects: only the font dictionaries are parsed (once per document, as
the resource manager caches them), never a content stream.

PDFium also hands out fill colours as RGB only, converting CMYK and ICC colours
its own way, where pdfminer keeps the components (and ``pdf_page`` converts
CMYK plainly): a page whose content sets a fill colour other than by ``g`` or
``rg`` (or in DeviceGray/DeviceRGB) is left to pdfminer. Its content streams
are searched for those operators as bytes, not parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pdfminer.pdffont import PDFFont
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import PDFObjRef, dict_value, resolve1
from pdfminer.psparser import LIT, PSLiteral

from extractors.pdf_page import font_name, font_style, ligatures_spelt

#: The operators that set a fill colour, with the operand before them: ``k`` (CMYK) and ``cs``
#: (a colour space for ``sc``/``scn``). A match inside a string only sends a page to pdfminer.
_FILL_SPACE = re.compile(
    rb"(?:(/[^\s/\[\]()<>{}%]+)\s*)?(?<![^\s\]\[)>}])(k|cs)(?![^\s\[\]/(<%])"
)
_DEVICE_SPACES = (b"/DeviceRGB", b"/DeviceGray")
LITERAL_FORM = LIT("Form")
#: A font subset's tag ("ABCDEF+Calibri"), which PDFium leaves out of the names it gives.
_SUBSET = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True)
class FontFacts:
    """What a char's box and style need of its font, as pdfminer reads it."""

    name: str
    descent: float  # per unit of font size, negative or 0
    vertical: bool
    #: Whether every width is a whole number of units: PDFium keeps widths as integers,
    #: so with fractional ones (Chromium's PDFs) its chars drift along a line.
    whole_widths: bool
    #: pdfminer's font itself, for the width of a glyph drawn as several letters (so two
    #: fonts of one name and the same metrics, in two encodings, are both kept).
    font: PDFFont | None = field(default=None, repr=False)


def page_fonts(resources: Any, manager: PDFResourceManager) -> dict[str, list[FontFacts]]:
    """The fonts a page's resources (its form XObjects' too) name, keyed by their
    base font's name as PDFium gives it (no subset tag)."""
    fonts: dict[str, list[FontFacts]] = {}
    for key, font in _fonts(resources, manager):
        facts = FontFacts(font_name(font.fontname), font.get_descent(), font.is_vertical(),
                          _whole(font), font)
        if facts not in fonts.setdefault(key, []):
            fonts[key].append(facts)
    return fonts


def one_font(fonts: Mapping[str, list[FontFacts]], name: str) -> FontFacts | None:
    """The font PDFium names ``name``; None when there is none, or several that would
    place or style a char differently."""
    found = fonts.get(_SUBSET.sub("", name), [])
    if not found:
        return None
    first = found[0]
    same = all((f.descent, f.vertical, f.whole_widths, font_style(f.name)) ==
               (first.descent, first.vertical, first.whole_widths, font_style(first.name))
               for f in found)
    return first if same else None


def glyph_width(fonts: Mapping[str, list[FontFacts]], name: str, text: str) -> float | None:
    """The width (per unit of font size) of the glyph PDFium's font ``name`` draws as the
    letters ``text`` (a ligature: "fi" for "ﬁ"), as pdfminer measures it; None when no
    glyph of those fonts is drawn so, or glyphs of different widths are.

    PDFium gives a ligature's letters as chars of their own, each measured as the letter
    alone; pdfminer, as one char the glyph's width wide."""
    widths = {facts.font.char_width(code)
              for facts in fonts.get(_SUBSET.sub("", name), []) if facts.font is not None
              for code, drawn in _drawn(facts.font).items() if ligatures_spelt(drawn) == text}
    return widths.pop() if len(widths) == 1 else None


def _drawn(font: PDFFont) -> dict[int, str]:
    """Char code -> the text pdfminer gives for it (its ToUnicode map before its encoding)."""
    found: dict[int, str] = dict(getattr(font, "cid2unicode", None) or {})
    unicode_map = getattr(font, "unicode_map", None)
    if unicode_map is not None:
        found.update(unicode_map.cid2unichr)
    return found


def _fonts(resources: Any, manager: PDFResourceManager) -> Iterator[tuple[str, PDFFont]]:
    """(key, font) for every font of ``resources`` and of the forms it draws, as pdfminer's
    interpreter makes them (``PDFResourceManager.get_font``, cached by object id)."""
    inner = [form.attrs.get("Resources", {}) for form in _forms(resources, set())]
    for each in (resources, *inner):
        for spec in dict_value(dict_value(each).get("Font", {})).values():
            objid = spec.objid if isinstance(spec, PDFObjRef) else None
            spec = dict_value(spec)
            yield _key(spec), manager.get_font(objid, spec)


def plain_fills(page: Any) -> bool:
    """Whether pdfminer's page ``page`` (and the forms it draws) sets fill colours only in
    grey or RGB, which PDFium gives exactly as pdfminer does."""
    streams = resolve1(page.attrs.get("Contents"))
    streams = streams if isinstance(streams, list) else [streams] if streams else []
    return all(_plain(_data(s)) for s in [*streams, *_forms(page.resources, set())])


def _plain(content: bytes) -> bool:
    return all(op == b"cs" and operand in _DEVICE_SPACES
               for operand, op in _FILL_SPACE.findall(content))


def _data(stream: Any) -> bytes:
    data = resolve1(stream)
    return data.get_data() if hasattr(data, "get_data") else b""


def _forms(resources: Any, seen: set[int]) -> Iterator[Any]:
    """The form XObjects ``resources`` name, and theirs, each once."""
    for ref in dict_value(dict_value(resources).get("XObject", {})).values():
        if isinstance(ref, PDFObjRef):
            if ref.objid in seen:
                continue
            seen.add(ref.objid)
        xobject = resolve1(ref)
        attrs = getattr(xobject, "attrs", {})
        if resolve1(attrs.get("Subtype")) is LITERAL_FORM:
            yield xobject
            yield from _forms(attrs.get("Resources", {}), seen)


def _whole(font: PDFFont) -> bool:
    widths = [*font.widths.values(), font.default_width]
    return all(float(w).is_integer() for w in widths if isinstance(w, int | float))


def _key(spec: dict[str, Any]) -> str:
    base = resolve1(spec.get("BaseFont", ""))
    name = base.name if isinstance(base, PSLiteral) else font_name(base) if base else ""
    return _SUBSET.sub("", str(name))
