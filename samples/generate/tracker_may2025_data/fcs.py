"""The May 2025 tracker's rows for Finance and Customer Services, as printed.

Holds the gap of decision (a) in :mod:`samples.generate.tracker_may2025`: the
orphan text after REC KR1 is a row of its own, and no missing row is invented.
"""

from __future__ import annotations

from samples.generate.docx_tools import bullet
from samples.generate.tracker_may2025_data.rows import OT, C, Directorate, Inspection, Rec

NOTE_FCS_HOUSING = (
    "Note – although situated under FCS for the purposes of reporting, Housing "
    "services are responsible for implementation of this recommendation."
)

ROWS: list[object] = [
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
]
