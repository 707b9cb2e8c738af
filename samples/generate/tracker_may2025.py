"""Rebuild the May 2025 external inspections tracker as a Word document.

Source: ``seeds/000_12a005646f245f8d.txt`` (text extracted from the PDF of the
real paper, a landscape Word table). The output,
``samples/papers/tracker_may2025.docx``, is a Word document laid out like the
original: a title heading, one seven-column main table (Title and purpose |
Date | Outstanding recommendations | Original target date for completion |
Revised target date for completion | Status | Progress update), a Status key
table and the residential children's homes section with its transposed ratings
table. Every word of the seed's tables is placed in a cell; the text is typed
as printed (straight ' where the seed has ', curly ’ “ ” ‘ where it has those).

Layout choices
--------------
* A4 landscape, 1.27 cm margins, Arial 9 pt (LibreOffice substitutes
  Liberation Sans). The header row is bold and shaded D9D9D9 and is *not* a
  repeating header (the seed prints it once). No row has ``cantSplit`` and no
  page break is forced, so LibreOffice splits long rows across pages as the
  real paper did.
* Directorate rows: one cell spanning all seven columns (``w:gridSpan``),
  bold, shaded D9E2F3.
* Inspection rows: column 1 = bold title paragraph + purpose paragraph(s) in
  italics; column 2 = the date parts, one paragraph each; columns 3-7 merged
  into one cell holding the "Overall outcome: ..." and "Overall progress: ..."
  paragraphs. The seed's ``<p>`` marks become paragraphs; its
  ``<ul style="list-style-type: none">`` lists become plain paragraphs (no
  bullet); only text the seed prints with a literal "•" becomes real Word
  bullet items (style "List Bullet", glyph not typed). This rule is applied
  uniformly, so the Public Health "Recommendation 1" list and the "Rec IR5"
  list (both ``list-style-type: none`` in the seed, no "•") are plain
  paragraphs; the Statement of Accounts "Rec 2" and "REC KR1" lists are bullets.
* "NEW" markers ("NEW 2023/24 Statement of Accounts", "NEW 2023/24 VFM
  arrangements") are a separate bold red run "NEW " at the start of the title.
* Recommendation rows: columns 1-2 empty, column 3 the item with its label as
  printed, columns 4-5 the dates as printed, column 6 Status, column 7 the
  progress update. Every item with a status has its Status cell shaded with
  that status's colour (Complete 00B050, In progress and on track 92D050, In
  progress and partly delayed FFC000, Significant delay FF0000, No action
  required or outcome unknown BFBFBF); "Awaiting start" has no shading.
  Where the seed shows fewer cells (the 2022/23 VFM rows, the 2023/24
  Statement of Accounts rows Rec 1-4 and the ACEX "Recommendation 5") the
  status words are written *in* the Status cell and the progress cell is left
  empty. Everywhere else the Status cell carries only the colour and the
  status words are the first paragraph of the Progress update cell, followed
  by the progress text and then any "Note – although situated under ..."
  paragraph. Statement of Accounts "Rec 5" is one of the rows where the seed
  shows all seven cells with the status words in the last one, so it follows
  the general rule (words in the progress cell).
* Printed variants are kept: "In Progress and On Track", "Complete.",
  "Review date August 2026".
* Rows the seed shows broken over a page ("The target is" / "for 50% ...",
  ASC Theme 1's progress text, "internal and external" / "partners to
  empower ...", Rec 4 "(i.e. through" / "increased use of ...", "NEW 2023/24
  Statement of" / "Accounts (Grant Thornton) ...") are one row each here.
* LGA Corporate Peer Challenge (ACEX): the title/purpose cell is merged
  vertically (``w:vMerge`` restart + continue) over four rows: the "Overall
  outcome" row and the "Overall progress" row (each spanning columns 2-7), and
  the Recommendation 2 and 3 rows, whose Date cells hold "5-8 June 2023" and
  "Findings received August 2023". Recommendations 4-6 are ordinary rows with
  an empty column 1.

Decisions on the seed
---------------------
* The title: the seed's leading "-" before "External inspections ..." is an
  extraction artefact and is dropped.
* The Prevent Duty purpose ("To support local authorities ...") is not italic
  in the seed, so it is a plain paragraph here.
* (a) A page of the original is missing between "REC KR1" and "REC IR4". The
  orphan text "papers by giving more detail on completed audits including an
  executive summary of each report completed in the period in part 1 papers to
  the Audit Committee." is the tail of an item whose start is lost. It is kept
  as it is: its own recommendation row right after REC KR1, text in column 3
  only (no label, no dates, no status, no shading). No missing rows are
  invented.
* (b) Cells of the last section spilled after the "Status key" heading in the
  seed. Recommendation 5's text ("Review performance management ... across
  the borough at pace.") is rejoined into one row; Recommendation 6 is a row of
  the main table; the "Status key" heading and key table come after the main
  table.
* (c) The DVSA item "Annual assessments try to complete before the end of
  December." has no label in the seed and stays unlabelled.
* The SEND "Area for improvement 1" item is "Area for improvement 1:" followed
  by one plain paragraph (the seed's single ``list-style-type: none`` item);
  "Area for improvement 2" is followed by four plain paragraphs.
* The "Regulation 44 of the Children's Homes Regulations 2015" link of the
  original is plain text.
* The homes ratings table is transposed as in the seed (one column per home
  URN, "037521" keeps its leading zero); the "Sub judgements" row is one cell
  spanning all eight columns; the last home's (2812398) rating cells are empty.
  Its rows (unlike the main table's) are marked ``cantSplit`` so a short row
  is never cut in two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.shared import Pt

from samples.generate import docx_tools as dt
from samples.generate.docx_tools import Para, Run, bold, bullet, italic, plain

TITLE = (
    "External inspections, reviews and audits recommendations/areas for "
    "improvement detailed internal update – May 2025"
)
NAME = "tracker_may2025"

HEADER = (
    "Title and purpose",
    "Date",
    "Outstanding recommendations",
    "Original target date for completion",
    "Revised target date for completion",
    "Status",
    "Progress update",
)
#: Column widths in cm (sum = 29.7 - 2 x 1.27).
WIDTHS = (3.9, 2.3, 6.6, 2.4, 2.4, 1.9, 7.66)

HEADER_FILL = "D9D9D9"
DIRECTORATE_FILL = "D9E2F3"
STATUS_COLOURS = {
    "complete": "00B050",
    "on_track": "92D050",
    "partly_delayed": "FFC000",
    "significant_delay": "FF0000",
    "no_action_or_unknown": "BFBFBF",
    "awaiting_start": None,
}

# Status codes, for readability of the table below.
C, OT, PD, AW = "complete", "on_track", "partly_delayed", "awaiting_start"


@dataclass
class Directorate:
    name: str


@dataclass
class Inspection:
    title: str
    purpose: list[str]
    dates: list[str]
    outcome: list[Para | str]
    new: bool = False
    purpose_italic: bool = True


@dataclass
class Rec:
    """A recommendation row.

    ``status_words`` are written in the progress cell (first paragraph) unless
    ``words_in_status_cell``; ``status`` picks the Status cell's colour.
    """

    item: list[Para | str]
    original: str = ""
    revised: str = ""
    status: str = ""
    status_words: str = ""
    progress: list[Para | str] = field(default_factory=list)
    words_in_status_cell: bool = False
    date_cell: str = ""


@dataclass
class MergedTitleBlock:
    """An inspection whose title cell spans its outcome, progress and first rec rows."""

    title: str
    purpose: list[str]
    outcome: list[Para | str]
    progress: list[Para | str]
    recs: list[Rec]


NOTE_FCS_HOUSING = (
    "Note – although situated under FCS for the purposes of reporting, Housing "
    "services are responsible for implementation of this recommendation."
)

MAIN_ROWS: list[object] = [
    # ------------------------------------------------------------------ CYPS
    Directorate("Children and Young People's Services"),
    Inspection(
        "Ofsted Focused Visit",
        [
            "To review the arrangements for children in need or subject to a child "
            "protection plan.",
            "Usually undertaken every three years as part of the ILACS Inspection Programme.",
        ],
        ["Focused visit: 14 and 15 May 2024", "Published: 12 July 2024"],
        [
            "Overall outcome: The response to children who are subject to child-in-need "
            "and child protection planning is very effective. A stable senior leadership "
            "team is unstinting in its determination to make children in Rotherham safer "
            "and improve their outcomes. Strong corporate support ensures a whole-council "
            "approach to understanding children's vulnerability and responding to risk "
            "and need. Four areas for improvement were identified.",
            "Overall progress: An action plan is in place to address the recommendations "
            "from the peer review. Progress is overseen by the CYPS Evidence Challenge "
            "Panel and CYPS DLT. One area for improvement is complete.",
        ],
    ),
    Rec(
        [
            "Area for improvement 1: Identify children's unique needs and characteristics "
            "to better inform their plans and how they will be helped and supported.",
            "And Area for improvement 4: Reduce length of children's plans as these are "
            "overly long.",
            "Note: The progress updates for Area for Improvements 1 and 4 have been "
            "combined as they relate to both areas for improvement.",
        ],
        "Oct-24",
        "Sep-25",
        PD,
        "In progress and partly delayed",
        [
            "The remaining action to implement a revised Plan template has been delayed "
            "due to the impact changes will have on other forms when integrated into the "
            "CYPS Social Care system (Liquidlogic). Work is ongoing to resolve this and is "
            "expected to be completed by September 2025."
        ],
    ),
    Rec(
        [
            "Area for improvement 2: Reduce Child and Adolescent Mental Health Services "
            "(CAMHS) waiting lists."
        ],
        "Dec-25",
        "",
        OT,
        "In progress and on track",
    ),
    Rec(
        ["Area for improvement 3: Reduce waits for domestic abuse services."],
        "Dec-24",
        "",
        C,
        "Complete",
    ),
    Inspection(
        "Ofsted Area SEND inspection of Rotherham Local Area Partnership",
        ["To review the special educational needs and/or disabilities (SEND) arrangements."],
        [
            "Inspection date: 30 September 2024 - 4 October 2024",
            "Report published: 14 November 2024",
        ],
        [
            "Overall outcome: The local area partnership's special educational needs "
            "and/or disabilities (SEND) arrangements typically lead to positive "
            "experiences and outcomes for children and young people with SEND. The local "
            "area partnership is taking action where improvements are needed. The next "
            "full area SEND inspection will be within approximately five years. Ofsted "
            "and the Care Quality Commission ask that the local area partnership updates "
            "and publishes its strategic plan based on the recommendations set out in "
            "this report. Two areas for improvement were identified.",
            "Overall progress: The final report and recommendations from the inspection "
            "were published on the 14 November 2024. As recognised in the report, work "
            "was already ongoing prior to the inspection in relation to the two areas for "
            "improvement and will continue. Progress will be monitored by the local area "
            "SEND and AP Partnership board and overseen by the CYPS Evidence Challenge "
            "Panel and SEND Executive Board.",
        ],
    ),
    Rec(
        [
            "Area for improvement 1:",
            "New and revised EHCPs are consistently compliant with statutory guidance. "
            "The target is for 50% to be compliant by December 2025; and 60% compliant "
            "by September 2026.",
        ],
        "September 2026",
        "",
        OT,
        "In Progress and On Track",
    ),
    Rec(
        [
            "Area for improvement 2:",
            "Improve oversight of waiting lists through regular reporting to SEND "
            "Partnership Board.",
            "Evidence sustained compliance to a trajectory to reduce neurodevelopmental "
            "assessment waiting times.",
            "Evidence sustained compliance to a trajectory to reduce occupational therapy "
            "waiting times.",
            "Evidence sustained compliance to a trajectory to reduce waiting times for "
            "speech and language therapy.",
        ],
        "March 2026",
        "",
        AW,
        "Awaiting start",
    ),
    # --------------------------------------------------------------- ACHPH
    Directorate("Adult Care, Housing and Public Health"),
    Inspection(
        "Safeguarding Peer Review (LGA)",
        [
            "The Rotherham Safeguarding Adults Board (the RSAB) requested that a peer "
            "challenge be undertaken by the Local Government Association (LGA). The work "
            "was commissioned by the Independent Chair on behalf of the RSAB."
        ],
        ["11-13 July 2023"],
        [
            "Overall outcome: Key Messages",
            "Pride and commitment in Rotherham",
            "Voices are listened to in Rotherham, but not yet heard at the RSAB",
            "You can go much further on collaboration and constructive challenge",
            "To be an outstanding SAB you need sufficient resources to support it and "
            "robust processes to plan and deliver on your strategy",
            "Mainstream the pockets of excellent practice",
            "Celebrate your good work!",
            "Overall progress: All of the recommendations that were made by the Peer "
            "Review team were grouped into 3 discussion points/themes at a development "
            "day-and all areas are now complete. The RSAB are responsible for monitoring "
            "progress.",
        ],
    ),
    Rec(
        [
            "THEME 1: Strengthening the User Voice. Work with partners to establish what "
            "user groups are in place."
        ],
        "June 2024",
        "December 2024",
        C,
        "Complete",
    ),
    Inspection(
        "Adult Social Care Peer Review (led by the Local Government Association)",
        ["The peer review was commissioned by ASC to measure preparedness for CQC assurance."],
        ["December 2023"],
        [
            "Overall outcome: Key Messages:",
            "Strong and clear strategic direction",
            "Positive workforce",
            "Senior Leadership Team",
            "Social work and reablement vacancy level – succession planning",
            "Streamline pathways and new models with the focus on the voice and "
            "experience of the resident",
            "Communication and feedback loop.",
            "Overall Progress: Recommendations cover the 4 thematic CQC assessment areas; "
            "Working with People, Providing Support, Ensuring Safety and Leadership. 23 "
            "considerations for the service to progress with 20 completed. The programme "
            "of improvement is being driven by the service's CQC Assurance Board.",
        ],
    ),
    Rec(
        ["THEME 1: Working with People"],
        "December 2024",
        "May 2025",
        PD,
        "In progress and partly delayed",
        [
            "This theme included 9 recommendations. 6 recommendations are complete and "
            "3 are in progress.",
            "The 3 that are in progress relate to the Carers offer and the enablement "
            "pathway and capacity within enablement.",
        ],
    ),
    Rec(["THEME 2: Providing Support"], "December 2024", "n/a", C, "Complete"),
    Inspection(
        "Public Health Peer Review",
        [
            "Voluntary Sector Led Improvement across Public Health teams in the Yorkshire "
            "and Humber."
        ],
        ["Conducted: 8-10 October 2024"],
        [
            "Overall outcome: positive feedback received. Key messages included:",
            "Honesty, openness, and willingness has enabled us to hear from a breadth of people",
            "The public health team is incredibly well respected, knows itself and adds value",
            "Determination of partners to rebuild over the last ten years and the "
            "positive impact this has had on the strength of partnership working and "
            "governance",
            "The Children's Capital of Culture is a fantastic example of how sharing "
            "power with children and young people is re-building trust and impacting "
            "health and wellbeing",
            "Public health is effectively embedded in the wider health system and the "
            "wider health system is fully engaged in the health and wellbeing board on "
            "delivering the strategy.",
            "Presentation provided on 10 October 2024 which included four recommendations.",
            "Overall progress: Discussed at PHSMT Planning Day on 14 November 2024 and "
            "Health Select Committee on 21 November 2024. All recommendations are now "
            "complete.",
        ],
    ),
    Rec(
        [
            "Recommendation 1: In the health and wellbeing strategy refresh, consider:",
            "Focus on outcomes",
            "Priorities informed by intelligence and engagement",
            "Consider population groups as well as geographical areas.",
        ],
        "March 2025",
        "",
        C,
        "Complete",
    ),
    Rec(
        [
            "Recommendation 2: Go further as positive disrupters and help to maximise the "
            "impact that the cultural, physical and economic regeneration has on the health "
            "and wellbeing of the population."
        ],
        "January 2025",
        "",
        C,
        "Complete",
    ),
    Rec(
        [
            "Recommendation 3: Public Health Team to reflect on how it interfaces and "
            "influences with both seldom heard communities (including those with protected "
            "characteristics), and communities of place, in how it addresses health "
            "inequalities. This may include looking for best practice outside the Borough, "
            "as well as holding reflective joint workshops with internal and external "
            "partners to empower these communities."
        ],
        "January 2025",
        "",
        C,
        "Complete.",
    ),
    Rec(
        [
            "Recommendation 4: Look at further opportunities to build capability within the "
            "rest of the council to maximise the impact on health and wellbeing outcomes."
        ],
        "January 2025",
        "",
        C,
        "Complete",
    ),
    # ----------------------------------------------------------------- R&E
    Directorate("Regeneration and Environment"),
    Inspection(
        "2024 Prevent Duty Annual Assurance Assessment (Home Office)",
        [
            "To support local authorities in meeting the Prevent duty and to assure the "
            "local delivery of Prevent, the Home Office (Homeland Security Group) carries "
            "out an annual assurance process."
        ],
        ["March 2024"],
        [
            'Overall outcome: "Exceeding" across all 8 benchmark criteria. Four '
            "recommendations made.",
            "Overall progress: All recommendations are now complete.",
        ],
        purpose_italic=False,
    ),
    Rec(
        [
            "Recommendation 2: The local authority should consider updating any terms of "
            "reference or standing agendas at Silver to recognise the need to identify and "
            "disrupt the influence of groups and individuals that could create a permissive "
            "environment. More communication should be afforded to private sector companies "
            "such as sharing venue hire best practice to reduce permissive environments "
            "across the region."
        ],
        "December 2024",
        "n/a",
        C,
        "Complete",
    ),
    Inspection(
        "DVSA MOT Vehicle Testing Station Site Review (DVSA)",
        ["Check conformity with standards expected by the DVSA – unannounced and periodic."],
        ["March 2024"],
        [
            "Overall outcome: Satisfactory rating and two recommendations made.",
            "Overall progress: All recommendations are now complete.",
        ],
    ),
    Rec(
        ["Annual assessments try to complete before the end of December."],
        "December 2024",
        "",
        C,
        "Complete",
    ),
    Inspection(
        "Sports Ground Safety Authority – Local Authority Audit (Sports Ground Safety "
        "Authority (SGSA))",
        [
            "An audit by the National regulator to assess the Council's delivery of "
            "statutory functions under the Safety at Sports Grounds Act 1975. The audits are "
            "carried out at a frequency determined by risk assessment."
        ],
        ["29 August 2024"],
        [
            "Overall outcome: Excellent progress has been made with the recommended "
            "actions from the previous audit with all items being completed "
            "satisfactorily. The Council was rated as low risk and three recommendations "
            "were made.",
            "Overall progress: Recommendations one and three have been accepted the one "
            "remaining outstanding recommendation will be implemented within the next 6 "
            "months.",
        ],
    ),
    Rec(
        [
            "Recommendation 2: A tabletop exercise that included stadium staff and emergency "
            "services has not taken place for some time and the LA will ensure this is "
            "carried out by the club this season. (review date August 2026)"
        ],
        "Review date August 2026",
        "",
        OT,
        "In progress and on track",
    ),
    # ----------------------------------------------------------------- FCS
    Directorate("Finance and Customer Services"),
    Inspection(
        "2022/23 VFM arrangements (Grant Thornton)",
        ["Annual audit of the 2022-2023 Value for Money Arrangements conducted by Grant Thornton."],
        ["March 2024"],
        [
            "Overall outcome: Positive outcome and no areas of significant weakness "
            "identified. Grant Thornton satisfied that adequate arrangements are in place "
            "for SEND and the recommendation was removed. Findings noted the Council's "
            "improvement journey and commented that the Council's financial position is "
            "strengthening, though referenced that the Local Authority financial "
            "environment remains challenging with a number of Local Authorities issuing "
            "S114 notices. The report identified a small number of improvement "
            "recommendations to further enhance finance, governance, and performance "
            "arrangements.",
            "It is important to note that these are improvement recommendations in the "
            "view of Grant Thornton, therefore, the Council does not have to deliver these "
            "recommendations as they are considered low level potential improvements to "
            "reporting, governance or performance and are therefore non-essential.",
            "There were four new recommendations and two follow up recommendations.",
            "Overall progress: The two follow up recommendations are now complete. One new "
            "recommendation is also complete and three remain in progress.",
            "Progress is overseen by the Finance and Customer Services Directorate.",
        ],
    ),
    Rec(
        [
            "Financial sustainability Rec 1: When Capital Budget Programme is updated, "
            "recommend Council continues to report the initially approved Capital Budget "
            "Programme amount alongside the revised number in the quarterly Financial "
            "Monitoring Reports (FMR) – in order that stakeholders can track the changes from "
            "the original Programme approved by Members."
        ],
        "March 2025",
        "July 2025",
        C,
        "Complete",
        words_in_status_cell=True,
    ),
    Rec(
        [
            "Financial sustainability Rec 2: When transfer and virements of budgets between "
            "directorates occurring during financial year, the Financial Monitoring Reports "
            "(FMR) should include the initially approved budget for relevant directorates, "
            "and the reason for the transfer, alongside the revised position."
        ],
        "March 2025",
        "July 2025",
        C,
        "Complete",
        words_in_status_cell=True,
    ),
    Rec(
        [
            "Improving economy, efficiency and effectiveness: Rec 2: Set out the key actions "
            "and challenges in achieving net zero in 2030 and update the Corporate Strategic "
            "Risk Register accordingly on a timely basis."
        ],
        "March 2025",
        "September 2025",
        OT,
        "In progress and on track",
        words_in_status_cell=True,
    ),
    Inspection(
        "2023/24 Statement of Accounts (Grant Thornton)",
        ["Annual audit of the 2023-2024 Value for Money Arrangements conducted by Grant Thornton."],
        ["November 2024"],
        [
            "Overall outcome: The Council received a clean audit opinion again "
            "(unmodified), this is the best outcome that can be received on local "
            "authority accounts. The auditors were again positive in assessing the "
            "Council's Financial Controls, Governance and standing and praised the "
            "effective work of the team, senior management in finance in ensuring that "
            "continues to be the case in challenging conditions. The Council continues to "
            "be one of a handful of Council's that has all its accounts signed off, with "
            "many a number of years behind.",
            "There were five recommendations made to support the Council's work towards "
            "new accounting changes that have not yet come into force, along with "
            "suggested control improvement in the Council's IT environment.",
            "Overall progress: All recommendations are on track for delivery, with two "
            "completed already, the main work will be completed as part of the production "
            "of the 2024/25 accounts.",
        ],
        new=True,
    ),
    Rec(
        [
            "Rec 1: We recommend the Council to accelerate the implementation and "
            "identification process of assets within the scope of IFRS16 to ensure such "
            "assets are completely and accurately captured before 2024-25 accounts "
            "closedown."
        ],
        "March 2026",
        "",
        C,
        "Complete",
        words_in_status_cell=True,
    ),
    Rec(
        [
            "Rec 2: We recommend:",
            bullet(
                "Management to further improve the valuation instructions to the "
                "in-house valuer by referencing for example, applicable LG Code "
                "guidance ; and"
            ),
            bullet(
                "Council's RICS qualified valuation expert to prepare a formal Terms of "
                "Engagement document and agree with management, further to the receipt "
                "of management valuation instructions"
            ),
        ],
        "March 2026",
        "n/a",
        OT,
        "In progress and on track",
        words_in_status_cell=True,
    ),
    Rec(
        [
            "Rec 3: We recommend management to perform further investigations on land and "
            "buildings carried out at historical cost at note 19 (e) linking to Council's "
            "Fixed Asset Register and ensure they are identified, and such disclosures "
            "reflect the accurate numbers in this note."
        ],
        "March 2026",
        "n/a",
        C,
        "Complete",
        words_in_status_cell=True,
    ),
    Rec(
        [
            "Rec 4: Where possible, generic accounts should be removed, and individuals "
            "should have their own uniquely identifiable user accounts created to ensure "
            "accountability for actions performed. Alternately, management should implement "
            "suitable controls to limit access and monitor the usage of these accounts (i.e. "
            "through increased use of password vault tools / logging and periodic monitoring "
            "of the activities performed). Where monitoring is undertaken this should be "
            "formally documented and recorded"
        ],
        "March 2026",
        "n/a",
        OT,
        "In progress and on track",
        words_in_status_cell=True,
    ),
    Rec(
        [
            "Rec 5: It is recommended that security event logs are reviewed on a regular "
            "basis for example daily or weekly, ideally by an IT security personnel / team "
            "who are independent of those administering [the application] and its "
            "underlying database. Any issues identified within these logs should be "
            "investigated and mitigating controls implemented to reduce the risk of "
            "reoccurrence"
        ],
        "March 2026",
        "n/a",
        OT,
        "In progress and on track",
    ),
    Inspection(
        "2023/24 VFM arrangements (Grant Thornton)",
        ["Required annually by legislation."],
        ["November 2024"],
        [
            "Overall outcome: The Council received a positive outcome in its Value For "
            "Money report from Grant Thornton. Findings noted the Council's improvement "
            "journey and commented that the Council's financial position is "
            "strengthening, though referenced that the Local Authority financial "
            "environment remains challenging with a number of Local Authorities issuing "
            "S114 notices due to the rising demand and inflation challenges facing the "
            "sector. The report noted the Councils robust Budget and Medium-Term Financial "
            "Strategy and its clear narrative about how the Council is addressing the "
            "challenges it faces and planned ahead coherently for the future.",
            "The report also noted that the Council had identified some significant "
            "challenges around its buildings and housing stock linked to compliance and "
            "condition surveys that it had set out clear plans to address. To support the "
            "Council in dealing with these challenges Grant Thornton have put forward 4 "
            "key improvement recommendations working with Council officers.",
            "10 new recommendations made. 2 are key improvement recommendations and 8 are "
            "improvement recommendations where the Council can choose to implement or not.",
            "Overall progress: Work is underway to implement the 2 key improvement "
            "recommendations and give due consideration to 8 improvement recommendations "
            "as to whether the Council should implement these or not. As work progresses "
            "on the improvement recommendations options will be considered that will lead "
            "to either the implementation of the recommendation or the recommendation from "
            "Council officers that a recommendation is not implemented.",
        ],
        new=True,
    ),
    Rec(
        [
            "REC KR1: The Council needs to:",
            bullet("continue improving its HRA compliance data robustness and validity."),
            bullet(
                "ensure contract management arrangements are put in place with its HRA contractors."
            ),
            bullet("improve compliance with decent homes standards."),
            bullet("work to improve its understanding of category 1 hazards in its housing stock."),
        ],
        "TBC",
        "",
        OT,
        "In progress and on track",
        [NOTE_FCS_HOUSING],
    ),
    # (a) the orphan tail of an item whose start is on a page missing from the seed
    Rec(
        [
            "papers by giving more detail on completed audits including an executive summary "
            "of each report completed in the period in part 1 papers to the Audit Committee."
        ],
    ),
    Rec(
        [
            "REC IR4: The Council should consider strengthening its counter-fraud controls by "
            "developing a corporate counter-fraud risk register and ensuring counter-fraud "
            "risks in departmental risk registers are updated. It also needs to enhance its "
            "counter-fraud plan."
        ],
        "March 2026",
        "n/a",
        OT,
        "In progress and on track",
    ),
    Rec(
        [
            "Rec IR5: The Council could improve its financial monitoring reporting in line "
            "with good practice by:",
            "when the approved Capital Programme is updated during the year, continuing to "
            "report the initially approved Capital budget alongside the revised numbers in "
            "the quarterly monitoring reports to track changes from the original Programme "
            "approved by Members.",
        ],
        "July 2026",
        "n/a",
        C,
        "Complete",
    ),
    Rec(
        [
            "Rec IR6: The Council should develop and publish a Procurement Strategy. This "
            "should set procurement strategic priorities that align with the Council's "
            "priorities such as net zero and capture changes to procurement following the "
            "Procurement Act (2023) and the national Procurement Policy Statement (2024). It "
            "should include measurable actions and indicators with clear accountabilities "
            "and an annual review process. The Strategy should be widely communicated to "
            "staff and members to raise awareness of their responsibilities."
        ],
        "March 2026",
        "n/a",
        OT,
        "In progress and on track",
    ),
    Rec(
        [
            "REC IR7: The Council should develop a corporate data quality policy and ensure "
            "this is used to inform a data quality review. It could look to the national data "
            "quality framework to guide this work."
        ],
        "March 2026",
        "n/a",
        OT,
        "In progress and on track",
        [
            "Note – although situated under FCS for the purposes of reporting, the Assistant "
            "Chief Executive’s directorate are responsible for implementation of this "
            "recommendation."
        ],
    ),
    Rec(
        [
            "Rec IR8: The Council should put in place a corporate process to improve contract "
            "management and ensure contractor performance is effectively managed, and data is "
            "verified across the Council’s contracts and that contracts are in place in "
            "highways."
        ],
        "March 2026",
        "n/a",
        OT,
        "In progress and on track",
    ),
    # ---------------------------------------------------------------- ACEX
    Directorate("Assistant Chief Executive’s directorate"),
    MergedTitleBlock(
        "LGA Corporate Peer Challenge",
        [
            "Expectation that councils receive a peer review every five years to provide "
            "robust, strategic, and credible challenge, whilst also enhancing capacity and "
            "helping to avoid insularity."
        ],
        [
            "Overall outcome: Positive feedback received which stated: “Rotherham "
            "Metropolitan Borough Council serves the town well and is today an impressive "
            "organisation. Being named the ‘Most Improved Council’ in the country at the "
            "Local Government Chronicle (LGC) Award in 2022 provides ample evidence that it "
            "is now in a very good place. It is ambitious and has well-established and "
            "robust foundations, along with several notable and commendable practices that "
            "other councils can learn from” and seven recommendations made."
        ],
        [
            "Overall progress: Action plan agreed by Cabinet in September 2023 included 20 "
            "actions which are being progressed. Progress is overseen by the Strategic "
            "Leadership Team and where relevant, actions for 2024-25 have been included in "
            "the new Year Ahead Delivery Plan."
        ],
        [
            Rec(
                [
                    "Recommendation 2: Develop an externally facing compelling and positive "
                    "narrative of place which will help to promote and market the borough and "
                    "capitalise on Rotherham’s assets."
                ],
                "March 2025",
                "n/a",
                C,
                "Complete",
                [
                    "Note – although situated under ACEX for the purposes of reporting, the "
                    "Regeneration and Environment Directorate are responsible for "
                    "implementation of these actions."
                ],
                date_cell="5-8 June 2023",
            ),
            Rec(
                [
                    "Recommendation 3: Use the significant investments underway to expand and "
                    "attract private sector investment at scale, maximising its potential and "
                    "supporting a more inclusive economic future."
                ],
                "March 2026",
                "n/a",
                OT,
                "In progress and on track",
                [
                    "Note – although situated under ACEX for the purposes of reporting, the "
                    "Regeneration and Environment Directorate are responsible for "
                    "implementation of this action."
                ],
                date_cell="Findings received August 2023",
            ),
        ],
    ),
    Rec(
        [
            "Recommendation 4: Develop effective pathways and mechanisms for local people, "
            "especially young people, to benefit from inclusive growth that can help to "
            "deliver improved health outcomes and address inequalities."
        ],
        "March 2025",
        "n/a",
        C,
        "Complete",
        [
            "Note – although situated under ACEX for the purposes of reporting, Housing "
            "services are responsible for implementation of this action."
        ],
    ),
    # (b) Recommendation 5 rejoined from the cells that spilled after "Status key"
    Rec(
        [
            "Recommendation 5: Review performance management with a focus on demonstrating "
            "impact and an improvement in outcomes in delivering the council's ambition; and "
            "use the strong leadership, capacity and capability of the top-team to drive and "
            "deliver further organisational transformations and change across the borough at "
            "pace."
        ],
        "March 2025",
        "May 2025",
        C,
        "Complete",
        words_in_status_cell=True,
    ),
    Rec(
        [
            "Recommendation 6: Building on the Neighbourhood working model, develop a clearer "
            "and shared understanding of integrated locality working across the public sector "
            "and increase the pace of digital transformation across the organisation to "
            "deliver improved outcomes for residents and consistently improve the customer "
            "experience."
        ],
        "March 2024",
        "March 2025",
        C,
        "Complete",
    ),
]

STATUS_KEY = [
    ("Complete", "complete", "Recommendations/areas for improvement are fully complete"),
    (
        "In progress and on track",
        "on_track",
        "Recommendation/area for improvement on track to be delivered by the original agreed "
        "deadline",
    ),
    (
        "In progress and partly delayed",
        "partly_delayed",
        "Recommendation/area for improvement progressing, however target date behind the "
        "original agreed deadline",
    ),
    (
        "Significant delay",
        "significant_delay",
        "Recommendations/area for improvement delayed by more than twelve months past the "
        "original agreed deadline",
    ),
    (
        "No action required or outcome unknown",
        "no_action_or_unknown",
        "No recommendation/area for improvement, or the outcome is not yet known",
    ),
]

HOMES_HEADING = "Residential Children’s Homes – Inspection Outcomes"
HOMES_PARAGRAPHS = [
    "Residential children’s homes are inspected by HMI Ofsted under the Social Care Common "
    "Inspection Framework (SCCIF) and focus on evaluating the impact of care and support on "
    "the experiences and progress of children.",
    "Following inspection, the children’s home will receive an overall judgement based on "
    "the experiences and progress of children and young people, of Outstanding, Good, "
    "Requires Improvement to be Good, or Inadequate.",
    "Where requirements or recommendations are made, an action plan is developed which is "
    "submitted to Ofsted detailing the progress.",
    "The Children Act 1989 Guidance and Regulations stipulates the requirement for monthly "
    "oversight visits to Children's Homes. These visits, known as Regulation 44 Visits, are "
    "carried out under Regulation 44 of the Children's Homes Regulations 2015. All "
    "residential children's homes in Rotherham receive an Independent Reg 44 visit monthly, "
    "undertaken by an Independent Person from NYAS (an independent children’s rights "
    "charity). The registered Person from National Youth Advocacy Service (NYAS) seeks "
    "independent scrutiny of the home and makes best use of information to ensure "
    "continuous improvement, this includes independent oversight of any requirements or "
    "recommendations following a previous visit and/ or inspection. Ofsted reviews the "
    "content of Regulation 44 reports to inform the next inspection and uses the "
    "information to decide if we need to take any other action.",
    "All Ofsted reports are published in the public domain, however the identity "
    "(location) of the homes remain confidential and are not disclosed in the reports. "
    "Recommendations and progress against recommendations are considered monthly with "
    "oversight from the Reg 44 visits and Ofsted. This is more frequent than the Audit "
    "Committee schedule and therefore any recommendations and progress against these are "
    "not included within this reports as they would be out of date before they were "
    "published.",
    "The following table provides the current ratings for our four registered children’s homes.",
]
RI = "Requires Improvement to be good"
HOMES_TABLE = [
    [
        "Residential Children’s Home",
        "037521",
        "2662265",
        "2597567",
        "2629335",
        "2775749",
        "2759142",
        "2812398 (Awaiting first inspection – only registered 10/01/25)",
    ],
    [
        "Date of Full Inspection",
        "11 June 2024",
        "2 July 2024",
        "08 April 2024",
        "06 August 2024",
        "29 July 2024",
        "15 January 2025",
        "",
    ],
    [
        "Overall experiences and progress of children and young people",
        "Good",
        "Good",
        RI,
        RI,
        "Good",
        "Good",
        "",
    ],
    None,  # "Sub judgements": one cell across the table
    [
        "How well children and young people are helped and protected",
        "Good",
        "Good",
        RI,
        RI,
        "Good",
        "Good",
        "",
    ],
    [
        "The effectiveness of leaders and managers",
        "Good",
        "Good",
        RI,
        "Requires improvement to be good",
        "Good",
        "Good",
        "",
    ],
]
HOMES_WIDTHS = (5.5, 2.6, 2.6, 2.6, 2.6, 2.6, 2.6, 4.6)


# ------------------------------------------------------------------------ builders


def _title_paras(title: str, purpose: list[str], new: bool, purpose_italic: bool) -> list[Para]:
    head = (Run("NEW ", bold=True, color="FF0000"),) if new else ()
    paras = [Para((*head, Run(title, bold=True)))]
    paras += [italic(p) if purpose_italic else plain(p) for p in purpose]
    return paras


def _add_directorate(table, name: str) -> None:
    row = table.add_row()
    cell = dt.merge_horizontal(row, 0, 6)
    dt.fill_cell(cell, [bold(name)])
    dt.shade_cell(cell, DIRECTORATE_FILL)


def _add_inspection(table, item: Inspection) -> None:
    row = table.add_row()
    outcome = dt.merge_horizontal(row, 2, 6)
    cells = dt.row_cells(row)
    dt.fill_cell(cells[0], _title_paras(item.title, item.purpose, item.new, item.purpose_italic))
    dt.fill_cell(cells[1], item.dates)
    dt.fill_cell(outcome, item.outcome)


def _fill_rec(cells, rec: Rec) -> None:
    """Fill the seven cells (columns 1-7) of a recommendation row."""
    if rec.date_cell:
        dt.fill_cell(cells[1], [rec.date_cell])
    dt.fill_cell(cells[2], rec.item)
    dt.fill_cell(cells[3], [rec.original] if rec.original else [])
    dt.fill_cell(cells[4], [rec.revised] if rec.revised else [])
    colour = STATUS_COLOURS.get(rec.status) if rec.status else None
    if colour:
        dt.shade_cell(cells[5], colour)
    if rec.words_in_status_cell:
        dt.fill_cell(cells[5], [rec.status_words])
        dt.fill_cell(cells[6], rec.progress)
    else:
        words = [rec.status_words] if rec.status_words else []
        dt.fill_cell(cells[6], words + list(rec.progress))


def _add_rec(table, rec: Rec) -> None:
    row = table.add_row()
    _fill_rec(dt.row_cells(row), rec)


def _add_merged_block(table, block: MergedTitleBlock) -> None:
    first = len(table.rows)
    for paras in (block.outcome, block.progress):
        row = table.add_row()
        cell = dt.merge_horizontal(row, 1, 6)
        dt.fill_cell(cell, paras)
    for _ in block.recs:
        table.add_row()
    last = len(table.rows) - 1
    top = dt.merge_vertical(table, 0, first, last)
    dt.fill_cell(top, _title_paras(block.title, block.purpose, False, True))
    for i, rec in enumerate(block.recs):
        _fill_rec(dt.row_cells(table.rows[first + 2 + i]), rec)


def build_document(
    title: str = TITLE, rows: list[object] = MAIN_ROWS
) -> docx.document.Document:
    """The paper as a Word document; later editions pass their own title and rows."""
    doc = docx.Document()
    dt.set_landscape(doc, margins_cm=1.27)
    dt.set_base_font(doc, "Arial", 9, space_after=2)
    dt.style_heading(doc, "Heading 1", size=12)
    dt.style_heading(doc, "Heading 2", size=11, space_before=12)
    dt.fix_core_properties(doc, title=title, author="rectrack sample generator")

    doc.add_heading(title, level=1)

    table = dt.add_table(doc, 7, WIDTHS)
    header = table.add_row()
    for cell, text in zip(dt.row_cells(header), HEADER, strict=True):
        dt.fill_cell(cell, [bold(text)])
        dt.shade_cell(cell, HEADER_FILL)
    for item in rows:
        if isinstance(item, Directorate):
            _add_directorate(table, item.name)
        elif isinstance(item, Inspection):
            _add_inspection(table, item)
        elif isinstance(item, MergedTitleBlock):
            _add_merged_block(table, item)
        elif isinstance(item, Rec):
            _add_rec(table, item)
        else:  # pragma: no cover
            raise TypeError(item)
    dt.set_column_widths(table, WIDTHS)

    doc.add_heading("Status key", level=2)
    key = dt.add_table(doc, 2, (6.0, 14.0))
    for words, code, description in STATUS_KEY:
        row = key.add_row()
        a, b = dt.row_cells(row)
        dt.fill_cell(a, [words])
        dt.shade_cell(a, STATUS_COLOURS[code] or "FFFFFF")
        dt.fill_cell(b, [description])
    dt.set_column_widths(key, (6.0, 14.0))

    doc.add_heading(HOMES_HEADING, level=2)
    for text in HOMES_PARAGRAPHS:
        p = dt.add_paragraph(doc, text)
        p.paragraph_format.space_after = Pt(6)

    homes = dt.add_table(doc, 8, HOMES_WIDTHS)
    for i, values in enumerate(HOMES_TABLE):
        row = homes.add_row()
        dt.set_cant_split(row)  # the ratings table's rows stay whole, as in the seed
        if values is None:
            cell = dt.merge_horizontal(row, 0, 7)
            dt.fill_cell(cell, [bold("Sub judgements")])
            continue
        for j, (cell, text) in enumerate(zip(dt.row_cells(row), values, strict=True)):
            if text:
                dt.fill_cell(cell, [bold(text) if (i == 0 or j == 0) else plain(text)])
        if i == 0:
            for cell in dt.row_cells(row):
                dt.shade_cell(cell, HEADER_FILL)
    dt.set_column_widths(homes, HOMES_WIDTHS)
    return doc


def generate(out_dir: Path) -> list[Path]:
    """Write ``tracker_may2025.docx`` into ``out_dir``; return the files written."""
    path = dt.save_deterministic(build_document(), Path(out_dir) / f"{NAME}.docx")
    return [path]
