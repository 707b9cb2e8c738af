"""The LGA report and the committee tracker again, as HTML printed by Chromium.

Another producer for the same layout classes (``committee_papers``,
``narrative_shapes``): Chromium prints an ``<ol>``'s numbers as text beside a
hanging indent, sizes headings from CSS, and draws table borders as
rectangles. The page shows the same records as the LibreOffice PDFs (checked
by hand, page by page), so the expected records are theirs:
``lga_peer_challenge`` in ``narrative_shapes.json``, ``committee_tracker`` in
``committee_papers.json``.

- ``lga_peer_challenge_html.pdf``: the nine recommendations as one ``<ol>``
  (items 1-4: bold title, ``<br>``, explanation) continued by ``<ol start>``
  lists around unnumbered paragraphs (items 5-9: the explanation below the
  item); item 6's explanation starts a new page. Its only date is "Meeting
  date: 20 January 2026"; the title follows a "Title:" label.
- ``committee_tracker_html.pdf``: "Audit and Governance Committee – 14 October
  2025" above the tracker's own title, "Appendix A: External Audit
  Recommendations Action Plan – position at 1 October 2025", then the table.
"""

from __future__ import annotations

import html
from pathlib import Path

from samples.generate.chromium import print_html
from samples.generate.committee_papers import COMMITTEE, EXTERNAL, HEADER
from samples.generate.narrative_shapes import (
    LGA_RECOMMENDATIONS,
    LGA_SECOND_PARAGRAPH,
    LGA_SUB_BULLETS,
)

STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; margin: 0; }
h1 { font-size: 15pt; } h2 { font-size: 12pt; }
p.committee { font-weight: bold; font-size: 11pt; }
ol { padding-left: 1.2cm; margin: 0; } li { margin: 0; }
p.below { margin: 0 0 0 1.2cm; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 0.75pt solid #000; padding: 3pt; vertical-align: top; text-align: left; }
@page { size: A4; margin: 1.5cm; }
"""


def _page(body: str, landscape: bool = False) -> str:
    size = "@page { size: A4 landscape; }" if landscape else ""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{STYLE}{size}</style>"
            f"</head><body>{body}</body></html>")


def lga_html() -> str:
    """The LGA report's front sheet and recommendations."""
    e = html.escape
    parts = ["<p>Report to: Cabinet</p>", "<p>Meeting date: 20 January 2026</p>",
             "<p><b>Title:</b></p>",
             "<p><b>LGA Corporate Peer Challenge – Feedback Report and Action Plan</b></p>",
             "<h2>1. Background</h2>",
             "<p>The council invited the Local Government Association to carry out a corporate "
             "peer challenge in October 2025.</p>",
             "<h2>2. Recommendations</h2>", "<p>The peer team made nine recommendations:</p>",
             "<ol>"]
    for number, (title, explanation) in enumerate(LGA_RECOMMENDATIONS, 1):
        if number <= 4:
            parts.append(f"<li><b>{e(title)}</b><br>{e(explanation)}</li>")
            continue
        parts.append(f"<li><b>{e(title)}</b></li></ol>")
        brk = " style='break-before: page'" if number == 6 else ""
        parts.append(f"<p class='below'{brk}>{e(explanation)}</p>")
        if number == 7:
            parts.append(f"<p class='below'>{e(LGA_SECOND_PARAGRAPH)}</p>")
        if number == 8:
            parts.append("<ul style='margin-left: 1.2cm'>"
                         + "".join(f"<li>{e(t)}</li>" for t in LGA_SUB_BULLETS) + "</ul>")
        parts.append(f"<ol start='{number + 1}'>")
    parts += ["</ol>", "<h2>3. Next steps</h2>",
              "<p>An action plan will be brought to Cabinet in March 2026.</p>"]
    return _page("\n".join(parts))


def tracker_html() -> str:
    """The external audit action plan under its committee heading."""
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in HEADER)
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in item) + "</tr>"
                   for item in EXTERNAL)
    return _page(
        f"<p class='committee'>{e(COMMITTEE)} – 14 October 2025</p>"
        "<h1>Appendix A: External Audit Recommendations Action Plan – position at "
        f"1 October 2025</h1><table><tr>{head}</tr>{rows}</table>", landscape=True)


def generate(out_dir: Path) -> list[Path]:
    """Print both papers as PDF into ``out_dir`` (there is no Word file to convert)."""
    return [print_html(lga_html(), out_dir / "lga_peer_challenge_html.pdf"),
            print_html(tracker_html(), out_dir / "committee_tracker_html.pdf")]
