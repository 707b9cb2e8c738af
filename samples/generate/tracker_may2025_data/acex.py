"""The May 2025 tracker's rows for the Assistant Chief Executive’s directorate.

Holds decision (b) in :mod:`samples.generate.tracker_may2025`: Recommendation 5
rejoined from the cells that spilled after the Status key heading.
"""

from __future__ import annotations

from samples.generate.tracker_may2025_data.rows import OT, C, Directorate, MergedTitleBlock, Rec

ROWS: list[object] = [
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
