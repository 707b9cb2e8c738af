"""Rebuild the 2018 scrutiny report on the Ofsted SIF re-inspection as a Word document.

Source: ``seeds/002_03380eb020ea2e24.txt`` (text extracted from the real
report; "" are bullet glyphs). The output, ``samples/papers/sif_2018.docx``,
is a portrait narrative report laid out like the original: a front sheet of
labelled parts (Executive Summary, Recommendations, List of Appendices
Included, Background Papers, Consideration by ..., Council Approval Required),
then, on a new page, "Title:" with the report's title and the numbered
sections 1. to 14. The text is typed as printed (curly ’ where the seed has it,
"( ILACs)" and "are asked to :" with their odd spaces).

Layout choices
--------------
* A4 portrait, 2.5 cm margins, Arial 11 pt, 6 pt after each paragraph (list
  items keep Word's contextual spacing, so a list prints without gaps).
* Front-sheet labels ("Executive Summary:", "Recommendations:", ...) and
  "Title:" are bold paragraphs; the title itself is a bold paragraph too.
* Section headings ("1. Recommendations", "3. Key Issues", ...) are
  "Heading 1" paragraphs (12 pt bold) with the number typed, as printed;
  numbered paragraphs ("2.1 Ofsted carried out ...") are Normal paragraphs
  with the number typed. Nothing in the report uses Word numbering.
* Every "" item of the seed is a real Word bullet (style "List Bullet", glyph
  not typed).

Decisions on the seed
---------------------
* A printed line is not a paragraph: the seed's hard line ends inside
  paragraphs and bullets are joined with single spaces. The blank line inside
  "Note the detail ... for these to / be monitored" is the same bullet.
* In 2.1, "Adoption Performance is Good" and "Experiences and progress of
  Care Leavers is Outstanding" lost their bullet glyph in the extraction; they
  sit between bullets of the same list, so they are bullets here (six
  judgements, one list).
* The blank lines between the 6th and 7th recommendation, and the lone ""
  before "Title:", are page breaks of the original. Only the second is kept
  (the main report starts on a new page); the eight recommendations are one
  list with no forced break.
* "List of Appendices Included:" has nothing under it in the seed and has
  nothing here.
* Section 6 has no "6.1" number in the seed and none here.
* The seed's leading space before "Executive Summary:" is an artefact and is
  dropped.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.shared import Cm, Pt

from samples.generate import docx_tools as dt
from samples.generate.docx_tools import ParaLike, bold, bullet

NAME = "sif_2018"
TITLE = "Ofsted Single Inspection Framework Recommendations"

# A section item: a str is a Normal paragraph, a Para keeps its style;
# ("h", text) is a Heading 1.
Item = ParaLike | tuple[str, str]

NOTE_RESOLUTION = (
    "Note the detail of the eight recommendations and the approach for these to be monitored"
)

FRONT_SHEET: list[Item] = [
    bold("Executive Summary:"),
    "The Ofsted report with the findings from the November 2017 Single Inspection "
    "Framework (re-inspection) was published on the 29th January 2018.",
    "The inspection had found that overall services for children and young people in "
    "Rotherham are Good, the report detailed eight recommendations across the "
    "framework where the Service still needs to make additional improvements, these will "
    "be monitored as part of routine Service Planning and reported to the Children and "
    "Young People’s Service monthly Performance Board.",
    "An action plan also has to be submitted to Ofsted by the 10th May 2018 (within 70 "
    "working days from the publication date of the report) in relation to the "
    "recommendations as part of their Single Inspection Framework.",
    bold("Recommendations:"),
    "That Improving Lives Scrutiny Panel:",
    bullet(NOTE_RESOLUTION),
    bold("List of Appendices Included:"),
    bold("Background Papers:"),
    "Re-inspection of services for children in need of help and protection, children "
    "looked after and care leavers (published 29th January 2018)",
    bold("Consideration by any other Council Committee, Scrutiny or Advisory Panel:"),
    "No",
    bold("Council Approval Required:"),
    "No",
]

JUDGEMENTS = [
    "Services for Children and young People in Rotherham are overall Good",
    "Children in Need of Help and Protection is Good",
    "Children looked after and achieving permanence Requires Improvement",
    "Adoption Performance is Good",
    "Experiences and progress of Care Leavers is Outstanding",
    "Leadership, management and Governance is Good",
]

RECOMMENDATIONS = [
    "Ensure that managers provide challenging, reflective and directive supervision "
    "and, with support from independent reviewing officers (IROs) and conference "
    "chairs, address the quality of practice and planning for all children effectively.",
    "Ensure that all assessments are: meaningful to children and their families; "
    "reflect the changing needs of children; and effectively evaluate cumulative "
    "risks and their impact.",
    "Ensure that all plans: are clear about how children’s and young people’s "
    "holistic needs are to be met; have clear timescales; can be understood by "
    "families; and are always well informed by risk assessment.",
    "Ensure that early permanence planning is timely and considers the full range "
    "of placement options for all children when they are unable to return to their "
    "birth families.",
    "Improve the timeliness of the early help response to children, particularly "
    "those who have a disability.",
    "Work with schools to reduce the number of fixed-term exclusions and "
    "persistent absentees from education among children looked after.",
    "Ensure that children benefit from timely, good-quality life story work and later "
    "life letters that are written clearly, so that young people will understand their "
    "experiences, life history and reason for separation from their birth families.",
    "Ensure that birth parents of children who are adopted fully understand what "
    "support is available and are helped to access this.",
]

REPORT: list[Item] = [
    bold("Title:"),
    bold(TITLE),
    ("h", "1. Recommendations"),
    "1.1 That Improving Lives Scrutiny Panel are asked to :",
    bullet(NOTE_RESOLUTION),
    ("h", "2. Background"),
    "2.1 Ofsted carried out a re-inspection of Children’s Services in November 2017 "
    "under their Single Inspection Framework. The findings from the inspection were "
    "published on the 29th January 2018 and were:",
    *(bullet(text) for text in JUDGEMENTS),
    "2.2 In the report Ofsted identified eight recommendations for improvement:",
    *(bullet(text) for text in RECOMMENDATIONS),
    ("h", "3. Key Issues"),
    "3.1 The 24 Ofsted recommendations and underpinning actions from the 2014 Single "
    "Inspection (that had found the Service to be inadequate) have been reported "
    "regularly to and monitored by the multi-agency CYPS Improvement Panel. This had "
    "been chaired initially by the DfE appointed Children’s Commissioner Malcolm "
    "Newsam and more recently by the DfE appointed Practice Improvement Partner "
    "Director of Children’s Services from Lincolnshire Debbie Barnes.",
    "3.2 The CYPS Improvement Board had its final meeting on the 31st January, the "
    "monitoring of the Ofsted recommendations will now be included in business as usual "
    "processes around the Service Plan monitoring and a regular report to the monthly "
    "CYPS Performance Board which is chaired by Cllr Watson, Deputy Leader and Lead "
    "Member for Children and Young People’s Services.",
    "3.3 A named Lead officer has been allocated to each of the eight Ofsted "
    "recommendations to ensure that the service is accountable for the actions that need "
    "to be in place to undertake fully the recommendations.  These officers will be held to "
    "account as part of the quarterly Service Plan Performance Clinics and monthly "
    "Performance Board meetings.  This action plan will be submitted to Ofsted by the "
    "10th May in line with their inspection framework.",
    "3.4 The Audit Committee continues to receive an overview on progress from "
    "recommendations from external inspections and as such progress against these will "
    "be included in the regular report on a six monthly basis.",
    "3.5 Inspection readiness continues to be a priority in Children’s Services as the "
    "framework for the Inspection of Local Authority Children’s Services ( ILACs) has now "
    "been published and includes an annual self-assessment ( which will need to cover "
    "progress against the 8 recommendations) and an annual conversation which is a "
    "visit from an Ofsted HMI (Her Majesty’s Inspector) to discuss the progress being "
    "made and any risks an issues, these together determine when the next inspection "
    "will take place.",
    ("h", "4. Options considered and recommended proposal"),
    "4.1 That Improving Lives Scrutiny panel are asked to:",
    bullet(NOTE_RESOLUTION),
    ("h", "5. Consultation"),
    "5.1 The findings from Ofsted Inspections are subject to a rigorous quality assurance "
    "process from within Ofsted, this includes the opportunity for the Local Authority to "
    "undertake a Factual Accuracy Check whilst the report is still embargoed.  This allows "
    "the Local Authority to suggest any amendments to the final report where there are "
    "inaccuracies, this does not allow for any changes to be made to judgements or to "
    "recommendations within the report.",
    ("h", "6. Timetable and Accountability for Implementing this Decision"),
    "The monitoring of improvements around the recommendations will commence from "
    "April 2018 as part of regular service plan monitoring and reports to the Performance "
    "Board.",
    ("h", "7. Financial and Procurement Implications"),
    "7.1 There are no financial and procurement implications",
    ("h", "8. Legal Implications"),
    "8.1 There are no direct legal implications associated with the report",
    ("h", "9. Human Resources Implications"),
    "9.1 There are no Human Resources implications associated with the report",
    ("h", "10. Implications for Children and Young People and Vulnerable Adults"),
    "10.1 The fundamental reason for the Ofsted Inspection Framework is to improve the "
    "services for children and young people, the recommendations from the inspection "
    "will serve to improve further the services for children in Rotherham and to contribute "
    "to the vision of being outstanding overall in future years.",
    ("h", "11. Equalities and Human Rights Implications"),
    "11.1 There are no direct implications within this report.",
    ("h", "12. Implications for Partners and Other Directorates"),
    "12.1 Partners and other directorates are engaged in improving the performance and "
    "quality of services to children, young people and their families via the Rotherham "
    "Local Children’s Safeguarding Board (RLSCB), the CYPS Improvement Board, the "
    "CYPS Performance Board, the Corporate Parenting Panel and the Early Help "
    "Review Board. All the Boards receive performance reports on a regular basis.",
    ("h", "13. Risks and Mitigation"),
    "13.1 Robust monitoring of action plans are in place which identifies any risks and "
    "mitigation of actions, any high level risks are included in Directorates Risk Register "
    "and are monitored at Directorate Leadership Team.",
    ("h", "14. Accountable Officer(s):"),
    "Sue Wilson (Head of Service, Performance & Planning)",
    bold("Approvals Obtained from:-"),
    "Strategic Director of Finance and Corporate Services: Colin Allen",
    "Director of Legal Services: Neil Concannon",
    "Head of Procurement (if appropriate):",
]


def _add(doc: WordDocument, item: Item) -> None:
    """Write one item: a heading, or a paragraph with 6 pt after unless it is a list item."""
    if isinstance(item, tuple):
        doc.add_heading(item[1], level=1)
        return
    paragraph = dt.add_paragraph(doc, item)
    if paragraph.style is not None and paragraph.style.name != "List Bullet":
        paragraph.paragraph_format.space_after = Pt(6)


def build_document() -> WordDocument:
    """The whole report: front sheet, page break, then the numbered report."""
    doc = docx.Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
    dt.set_base_font(doc, "Arial", 11)
    dt.style_heading(doc, "Heading 1", size=12, space_before=12, space_after=6)
    dt.fix_core_properties(doc, title=TITLE, author="rectrack sample generator")
    for item in FRONT_SHEET:
        _add(doc, item)
    doc.add_page_break()
    for item in REPORT:
        _add(doc, item)
    return doc


def generate(out_dir: Path) -> list[Path]:
    """Write ``sif_2018.docx`` into ``out_dir``; return the files written."""
    return [dt.save_deterministic(build_document(), Path(out_dir) / f"{NAME}.docx")]
