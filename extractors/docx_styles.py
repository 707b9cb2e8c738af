"""WordprocessingML look-ups for the Word reader: names, styles and list numbering.

``extractors.docx_reader`` walks a document's XML with lxml; this module gives it
the Clark names of the tags it tests, the few property look-ups it repeats
(``val``, ``child_at``, ``toggle``), and the document's styles and list formats
resolved once (``read_context``), so that each paragraph is a dictionary look-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar, cast

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.styles import BabelFish
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "mc": MC}


def clark(tag: str) -> str:
    """Clark name of a WordprocessingML tag, for fast ``element.tag`` tests."""
    return f"{{{W}}}{tag}"


VAL = clark("val")

FALSE = frozenset({"0", "false", "off"})
TRUE = frozenset({"1", "true", "on"})

T = TypeVar("T")


@dataclass(frozen=True)
class Style:
    """What a paragraph or character style gives its text, inheritance resolved."""

    name: str
    bold: bool | None = None
    italic: bool | None = None
    num_id: str | None = None
    level: int | None = None


NO_STYLE = Style("")


@dataclass(frozen=True)
class Context:
    """Document-wide lookups a paragraph needs: styles and list formats."""

    styles: dict[str, Style]
    default: Style
    formats: dict[tuple[str, int], str]


def read_context(document: WordDocument) -> Context:
    """Resolve styles and list formats once, so each paragraph is a lookup.

    styles.xml is read directly: python-docx's style objects re-search the
    styles part on every ``base_style`` and cost more than the whole body.
    """
    elements = {
        e.get(clark("styleId"), ""): e for e in document.styles.element.iterfind("w:style", NS)
    }
    styles = {style_id: _style(_chain(style_id, elements)) for style_id in elements}
    default = next((i for i, e in elements.items() if _is_default_paragraph_style(e)), None)
    return Context(
        styles=styles,
        default=styles[default] if default is not None else Style("Normal"),
        formats=_number_formats(document),
    )


def _is_default_paragraph_style(element: etree._Element) -> bool:
    """The style Word gives a paragraph that names none (normally "Normal")."""
    return element.get(clark("type")) == "paragraph" and element.get(clark("default")) in TRUE


def _chain(style_id: str, elements: dict[str, etree._Element]) -> list[etree._Element]:
    """A style followed by the styles it is ``basedOn``, nearest first, loops cut."""
    chain: list[etree._Element] = []
    element = elements.get(style_id)
    while element is not None and element not in chain:
        chain.append(element)
        element = elements.get(val(element, "w:basedOn") or "")
    return chain


def _style(chain: list[etree._Element]) -> Style:
    """One style with bold, italic and numbering inherited through ``basedOn``."""
    num_pr = _inherited(chain, _numbering_properties)
    level = val(num_pr, "w:ilvl")
    name = val(chain[0], "w:name")
    return Style(
        name=BabelFish.internal2ui(name) if name else chain[0].get(clark("styleId"), ""),
        bold=_inherited(chain, lambda e: toggle(child_at(e, "w:rPr"), "w:b")),
        italic=_inherited(chain, lambda e: toggle(child_at(e, "w:rPr"), "w:i")),
        num_id=val(num_pr, "w:numId"),
        level=int(level) if level is not None else None,
    )


def _numbering_properties(style: etree._Element) -> etree._Element | None:
    """A style's own ``w:numPr`` if it names a list (some carry only a level)."""
    num_pr = child_at(style, "w:pPr/w:numPr")
    return num_pr if child_at(num_pr, "w:numId") is not None else None


def _inherited(
    chain: list[etree._Element], read: Callable[[etree._Element], T | None]
) -> T | None:
    """The first value ``read`` finds along a style chain (nearest style wins)."""
    return next((value for e in chain if (value := read(e)) is not None), None)


def _number_formats(document: WordDocument) -> dict[tuple[str, int], str]:
    """``numFmt`` ("bullet", "decimal", ...) per (numId, level), overrides applied."""
    try:
        root = cast(XmlPart, document.part.part_related_by(RT.NUMBERING)).element
    except KeyError:  # a document without lists has no numbering part
        return {}
    abstract = {a.get(clark("abstractNumId")): a for a in root.iterfind("w:abstractNum", NS)}
    by_style = {link: a for a in abstract.values() if (link := val(a, "w:styleLink"))}
    formats: dict[tuple[str, int], str] = {}
    for num in root.iterfind("w:num", NS):
        definition = abstract.get(val(num, "w:abstractNumId"))
        # A list style's definition only points (numStyleLink) at the real one.
        definition = by_style.get(val(definition, "w:numStyleLink") or "", definition)
        levels = _level_formats(definition, "w:lvl") | _level_formats(num, "w:lvlOverride/w:lvl")
        num_id = num.get(clark("numId"), "")
        formats.update({(num_id, level): fmt for level, fmt in levels.items()})
    return formats


def _level_formats(element: etree._Element | None, path: str) -> dict[int, str]:
    """Level -> numFmt of the ``w:lvl`` elements at ``path``."""
    if element is None:
        return {}
    return {
        int(lvl.get(clark("ilvl"), "0")): val(lvl, "w:numFmt") or "decimal"
        for lvl in element.iterfind(path, NS)
    }


def toggle(r_pr: etree._Element | None, tag: str) -> bool | None:
    """A run's on/off property: None when unset, honouring ``w:val="0"``/``"false"``."""
    element = child_at(r_pr, tag)
    if element is None:
        return None
    return element.get(VAL, "true").lower() not in FALSE


def first_set(*values: bool | None) -> bool:
    """The first value that is set; unset all the way down means off."""
    return next((v for v in values if v is not None), False)


def val(parent: etree._Element | None, path: str) -> str | None:
    """``w:val`` of the child at ``path``, or None if parent or child is missing."""
    element = child_at(parent, path)
    return element.get(VAL) if element is not None else None


def child_at(parent: etree._Element | None, path: str) -> etree._Element | None:
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
    return tuple(clark(step.removeprefix("w:")) for step in path.split("/"))
