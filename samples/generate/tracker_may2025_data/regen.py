"""The May 2025 tracker's rows for Regeneration and Environment, as printed."""

from __future__ import annotations

from samples.generate.tracker_may2025_data.rows import OT, C, Directorate, Inspection, Rec

ROWS: list[object] = [
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
]
