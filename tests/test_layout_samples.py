"""Trackers in other councils' layouts, each from another producer, read exactly.

The papers and their generator are in ``samples/layouts`` and
``samples/generate/layouts``; the expected records were written by hand from
the pages (``samples/layouts/expected``).
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pytest
from support import SAMPLES, expected, read_sample

from benchmarks.corpus import add_filler
from extractors import extract_path
from extractors.model import Location, Paper, Recommendation
from extractors.screen import screen_pdf
from pipeline.normalise.paper import normalise_paper

LAYOUTS = SAMPLES / "layouts"
#: The papers read against their own expected records.
OWN_EXPECTED = ("audit_unruled.pdf", "audit_hrules.pdf", "html_tracker.pdf")
_RECORD_FIELDS = frozenset(f.name for f in fields(Recommendation))


def _expected(name: str) -> dict[str, Any]:
    path = LAYOUTS / "expected" / f"{Path(name).stem}.json"
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


_READ: dict[str, Paper] = {}


def _paper(name: str) -> Paper:
    if name not in _READ:
        _READ[name] = normalise_paper(extract_path(LAYOUTS / name))
    return _READ[name]


def test_expected_files_name_only_known_fields() -> None:
    """A misspelt field in the hand-written files must not go uncompared."""
    for name in OWN_EXPECTED:
        for want in _expected(name)["recommendations"]:
            assert set(want) - _RECORD_FIELDS <= {"page"}


@pytest.mark.parametrize("name", OWN_EXPECTED)
def test_every_record_and_no_other(name: str) -> None:
    got = [(r.inspection, r.label) for r in _paper(name).recommendations]
    assert got == [(r["inspection"], r["label"]) for r in _expected(name)["recommendations"]]


@pytest.mark.parametrize("name", OWN_EXPECTED)
def test_record_fields_exactly(name: str) -> None:
    paper = _paper(name)
    for rec, want in zip(paper.recommendations, _expected(name)["recommendations"], strict=True):
        got = asdict(rec)
        keys = set(want) - {"page"}
        assert {k: got[k] for k in keys} == {k: want[k] for k in keys}, want["label"]
        assert rec.location == Location("page", want["page"]), want["label"]
        assert not rec.warnings, want["label"]


@pytest.mark.parametrize("name", OWN_EXPECTED)
def test_inspections_and_title(name: str) -> None:
    paper, want = _paper(name), _expected(name)
    assert paper.title == want["title"]
    got = [
        {k: getattr(i, k) for k in w if k != "page"} | {"page": i.location.number}
        for i, w in zip(paper.inspections, want["inspections"], strict=False)
    ]
    assert got == want["inspections"]


@pytest.mark.parametrize("name", [*OWN_EXPECTED, "workbook_tracker.pdf", "seed_one_paragraph.pdf"])
def test_every_record_keeps_the_box_its_row_is_printed_in(name: str) -> None:
    """Unruled, rule-lined, browser- and spreadsheet-printed tables alike: the page cropped to
    a record's ``Location.box`` (the report's picture of it) shows its first words (a
    bullet the reader re-typed as "•" aside)."""
    with pdfplumber.open(LAYOUTS / name) as pdf:
        for rec in _paper(name).recommendations:
            page = pdf.pages[rec.location.number - 1]
            x0, top, x1, bottom = rec.location.box
            assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height, rec.label
            shown = set(page.crop((x0, top, x1, bottom)).extract_text().split())
            words = [w for w in rec.recommendation.split() if any(c.isalpha() for c in w)]
            assert set(words[:3]) <= shown, rec.label


def test_the_chromium_status_cells_carry_their_colour_and_no_words() -> None:
    recs = _paper("html_tracker.pdf").recommendations
    assert all(r.status_colour and not r.status_text for r in recs)


# --- the seed layout with title and purpose in one paragraph ------------------------

SEED = expected("tracker_may2025")
ONE_PARAGRAPH = _expected("seed_one_paragraph")
_PROVENANCE = {"pdf_page", "docx_row", "low_confidence", "expected_flags"}


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_one_paragraph_titles_give_the_seed_samples_records(suffix: str) -> None:
    paper = _paper(f"seed_one_paragraph.{suffix}")
    assert len(paper.recommendations) == len(SEED["recommendations"])
    for rec, want in zip(paper.recommendations, SEED["recommendations"], strict=True):
        got = asdict(rec)
        assert {k: got[k] for k in want if k not in _PROVENANCE} == {
            k: v for k, v in want.items() if k not in _PROVENANCE
        }


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_one_paragraph_titles_are_cut_from_their_purpose(suffix: str) -> None:
    paper = _paper(f"seed_one_paragraph.{suffix}")
    got = [(i.title, i.purpose) for i in paper.inspections]
    assert got == [(i["title"], i["purpose"]) for i in SEED["inspections"]]


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_one_paragraph_keys_are_the_seed_samples_keys(suffix: str) -> None:
    keys = [r.record_key for r in _paper(f"seed_one_paragraph.{suffix}").recommendations]
    assert keys == [r.record_key for r in read_sample(f"tracker_may2025.{suffix}").recommendations]


def test_one_paragraph_pdf_records_start_where_the_pages_show() -> None:
    paper = _paper("seed_one_paragraph.pdf")
    assert [r.location.number for r in paper.recommendations] == ONE_PARAGRAPH[
        "recommendation_pdf_pages"
    ]
    assert [i.location.number for i in paper.inspections] == ONE_PARAGRAPH["inspection_pdf_pages"]


def test_a_title_cell_and_its_first_recommendation_cut_by_a_page_break_stay_one() -> None:
    """Both continue on the next page: no inspection or record is opened by the rest."""
    across = ONE_PARAGRAPH["row_across_pages"]
    paper = _paper("seed_one_paragraph.pdf")
    recs = [r for r in paper.recommendations if r.inspection == across["inspection"]]
    assert [(r.label, r.location.number) for r in recs] == [(across["label"], across["pages"][0])]
    assert recs[0].recommendation == (
        "Annual assessments try to complete before the end of December."
    )
    assert recs[0].original_target_text == "December 2024"


# --- the page screen finds unruled trackers inside an agenda pack -------------------


def _pack(tmp_path: Path, name: str, before: int, after: int) -> Path:
    """``name``'s pages between filler pages of committee prose."""
    pdf = pdfium.PdfDocument.new()
    source = pdfium.PdfDocument(LAYOUTS / name)
    try:
        rng = random.Random(11)
        add_filler(pdf, before, rng)
        pdf.import_pages(source, index=len(pdf))
        add_filler(pdf, after, rng)
        out = tmp_path / f"pack_{name}"
        pdf.save(out)
    finally:
        source.close()
        pdf.close()
    return out


@pytest.mark.parametrize("name", ["audit_unruled.pdf", "audit_hrules.pdf"])
def test_an_unruled_tracker_in_a_pack_is_found_and_the_rest_skipped(
    tmp_path: Path, name: str
) -> None:
    pack = _pack(tmp_path, name, before=20, after=20)
    screen = screen_pdf(pack)
    assert set(screen.pages) >= {21, 22}
    assert len(screen.pages) <= 4
    got = extract_path(pack).recommendations
    alone = extract_path(LAYOUTS / name).recommendations
    assert [(r.label, r.recommendation, r.location.number - 20) for r in got] == [
        (r.label, r.recommendation, r.location.number) for r in alone
    ]
