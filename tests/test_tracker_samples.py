"""The May 2025 tracker, PDF and Word, against its hand-checked expected records."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest
from support import expected, read_sample, text_copy_content

from extractors.model import Location, Paper

EXPECTED = expected("tracker_may2025")
PROVENANCE = {"pdf_page", "docx_row", "low_confidence", "expected_flags"}


def _where(paper: Paper, item: dict[str, Any]) -> Location | None:
    """Where the expected item says it starts, in this paper's format."""
    if paper.file_type == "pdf":
        return Location("page", item["pdf_page"])
    return Location("table_row", item["docx_row"]) if "docx_row" in item else None


def _assert_fields(got: dict[str, Any], want: dict[str, Any]) -> None:
    """Every expected field (provenance aside) has the expected value."""
    assert {k: got[k] for k in want if k not in PROVENANCE} == {
        k: v for k, v in want.items() if k not in PROVENANCE
    }


def test_title_series_and_edition(may2025: Paper) -> None:
    assert (may2025.title, may2025.series, may2025.edition) == (
        EXPECTED["title"],
        EXPECTED["series"],
        EXPECTED["edition"],
    )


def test_every_recommendation_and_no_other(may2025: Paper) -> None:
    got = [(r.inspection, r.label) for r in may2025.recommendations]
    assert got == [(r["inspection"], r["label"]) for r in EXPECTED["recommendations"]]


@pytest.mark.parametrize("index", range(len(EXPECTED["recommendations"])))
def test_recommendation_fields(may2025: Paper, index: int) -> None:
    want = EXPECTED["recommendations"][index]
    rec = may2025.recommendations[index]
    _assert_fields(asdict(rec), want)
    assert ("low_confidence" in rec.flags) == want["low_confidence"]
    assert list(rec.flags) == want["expected_flags"]
    assert rec.location == _where(may2025, want)


@pytest.mark.parametrize("index", range(len(EXPECTED["inspections"])))
def test_inspection_fields(may2025: Paper, index: int) -> None:
    want = EXPECTED["inspections"][index]
    inspection = may2025.inspections[index]
    _assert_fields(asdict(inspection), want)
    assert inspection.location == _where(may2025, want)
    assert len(may2025.inspections) == len(EXPECTED["inspections"])


def test_judgements(may2025: Paper) -> None:
    got = [{k: v for k, v in asdict(j).items() if k != "location"} for j in may2025.judgements]
    want = [{k: v for k, v in j.items() if k not in PROVENANCE} for j in EXPECTED["judgements"]]
    assert got == want
    if may2025.file_type == "pdf":
        assert {j.location for j in may2025.judgements} == {Location("page", 10)}


def test_status_key(may2025: Paper) -> None:
    assert [asdict(e) for e in may2025.status_key] == EXPECTED["status_key"]


def test_pdf_and_word_agree_field_by_field() -> None:
    """The two files of one edition must give the same records, places (and the PDF
    page reader that ``page_reader`` names) aside."""
    pdf, docx = read_sample("tracker_may2025.pdf"), read_sample("tracker_may2025.docx")
    assert text_copy_content(pdf) == text_copy_content(docx)
    assert pdf.status_key == docx.status_key
