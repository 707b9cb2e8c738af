"""Word automatic numbering for sample papers: list definitions and list items.

A numbered list in Word is not typed numbers: the paragraph carries ``w:numPr``
pointing at a list instance (``w:num``) of a list definition
(``w:abstractNum``) in ``numbering.xml``. The narrative papers use this so the
readers are tested on numbers that are not in the text. Kept apart from
:mod:`samples.generate.docx_tools` (page, paragraph and table plumbing) because
only the list-shaped papers need it.
"""

from __future__ import annotations

from docx.document import Document as _Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def new_numbered_list(doc: _Document, num_fmt: str = "decimal", level_text: str = "%1.") -> str:
    """Add a one-level list definition and a list instance; return its ``numId``.

    Each call makes a new instance, so its numbering starts again at 1, as a
    new list typed in Word does. ``num_fmt`` is a ``w:numFmt`` value
    ("decimal", "lowerLetter", "bullet", ...); ``level_text`` the shown number.
    """
    numbering = doc.part.numbering_part.element
    abstract_id = 1 + max(
        (int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))),
        default=-1,
    )
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))),
                     default=0)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (("w:start", "1"), ("w:numFmt", num_fmt), ("w:lvlText", level_text)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        level.append(child)
    abstract.append(level)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), str(abstract_id))
    num.append(ref)
    # Schema order: every abstractNum before the first num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return str(num_id)


def set_list_item(paragraph: Paragraph, num_id: str, level: int = 0) -> Paragraph:
    """Make ``paragraph`` an item of list ``num_id`` (``w:numPr``; no number typed)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = int(num_id)
    return paragraph
