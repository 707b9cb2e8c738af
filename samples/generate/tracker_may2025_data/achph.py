"""The May 2025 tracker's rows for Adult Care, Housing and Public Health, as printed."""

from __future__ import annotations

from samples.generate.tracker_may2025_data.rows import PD, C, Directorate, Inspection, Rec

ROWS: list[object] = [
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
]
