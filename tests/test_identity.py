"""A paper's identity from its front lines, where packs are cut, and how list items run on.

Small made-up fronts in several template shapes; the whole files are in
``test_whole_papers.py``.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from extractors import extract_path
from extractors.grid import Cell, Paragraph, Row, Table
from extractors.identity import FrontLine, Identity, identify, table_lines
from extractors.model import Location
from extractors.packs import cut_docx, start_key
from extractors.prose import Unit, lists
from pipeline.normalise.edition import series_name
from pipeline.normalise.paper import normalise_paper
from samples.generate import docx_tools as dt


def _lines(*texts: str) -> list[FrontLine]:
    return [FrontLine(text) for text in texts]


@pytest.mark.parametrize(("front", "want"), [
    (["Audit and Governance Committee – 14 October 2025",
      "Appendix A: Audit Recommendations Tracker – position at 1 September 2025"],
     Identity("Appendix A: Audit Recommendations Tracker – position at 1 September 2025",
              "Audit and Governance Committee", "14 October 2025")),
    (["Report to the Audit Committee on 14 October 2025", "Internal audit progress report"],
     Identity("Internal audit progress report", "Audit Committee", "14 October 2025")),
    (["Agenda item 7", "Audit Committee", "Date: 3rd March 2025", "Title:", "Risk tracker"],
     Identity("Risk tracker", "Audit Committee", "3rd March 2025")),
    (["Cabinet – Monday 3 March 2025", "Appendix B – Savings tracker March 2025"],
     Identity("Appendix B – Savings tracker March 2025", "Cabinet", "Monday 3 March 2025")),
    (["Children's Services Scrutiny Panel", "Meeting date: 20/01/2026",
      "Ofsted focused visit: findings"],
     Identity("Ofsted focused visit: findings", "Children's Services Scrutiny Panel",
              "20/01/2026")),
    (["Audit Committee recommendations tracker – May 2025"],
     Identity("Audit Committee recommendations tracker – May 2025")),
])
def test_title_committee_and_meeting_date(front: list[str], want: Identity) -> None:
    assert identify(_lines(*front)) == want


def test_the_most_prominent_line_is_the_title_not_the_first() -> None:
    front = [FrontLine("Health and Wellbeing Board", 12.0, True),
             FrontLine("Public", 10.0),
             FrontLine("Adult social care assessment outcome", 16.0, True),
             FrontLine("and action plan", 16.0, True),
             FrontLine("Purpose of the report", 12.0, True)]
    assert identify(front) == Identity("Adult social care assessment outcome and action plan",
                                       "Health and Wellbeing Board")


def test_a_cover_table_row_is_a_labelled_line() -> None:
    rows = tuple(Row((Cell((Paragraph(a),), 0, 0), Cell((Paragraph(b),), 1, 1)),
                     Location("table_row", n))
                 for n, (a, b) in enumerate((("Meeting", "Cabinet"), ("Date", "5 March 2026")), 1))
    assert identify(table_lines(Table(rows, 2))) == Identity("", "Cabinet", "5 March 2026")


@pytest.mark.parametrize(("title", "want"), [
    ("Appendix A: Audit Recommendations Tracker – position at 1 September 2025",
     ("Audit Recommendations Tracker", "2025-09-01")),
    ("Annex 3 – Action plan (as at 30/09/2025)", ("Action plan", "2025-09-30")),
    ("Internal Audit Actions Tracker – update September 2025",
     ("Internal Audit Actions Tracker", "2025-09")),
    ("Recommendations tracker", ("Recommendations tracker", "")),
])
def test_series_name_and_edition_from_the_title(title: str, want: tuple[str, str]) -> None:
    assert series_name(title) == want


# --- packs -----------------------------------------------------------------------


@pytest.mark.parametrize(("top", "starts"), [
    (["Agenda item 7", "Report to: Cabinet"], True),
    (["OFFICIAL", "Appendix 2: Internal Audit Tracker"], True),
    (["Minutes of the meeting of the Audit Committee"], True),
    (["This page continues the report.", "Agenda item 7 is on page 40."], False),
    (["Recommendations", "Appendix 2: Tracker"], True),
    (["1. Introduction", "2. Background", "3. Appendix 2: a table"], False),
])
def test_which_pages_open_a_paper(top: list[str], starts: bool) -> None:
    assert bool(start_key(top)) is starts


def test_a_list_of_appendices_does_not_cut_a_word_report() -> None:
    paragraphs = [("Report to: Cabinet", False), ("Title:", True), ("Budget report", True),
                  ("List of appendices:", True), ("Appendix 1: Action plan", False),
                  ("Appendix 2: Risk register", False), ("The report says a lot.", False),
                  ("Appendix 1: Action plan", True), ("It has rows.", False)]
    sections = cut_docx(paragraphs, lambda block: block)
    assert [len(s.blocks) for s in sections] == [7, 2]


# --- how list items run on -----------------------------------------------------------


def _unit(text: str, **kw: object) -> Unit:
    return Unit(text, Location("paragraph", 1), **kw)  # type: ignore[arg-type]


def test_an_item_runs_to_the_next_item_but_a_closing_paragraph_does_not() -> None:
    text = [_unit("The review made these recommendations:"),
            _unit("Improve planning.", list_id="7"), _unit("It should start in May."),
            _unit("Improve reporting.", list_id="7"),
            _unit("The council will report progress in March."),
            _unit("Strengths found:"), _unit("Good partnerships.", list_id="7")]
    [first, *_] = lists(text)
    assert [u.text for u in first.items] == [
        "Improve planning. It should start in May.", "Improve reporting."]


def test_a_bold_title_item_takes_its_explanation_and_sub_bullets() -> None:
    """As a PDF prints it: typed numbers before bold titles, plain lines and bullets below."""
    text = [_unit("Recommendations:"),
            _unit("Agree priorities.", marker="1.", heading=True, bold=True),
            _unit("The council should agree them"),
            _unit("with partners;", list_id="bullet"),
            _unit("Close the gap.", marker="2.", heading=True, bold=True),
            _unit("A plan is needed."),
            _unit("Next steps", heading=True, bold=True),
            _unit("An action plan follows.")]
    first = next(lists(text))
    assert [u.text for u in first.items] == [
        "Agree priorities. The council should agree them with partners;",
        "Close the gap. A plan is needed."]


def test_a_status_key_on_an_appendix_of_its_own_still_colours_the_tracker(
        tmp_path: Path) -> None:
    """"Appendix B: Status key" opens a section with no records; the tracker before it
    keeps the key, so a Status cell with only a fill still gets its status."""
    doc = docx.Document()
    dt.add_paragraph(doc, dt.bold("Audit Committee – 3 March 2026"))
    doc.add_paragraph("Appendix A: Audit Actions Tracker – March 2026", style="Heading 1")
    tracker = dt.add_table(doc, 4)
    for values in (("Ref", "Recommendation", "Target date", "Status"),
                   ("A1", "Reconcile the ledger monthly.", "June 2026", "")):
        row = dt.add_row(tracker)
        for cell, text in zip(dt.row_cells(row), values, strict=True):
            dt.fill_cell(cell, [text])
    dt.shade_cell(dt.row_cells(tracker.rows[1])[3], "00B050")
    doc.add_paragraph("Appendix B: Status key", style="Heading 1")
    key = dt.add_table(doc, 2)
    for words, fill in (("Complete", "00B050"), ("Delayed", "FFC000")):
        row = dt.add_row(key)
        dt.fill_cell(dt.row_cells(row)[0], [words])
        dt.fill_cell(dt.row_cells(row)[1], [f"{words} as agreed"])
        dt.shade_cell(dt.row_cells(row)[0], fill)
    doc.save(str(tmp_path / "tracker.docx"))
    paper = normalise_paper(extract_path(tmp_path / "tracker.docx"))
    assert (paper.title, paper.committee, paper.parts) == (
        "Appendix A: Audit Actions Tracker – March 2026", "Audit Committee", ())
    assert [(r.label, r.status) for r in paper.recommendations] == [("A1", "complete")]
