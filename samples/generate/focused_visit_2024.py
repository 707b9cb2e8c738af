"""A scrutiny report on the 2024 Ofsted focused visit, whose areas for improvement the
May 2025 tracker (``tracker_may2025``) later follows up: the lineage sample.

The output, ``samples/lineage/focused_visit_2024.docx``, is a short narrative
report laid out like ``sif_2018`` (a front sheet of bold labels, then the
numbered report on a new page), but worded as a different council officer
would write it: the visit and its publication date in the background section,
the four areas for improvement as a bulleted list introduced by "the letter
identified four areas for improvement". The areas are worded as the letter
words them; the tracker a year later merges areas 1 and 4 into one row and
prints the other two word for word.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.shared import Cm, Pt

from samples.generate import docx_tools as dt
from samples.generate.docx_tools import ParaLike, bold, bullet

NAME = "focused_visit_2024"
TITLE = "Ofsted Focused Visit to Children's Services: Areas for Improvement"
OUT = Path(__file__).resolve().parents[1] / "lineage"

AREAS = [
    "Identify children's unique needs and characteristics to better inform their plans "
    "and how they will be helped and supported.",
    "Reduce Child and Adolescent Mental Health Services (CAMHS) waiting lists.",
    "Reduce waits for domestic abuse services.",
    "Reduce length of children's plans as these are overly long.",
]

Item = ParaLike | tuple[str, str]

#: When the visit took place and its letter was published, as the report prints them.
VISITED, PUBLISHED = "14 and 15 May 2024", "12 July 2024"


def items(visited: str = VISITED, published: str = PUBLISHED) -> list[Item]:
    """The report's paragraphs, for a visit on ``visited`` published on ``published``."""
    return [
        bold("Executive Summary:"),
        f"Ofsted carried out a focused visit to Children's Services on {visited}, "
        "looking at the arrangements for children in need or subject to a child protection "
        f"plan. The findings were published in a letter on {published}.",
        bold("Recommendations:"),
        "That the Improving Lives Select Commission:",
        bullet("Note the findings of the focused visit and the four areas for improvement."),
        "PAGE",
        bold("Title:"),
        bold(TITLE),
        ("h", "1. Background"),
        f"1.1 Ofsted carried out a focused visit on {visited}. The letter setting out "
        f"the findings was published on {published}.",
        "1.2 The letter identified four areas for improvement:",
        *(bullet(text) for text in AREAS),
        ("h", "2. Key Issues"),
        "2.1 An action plan addressing each area for improvement will be monitored by the "
        "CYPS Evidence Challenge Panel and reported to the Audit Committee with the other "
        "external inspection recommendations.",
        ("h", "3. Accountable Officer(s):"),
        "Head of Service, Performance and Planning",
    ]


def _add(doc: WordDocument, item: Item) -> None:
    """A heading, a page break, or a paragraph with 6 pt after unless it is a list item."""
    if item == "PAGE":
        doc.add_page_break()
    elif isinstance(item, tuple):
        doc.add_heading(item[1], level=1)
    else:
        paragraph = dt.add_paragraph(doc, item)
        if paragraph.style is not None and paragraph.style.name != "List Bullet":
            paragraph.paragraph_format.space_after = Pt(6)


def build_document(visited: str = VISITED, published: str = PUBLISHED) -> WordDocument:
    """The front sheet, a page break, then the numbered report (A4, Arial 11 pt)."""
    doc = docx.Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
    dt.set_base_font(doc, "Arial", 11)
    dt.style_heading(doc, "Heading 1", size=12, space_before=12, space_after=6)
    dt.fix_core_properties(doc, title=TITLE, author="rectrack sample generator")
    for item in items(visited, published):
        _add(doc, item)
    return doc


def generate(out_dir: Path = OUT, visited: str = VISITED, published: str = PUBLISHED,
             name: str = NAME) -> list[Path]:
    """Write ``<name>.docx`` into ``out_dir``; return the files written.

    ``python -m samples.generate.focused_visit_2024`` rebuilds the sample in
    ``samples/lineage``; tests write variants (other dates) elsewhere.
    """
    return [dt.save_deterministic(build_document(visited, published),
                                  Path(out_dir) / f"{name}.docx")]


if __name__ == "__main__":
    generate()
