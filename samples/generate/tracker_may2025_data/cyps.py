"""The May 2025 tracker's rows for Children and Young People's Services, as printed."""

from __future__ import annotations

from samples.generate.tracker_may2025_data.rows import AW, OT, PD, C, Directorate, Inspection, Rec

ROWS: list[object] = [
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
]
