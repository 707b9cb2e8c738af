"""Narrative reports: the 2018 SIF sample (PDF and Word) against its hand-checked
records, a report built here with Word numbering and decoy lists, and the rules
that keep other lists out."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as WordDocument
from support import PAPERS, expected, read_sample, text_copy_content

from extractors import extract_path, narrative, vocab
from extractors.docx_reader import read_docx
from extractors.grid import Paragraph
from extractors.model import Inspection, Judgement, Location, Paper, Recommendation
from extractors.narrative import read_narrative
from extractors.pdf_reader import PdfLine, read_pdf
from pipeline.normalise.paper import normalise_paper
from samples.generate import docx_tools as dt
from samples.generate.docx_numbering import new_numbered_list, set_list_item

EXPECTED = expected("sif_2018")
PROVENANCE = {"pdf_page", "docx_paragraph", "low_confidence"}
Record = Recommendation | Inspection | Judgement


@pytest.fixture(params=["pdf", "docx"])
def sif(request: pytest.FixtureRequest) -> Paper:
    """The SIF report sample, in each of its two formats."""
    return read_sample(f"sif_2018.{request.param}")


def _where(paper: Paper, item: dict[str, Any]) -> Location:
    if paper.file_type == "pdf":
        return Location("page", item["pdf_page"])
    return Location("paragraph", item["docx_paragraph"])


def _fields(record: Record, want: dict[str, Any]) -> dict[str, Any]:
    """The record's fields named in ``want`` (tuples as lists, like the JSON)."""
    got = json.loads(json.dumps(asdict(record)))
    return {k: got[k] for k in want if k not in PROVENANCE}


def _printed(want: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in want.items() if k not in PROVENANCE}


# --- the SIF sample -----------------------------------------------------------


def test_sif_title_series_and_edition(sif: Paper) -> None:
    assert (sif.title, sif.series, sif.edition) == (
        EXPECTED["title"], EXPECTED["series"], EXPECTED["edition"])


def test_sif_exactly_the_eight_recommendations(sif: Paper) -> None:
    assert len(sif.recommendations) == len(EXPECTED["recommendations"]) == 8
    for rec, want in zip(sif.recommendations, EXPECTED["recommendations"], strict=True):
        assert _fields(rec, want) == _printed(want)
        assert ("low_confidence" in rec.flags) == want["low_confidence"]
        assert rec.location == _where(sif, want)


def test_sif_judgements(sif: Paper) -> None:
    assert [_fields(j, want) for j, want in zip(sif.judgements, EXPECTED["judgements"],
                                                strict=True)] == [
        _printed(want) for want in EXPECTED["judgements"]]
    assert [j.location for j in sif.judgements] == [
        _where(sif, want) for want in EXPECTED["judgements"]]


def test_sif_inspection_facts(sif: Paper) -> None:
    [inspection] = sif.inspections
    [want] = EXPECTED["inspections"]
    assert _fields(inspection, want) == _printed(want)
    assert inspection.location == _where(sif, want)


def test_sif_pdf_and_word_agree_field_by_field() -> None:
    pdf, word = read_sample("sif_2018.pdf"), read_sample("sif_2018.docx")
    assert text_copy_content(pdf) == text_copy_content(word)


@pytest.mark.parametrize("name", ["tracker_may2025.pdf", "tracker_may2025.docx"])
def test_tracker_prose_mentions_recommendations_but_lists_none(name: str) -> None:
    path = PAPERS / name
    if path.suffix == ".pdf":
        found = read_narrative(read_pdf(path).blocks, "page")
    else:
        found = read_narrative(read_docx(path).blocks, "paragraph")
    assert found == narrative.NarrativeResult()


# --- a report built here: Word numbering and decoy lists ------------------------

AREAS = [
    "Improve the consistency of care and support plan reviews.",
    "Reduce waiting times for assessments, in particular:",
    "Strengthen the voice of people with lived experience in commissioning.",
    "Ensure that information and advice are accessible to all communities.",
]
SUB_ITEM = "for occupational therapy assessments."


def _numbered(doc: WordDocument, texts: list[str]) -> str:
    """Append a list with Word's automatic numbering (no number typed); its numId."""
    num_id = new_numbered_list(doc)
    for text in texts:
        set_list_item(doc.add_paragraph(text), num_id)
    return num_id


def _cqc_report(path: Path, announced: str) -> Path:
    """A CQC report to a scrutiny commission: 4 areas for improvement in Word
    numbering, among resolutions, strengths, background papers and appendices."""
    doc = docx.Document()
    doc.add_heading("Care Quality Commission assessment of Adult Social Care", level=1)
    dt.add_paragraph(doc, dt.bold("Recommendations:"))
    _numbered(doc, ["That the panel note the outcome of the CQC assessment.",
                    "That the panel receive a progress report in six months."])
    doc.add_heading("1. Background", level=2)
    doc.add_paragraph(
        "1.1 The Care Quality Commission (CQC) assessed the Council’s adult social care "
        "functions in March 2024 under its local authority assessment framework. The "
        "report was published on 12 July 2024 and rated the Council as Good.")
    doc.add_paragraph("1.2 The CQC identified the following strengths:")
    for text in ("Partnership working with health is effective.",
                 "People are supported to stay independent at home."):
        dt.add_paragraph(doc, dt.bullet(text))
    doc.add_paragraph(f"1.3 {announced} areas for improvement were identified. "
                      "The areas for improvement are:")
    num_id = _numbered(doc, AREAS[:2])
    set_list_item(doc.add_paragraph(SUB_ITEM), num_id, level=1)
    for text in AREAS[2:]:
        set_list_item(doc.add_paragraph(text), num_id)
    doc.add_paragraph("1.4 An action plan has to be sent to the CQC by 30 September 2024.")
    doc.add_heading("2. Recommendations to the Commission", level=2)
    doc.add_paragraph("2.1 That the Commission:")
    _numbered(doc, ["note the areas for improvement identified by the CQC;",
                    "agree to receive updates on the action plan."])
    dt.add_paragraph(doc, dt.bold("Background Papers:"))
    _numbered(doc, ["CQC local authority assessment report (published 12 July 2024)",
                    "Adult Social Care Strategy 2023-2026"])
    dt.add_paragraph(doc, dt.bold("Appendices:"))
    _numbered(doc, ["Appendix 1 – CQC assessment report",
                    "Appendix 2 – Action plan for the four areas for improvement"])
    doc.save(str(path))
    return path


def test_word_numbered_areas_for_improvement_and_no_decoy(tmp_path: Path) -> None:
    paper = normalise_paper(extract_path(_cqc_report(tmp_path / "cqc.docx", "Four")))
    texts = [*AREAS[:1], f"{AREAS[1]} {SUB_ITEM}", *AREAS[2:]]
    assert [(r.label, r.recommendation) for r in paper.recommendations] == [
        (f"Area for improvement {n}", text) for n, text in enumerate(texts, start=1)]
    # the inspection as the paper's title names it (issue 12), not "CQC Local authority
    # assessment" made of the acronym and the type's canonical name
    assert all(r.flags == () and r.inspection == "Care Quality Commission assessment of Adult "
               "Social Care" and r.inspection_body == "CQC" for r in paper.recommendations)
    [inspection] = paper.inspections
    assert (inspection.inspection_date, inspection.published_date) == ("2024-03", "2024-07-12")
    assert inspection.deadlines == (
        "2024-09-30: An action plan has to be sent to the CQC by 30 September 2024.")
    assert paper.judgements == ()


def test_announced_count_differing_from_the_list_flags_low_confidence(tmp_path: Path) -> None:
    paper = normalise_paper(extract_path(_cqc_report(tmp_path / "cqc.docx", "Five")))
    assert len(paper.recommendations) == 4
    for rec in paper.recommendations:
        assert rec.flags == ("low_confidence",)
        assert "announces 5" in rec.warnings[0]


def test_typed_letters_after_an_intro_are_items_up_to_the_next_heading(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("The LGA peer review team made the following recommendations:")
    for text in ("a) Develop a clear narrative for the place.",
                 "b) Publish a medium term financial strategy.",
                 "c) Invest in the skills of the workforce."):
        doc.add_paragraph(text)
    doc.add_heading("3. Next steps", level=2)
    doc.add_paragraph("d) Something that is not a recommendation.")
    doc.save(str(tmp_path / "lga.docx"))
    found = read_narrative(read_docx(tmp_path / "lga.docx").blocks, "paragraph")
    assert [(r.label, r.recommendation, r.inspection) for r in found.recommendations] == [
        ("Recommendation 1", "Develop a clear narrative for the place.", "LGA peer review"),
        ("Recommendation 2", "Publish a medium term financial strategy.", "LGA peer review"),
        ("Recommendation 3", "Invest in the skills of the workforce.", "LGA peer review"),
    ]


def _line(top: float, text: str, bullet: bool = False, page: int = 1) -> PdfLine:
    return PdfLine(page, Paragraph(text, bullet=bullet), top, 11.0)


def test_pdf_lines_join_into_items_and_a_numbered_paragraph_ends_the_list() -> None:
    lines = [
        _line(100.0, "2.2 The CQC identified two areas for improvement:"),
        _line(120.5, "Improve the timeliness of", bullet=True),
        _line(135.0, "reviews."),
        _line(149.5, "Publish the carers", bullet=True),
        _line(164.0, "strategy."),
        _line(178.5, "2.3 Progress will be reported to the panel in March 2025."),
        _line(193.0, "Further lines of the same paragraph follow here."),
    ]
    found = read_narrative(lines, "page")
    assert [r.recommendation for r in found.recommendations] == [
        "Improve the timeliness of reviews.", "Publish the carers strategy."]
    assert all(r.warnings == () for r in found.recommendations)


def test_a_user_file_adds_an_item_word() -> None:
    lines = [_line(100.0, "The review identified these learning points:"),
             _line(120.5, "Share case notes within a week.", bullet=True),
             _line(135.0, "Record the voice of the child.", bullet=True)]
    vocab.use_words('[narrative_items]\n"Learning point" = ["learning points"]\n')
    try:
        labels = [r.label for r in read_narrative(lines, "page").recommendations]
    finally:
        vocab.use_words("")
    assert labels == ["Learning point 1", "Learning point 2"]
    assert read_narrative(lines, "page").recommendations == ()
