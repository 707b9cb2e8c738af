"""The May 2025 tracker's residential children's homes section: text and ratings.

The ratings table is transposed as printed: one column per home URN; ``None``
marks the "Sub judgements" row, one cell across the table.
"""

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
