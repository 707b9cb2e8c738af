"""Narrative reports whose recommendation lists come in the shapes councils print.

Made up (no seed), to test ``extractors.prose``/``extractors.narrative`` on
list shapes and ``extractors.identity`` on reports dated only by their meeting.
Expected records: ``samples/expected/narrative_shapes.json``, by hand.

- ``lga_peer_challenge``: "Report to: Cabinet" and "Meeting date: 20 January
  2026" (its only date); the LGA Corporate Peer Challenge's nine numbered
  recommendations (Word numbering), each a bold one-line title. Items 1-4 give
  their explanation in the same item after a line break; items 5-9 in an
  unnumbered paragraph below (item 7 in two, item 8 with two sub-bullets).
  A page break falls inside item 6, between its title and its explanation.
- ``cqc_assessment``: a cover table ("Meeting | Health and Wellbeing Board",
  "Date | 5 March 2026") is its only date; the title names the inspection
  ("Care Quality Commission Assessment of Adult Social Care"); four areas for
  improvement typed as "1." to "4." with a hanging indent, the third running
  on in an unnumbered paragraph.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.shared import Cm

from samples.generate import docx_tools as dt
from samples.generate.committee_papers import new_document, simple_table
from samples.generate.docx_numbering import new_numbered_list, set_list_item
from samples.generate.docx_tools import bold, bullet, plain

LGA_RECOMMENDATIONS = [
    ("Agree a clear set of priorities for the next four years.",
     "The council should settle a small number of priorities with its partners and "
     "publish them."),
    ("Close the medium-term budget gap.",
     "A savings plan covering 2026/27 to 2029/30 should be agreed before the budget is set."),
    ("Strengthen member and officer relationships.",
     "Regular joint sessions should be held between Cabinet and the corporate leadership team."),
    ("Invest in the council's workforce.",
     "A workforce strategy should address recruitment and retention in hard-to-fill roles."),
    ("Improve the use of performance information.",
     "Performance reports should show trends and comparisons, not single figures."),
    ("Develop a clear approach to place shaping.",
     "The council should set out its ambitions for the town centre and its regeneration "
     "programme."),
    ("Make scrutiny more effective.",
     "Scrutiny should agree a work programme aligned to the council's priorities."),
    ("Modernise the council's digital services.",
     "Residents should be able to report and track requests online."),
    ("Build on the council's community partnerships.",
     "The council should work with the voluntary sector on a shared prevention offer."),
]
LGA_SECOND_PARAGRAPH = "Its chair should meet the Leader each quarter."
LGA_SUB_BULLETS = ("a single online account for residents;", "a digital skills programme.")

CQC_AREAS = [
    "Reduce the waiting times for Care Act assessments.",
    "Improve the information and advice available to unpaid carers.",
    "Make sure that transitions from children's to adult services are planned early.",
    "Strengthen the oversight of the quality of commissioned home care.",
]
CQC_RUN_ON = "This includes young people with a learning disability."


def lga_peer_challenge(doc: WordDocument) -> None:
    """The LGA report: front sheet, then nine recommendations in two shapes."""
    dt.add_paragraph(doc, plain("Report to: Cabinet"))
    dt.add_paragraph(doc, plain("Meeting date: 20 January 2026"))
    dt.add_paragraph(doc, plain("Report of: Chief Executive"))
    dt.add_paragraph(doc, bold("Title:"))
    dt.add_paragraph(doc, bold("LGA Corporate Peer Challenge – Feedback Report and Action Plan"))
    doc.add_paragraph("1. Background", style="Heading 1")
    dt.add_paragraph(doc, plain(
        "The council invited the Local Government Association to carry out a corporate peer "
        "challenge in October 2025. The peer team spent four days on site."))
    for _ in range(12):
        dt.add_paragraph(doc, plain(
            "The peer team met councillors, staff and partners and read the council's plans, "
            "budgets and performance reports before forming its view."))
    doc.add_paragraph("2. Recommendations", style="Heading 1")
    dt.add_paragraph(doc, plain("The peer team made nine recommendations:"))
    num_id = new_numbered_list(doc)
    for number, (title, explanation) in enumerate(LGA_RECOMMENDATIONS, 1):
        item = set_list_item(doc.add_paragraph(), num_id)
        item.add_run(title).bold = True
        if number <= 4:
            item.add_run().add_break()
            item.add_run(explanation)
            continue
        if number == 6:
            item.add_run().add_break(WD_BREAK.PAGE)
        _below(doc, explanation)
        if number == 7:
            _below(doc, LGA_SECOND_PARAGRAPH)
        if number == 8:
            for text in LGA_SUB_BULLETS:
                dt.add_paragraph(doc, bullet(text, style="List Bullet 2"))
    doc.add_paragraph("3. Next steps", style="Heading 1")
    dt.add_paragraph(doc, plain("An action plan will be brought to Cabinet in March 2026."))


def _below(doc: WordDocument, text: str) -> None:
    """An unnumbered paragraph indented under the item it explains."""
    dt.add_paragraph(doc, plain(text)).paragraph_format.left_indent = Cm(0.63)


def cqc_assessment(doc: WordDocument) -> None:
    """The CQC report: a cover table, then typed numbers with a hanging indent."""
    simple_table(doc, [("Meeting", "Health and Wellbeing Board"), ("Date", "5 March 2026"),
                       ("Report author", "Director of Adult Social Care")], (4.0, 10.0))
    dt.add_paragraph(doc, plain(""))
    doc.add_paragraph("Care Quality Commission Assessment of Adult Social Care",
                      style="Heading 1")
    dt.add_paragraph(doc, plain(
        "The CQC assessed the council's adult social care functions and rated them Good. "
        "The report was published on 12 February 2026."))
    dt.add_paragraph(doc, plain("The CQC identified the following areas for improvement:"))
    for number, text in enumerate(CQC_AREAS, 1):
        paragraph = dt.add_paragraph(doc, plain(f"{number}.\t{text}"))
        paragraph.paragraph_format.left_indent = Cm(1)
        paragraph.paragraph_format.first_line_indent = Cm(-1)
        if number == 3:
            run_on = dt.add_paragraph(doc, plain(CQC_RUN_ON))
            run_on.paragraph_format.left_indent = Cm(1)
    doc.add_paragraph("Recommendations to the Board", style="Heading 1")
    dt.add_paragraph(doc, plain("That the Board notes the report."))


def generate(out_dir: Path) -> list[Path]:
    """Write both reports as DOCX into ``out_dir``."""
    written = []
    for name, build in (("lga_peer_challenge", lga_peer_challenge),
                        ("cqc_assessment", cqc_assessment)):
        doc = new_document(landscape=False)
        build(doc)
        dt.fix_core_properties(doc, title=name)
        written.append(dt.save_deterministic(doc, out_dir / f"{name}.docx"))
    return written
